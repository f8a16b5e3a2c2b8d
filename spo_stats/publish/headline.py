"""The headline: every area with a rate (aggregates, then forces), and exactly what is missing.

An area whose SPO count and offence count cover different periods gets no rate; the headline says
which areas those are and which counts they lack, instead of claiming there is nothing to show.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from spo_stats.analysis.checks import check
from spo_stats.analysis.rates import (
    Conflict,
    Disagreement,
    Fig,
    National,
    Prefer,
    Rate,
    compute,
    figure_for,
    resolve,
)
from spo_stats.areas import area_name
from spo_stats.measures import RATE_KEYS, RATES
from spo_stats.publish import words
from spo_stats.publish.disagree import disagreement_words
from spo_stats.publish.report import notes_for
from spo_stats.understand.periods import period_label

if TYPE_CHECKING:
    from spo_stats.schema import Observation

NUMERATOR = "spo_granted"
DENOMINATOR = "stalking_offences"
# Other counts of orders that make a rate where the dataset has no count of full orders granted.
OTHER_SPO_MEASURES = tuple(
    m for m in RATE_KEYS if RATES[m].denominator == DENOMINATOR and m != NUMERATOR
)


@dataclass
class Line:
    name: str
    rate: Rate
    notes: list[str]
    sources: list[str]
    # What `check` finds a figure behind the rate inconsistent with, one sentence each.
    inconsistent: list[str] = field(default_factory=list)


@dataclass
class Headline:
    aggregates: list[Line] = field(default_factory=list)
    together: list[National] = field(default_factory=list)  # forces with both figures, summed
    forces: list[Line] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # sentences: what has no rate, and why

    @property
    def empty(self) -> bool:
        return not self.aggregates and not self.forces


def _line(
    rows: list[Observation],
    r: Rate,
    disagree: list[Disagreement] = [],  # noqa: B006 (read only)
    conflicts: list[Conflict] = [],  # noqa: B006 (read only)
) -> Line:
    flags = [disagreement_words(d) for d in disagree if _uses_either(r, d)]
    flags += [_conflict_words(c) for c in conflicts if _uses(r, c.force, c.measure, c.start, c.end)]
    flags = [f"Inconsistent with another figure (see spo-stats check): {f}" for f in flags]
    return Line(r.name or area_name(r.force), r, notes_for(rows, r), grouped_sources(r), flags)


def _uses(
    r: Rate, force: str, measure: str, start: date, end: date, value: int | None = None
) -> bool:
    """Whether the rate is made from this figure: its area, measure, period and (if given) count."""
    if force != r.force or (start, end) != (r.start, r.end):
        return False
    own = {r.numerator_measure: r.numerator, r.denominator_measure: r.denominator}
    return measure in own and (value is None or own[measure] == value)


def _uses_either(r: Rate, d: Disagreement) -> bool:
    return any(_uses(r, d.force, d.measure, f.start, f.end, f.value) for f in (d.inner, d.outer))


def _conflict_words(c: Conflict) -> str:
    values = "; ".join(f"{v:,} from {source.text}" for v, _, source in c.values)
    return (
        f"{area_name(c.force)}: sources give different counts of "
        f"{words.count_noun(c.measure)} for "
        f"{words.period_words(c.start, c.end)} ({values}); {c.chosen:,} is used."
    )


def grouped_sources(r: Rate) -> list[str]:
    """One line per source: a table's quarters summed for a rate are its cells, listed once."""
    cells: dict[str, list[str]] = {}
    for s in sorted({*r.numerator_sources, *r.denominator_sources}, key=lambda s: s.text):
        if not s.published:
            cells.setdefault(s.text, [])
            continue
        # A citation that gives its own release date is not told it again.
        when = s.release_words if "released" not in s.reference else ""
        cells.setdefault(f"{s.reference}{when} ({s.file}", []).append(s.cell)
    out = []
    for head, parts in cells.items():
        if not parts:
            out.append(head)
        elif len(parts) == 1:
            out.append(f"{head} {parts[0]})")
        else:
            out.append(f"{head}: {len(parts)} cells, {', '.join(parts)})")
    return out


def build_headline(rows: list[Observation], prefer: Prefer = "ranked") -> Headline:
    table = compute(rows, NUMERATOR, prefer)
    found = check(rows, {}, NUMERATOR, prefer)
    found_in = (found.disagreements, found.conflicts)
    h = Headline()
    by_length = sorted(table.rates, key=lambda r: (-(r.end - r.start).days, r.start, r.force))
    h.aggregates = [_line(rows, r, *found_in) for r in by_length if r.area_type == "aggregate"]
    h.forces = [
        _line(rows, r, *found_in)
        for r in sorted(table.rates, key=lambda r: (area_name(r.force), r.start, r.end))
        if r.area_type == "force"
    ]
    h.together = table.national
    h.missing = _missing(rows, prefer, table.rates, table.unmatched)
    return h


def _missing(rows: list[Observation], prefer: Prefer, rates: list[Rate], unmatched: list[Fig]) -> list[str]:  # fmt: skip
    figs, _ = resolve(rows, prefer)
    with_num = {f.force for f in figs if f.measure == NUMERATOR}
    with_den = {f.force for f in figs if f.measure == DENOMINATOR}
    out: list[str] = []
    if not with_num:
        others = sorted({f.measure for f in figs if f.measure in OTHER_SPO_MEASURES})
        more = (
            f" It has {', '.join(others)} figures: see 'spo-stats export rates --measure "
            f"{others[0]}'."
            if others
            else ""
        )
        out.append(f"The dataset holds no count of SPOs granted ({NUMERATOR}).{more}")
    if not with_den:
        out.append(
            "The dataset holds no count of recorded stalking offences: add the Home Office police "
            "recorded crime table (or the forces' own offence counts) to the raw folder and ingest again."
        )
    no_count: dict[str, list[str]] = defaultdict(list)
    for u in sorted(unmatched, key=lambda u: (u.start, u.end)):
        dens = [f for f in figs if f.force == u.force and f.measure == DENOMINATOR]
        d = figure_for(dens, u.start, u.end)
        label = period_label(u.start, u.end)
        if d is None:
            no_count[u.force].append(label)
        else:  # a count exists, but a rate cannot be formed from it
            out.append(
                f"{area_name(u.force)}, {label}: {u.value:,} SPOs granted against {d.value:,} recorded "
                "stalking offences; no rate is given, as the offence count is zero or below the "
                "SPO count (check the source cells)."
            )
    for area in sorted(no_count, key=area_name):
        if area not in with_den:
            gap = "no count of recorded stalking offences at all"
        else:
            gap = "no count of recorded stalking offences for the same period"
        out.append(f"{area_name(area)}: SPOs granted for {', '.join(no_count[area])}, but {gap}.")
    offences_only = sorted(with_den - with_num, key=area_name)
    if with_num and offences_only:
        names = ", ".join(area_name(a) for a in offences_only[:8])
        more = f" and {len(offences_only) - 8} more" if len(offences_only) > 8 else ""
        out.append(
            f"{len(offences_only)} area(s) have recorded stalking offences but no count of SPOs "
            f"granted: {names}{more}."
        )
    return out
