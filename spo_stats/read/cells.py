"""Reading the cells of a return: xlsx, xls and ods through python-calamine, csv by hand.

The format is told by the file's content, not its extension, so a CSV saved as .xlsx still reads.
Merged cells are unmerged: a merged label is copied to every cell it spans.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from pathlib import Path
from typing import IO, Literal, TypeVar

from spo_stats.errors import (
    EmptyFileError,
    PartTooLargeError,
    PasswordProtectedError,
    ReaderCrashError,
    SheetNotCheckedError,
    SheetTooLargeError,
    UnreadableFileError,
)
from spo_stats.read.native import _short, native
from spo_stats.read.xls import read_xls
from spo_stats.read.xml import XML_REFUSED, PartBytesExceeded, iterparse

_T = TypeVar("_T")
# ValueError: a row or repeat count that is not a number.
_PART_DAMAGE: tuple[type[Exception], ...] = (*XML_REFUSED, ValueError)

CellValue = str | int | float | bool | date | datetime | time | timedelta | None


def cell_ref(row: int, col: int) -> str:
    """A1-style reference of a 0-based cell."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


Format = Literal["xlsx", "xls", "ods", "csv"]

# What reading a damaged or unusual zip (xlsx, ods, docx) can raise before any cell is read.
DAMAGED_ZIP: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    NotImplementedError,
    UnicodeDecodeError,  # a damaged member name
    ValueError,  # a damaged directory's offsets, read from memory (a negative seek)
)
Grid = list[list[CellValue]]

# A sheet whose used range claims more rows than this is read only this far; a return is never
# this long, and the Home Office table takes its own path.
MAX_ROWS = 20_000
MAX_COLS = 200
MAX_CELL_CHARS = 2_000
# calamine builds a sheet's whole rectangle (about 32 bytes a cell) before any row is read, so a
# sheet both wider than is read and larger than this many cells is refused: one number in column
# XFD and row 20,000 would cost 10 GB. Long narrow sheets are streamed instead (_read_streaming).
MAX_GRID_CELLS = MAX_ROWS * MAX_COLS
# An ODS sheet is read by calamine whole (no streaming reader), repeats expanded: past this many
# cells it is refused, however narrow (16 million cells is about 512 MB in calamine).
MAX_ODS_CELLS = 4 * MAX_GRID_CELLS
# A sheet's XML, unpacked, beyond which a return is not read (a full 20,000 x 200 grid of numbers
# is about 100 MB); counted as it unpacks, so a zip that lies about sizes gains nothing.
MAX_PART_BYTES = 160 * 1024 * 1024

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


@dataclass
class Sheet:
    name: str
    rows: Grid
    truncated: bool = False
    notes: list[str] = field(default_factory=list)
    hidden: bool = False  # a hidden or very hidden sheet: not data
    hidden_rows: frozenset[int] = frozenset()  # 0-based
    hidden_cols: frozenset[int] = frozenset()
    # A letter's words around the table this sheet holds (what a period "to date" runs to).
    prose: tuple[str, ...] = ()


# A file up to this size is kept whole by peek(), so the CSV reader need not open it again.
PEEK_WHOLE_BYTES = 1024 * 1024
_HEAD_BYTES = 8192


@dataclass(frozen=True)
class Peek:
    """What every sniffer asks of a file, read in one opening of it: its first bytes, its size,
    a zip's member names (and whether its mimetype is an ODS spreadsheet's), its SHA-256 where
    asked for, and the whole of a small file."""

    head: bytes
    size: int
    members: frozenset[str] | None = None  # None: not a zip, or one too damaged to list
    ods: bool = False
    sha: str = ""
    data: bytes | None = None  # the whole file, where it is at most PEEK_WHOLE_BYTES
    # The start of an xlsx's list of sheets (xl/workbook.xml): which sheets it names, for the
    # population sniffer, without opening the file again.
    sheet_list: bytes = b""

    @property
    def zipped(self) -> bool:
        return self.head.startswith(b"PK\x03\x04")


