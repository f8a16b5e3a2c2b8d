"""Hostile files for issue 21, each built small at test time. ALL DATA HERE IS SYNTHETIC.

Every builder writes one file into a folder and returns its path. The files are small on disk
(a few kilobytes to a megabyte) and amplify when read: a compressed sheet that unpacks to a long
comment, a cell repeated over a whole grid, a stream of zeros, a page of nested tags.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from tests.conftest import RETURNS

MARK = "SYNTHETIC TEST DATA: a hostile file for testing spo-stats, not a real return."
XLS = RETURNS / "08-legacy-xls" / "merseyside.xls"

_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _xlsx(path: Path, sheet_xml: Callable[[zipfile.ZipFile, str], None]) -> Path:
    """A minimal xlsx whose one sheet's XML is written by sheet_xml(zf, member)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
            '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        zf.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
            '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>',
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        sheet_xml(zf, "xl/worksheets/sheet1.xml")
    return path


def _stream(zf: zipfile.ZipFile, member: str, head: str, filler: bytes, n: int, tail: str) -> None:
    """Write member as head, n bytes of filler, tail, without holding it in memory."""
    with zf.open(member, "w", force_zip64=True) as fh:
        fh.write(head.encode())
        block = filler * (1024 * 1024 // len(filler))
        left = n
        while left > 0:
            fh.write(block[:left])
            left -= len(block)
        fh.write(tail.encode())


_CELLS = (
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Stalking Protection Orders granted'
    '</t></is></c></row><row r="2"><c r="A2"><v>3</v></c></row></sheetData></worksheet>'
)


def xlsx_long_comment(folder: Path, megabytes: int = 40) -> Path:
    """A sheet whose XML holds one comment of many megabytes (quadratic in expat 2.5)."""
    return _xlsx(
        folder / "comment.xlsx",
        lambda zf, m: _stream(
            zf, m, _SHEET_HEAD + f"<!-- {MARK} ", b"a", megabytes << 20, " -->" + _CELLS
        ),
    )


def xlsx_huge_inline_string(folder: Path, megabytes: int = 400) -> Path:
    """One inline-string cell of hundreds of megabytes."""
    head = _SHEET_HEAD + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    return _xlsx(
        folder / "string.xlsx",
        lambda zf, m: _stream(
            zf, m, head, b"a", megabytes << 20, "</t></is></c></row></sheetData></worksheet>"
        ),
    )


def ods(folder: Path, table_xml: str, name: str = "hostile.ods", comment_mb: int = 0) -> Path:
    """An ODS whose one table's rows are table_xml, optionally after a comment of comment_mb MB."""
    head = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
    )
    tail = "</table:table></office:spreadsheet></office:body></office:document-content>"
    path = folder / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
            'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry'
            ' manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
            'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-'
            'type="text/xml"/></manifest:manifest>',
        )
        if comment_mb:
            _stream(
                zf,
                "content.xml",
                head + f"<!-- {MARK} ",
                b"a",
                comment_mb << 20,
                " -->" + table_xml + tail,
            )
        else:
            zf.writestr("content.xml", head + f"<!-- {MARK} -->" + table_xml + tail)
    return path


def ods_repeated_cell(folder: Path) -> Path:
    """One number repeated over every row and column an ODS sheet can have."""
    row = (
        '<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
        'table:number-columns-repeated="16384" office:value-type="float" office:value="1">'
        "<text:p>1</text:p></table:table-cell></table:table-row>"
    )
    return ods(folder, row, "repeated.ods")


def ods_long_comment(folder: Path, megabytes: int = 40) -> Path:
    row = (
        '<table:table-row><table:table-cell office:value-type="string"><text:p>Stalking '
        "Protection Orders granted</text:p></table:table-cell></table:table-row>"
    )
    return ods(folder, row, "comment.ods", comment_mb=megabytes)


def _xls_records(data: bytes) -> list[int]:
    """Offsets of the NUMBER / RK / LABELSST cell records in a BIFF8 workbook's bytes."""
    found = []
    for kind in (b"\x03\x02\x0e\x00", b"\x7e\x02\x0a\x00", b"\xfd\x00\x0a\x00"):
        at = data.find(kind)
        while at != -1:
            found.append(at)
            at = data.find(kind, at + 1)
    return sorted(found)


def xls_far_cell(folder: Path) -> Path:
    """A legacy .xls whose one cell claims row 65,536 and column 65,536 (a 4-billion-cell grid)."""
    data = bytearray(XLS.read_bytes())
    at = _xls_records(bytes(data))[-1]
    struct.pack_into("<HH", data, at + 4, 0xFFFF, 0xFFFF)
    path = folder / "far.xls"
    path.write_bytes(bytes(data))
    return path


def html_nested(folder: Path, depth: int = 40_000) -> Path:
    """A web page of tags nested tens of thousands deep (quadratic for a parser with a stack)."""
    path = folder / "nested.html"
    path.write_text(
        f"<html><body><p>{MARK}</p>"
        + "<div><span>" * depth
        + "x"
        + "</b>" * depth
        + "</span></div>" * depth
        + "</body></html>"
    )
    return path


def docx_paragraphs(folder: Path, count: int = 30_000) -> Path:
    """A Word letter of tens of thousands of short paragraphs."""
    import docx

    document = docx.Document()
    document.add_paragraph(MARK)
    body = document.element.body
    template = document.add_paragraph("Stalking Protection Orders granted: none.")._p
    for _ in range(count):
        body.append(__import__("copy").deepcopy(template))
    path = folder / "letter.docx"
    document.save(str(path))
    return path


def csv_dense_grid(folder: Path, rows: int = 20_000, cols: int = 200) -> Path:
    """A CSV filling the reader's caps with numbers under a stalking heading."""
    path = folder / "grid.csv"
    with path.open("w") as fh:
        fh.write(
            "Stalking Protection Orders granted,"
            + ",".join(f"c{i}" for i in range(cols - 1))
            + "\n"
        )
        line = ",".join(str(i % 97) for i in range(cols)) + "\n"
        for _ in range(rows - 1):
            fh.write(line)
    return path


CSV_LINE = "Stalking Protection Orders granted," + "1," * 40 + "\n"


def csv_huge(folder: Path, megabytes: int = 200) -> Path:
    """A CSV of hundreds of megabytes of which only the first rows are ever used."""
    path = folder / "huge.csv"
    line = CSV_LINE
    with path.open("w") as fh:
        fh.write(f"{MARK}\n")
        block = line * ((1 << 20) // len(line))
        for _ in range(megabytes):
            fh.write(block)
    return path


def pdf_huge_stream(folder: Path, megabytes: int = 1024) -> Path:
    """A small PDF whose one content stream unpacks to a gigabyte of spaces."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    body = b"".join(comp.compress(chunk) for _ in range(megabytes)) + comp.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n% " + MARK.encode() + b"\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path = folder / "stream.pdf"
    path.write_bytes(bytes(out))
    return path


BUILDERS: dict[str, Callable[[Path], Path]] = {
    "ods_repeated_cell": ods_repeated_cell,
    "xls_far_cell": xls_far_cell,
    "xlsx_long_comment": xlsx_long_comment,
    "ods_long_comment": ods_long_comment,
    "html_nested": html_nested,
    "docx_paragraphs": docx_paragraphs,
    "csv_dense_grid": csv_dense_grid,
    "pdf_huge_stream": pdf_huge_stream,
    "xlsx_huge_inline_string": xlsx_huge_inline_string,
    "csv_huge": csv_huge,
}
