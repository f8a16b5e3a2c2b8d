"""PDF letters through pdfplumber: ruled tables as cell grids, the rest as numbered lines.

Only tables drawn with lines are read as tables: pdfplumber's text strategy turns a letter's
paragraphs into tables. A table without rules stays text, and its figures are quoted for a person
to enter. A page with no text layer is a scan, and spo-stats does no OCR.
"""

from __future__ import annotations

import io
import logging
import re
import zlib
from itertools import pairwise
from pathlib import Path
from statistics import median
from typing import Any

from spo_stats.errors import PdfStreamTooLargeError, ScannedPdfError, UnreadableFileError
from spo_stats.read.cells import Grid, open_error
from spo_stats.read.letters import (
    MAX_FIELDS,
    Block,
    Letter,
    LetterTable,
    Line,
    assemble,
    clean_text,
    is_layout,
)

# A letter is a few pages; a long PDF (a report, a bundle) is read this far.
MAX_PAGES = 60

# A numbered question or answer starts a paragraph of its own even where the spacing does not say so.
_NUMBERED = re.compile(r"^(?:q(?:uestion)?\s*|a(?:nswer)?\s*|response\s*)?\d{1,2}\s*[.):]\s", re.I)


# pdfminer unpacks a stream whole: a 3 MB PDF whose one stream unpacks to a gigabyte took 6 GB.
# A letter's page is a few hundred kilobytes of drawing instructions.
MAX_STREAM_BYTES = 64 * 1024 * 1024
_STREAM = re.compile(rb"(?<!end)stream\r?\n")


def refuse_huge_streams(data: bytes, name: str) -> None:
    """PdfStreamTooLargeError for a Flate stream that unpacks past MAX_STREAM_BYTES.

    Each stream is unpacked a megabyte at a time and thrown away, so the check costs no memory;
    a stream that is not Flate stops at its first bytes.
    """
    for m in _STREAM.finditer(data):
        inflate = zlib.decompressobj()
        unpacked, pending = 0, data[m.end() : m.end() + (1 << 16)]
        at = m.end() + len(pending)
        try:
            while pending and not inflate.eof:
                unpacked += len(inflate.decompress(pending, 1 << 20))
                if unpacked > MAX_STREAM_BYTES:
                    raise PdfStreamTooLargeError(name, m.start(), MAX_STREAM_BYTES >> 20)
                pending = inflate.unconsumed_tail
                if not pending:
                    pending, at = data[at : at + (1 << 16)], at + (1 << 16)
        except zlib.error:
            continue


def decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's own, for a stream whose checksum is damaged, in linear time.

    pdfminer feeds such a stream to zlib a byte at a time (to find where it breaks) and joins
    the output with +=: quadratic, so an 800 KB PDF with one damaged stream took 27 s. Same
    bytes in, same bytes out, same error for damage before the checksum.
    """
    inflate = zlib.decompressobj()
    out: list[bytes] = []
    for i in range(len(data)):
        try:
            out.append(inflate.decompress(data[i : i + 1]))
        except zlib.error:
            if i < len(data) - 3:  # pdfminer's test: damage before the checksum is an error
                raise
            break
    return b"".join(out)


def read_pdf(path: Path, name: str, data: bytes | None = None) -> Letter:
    import pdfminer.pdftypes
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    pdfminer.pdftypes.decompress_corrupted = decompress_corrupted  # module global it calls

    # pdfminer logs every oddity of a PDF it can still read ("Cannot set gray non-stroke
    # color"); the user needs only what spo-stats says about the file.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    try:
        data = path.read_bytes() if data is None else data
    except OSError as exc:
        raise open_error(name, exc) from exc
    refuse_huge_streams(data, name)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        if "password" in repr(exc).lower() or "encrypt" in repr(exc).lower():
            raise UnreadableFileError(
                name,
                "the PDF is password-protected. Ask the force for an unprotected copy, "
                "or save one without the password.",
            ) from exc
        raise UnreadableFileError(
            name, "not a readable PDF (damaged or truncated). Download it again."
        ) from exc
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        raise UnreadableFileError(
            name, f"not a readable PDF ({type(exc).__name__}). Download it again."
        ) from exc
    blocks: list[Block] = []
    notes: list[str] = []
    without_text: list[int] = []
    para = 0
    try:
        with pdf:
            pages = pdf.pages
            for number, page in enumerate(pages[:MAX_PAGES], start=1):
                if not page.chars:
                    without_text.append(number)
                    continue
                page_blocks, para = _read_page(page, number, para)
                blocks.extend(page_blocks)
                page.close()
            if len(pages) > MAX_PAGES:
                notes.append(f"only the first {MAX_PAGES} of {len(pages)} pages were read.")
    except (PdfminerException, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UnreadableFileError(
            name, f"a page of the PDF cannot be read ({type(exc).__name__}). Download it again."
        ) from exc
    if not blocks:
        raise ScannedPdfError(name)
    if without_text:
        pages_text = ", ".join(str(n) for n in without_text)
        notes.append(
            f"page(s) {pages_text}: scanned (no text layer), not read; enter any figures on them "
            "by hand in the manual-entry format."
        )
    return assemble("pdf", blocks, notes)


def _read_page(page: Any, number: int, para: int) -> tuple[list[Block], int]:
    found = sorted(page.find_tables(), key=lambda t: (t.bbox[1], t.bbox[0]))
    tables: list[tuple[tuple[float, float, float, float], Grid]] = []
    for table in found:
        grid = _grid(table.extract())
        # A boxed paragraph is text: its lines stay in the letter's lines.
        if grid and not is_layout(grid):
            tables.append((table.bbox, grid))
    items: list[tuple[float, Block]] = [
        (bbox[1], LetterTable(f"page {number}, table {i}", grid))
        for i, (bbox, grid) in enumerate(tables, start=1)
    ]
    raw = page.extract_text_lines(strip=True, return_chars=True)
    _side_by_side([(bbox, block) for (bbox, _), (_, block) in zip(tables, items, strict=True)], raw)
    lines = [
        (k, ln)
        for k, ln in enumerate(raw, start=1)
        if not _inside(ln, tables) and not _page_number(ln, k, len(raw), page.height)
    ]
    height = median([ln["bottom"] - ln["top"] for _, ln in lines]) if lines else 0.0
    gaps = [b["top"] - a["bottom"] for (_, a), (_, b) in pairwise(lines)]
    # The gap between lines of one paragraph: the smallest on the page, unless the page holds only
    # one-line paragraphs (then every gap is a paragraph's, and none is under half a line).
    base = min([max(g, 0.0) for g in gaps] + [0.6 * height])
    current: list[Line] = []
    current_top = 0.0
    previous: dict[str, Any] | None = None
    for k, ln in lines:
        text = clean_text(ln["text"])
        if not text:
            continue
        if previous is None or _breaks(previous, ln, base, height, tables):
            if current:
                items.append((current_top, current))
            para += 1
            current, current_top = [], ln["top"]
        current.append(Line(text, f"page {number}", f"line {k}", para, _fields(ln)))
        previous = ln
    if current:
        items.append((current_top, current))
    items.sort(key=lambda item: item[0])
    return [block for _, block in items], para


def _side_by_side(
    tables: list[tuple[tuple[float, float, float, float], Any]], raw: list[dict[str, Any]]
) -> None:
    """Tables side by side (one for each force of a joint answer) under a line whose parts lie
    over them, one each: each part is its table's heading."""
    for bbox, _ in tables:
        row = sorted(
            (t for t in tables if abs(t[0][1] - bbox[1]) < 2 and t[0][0] >= bbox[0]),
            key=lambda t: t[0][0],
        )
        if len(row) < 2 or row[0][0] != bbox:
            continue
        top = bbox[1]
        above = [ln for ln in raw if ln["bottom"] <= top + 1 and top - ln["bottom"] < 30]
        if not above:
            continue
        line = max(above, key=lambda ln: ln["bottom"])
        parts = _fields(line)
        if len(parts) != len(row):
            continue
        over = all(
            b[0] - 5 <= (x0 + x1) / 2 <= b[2] + 5
            for (x0, x1, _), (b, _) in zip(parts, row, strict=True)
        )
        if not over:
            continue
        for (_, _, text), (_, table) in zip(parts, row, strict=True):
            table.heading, table.across = clean_text(text), clean_text(line["text"])