def peek(path: Path, name: str, with_sha: bool = True, whole: bool = True) -> Peek:
    """The file's Peek, from one opening of it; UnreadableFileError where it cannot be opened.

    A small file is read whole (its hash needs every byte anyway) unless whole=False; a larger
    one is hashed in chunks, and only its head kept.
    """
    try:
        with path.open("rb") as fh:
            data: bytes | None = None
            if whole and os.fstat(fh.fileno()).st_size <= PEEK_WHOLE_BYTES:
                data = fh.read()
                head, size = data[:_HEAD_BYTES], len(data)
                sha = hashlib.sha256(data).hexdigest() if with_sha else ""
            else:
                head = fh.read(_HEAD_BYTES)
                sha = _hash_on(head, fh) if with_sha else ""
                size = fh.seek(0, io.SEEK_END)
            zipped = head.startswith(b"PK\x03\x04")
            members, ods, sheets = _zip_names(fh) if zipped else (None, False, b"")
    except OSError as exc:
        raise open_error(name, exc) from exc
    return Peek(head, size, members, ods, sha, data, sheets)


def _hash_on(head: bytes, fh: IO[bytes]) -> str:
    h = hashlib.sha256(head)
    for chunk in iter(lambda: fh.read(1 << 20), b""):
        h.update(chunk)
    return h.hexdigest()


# Only the start of a workbook's list of sheets: a few KB, and a zip may lie about sizes.
_SHEET_LIST_BYTES = 1 << 20


def _zip_names(fh: IO[bytes]) -> tuple[frozenset[str] | None, bool, bytes]:
    fh.seek(0)
    sheets = b""
    try:
        with zipfile.ZipFile(fh) as zf:
            names = frozenset(zf.namelist())
            ods = "mimetype" in names and b"opendocument.spreadsheet" in zf.read("mimetype")
            if "xl/workbook.xml" in names:
                sheets = _sheet_list(zf)
    except DAMAGED_ZIP:
        return None, False, b""
    return names, ods, sheets


# A damaged or encrypted member: the workbook reader says what is wrong with it.
_SHEET_LIST_FAILS: tuple[type[Exception], ...] = (*DAMAGED_ZIP, RuntimeError)


def _sheet_list(zf: zipfile.ZipFile) -> bytes:
    try:
        with zf.open("xl/workbook.xml") as part:
            return part.read(_SHEET_LIST_BYTES)
    except _SHEET_LIST_FAILS:
        return b""


def sniff(seen: Peek, name: str) -> Format:
    """The file's real format from its first bytes (and a zip's members)."""
    head = seen.head
    if seen.zipped:
        names = seen.members
        if names is None:
            raise UnreadableFileError(
                name,
                "the workbook is truncated or corrupt (a damaged zip). Download it again.",
            )
        if seen.ods:
            return "ods"
        if "[Content_Types].xml" in names or any(n.startswith("xl/") for n in names):
            return "xlsx"
        raise UnreadableFileError(name, "a zip archive, not a spreadsheet.")
    if head.startswith(_OLE_MAGIC):
        return "xls"
    if _looks_binary(head):
        raise UnreadableFileError(
            name, "binary data that is not a spreadsheet (xlsx, xls, ods or csv)."
        )
    return "csv"


