"""Compiled tables: one row per force, declared column by column in the sidecar's [compiled] section.

Journalists and researchers pass around tables they compiled from many forces' FOI answers (the
BBC Shared Data Unit's 2021 SPO table is one). Such a table is not a return: its periods, measures
and gaps are stated in its README, not in its cells. So nothing here is guessed: the recipe names
the area column, each column's measure, definition and period, the columns to ignore, and the rows
or cells to leave out with the reason. Every column must be accounted for; a column the recipe does
not name is left out and said so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from spo_stats.forces import Force, find_force
from spo_stats.read.cells import CellValue, Grid, Sheet, cell_ref
from spo_stats.schema import Measure, Observation
from spo_stats.sources.observation import areas_label, observation
from spo_stats.sources.sidecar import Definition, PeriodValue, Sidecar, as_written, reason_of
from spo_stats.understand.hints import normalise_label
from spo_stats.understand.periods import Period
from spo_stats.understand.values import ParsedValue, parse_value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Column(_Strict):
    column: str  # the header as the table writes it (case and spacing ignored)
    measure: Measure
    definition: Definition | None = None
    period: PeriodValue | None = None  # the same period on every row
    period_start: date | None = None  # or a fixed start ...
    period_end: date | None = None  # ... and a fixed end,
    period_end_column: str | None = None  # or an end read from another column on each row
    date_format: str = "%d/%m/%y"  # how period_end_column writes dates (strptime)
    note: str = ""  # added to every figure of this column

    @model_validator(mode="after")
    def _one_period(self) -> Column:
        ends = (self.period_end is not None) + (self.period_end_column is not None)
        if self.period is not None:
            if self.period_start or ends:
                raise ValueError("give either period, or period_start with an end, not both")
        elif self.period_start is None or ends != 1:
            raise ValueError(
                "no period: give period (e.g. '2019/20'), or period_start with period_end "
                "or period_end_column"
            )
        return self


class LeaveOut(_Strict):
    area: str | None = None  # the row whose area cell says this (or names this force)
    where: dict[str, str] = {}  # or every row where each named column holds the value
    columns: list[str] = []  # columns left out on those rows; empty: every declared column
    reason: str  # why: said in the ingest report

    @model_validator(mode="after")
    def _some_rows(self) -> LeaveOut:
        if (self.area is None) == (not self.where):
            raise ValueError("name the rows with either area or where")
        return self


class Recipe(_Strict):
    sheet: str | None = None  # the sheet holding the table; default the first
    area_column: str
    code_column: str | None = None  # ONS codes (E23000013): preferred to the name where present
    header_row: int = 1
    columns: list[Column]
    ignore: list[str] = []  # columns that are not figures we hold (percentages, rates)
    leave_out: list[LeaveOut] = []


@dataclass
class CompiledFigure:
    force: Force
    measure: Measure
    period: Period
    parsed: ParsedValue
    ref: str
    label: str
    definition: str = ""
    note: str = ""


@dataclass
class CompiledReading:
    figures: list[CompiledFigure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def recipe(sidecar: Sidecar) -> Recipe:
    """The [compiled] section, validated; errors name its line and key."""
    data: Any = sidecar.spec.compiled
    try:
        return Recipe.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ("compiled", *as_written(data, tuple(first["loc"])))
        raise sidecar.error(loc, reason_of(first)) from exc


def _text(v: CellValue) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _figure(
    spec: Column,
    row: list[CellValue],
    c: int,
    end_c: int | None,
    force: Force,
    skipped: dict[str, str],
    ref: str,
    label: str,
) -> CompiledFigure | str | None:
    """A declared column's figure in one row; why it is left out; None for an empty cell."""
    if normalise_label(spec.column) in skipped:
        return skipped[normalise_label(spec.column)]
    if row[c] is None:
        return None
    parsed = _count(row[c])
    if parsed is None:
        return f"{_text(row[c])!r} is not a count"
    period = _period(spec, row, end_c)
    if isinstance(period, str):
        return period
    return CompiledFigure(
        force, spec.measure, period, parsed, ref, label, spec.definition or "", spec.note
    )


def read_compiled(rows: Grid, sheet: str, sidecar: Sidecar) -> CompiledReading:
    """Every declared figure of a compiled table, and a warning for everything left out."""
    rec = recipe(sidecar)
    out = CompiledReading()
    h = rec.header_row - 1
    if h >= len(rows):
        raise sidecar.error(("compiled", "header_row"), f"the table has only {len(rows)} rows")
    header = {normalise_label(_text(v)): c for c, v in enumerate(rows[h]) if _text(v)}

    def col(name: str, loc: tuple[str | int, ...]) -> int:
        c = header.get(normalise_label(name))
        if c is None:
            raise sidecar.error(("compiled", *loc), f"no column {name!r} in header row {h + 1}")
        return c

    area_c = col(rec.area_column, ("area_column",))
    code_c = col(rec.code_column, ("code_column",)) if rec.code_column else None
    declared = [col(x.column, ("columns", i, "column")) for i, x in enumerate(rec.columns)]
    ends = {
        i: col(x.period_end_column, ("columns", i, "period_end_column"))
        for i, x in enumerate(rec.columns)
        if x.period_end_column
    }
    used = {area_c, code_c, *declared, *ends.values()}
    used |= {col(x, ("ignore", i)) for i, x in enumerate(rec.ignore)}
    for j, lo in enumerate(rec.leave_out):
        used |= {col(x, ("leave_out", j, "where", x)) for x in lo.where}
        for k, x in enumerate(lo.columns):
            col(x, ("leave_out", j, "columns", k))
    for name, c in header.items():
        if c not in used:
            out.warnings.append(
                f"column {cell_ref(h, c)} ({name}): not declared in the sidecar, left out."
            )
    applied: set[int] = set()
    for r in range(h + 1, len(rows)):
        row = list(rows[r]) + [None] * (len(rows[h]) - len(rows[r]))
        if all(v is None for v in row):
            continue
        force = _force(row, area_c, code_c, r, out.warnings)
        if force is None:
            continue
        skipped = _left_out(rec, row, header, force, applied)
        for i, spec in enumerate(rec.columns):
            c = declared[i]
            ref = cell_ref(r, c)
            label = f"{_text(row[area_c])} | {_text(rows[h][c])}"
            got = _figure(spec, row, c, ends.get(i), force, skipped, ref, label)
            if isinstance(got, str):
                out.warnings.append(f"cell {ref} ({label}): left out, {got}.")
            elif got is not None:
                out.figures.append(got)
    for j, lo in enumerate(rec.leave_out):
        if j not in applied:
            # A misspelt area or value would leave its figures in: a statement must apply.
            key = "area" if lo.area is not None else "where"
            raise sidecar.error(("compiled", "leave_out", j, key), "matches no row of the table")
    return out