def _breaks(
    prev: dict[str, Any],
    line: dict[str, Any],
    base: float,
    height: float,
    tables: list[tuple[tuple[float, float, float, float], Any]],
) -> bool:
    """Whether a line starts a new paragraph: a wider gap, a change of font, a number, a table."""
    if line["top"] - prev["bottom"] > base + 0.5 * height:
        return True
    if _font(prev) != _font(line):
        return True
    if _NUMBERED.match(clean_text(line["text"])) or clean_text(prev["text"]).endswith(":"):
        return True
    if _FOOTNOTE.match(clean_text(line["text"])):
        return True
    return any(prev["bottom"] <= bbox[1] <= line["top"] for bbox, _ in tables)


# A footnote starts with its marker ("^ One application...", "* fewer than five"): a paragraph
# of its own, so that it is found under the table it notes.
_FOOTNOTE = re.compile(r"^[*^†‡§#]+\s")

_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$|^-\s*\d{1,3}\s*-$", re.I
)


def _page_number(line: dict[str, Any], k: int, count: int, height: float) -> bool:
    """A page number in the top or bottom margin ("2", "Page 2 of 3"): never an answer."""
    in_margin = line["bottom"] > 0.9 * height or line["top"] < 0.08 * height
    return (k in (1, count)) and in_margin and bool(_PAGE_NUMBER.match(clean_text(line["text"])))


# A gap between two characters of a line wider than this (in ems of its font) sets its parts
# apart as columns: a space is a quarter to three fifths of an em, two spaces in a fixed-width
# font 1.2 em.
COLUMN_GAP_EM = 0.9


def _fields(line: dict[str, Any]) -> tuple[tuple[float, float, str], ...]:
    """The line's parts set apart by wide gaps, with where each lies; () for fewer than two."""
    chars = [c for c in line.get("chars") or [] if str(c.get("text", "")).strip()]
    parts: list[tuple[float, float, str]] = []
    previous: dict[str, Any] | None = None
    for c in chars:
        gap = float(c["x0"]) - float(previous["x1"]) if previous is not None else 0.0
        size = float(c.get("size") or 10)
        if previous is None or gap > COLUMN_GAP_EM * size:
            parts.append((float(c["x0"]), float(c["x1"]), str(c["text"])))
        else:
            x0, _, text = parts[-1]
            space = " " if gap > 0.1 * size else ""
            parts[-1] = (x0, float(c["x1"]), text + space + str(c["text"]))
        previous = c
    return tuple(parts) if 2 <= len(parts) <= MAX_FIELDS else ()


def _font(line: dict[str, Any]) -> tuple[str, int]:
    chars = line.get("chars") or [{}]
    return str(chars[0].get("fontname", "")), round(float(chars[0].get("size", 0)))


def _inside(
    line: dict[str, Any], tables: list[tuple[tuple[float, float, float, float], Any]]
) -> bool:
    middle = (line["top"] + line["bottom"]) / 2
    return any(
        y0 <= middle <= y1 and line["x0"] < x1 and line["x1"] > x0 for (x0, y0, x1, y1), _ in tables
    )


def _grid(rows: list[list[str | None]]) -> Grid:
    grid: Grid = [[clean_text(cell) or None for cell in row] for row in rows]
    # Empty rows stay (a citation counts rows as the table shows them); a trailing one goes.
    while grid and all(cell is None for cell in grid[-1]):
        grid.pop()
    return grid