def _looks_binary(head: bytes) -> bool:
    """Control bytes that no CSV in any 8-bit encoding (or UTF-16 with its BOM) holds."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    sample = head[:4096]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return b"\x00" in sample or controls > len(sample) // 100


def open_error(name: str, exc: OSError) -> UnreadableFileError:
    """The reason a file could not be opened, with what to do about it."""
    if isinstance(exc, IsADirectoryError):
        return UnreadableFileError(name, "a folder, not a file.")
    if isinstance(exc, PermissionError):
        return UnreadableFileError(
            name, "permission denied: make the file readable (chmod +r) and re-run."
        )
    return UnreadableFileError(name, f"cannot be opened ({exc.strerror}).")


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read in chunks (its fingerprint in provenance and the cache)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def mentions_words(path: Path, words: tuple[bytes, ...]) -> bool:
    """Whether any of the (lower-case ASCII) words occurs in the file's text, without parsing cells.

    Workbooks are zips: their text parts are searched as they unpack; xls and CSV bytes are
    searched as they are, in single-byte and UTF-16 forms.
    """
    needles = [w for word in words for w in (word, word.decode().encode("utf-16-le"))]
    tail = max(len(n) for n in needles)

    def search(chunks: Iterator[bytes]) -> bool:
        prev = b""
        for chunk in chunks:
            window = (prev + chunk).lower()
            if any(n in window for n in needles):
                return True
            prev = window[-tail:]
        return False

    def read(fh: IO[bytes]) -> Iterator[bytes]:
        return iter(lambda: fh.read(1 << 20), b"")

    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                for member in zf.namelist():
                    if member.endswith(".xml") and not member.startswith(("xl/styles", "xl/theme")):
                        with zf.open(member) as fh:
                            if search(read(fh)):
                                return True
            return False
        with path.open("rb") as fh:
            return search(read(fh))
    except DAMAGED_ZIP:
        return True  # let the full reader say what is wrong with it


def read_sheets(
    path: Path, display: str | None = None, seen: Peek | None = None
) -> tuple[Format, list[Sheet]]:
    """Every sheet of a file as a grid of Python values, rows and columns from A1.

    seen: the file's Peek where the caller has it (ingest peeks once for every sniffer)."""
    name = display or str(path)
    seen = seen or peek(path, name, with_sha=False)
    if seen.size == 0:
        raise EmptyFileError(name)
    fmt = sniff(seen, name)
    if fmt == "csv":
        return fmt, [_read_csv(path, name, seen.data)]
    if fmt == "xls" and _ENCRYPTED in _read_all(path):
        raise PasswordProtectedError(name)
    return fmt, _read_workbook(path, name, fmt, seen.data)


