"""Finding the tables on a sheet of a return and reading each cell's measure and period.

A sheet is split into tables at blank rows and title rows. In each table the leading columns that
hold labels (text or periods) and the leading rows that hold headers are found; every other cell is
a figure whose meaning comes from its row label, its column header and the titles above the table.
The same rules serve years as rows or columns, measures in rows or columns, two-level headers and
tidy long tables, so there is no per-layout code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from spo_stats.read.cells import CellValue, Grid, cell_ref
from spo_stats.schema import Measure
from spo_stats.understand.hints import ReadHints
from spo_stats.understand.measures import classify, is_total
from spo_stats.understand.periods import Period, find_period, parse_period
from spo_stats.understand.values import ParsedValue, parse_value, suppression_bounds_from_note


@dataclass
class Figure:
    """One figure read from a cell, before a force is attached."""

    row: int
    col: int
    measure: Measure
    period: Period
    parsed: ParsedValue
    label: str
    note: str = ""

    @property
    def ref(self) -> str:
        return cell_ref(self.row, self.col)


@dataclass
class SheetReading:
    figures: list[Figure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # titles and prose, for finding the force


@dataclass
class _Table:
    top: int
    bottom: int  # inclusive
    titles: list[str]
    notes: list[str]


def _text(v: CellValue) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.date().isoformat()
    return str(v).strip()


def _is_label(v: CellValue) -> bool:
    """Text that is not a figure, or a period: the stuff of row labels and headers."""
    if v is None:
        return True
    if parse_period(v) is not None:
        return True
    return isinstance(v, str) and parse_value(v) is None


def _text_row(row: list[CellValue]) -> str | None:
    """A title, prose or note row: one distinct text in the whole row (merged titles repeat)."""
    values = {_text(v) for v in row if v is not None}
    if len(values) != 1:
        return None
    only = next(iter(values))
    first = next(v for v in row if v is not None)
    if not isinstance(first, str):
        return None
    if parse_value(first) is not None and len(only) < 40:
        return None
    return only


def _split(rows: Grid) -> list[_Table]:
    tables: list[_Table] = []
    pending: list[str] = []
    r = 0
    n = len(rows)
    while r < n:
        row = rows[r]
        if all(v is None for v in row):
            r += 1
            continue
        text = _text_row(row)
        if text is not None:
            pending.append(text)
            r += 1
            continue
        top = r
        while r < n and any(v is not None for v in rows[r]) and _text_row(rows[r]) is None:
            r += 1
        tables.append(_Table(top, r - 1, pending[-3:], []))
        pending = []
        # Text rows right after a table are its notes (footnotes, sources) and may title the next.
        k = r
        while k < n and (all(v is None for v in rows[k]) or _text_row(rows[k]) is not None):
            if (t := _text_row(rows[k])) is not None:
                tables[-1].notes.append(t)
            k += 1
    return tables


def _is_heading(text: str) -> bool:
    """A short title, not prose: a sentence in a letter must not lend its words to a table."""
    return len(text.split()) <= 10 and not text.rstrip().endswith(".")


def _header_measure_like(v: CellValue) -> bool:
    return isinstance(v, str) and classify([[v]])[0] is not None


def read_sheet(rows: Grid, sheet_name: str, hints: ReadHints | None = None) -> SheetReading:
    """Every figure on a sheet with its measure and period, and why any cell was left out.

    hints: what a sidecar states; for now only its rows, columns and cells to leave out are used.
    """
    out = SheetReading()
    width = max((len(r) for r in rows), default=0)
    grid = [list(r) + [None] * (width - len(r)) for r in rows]
    kept_rows: set[int] = set()
    if hints is not None:
        for r, row in enumerate(grid):
            cells = [c for c in range(width) if row[c] is not None]
            skipped = [c for c in cells if _skipped(hints, sheet_name, r, c)]
            if cells and len(skipped) == len(cells) and _text_row(row) is None:
                # Blanking a whole row of a table would split it, and the rows below would lose
                # their headers; the row stays, and its figures are dropped after reading.
                # (A title or note row is blanked: it splits tables either way.)
                kept_rows.add(r)
                continue
            for c in skipped:
                row[c] = None  # left out by the sidecar: never read, not even as a label
    tables = _split(grid)
    for r, row in enumerate(grid):
        if (t := _text_row(row)) is not None and r < 40 and r not in kept_rows:
            out.texts.append(t)
    for table in tables:
        _read_table(grid, table, sheet_name, out)
    out.figures = [f for f in out.figures if f.row not in kept_rows]
    return out


def _skipped(hints: ReadHints, sheet: str, r: int, c: int) -> bool:
    ref = cell_ref(r, c)
    return hints.skipped(sheet, r + 1, ref.rstrip("0123456789"), ref)


def _read_table(grid: Grid, t: _Table, sheet_name: str, out: SheetReading) -> None:
    rows = grid[t.top : t.bottom + 1]
    cols = [c for c in range(len(grid[0])) if any(row[c] is not None for row in rows)]
    if not cols:
        return
    first_col, last_col = cols[0], cols[-1]
    # Label columns: leading columns of text or periods.
    label_cols: list[int] = []
    for c in range(first_col, last_col):
        body = [row[c] for row in rows[1:]] if len(rows) > 1 else [rows[0][c]]
        if not all(_is_label(v) for v in body):
            break
        if (
            label_cols
            and _header_measure_like(rows[0][c])
            and not any(isinstance(v, str) for v in body)
        ):
            break  # a column of counts under a header such as "Stalking offences"
        label_cols.append(c)
    value_cols = [c for c in range(first_col, last_col + 1) if c not in label_cols]
    # Header rows: leading rows whose value-column cells are all labels.
    header_rows = 0
    for row in rows[:-1]:
        cells = [row[c] for c in value_cols]
        if any(v is not None for v in cells) and all(_is_label(v) for v in cells):
            header_rows += 1
        else:
            break
    headers = [list(rows[i]) for i in range(header_rows)]
    # A merged group header saved without its merge (csv, ods) spans to the next group.
    for h in headers[:-1]:
        last: CellValue = None
        for c in value_cols:
            if h[c] is not None:
                last = h[c]
            elif last is not None:
                h[c] = last
    body_rows = list(range(t.top + header_rows, t.bottom + 1))
    # A label spanning several rows (vertically merged, saved without the merge) fills down.
    filled: dict[tuple[int, int], CellValue] = {}
    for c in label_cols[:-1]:
        last = None
        for r in body_rows:
            v = grid[r][c]
            if v is not None:
                last = v
            filled[(r, c)] = v if v is not None else last
    titles = [x for x in t.titles if _is_heading(x)]
    footnotes = t.notes
    not_understood: list[str] = []
    totals: list[tuple[int, int, ParsedValue, Measure | None]] = []
    figures: list[Figure] = []
    for r in body_rows:
        row_labels = [filled.get((r, c), grid[r][c]) for c in label_cols]
        row_parts = [_text(v) for v in row_labels if v is not None]
        for c in value_cols:
            cell = grid[r][c]
            if cell is None:
                continue
            parsed = parse_value(cell)
            ref = cell_ref(r, c)
            if parsed is None:
                if isinstance(cell, int | float) and not isinstance(cell, bool) and cell < 0:
                    out.warnings.append(
                        f"sheet {sheet_name!r} cell {ref}: left out, a negative count ({_text(cell)}); "
                        "check the return."
                    )
                else:
                    not_understood.append(ref)
                continue
            col_parts = [_text(h[c]) for h in headers if h[c] is not None]
            label = " | ".join([*row_parts, *col_parts])
            specific = [*row_parts, *col_parts]
            levels = [specific, *([x] for x in reversed(titles)), [sheet_name]]
            measure, why = classify(levels)
            if any(is_total(p) for p in specific):
                totals.append((r, c, parsed, measure))
                continue
            if measure is None:
                out.warnings.append(f"sheet {sheet_name!r} cell {ref}: left out, {why} ({label}).")
                continue
            period, why = _period(row_labels, [h[c] for h in headers], titles, sheet_name)
            if period is None:
                out.warnings.append(f"sheet {sheet_name!r} cell {ref}: left out, {why} ({label}).")
                continue
            parsed, note = _footnote(parsed, footnotes)
            figures.append(Figure(r, c, measure, period, parsed, label, note))
    if not_understood:
        shown = ", ".join(not_understood[:8]) + (" ..." if len(not_understood) > 8 else "")
        out.warnings.append(
            f"sheet {sheet_name!r}: {len(not_understood)} cell(s) not understood as figures, "
            f"left out: {shown}."
        )
    _check_totals(totals, figures, out.warnings, sheet_name)
    out.figures.extend(figures)


def _period(
    row_labels: list[CellValue], col_labels: list[CellValue], titles: list[str], sheet: str
) -> tuple[Period | None, str]:
    def from_cells(cells: list[CellValue]) -> tuple[set[Period], list[str]]:
        found: set[Period] = set()
        texts: list[str] = []
        for v in cells:
            if v is None:
                continue
            p = parse_period(v) or (find_period(v) if isinstance(v, str) else None)
            if p is not None:
                found.add(p)
                texts.append(_text(v))
        return found, texts

    row_p, row_t = from_cells(row_labels)
    col_p, col_t = from_cells(col_labels)
    if len(row_p) > 1 or len(col_p) > 1:
        return None, "two periods in one label"
    if row_p and col_p:
        # "2021" down the side and "Q1" across the top read together.
        combined = parse_period(f"{row_t[0]} {col_t[0]}") or parse_period(f"{col_t[0]} {row_t[0]}")
        if combined is not None:
            return combined, ""
        return None, f"two periods ({row_t[0]} and {col_t[0]})"
    if row_p or col_p:
        return next(iter(row_p or col_p)), ""
    for title in reversed(titles):
        if (p := find_period(title)) is not None:
            return p, ""
    if (p := find_period(sheet)) is not None:
        return p, ""
    return None, "no period in its labels, the table's title or the sheet's name"


def _footnote(parsed: ParsedValue, notes: list[str]) -> tuple[ParsedValue, str]:
    """The note a footnote marker points at; a suppression marker takes the note's bounds."""
    if parsed.status == "suppressed" and parsed.value_min is None:
        for note in notes:
            if note.lstrip().startswith("*") and (b := suppression_bounds_from_note(note)):
                return ParsedValue("suppressed", None, b[0], b[1]), note.strip()
        return parsed, ""
    if not parsed.marker:
        return parsed, ""
    marker = parsed.marker
    for note in notes:
        stripped = note.lstrip()
        if stripped.startswith((marker, f"[{marker}]", f"({marker})", f"^{marker}")):
            return parsed, stripped
    return parsed, f"footnote {marker} (its text is not on the sheet)"


def _check_totals(
    totals: list[tuple[int, int, ParsedValue, Measure | None]],
    figures: list[Figure],
    warnings: list[str],
    sheet: str,
) -> None:
    """A total row or column must equal the sum of the figures it totals."""
    for r, c, parsed, measure in totals:
        if parsed.status != "reported" or parsed.value is None:
            continue
        for axis in ("col", "row"):
            parts = [f for f in figures if (f.col == c if axis == "col" else f.row == r)]
            if not parts or (measure and any(f.measure != measure for f in parts)):
                continue
            if len({f.measure for f in parts}) != 1 or len({f.period for f in parts}) != len(parts):
                continue
            if any(f.parsed.status != "reported" for f in parts):
                continue
            total = sum(f.parsed.value or 0 for f in parts)
            if total != parsed.value:
                refs = ", ".join(cell_ref(f.row, f.col) for f in parts)
                warnings.append(
                    f"sheet {sheet!r} cell {cell_ref(r, c)}: total {parsed.value} does not match "
                    f"the sum {total} of {refs}; check the return."
                )
            break
