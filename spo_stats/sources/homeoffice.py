"""The Home Office police recorded crime open data table (police force area), read as a table.

Several hundred thousand rows over a dozen sheets: read with fastexcel (calamine with Arrow
output) or pyarrow's CSV reader, every column as text so that a "N/a" or "*" deep in the counts is
never silently turned into an empty value by type inference, then filtered to stalking with Arrow
compute before any Python loop.
"""

from __future__ import annotations

import csv
import os
import re
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, cast

from spo_stats.errors import UnreadableFileError
from spo_stats.forces import find_force
from spo_stats.read.arrow import without_pandas
from spo_stats.read.cells import cell_ref, native
from spo_stats.read.formats import BY_NAME
from spo_stats.understand.periods import Period, financial_quarter, parse_period
from spo_stats.understand.values import ParsedValue, parse_value

if TYPE_CHECKING:
    import pyarrow as pa

COLUMNS = (
    "Financial Year",
    "Financial Quarter",
    "Force Name",
    "Offence Description",
    "Offence Group",
    "Offence Subgroup",
    "Offence Code",
    "Number of Offences",
)
_NEEDED = (
    "financial year",
    "financial quarter",
    "force name",
    "offence description",
    "number of offences",
)
STALKING_CODE = "8Q"
# Rows in the table that are not police forces; skipped without a word.
NON_FORCES = {"action fraud", "cifas", "uk finance", "financial fraud action uk"}
# Totals and regions some editions carry beside the forces: whole names only, so that a force
# the registry does not know is never mistaken for one and silently dropped.
_REGION_OR_TOTAL = re.compile(
    r"(total )?(england and wales|england|wales|north east|north west|yorkshire and the humber|"
    r"east midlands|west midlands region|east of england|eastern|london region|south east|"
    r"south west)( total)?|total|national total",
    re.I,
)
# "Metropolitan Police[Note 6]", "Metropolitan Police [Note 6]": the note is not part of the name.
_NOTE_MARKER = re.compile(r"\[\s*note\s*\d+[a-z]?\s*\]|\(\s*note\s*\d+[a-z]?\s*\)", re.I)


def force_name_of(text: object) -> str:
    """A force name as the table writes it, without note markers and stray spaces."""
    return " ".join(_NOTE_MARKER.sub(" ", str(text or "").replace("\u00a0", " ")).split())


def _key(text: object) -> str:
    return " ".join(str(text or "").lower().split())


def is_header(cells: Sequence[object]) -> bool:
    names = {_key(c) for c in cells if c is not None}
    return all(n in names for n in _NEEDED)


@dataclass
class HomeOfficeFigure:
    force: str
    period: Period
    parsed: ParsedValue
    sheet: str
    cell: str
    label: str


@dataclass
class HomeOfficeReading:
    figures: list[HomeOfficeFigure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows_read: int = 0
    # Force names the registry does not know, each with the first cell it is in ("2017_18 C45").
    unknown: dict[str, str] = field(default_factory=dict)


def read_workbook(path: Path, display: str) -> HomeOfficeReading:
    """Stalking rows of every sheet of a Home Office table in xlsx, xls or ods.

    Each sheet is parsed once, headerless and all text; the header row is found in the Arrow
    batch itself, because a second load of the same sheet costs a second full parse.
    """
    with without_pandas():  # 0.15 s of a 2 s read of 500,000 rows, never used
        return _read_workbook(path, display)


def _read_workbook(path: Path, display: str) -> HomeOfficeReading:
    import fastexcel

    out = HomeOfficeReading()

    def each(name: str, batch: pa.RecordBatch) -> None:
        import pyarrow as pa

        header_at = _find_header(batch.slice(0, 10))
        if header_at is None:
            return  # an introduction or notes sheet
        header = [batch.column(i)[header_at].as_py() for i in range(batch.num_columns)]
        keep = first_columns(header)
        table = pa.table({str(header[i]): batch.column(i).slice(header_at + 1) for i in keep})
        number_col = [_key(c) for c in header].index("number of offences")
        filter_table(table, name, header_at, number_col, out)

    try:
        # One native() around the threads: it holds file descriptor 2 aside, which is the
        # process's, so calls in two threads at once would each restore the other's.
        with native(display):
            _each_sheet(path, each)
    except fastexcel.FastExcelError as exc:
        raise UnreadableFileError(display, f"the workbook cannot be read ({exc}).") from exc
    return out


# calamine parses an xlsx sheet when it is loaded, and an ods or xls workbook whole when it is
# opened: the sheets of the first are parsed in threads, one reader each (a reader is used by one
# thread at a time); the others have one reader, in one thread beside this one.
_PARSED_PER_SHEET = BY_NAME["xlsx"].suffixes


def _each_sheet(path: Path, each: Callable[[str, pa.RecordBatch], None]) -> None:
    """each(name, batch) for every sheet in order, headerless and all text, while the next sheets
    are parsed in other threads (fastexcel lets go of the GIL as it parses): 500,000 rows over 12
    xlsx sheets, 1.2 s in one thread, 0.6 s in two."""
    import fastexcel

    local = threading.local()

    def reader() -> fastexcel.ExcelReader:
        if not hasattr(local, "reader"):
            local.reader = fastexcel.read_excel(str(path))
        return local.reader

    def load(name: str) -> pa.RecordBatch:
        return cast(
            "pa.RecordBatch",
            reader().load_sheet(name, header_row=None, dtypes="string", eager=True),
        )

    # At most four sheets parsed at once: each one held is memory, and the filtering is one thread.
    workers = min(_cores(), 4) if path.suffix.lower() in _PARSED_PER_SHEET else 1
    pool = ThreadPoolExecutor(workers, thread_name_prefix="spo-sheet")
    try:
        opened = pool.submit(lambda: reader().sheet_names)
        # Imported here while the workbook is opened (for ods and xls, the whole parse).
        import pyarrow.compute  # noqa: F401

        names = iter(opened.result())
        # A few sheets ahead at most, so that a large workbook is not held whole.
        ahead = deque((n, pool.submit(load, n)) for n in islice(names, workers + 1))
        while ahead:
            name, loading = ahead.popleft()
            batch = loading.result()
            ahead.extend((n, pool.submit(load, n)) for n in islice(names, 1))
            each(name, batch)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def read_csv(path: Path, display: str) -> HomeOfficeReading:
    """The same table saved as CSV, every column read as text."""
    with without_pandas():
        return _read_csv(path, display)


def _read_csv(path: Path, display: str) -> HomeOfficeReading:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    out = HomeOfficeReading()
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh))
        types = {name: pa.string() for name in header}
        table = pacsv.read_csv(
            str(path),
            convert_options=pacsv.ConvertOptions(column_types=types, strings_can_be_null=False),
        )
    except Exception as exc:
        raise UnreadableFileError(display, f"the CSV cannot be read as a table ({exc}).") from exc
    number_col = [_key(h) for h in header].index("number of offences")
    filter_table(table, path.stem, 0, number_col, out)
    return out