def _read_all(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(4 * 1024 * 1024)


@dataclass
class _XlsxSheetInfo:
    rows_claimed: int = 0
    cols_claimed: int = 0  # 1-based index of the last column holding a cell
    formulas_without_values: list[str] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


_COLUMN = re.compile(r"([A-Z]{1,3})(\d*)$")


def column_number(letters: str) -> int:
    """1-based index of an A1-style column: A is 1, XFD is 16,384."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _refuse_huge(name: str, info: dict[str, _XlsxSheetInfo]) -> None:
    for sheet_name, sheet in info.items():
        rows, cols = sheet.rows_claimed, sheet.cols_claimed
        if cols > MAX_COLS and rows * cols > MAX_GRID_CELLS:
            corner = cell_ref(rows - 1, cols - 1)
            raise SheetTooLargeError(name, sheet_name, corner, rows, cols)


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="(?:[A-Z]+\d+:)?([A-Z]{1,3})(\d+)"')


def refuse_huge_sheets(path: Path, name: str, seen: Peek | None = None) -> None:
    """SheetTooLargeError for an xlsx whose sheet says (in its <dimension>) it spans a huge grid.

    Only the first bytes of each sheet are read, so it is cheap enough to run before the fast
    Arrow reader, which would otherwise build the grid the dimension claims. seen: the file's
    Peek, which says whether it is a zip at all without opening it.
    """
    if seen.members is not None if seen is not None else zipfile.is_zipfile(path):
        _refuse_huge(name, _xlsx_inspect(path, name, head_only=True))


def _zip(source: Path | bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)


def _xlsx_inspect(
    source: Path | bytes, name: str, head_only: bool = False
) -> dict[str, _XlsxSheetInfo]:
    """What calamine does not say: each sheet's claimed extent and formulas saved without values.

    head_only: only the extent the sheet's <dimension> claims, from its first few kilobytes.
    A zip too damaged to open is left for calamine to describe; a sheet whose XML cannot be
    parsed fails the file (SheetNotCheckedError): its hidden rows would otherwise be read as data.
    """
    info: dict[str, _XlsxSheetInfo] = {}
    try:
        with _zip(source) as zf:
            members = set(zf.namelist())
            if not {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"} <= members:
                return {}
            book = _small_part(zf, "xl/workbook.xml", name)
            rels = _small_part(zf, "xl/_rels/workbook.xml.rels", name)
            targets = {r.get("Id"): r.get("Target", "") for r in rels}
            for sheet in book.iter(f"{_NS}sheet"):
                target = targets.get(sheet.get(f"{_REL_NS}id"), "")
                member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                if member not in members:
                    continue
                sheet_info = _XlsxSheetInfo()
                with zf.open(member) as fh:
                    if head_only:
                        if dim := _DIMENSION.search(fh.read(4096)):
                            sheet_info.cols_claimed = column_number(dim[1].decode())
                            sheet_info.rows_claimed = int(dim[2])
                    else:
                        _guarded_part(name, member, partial(_inspect_sheet, fh, sheet_info))
                info[sheet.get("name", "")] = sheet_info
    except DAMAGED_ZIP:
        return {}  # calamine will say what is wrong with the file
    return info


def _small_part(zf: zipfile.ZipFile, member: str, name: str) -> ET.Element:
    """A workbook's small XML part (its list of sheets, their relationships), parsed defused."""
    with zf.open(member) as fh:
        return _guarded_part(name, member, lambda: _root(fh))


def _root(fh: IO[bytes]) -> ET.Element:
    root = None
    for _, el in iterparse(fh, max_bytes=MAX_PART_BYTES):
        root = el  # the last element to end is the root
    if root is None:
        raise ET.ParseError("no element")
    return root


def _guarded_part(name: str, member: str, parse: Callable[[], _T]) -> _T:
    """Run parse over one XML part; its XML damage or excess size is the file's one line."""
    try:
        return parse()
    except PartBytesExceeded as exc:
        raise PartTooLargeError(name, member, exc.limit // (1024 * 1024)) from exc
    except _PART_DAMAGE as exc:
        raise SheetNotCheckedError(name, member, _short(exc)) from exc


def _inspect_sheet(fh: IO[bytes], sheet_info: _XlsxSheetInfo) -> None:
    for _, el in iterparse(fh, max_bytes=MAX_PART_BYTES):
        if el.tag == f"{_NS}dimension":
            m = re.search(r"(\d+)$", el.get("ref", ""))
            sheet_info.rows_claimed = int(m.group(1)) if m else 0
        elif el.tag == f"{_NS}c":
            if (m := _COLUMN.match(el.get("r", ""))) is not None and len(el):
                # Only a cell with content: calamine leaves out empty styled ones. Its own row
                # counts too: calamine places it by its reference, whatever <row r> it sits in
                # (XFD1048576 inside row 1 made a 550 GB grid and a native abort).
                sheet_info.cols_claimed = max(sheet_info.cols_claimed, column_number(m.group(1)))
                if m.group(2):
                    sheet_info.rows_claimed = max(sheet_info.rows_claimed, int(m.group(2)))
            v = el.find(f"{_NS}v")
            if el.find(f"{_NS}f") is not None and (v is None or not v.text):
                sheet_info.formulas_without_values.append(el.get("r", "?"))
            el.clear()
        elif el.tag == f"{_NS}row":
            r = int(el.get("r", "0") or 0)
            sheet_info.rows_claimed = max(sheet_info.rows_claimed, r)
            if el.get("hidden") in ("1", "true") and r:
                sheet_info.hidden_rows.add(r - 1)
            el.clear()
        elif el.tag == f"{_NS}col" and el.get("hidden") in ("1", "true"):
            lo, hi = int(el.get("min", "1")), int(el.get("max", "1"))
            sheet_info.hidden_cols.update(range(lo - 1, min(hi, MAX_COLS)))


def _read_streaming(path: Path, sheet_name: str) -> tuple[Grid, bool]:
    """A sheet whose range claims far more rows than a return has, read row by row up to MAX_ROWS.

    calamine would allocate the whole claimed range (a stray cell in row 1,048,576 costs ~1 GB).
    """
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[sheet_name]
        rows: Grid = []
        truncated = False
        for raw in ws.iter_rows(values_only=True):
            if len(rows) >= MAX_ROWS:
                truncated = True
                break
            rows.append([_cell(v) for v in raw[:MAX_COLS]])
    finally:
        wb.close()
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return rows, truncated


# A sheet as calamine gives it: name, rows, whether cut at MAX_ROWS, merged ranges.
RawSheet = tuple[str, Grid, bool, list[tuple[tuple[int, int], tuple[int, int]]]]


def _read_workbook(path: Path, name: str, fmt: Format, data: bytes | None) -> list[Sheet]:
    """data: the whole file where peek() kept it, read from memory rather than opened again."""
    source: Path | bytes = data if data is not None else path
    info = _xlsx_inspect(source, name) if fmt == "xlsx" else {}
    _refuse_huge(name, info)
    ods_hidden = ods_hidden_lines(source, name) if fmt == "ods" else {}
    if fmt == "xls":
        # BIFF gives no extent to check first: calamine runs where running out of memory or
        # aborting costs this file alone.
        hidden_sheets, raw_sheets = read_xls(path, name, calamine_sheets)
    else:
        hidden_sheets, raw_sheets = calamine_sheets(path, name, info, data)
    sheets: list[Sheet] = []
    for sheet_name, rows, truncated, merged in raw_sheets:
        sheet_info = info.get(sheet_name, _XlsxSheetInfo())
        _unmerge(rows, merged)
        hidden_rows, hidden_cols = sheet_info.hidden_rows, sheet_info.hidden_cols
        if fmt == "ods":
            hidden_rows, hidden_cols = ods_hidden.get(sheet_name, (set(), set()))
        sheet = Sheet(
            sheet_name,
            rows,
            truncated,
            hidden=sheet_name in hidden_sheets,
            hidden_rows=frozenset(hidden_rows),
            hidden_cols=frozenset(hidden_cols),
        )
        if sheet_info.formulas_without_values:
            refs = ", ".join(sheet_info.formulas_without_values[:8])
            sheet.notes.append(
                f"sheet {sheet_name!r}: formulas saved without their values ({refs}); those cells "
                "read as empty. Open the workbook in Excel or LibreOffice, save it, and re-run."
            )
        sheets.append(sheet)
    return sheets


def calamine_sheets(
    path: Path,
    name: str,
    info: dict[str, _XlsxSheetInfo] | None = None,
    data: bytes | None = None,
) -> tuple[set[str], list[RawSheet]]:
    """The names of the hidden sheets, and every sheet's cells, read by calamine (from data, the
    whole file, where the caller holds it)."""
    import python_calamine as pc

    info = info or {}
    try:
        with native(name):
            if data is not None:
                wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(data))
            else:
                wb = pc.CalamineWorkbook.from_path(str(path))
            hidden_sheets = {
                m.name for m in wb.sheets_metadata if m.visible != pc.SheetVisibleEnum.Visible
            }
    except pc.PasswordError as exc:
        raise PasswordProtectedError(name) from exc
    except ReaderCrashError:
        raise
    except Exception as exc:  # calamine raises several unrelated types for damaged files
        raise UnreadableFileError(
            name, f"the workbook is corrupt or truncated ({_short(exc)}). Open and save it again."
        ) from exc
    raw_sheets: list[RawSheet] = []
    for sheet_name in wb.sheet_names:
        try:
            if info.get(sheet_name, _XlsxSheetInfo()).rows_claimed > MAX_ROWS:
                rows, truncated = _read_streaming(path, sheet_name)
                merged = []
            else:
                with native(name):
                    ws = wb.get_sheet_by_name(sheet_name)
                    rows, truncated = _rows(ws)
                    merged = ws.merged_cell_ranges or []
        except ReaderCrashError:
            raise
        except Exception as exc:
            raise UnreadableFileError(
                name, f"sheet {sheet_name!r} cannot be read ({_short(exc)})."
            ) from exc
        raw_sheets.append((sheet_name, rows, truncated, merged))
    return hidden_sheets, raw_sheets


_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


@dataclass
class _OdsTable:
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    rows: int = 0  # the extent holding content, repeats counted
    cols: int = 0


def ods_hidden_lines(source: Path | bytes, name: str) -> dict[str, tuple[set[int], set[int]]]:
    """Hidden (collapsed or filtered) rows and columns of each table in an ODS file.

    SheetTooLargeError for a table whose content, its repeats counted, spans a grid calamine
    would take gigabytes to build (one cell repeated over 16,384 columns and a million rows).
    """
    try:
        with _zip(source) as zf:
            if "content.xml" not in zf.namelist():
                return {}
            with zf.open("content.xml") as fh:
                tables = _guarded_part(name, "content.xml", partial(_ods_tables, fh))
    except DAMAGED_ZIP:
        return {}  # calamine will say what is wrong with the file
    for table_name, t in tables.items():
        if (t.cols > MAX_COLS and t.rows * t.cols > MAX_GRID_CELLS) or (
            t.rows * t.cols > MAX_ODS_CELLS
        ):
            corner = cell_ref(t.rows - 1, t.cols - 1)
            raise SheetTooLargeError(name, table_name, corner, t.rows, t.cols)
    return {k: (t.hidden_rows, t.hidden_cols) for k, t in tables.items()}


def _ods_tables(fh: IO[bytes]) -> dict[str, _OdsTable]:
    tag = {n: f"{{{_TABLE_NS}}}{n}" for n in ("table", "table-row", "table-column")}
    cells = {f"{{{_TABLE_NS}}}table-cell", f"{{{_TABLE_NS}}}covered-table-cell"}
    name_a, vis_a = f"{{{_TABLE_NS}}}name", f"{{{_TABLE_NS}}}visibility"
    rep_r, rep_c = f"{{{_TABLE_NS}}}number-rows-repeated", f"{{{_TABLE_NS}}}number-columns-repeated"
    value_type = f"{{{_OFFICE_NS}}}value-type"
    out: dict[str, _OdsTable] = {}
    t, r, c, col, row_span = _OdsTable(), 0, 0, 0, 1
    for event, el in iterparse(fh, ("start", "end"), max_bytes=MAX_PART_BYTES):
        if event == "start" and el.tag == tag["table"]:
            t, r, c = _OdsTable(), 0, 0
            out[el.get(name_a, "")] = t
        elif event == "start" and el.tag == tag["table-column"]:
            n = int(el.get(rep_c, "1"))
            if el.get(vis_a, "visible") != "visible":
                t.hidden_cols.update(range(c, min(c + n, MAX_COLS)))
            c += n
        elif event == "start" and el.tag == tag["table-row"]:
            row_span, col = int(el.get(rep_r, "1")), 0
            if el.get(vis_a, "visible") != "visible":
                t.hidden_rows.update(range(r, min(r + row_span, MAX_ROWS)))
            r += row_span
        elif event == "end" and el.tag in cells:
            n = int(el.get(rep_c, "1"))
            if el.get(value_type) is not None or len(el):
                t.rows, t.cols = max(t.rows, r), max(t.cols, col + n)
            col += n
            el.clear()
        elif event == "end" and el.tag == tag["table-row"]:
            el.clear()
    return out


def _rows(ws: object) -> tuple[Grid, bool]:
    rows: Grid = []
    truncated = False
    for raw in ws.iter_rows():  # type: ignore[attr-defined]
        if len(rows) >= MAX_ROWS:
            truncated = True
            break
        row = [_cell(v) for v in raw[:MAX_COLS]]
        rows.append(row)
    # A used range padded with empty rows: drop the blank tail.
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return rows, truncated


def _cell(value: CellValue) -> CellValue:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        if len(value) > MAX_CELL_CHARS:
            return value[:MAX_CELL_CHARS]
    return value


def _unmerge(rows: Grid, merged: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        if not isinstance(value, str):
            continue  # only labels are spread; a merged number is one figure, in one cell
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, min(c1, MAX_COLS - 1) + 1):
                while len(row) <= c:
                    row.append(None)
                if row[c] is None:
                    row[c] = value


def decode(data: bytes) -> str:
    """CSV text in UTF-8 (with or without BOM), UTF-16 with BOM, or cp1252/latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _doubling(sniffed: type[csv.Dialect]) -> type[csv.Dialect]:
    class Sniffed(csv.excel):
        delimiter = sniffed.delimiter
        quotechar = sniffed.quotechar or '"'
        skipinitialspace = sniffed.skipinitialspace
        doublequote = True

    return Sniffed


# A CSV return of MAX_ROWS rows of MAX_COLS short cells fits in this; past it a CSV is read only
# this far (a 200 MB CSV was read whole, decoded whole, to use its first 20,000 rows).
MAX_CSV_BYTES = 64 * 1024 * 1024


def _comment(line: str) -> bool:
    return line.lstrip().startswith("#")


_DELIMITERS = ",;\t|"


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    """The sample's dialect (from lines that are not "#" comments): the delimiter that splits
    the most lines into the same number of fields, more than one. The standard sniffer gives up
    on a title line of other width above the table ("Force;FOI 2024-0033;..." over eight
    columns), or picks a character that only the titles hold."""
    lines = [ln for ln in sample[:8192].splitlines() if ln.strip()][:40]
    best, score = ",", 0
    for d in _DELIMITERS:
        widths = [len(row) for row in csv.reader(lines, delimiter=d)]
        wide = [w for w in widths if w > 1]
        if not wide:
            continue
        common = max(set(wide), key=wide.count)
        n = wide.count(common)
        if n > score:
            best, score = d, n
    try:
        sniffed = csv.Sniffer().sniff(sample[:8192], delimiters=best)
    except csv.Error:
        return _doubling(type("Plain", (csv.excel,), {"delimiter": best}))
    # The sniffer says a quote inside a quoted field is not doubled ("") unless its sample
    # shows one, so a later "" would end the field; every spreadsheet doubles them.
    return _doubling(sniffed)


def _csv_rows(
    text: str, dialect: type[csv.Dialect] | csv.Dialect
) -> Iterator[tuple[str | None, list[str]]]:
    """Each row in the file's order: (None, cells), or (text, []) for a "# ..." comment line, kept
    as a one-cell row where it stands (exporters write titles and notes that way).

    Streamed: each run of data lines goes through csv.reader up to the next comment, which is
    given out at once (held in a list, a file of millions of comment lines took minutes)."""
    lines = io.StringIO(text)
    comment: list[str] = []

    def data() -> Iterator[str]:
        for line in lines:
            if _comment(line):
                comment.append(line.strip().lstrip("#").strip())
                return
            yield line

    while True:
        for raw in csv.reader(data(), dialect):
            yield None, raw
        if not comment:
            return
        yield comment.pop(), []


def _read_csv(path: Path, name: str, whole: bytes | None = None) -> Sheet:
    if whole is not None:
        data = whole
    else:
        with path.open("rb") as fh:
            data = fh.read(MAX_CSV_BYTES + 1)
    cut = len(data) > MAX_CSV_BYTES
    if cut:
        # End at the last whole line, so no row and no UTF-8 or UTF-16 character is split.
        utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        newline = {b"\xff\xfe": b"\n\x00", b"\xfe\xff": b"\x00\n"}.get(data[:2], b"\n")
        end = data.rfind(newline, 0, MAX_CSV_BYTES)
        while utf16 and end > 0 and end % 2:
            end = data.rfind(newline, 0, end)
        data = data[: end + len(newline)] if end > 0 else data[:MAX_CSV_BYTES]
    text = decode(data)
    dialect = _dialect("".join(ln for ln in text[:16384].splitlines(True) if not _comment(ln)))
    rows: Grid = []
    truncated = False
    try:
        for line, raw in _csv_rows(text, dialect):
            if len(rows) >= MAX_ROWS:
                truncated = True
                break
            rows.append([_cell(v) for v in raw[:MAX_COLS]] if line is None else [line])
    except csv.Error as exc:
        raise UnreadableFileError(name, f"not a readable CSV ({exc}).") from exc
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return Sheet(path.stem, rows, truncated or cut)