def _count(v: CellValue) -> ParsedValue | None:
    """A plain count. A compiled table's "n/a", "-" or "#DIV/0!" means whatever its compiler
    meant; not knowing that, it is no figure at all."""
    text = _text(v)
    if not re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", text):
        return None
    return parse_value(text.replace(",", ""))


def _force(
    row: list[CellValue], area_c: int, code_c: int | None, r: int, warnings: list[str]
) -> Force | None:
    """The row's force by its ONS code where there is one, else by its name; both must agree."""
    name = _text(row[area_c])
    by_name = find_force(name) if name else None
    code = _text(row[code_c]) if code_c is not None else ""
    by_code = find_force(code) if code else None
    if code and by_code is None:
        warnings.append(f"row {r + 1} ({name}): left out, {code!r} is not a force's ONS code.")
        return None
    if by_code is not None and by_name is not None and by_code.slug != by_name.slug:
        warnings.append(
            f"row {r + 1}: left out, its name {name!r} is {by_name.slug} but its code {code} "
            f"is {by_code.slug}."
        )
        return None
    force = by_code or by_name
    if force is None:
        warnings.append(f"row {r + 1}: left out, {name!r} is not a force.")
    return force


def _left_out(
    rec: Recipe, row: list[CellValue], header: dict[str, int], force: Force, used: set[int]
) -> dict[str, str]:
    """The declared columns (normalised) left out on this row, each with its reason."""
    out: dict[str, str] = {}
    for j, lo in enumerate(rec.leave_out):
        if lo.area is not None:
            stated = find_force(lo.area)
            hit = (stated is not None and stated.slug == force.slug) or normalise_label(
                lo.area
            ) == normalise_label(_text(row[header[normalise_label(rec.area_column)]]))
        else:
            hit = all(
                normalise_label(_text(row[header[normalise_label(k)]])) == normalise_label(v)
                for k, v in lo.where.items()
            )
        if not hit:
            continue
        used.add(j)
        names = lo.columns or [x.column for x in rec.columns]
        for name in names:
            out.setdefault(normalise_label(name), lo.reason)
    return out


def _period(spec: Column, row: list[CellValue], end_c: int | None) -> Period | str:
    """The column's period on this row, or why there is none."""
    if spec.period is not None:
        return spec.period
    assert spec.period_start is not None  # validated
    end = spec.period_end
    if end_c is not None:
        raw = row[end_c]
        if isinstance(raw, datetime):
            end = raw.date()
        elif isinstance(raw, date):
            end = raw
        else:
            try:
                end = datetime.strptime(_text(raw), spec.date_format).date()
            except ValueError:
                return f"its end date {_text(raw)!r} is not a date ({spec.date_format})"
    assert end is not None
    if end < spec.period_start:
        return f"its period ends {end} before it starts {spec.period_start}"
    return Period(start=spec.period_start, end=end)


def observations(
    sheets: list[Sheet], sidecar: Sidecar, name: str, sha: str
) -> tuple[list[Observation], str, list[str]]:
    """A compiled table's observations, the forces it gave (for the report line) and warnings."""
    rec = recipe(sidecar)
    if sidecar.spec.force or sidecar.spec.period:
        key = "force" if sidecar.spec.force else "period"
        raise sidecar.error(
            (key,), f"a compiled table states {key} per row or column in [compiled]; remove {key}"
        )
    sheet = next((s for s in sheets if rec.sheet in (None, s.name)), None)
    if sheet is None:
        raise sidecar.error(("compiled", "sheet"), f"no sheet {rec.sheet!r} in {name}")
    reading = read_compiled(sheet.rows, sheet.name, sidecar)
    label = areas_label(f.force.slug for f in reading.figures)
    obs = [
        observation(
            f.period,
            f.parsed,
            force=f.force.slug,
            measure=f.measure,
            definition=f.definition,
            note=f.note,
            source_kind="compiled",
            source_file=name,
            source_sheet=sheet.name,
            source_cell=f.ref,
            source_label=f.label,
            source_sha256=sha,
        )
        for f in reading.figures
    ]
    return obs, label, [f"sheet {sheet.name!r} {w}" for w in reading.warnings]
