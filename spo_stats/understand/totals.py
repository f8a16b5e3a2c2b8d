"""Totals: when a total is the force's figure, when it is a sum to check, and pivot outlines.

A total across breakdowns (BCUs, age bands) is the force's figure; a total of figures is checked
against them, and a total of exactly one year's months or quarters that agrees is that year's.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import NamedTuple

from spo_stats.read.cells import cell_ref
from spo_stats.schema import FileWarning, Measure
from spo_stats.understand.figures import Figure
from spo_stats.understand.labels import Label
from spo_stats.understand.period_text import total_period
from spo_stats.understand.periods import Period
from spo_stats.understand.values import ParsedValue


class Total(NamedTuple):
    """A total cell: what it counts, and the period its own label names ("2020 Total"), if any."""

    row: int
    col: int
    parsed: ParsedValue
    measure: Measure | None
    stated: Period | None = None


def outline(labels: list[Label]) -> dict[int, Label | None]:
    """Rows of an outline (pivot) table: child row -> its group's period label; group row -> None.

    Outline form is a period on its own row followed by rows naming what is counted, or the
    parts of that period ("2020", then "Qtr1" ... "Qtr4"), group after group; a group may close
    on its own total row ("2020 Total"), a subtotal of the group's rows. Anything else gives {}
    and the table is read as it stands.
    """
    out: dict[int, Label | None] = {}
    group: int | None = None
    children = 0
    kinds: set[str] = set()  # what the groups' rows name: all measures, or all parts of periods
    closed = False  # a group closed by its own total
    for i, lab in enumerate(labels):
        if lab.kind == "blank":
            continue
        if lab.kind == "period":
            if group is not None and children == 0:
                return {}
            group, children = i, 0
            out[i] = None
        elif lab.kind == "total":
            if group is None or children == 0 or not _closes(lab, labels[group]):
                break
            out[i], group, closed = None, None, True
        elif group is None or lab.kind not in ("measure", "breakdown", "unknown", "part"):
            return {}
        else:
            kinds.add("part" if lab.kind == "part" else "measure")
            out[i] = labels[group]
            children += 1
    if len(kinds) > 1:
        return {}
    if (group is None and not closed) or (group is not None and children == 0):
        return {}
    return out


def _closes(total: Label, group: Label) -> bool:
    """Whether a total row closes its group: "2020 Total" after the rows under "2020"."""
    p, whole = total_period(total.text), group.period
    return p is not None and whole is not None and p.start == whole.start and p.end <= whole.end


def all_breakdowns(labels: list[Label]) -> bool:
    """Whether a total along an axis is the force's figure: the labels beside it are all
    breakdowns, or there are none (one column of figures headed "Total" sums nothing)."""
    kinds = [lab.kind for lab in labels if lab.kind not in ("total", "blank")]
    return all(k in ("breakdown", "unknown") for k in kinds)


def check_totals(
    totals: list[Total],
    figures: list[Figure],
    warnings: list[FileWarning],
    sheet: str,
    exceeding: set[tuple[int, int]] | None = None,
) -> list[Figure]:
    """A total must equal the sum of the figures it totals; a total of one measure over periods
    that make up exactly one year (twelve months, four quarters) is that year's figure, as is one
    over the periods that make up, end to end, the period its own label names ("2024 Total (to
    31 May)" over January to March and April to May). A total its footnote says counts more
    than its parts (exceeding) may be above their sum, not below."""
    years: list[Figure] = []
    exceeding = exceeding or set()
    for r, c, parsed, measure, stated in totals:
        if parsed.status != "reported" or parsed.value is None:
            continue
        for axis in ("col", "row"):
            parts, after_total = _group(r, c, axis, figures, totals)
            if not parts or (measure and any(f.measure != measure for f in parts)):
                continue
            if len({f.measure for f in parts}) != 1 or len({f.period for f in parts}) != len(parts):
                continue
            low = sum(
                f.parsed.value if f.parsed.value is not None else f.parsed.value_min or 0
                for f in parts
            )
            bounded = all(f.parsed.status in ("reported", "suppressed") for f in parts) and all(
                f.parsed.value is not None or f.parsed.value_max is not None for f in parts
            )
            high = sum(
                f.parsed.value if f.parsed.value is not None else f.parsed.value_max or 0
                for f in parts
            )
            more = (r, c) in exceeding and parsed.value > high
            if (
                bounded
                and not low <= parsed.value <= high
                and _whole(parts, after_total)
                and not more
            ):
                summed = f"the sum {low}" if low == high else f"the sum, {low} to {high},"
                warnings.append(
                    FileWarning(
                        f"total {parsed.value} does not match {summed} of ",
                        "total_mismatch",
                        sheet,
                        cell_ref(r, c),
                        tuple((sheet, cell_ref(f.row, f.col)) for f in parts),
                        "; check the return.",
                    )
                )
            elif (year := _summed_period([f.period for f in parts], stated)) is not None:
                first = parts[0]
                years.append(
                    Figure(
                        r,
                        c,
                        first.measure,
                        year,
                        parsed,
                        "total",
                        "",
                        first.force,
                        first.definition,
                    )
                )
            break
    return years


def _summed_period(periods: list[Period], stated: Period | None) -> Period | None:
    """The period a total of these periods' figures covers: the one year they make up, or the
    period the total's label names where they run end to end over exactly that; never a period
    other than the one the label names."""
    year = one_year(periods)
    if stated is None or year == stated:
        return year
    if year is None and _end_to_end(periods) == stated and len(periods) > 1:
        return stated
    return None


def _end_to_end(periods: list[Period]) -> Period | None:
    ordered = sorted(periods, key=lambda p: p.start)
    for a, b in itertools.pairwise(ordered):
        if b.start != a.end + timedelta(days=1):
            return None
    return Period(start=ordered[0].start, end=ordered[-1].end)


def _group(
    r: int,
    c: int,
    axis: str,
    figures: list[Figure],
    totals: list[Total],
) -> tuple[list[Figure], bool]:
    """The figures a total at (r, c) sums along one axis: those between it and the total before
    it on that line ("2021/22 Q1..Q4, Year total, 2022/23 Q1..Q4, Year total": each year's own
    quarters); where none come before it, those up to the next total (a total put first). And
    whether another total comes before it on the line."""
    if axis == "col":
        line = [f for f in figures if f.col == c]
        at, stops = r, sorted(t.row for t in totals if t.col == c)
        pos = [f.row for f in line]
    else:
        line = [f for f in figures if f.row == r]
        at, stops = c, sorted(t.col for t in totals if t.row == r)
        pos = [f.col for f in line]
    before = max((s for s in stops if s < at), default=-1)
    after = min((s for s in stops if s > at), default=1 << 30)
    group = [f for f, p in zip(line, pos, strict=True) if before < p < at]
    group = group or [f for f, p in zip(line, pos, strict=True) if at < p < after]
    return group, before >= 0


def _whole(parts: list[Figure], after_total: bool) -> bool:
    """Whether the parts can be all a total sums: after another total, or starting a year. A
    table continued from the page before (a PDF's) holds only the last of a year's months, and
    its total is of months this part of the table does not show."""
    first = min(f.period.start for f in parts)
    return after_total or (first.day == 1 and first.month in (1, 4))


def one_year(periods: list[Period]) -> Period | None:
    """The calendar or financial year that these periods make up exactly, end to end, or None."""
    whole = _end_to_end(periods)
    if whole is None or len(periods) < 2:
        return None
    return whole if whole.kind in ("year", "financial_year") else None