def _find_header(peek: pa.RecordBatch) -> int | None:
    rows = peek.to_pylist()
    for i, row in enumerate(rows):
        if is_header(list(row.values())):
            return i
    return None


def first_columns(row: Sequence[object]) -> list[int]:
    """Indexes of the table's columns, the first of each name (an old sheet repeats some)."""
    wanted = {_key(c) for c in COLUMNS}
    seen: set[str] = set()
    keep = []
    for i, c in enumerate(row):
        k = _key(c)
        if k in wanted and k not in seen:
            keep.append(i)
            seen.add(k)
    return keep


def filter_table(
    table: pa.Table | pa.RecordBatch,
    sheet: str,
    header_at: int,
    number_col: int,
    out: HomeOfficeReading,
) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = {_key(n): i for i, n in reversed(list(enumerate(table.column_names)))}
    out.rows_read += table.num_rows

    def col(name: str, rows: pa.Array | None = None) -> pa.Array:
        # The rows taken before they are trimmed: a few hundred of a sheet's 40,000, not all.
        column = table.column(columns[name])
        return pc.utf8_trim_whitespace(column if rows is None else column.take(rows))

    desc = pc.utf8_lower(col("offence description"))
    mask = pc.equal(desc, "stalking")
    if "offence code" in columns:
        mask = pc.or_kleene(mask, pc.equal(pc.utf8_upper(col("offence code")), STALKING_CODE))
    mask = pc.fill_null(mask, False)
    idx = pc.indices_nonzero(mask).to_pylist()
    if not idx:
        return
    take = pa.array(idx, type=pa.int64())
    years = col("financial year", take).to_pylist()
    quarters = col("financial quarter", take).to_pylist()
    forces = col("force name", take).to_pylist()
    counts = table.column(columns["number of offences"]).take(take).to_pylist()
    for i, year, quarter, raw_name, count in zip(idx, years, quarters, forces, counts, strict=True):
        ref = cell_ref(header_at + 1 + i, number_col)
        force_name = force_name_of(raw_name)
        force_key = force_name.lower()
        if force_key in NON_FORCES or not force_key:
            continue
        force = find_force(force_name)
        if force is None:
            if not _REGION_OR_TOTAL.fullmatch(force_key):
                out.unknown.setdefault(force_name, f"sheet {sheet!r} row {header_at + 2 + i}")
            continue
        fy = parse_period(year or "")
        q = (quarter or "").strip()
        if fy is None or fy.kind != "financial_year" or q not in {"1", "2", "3", "4"}:
            out.warnings.append(
                f"sheet {sheet!r} row {header_at + 2 + i}: left out, period {year!r} quarter "
                f"{quarter!r} not understood."
            )
            continue
        parsed = parse_value(count)
        if parsed is None:
            out.warnings.append(f"sheet {sheet!r} cell {ref}: left out, {count!r} is not a count.")
            continue
        period = financial_quarter(fy.start.year, int(q))
        out.figures.append(
            HomeOfficeFigure(
                force.slug,
                period,
                parsed,
                sheet,
                ref,
                f"{' '.join(str(raw_name).split())} | {year} Q{q} | Stalking",
            )
        )
