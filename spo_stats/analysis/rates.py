"""SPOs per 100 recorded stalking offences: aligned periods, Wilson intervals, coverage, conflicts.

Only reported counts enter a rate: suppressed, not held and refused are never counted as zero. Finer
periods are summed to a coarser one only when they cover it completely (12 months, 4 quarters),
so the Home Office table's quarters meet a force's years and an incomplete year is never summed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from spo_stats.analysis.releases import split_superseded
from spo_stats.areas import area_name_and_code
from spo_stats.forces import territorial_forces
from spo_stats.understand.periods import calendar_year, financial_year, period_label

Prefer = Literal["force", "official", "newest"]
PREFER_CHOICES: tuple[Prefer, ...] = ("force", "official", "newest")
Z95 = 1.959963984540054
RATE_MEASURES = (
    "spo_granted",
    "interim_spo_granted",
    "all_spo_granted",
    "spo_applications",
    "interim_spo_applications",
    "spo_breaches",
    "grant_ratio",
)
TERRITORIAL = 43
# SPOs came into force on 20 January 2020, so a count of orders from that day is the count of
# orders from 1 January 2020, and may be set against offences from 1 January 2020.
SPO_START = date(2020, 1, 20)
SPO_MONTH_START = date(2020, 1, 1)
SPO_START_NOTE = (
    "offences counted from 1 January 2020: SPOs came into force on 20 January 2020, so the "
    "orders from that day are all the orders since 1 January"
)
# The April 2020 counting-rule change: stalking counts from 2020/21 on are not comparable with
# earlier ones.
RULE_CHANGE = date(2020, 4, 1)
RULE_CHANGE_NOTE = (
    "the offence count crosses the April 2020 counting-rule change: offences before April 2020 "
    "were counted under the earlier rules"
)


@dataclass(frozen=True)
class Fig:
    """A reported figure, or a sum of complete finer ones, with where it came from."""

    force: str
    area_type: str
    measure: str
    start: date
    end: date
    value: int
    approximate: bool
    sources: tuple[str, ...]
    kind: str  # source kind of the figure (home_office, foi_return, manual, or mixed)
    note: str = ""
    definition: str = ""  # "" for the measure's own definition; e.g. outcomes_incidents


@dataclass
class Rate:
    force: str
    area_type: str
    start: date
    end: date
    numerator_measure: str
    denominator_measure: str
    numerator: int
    denominator: int
    per_100: float
    ci_low: float
    ci_high: float
    approximate: bool
    numerator_sources: tuple[str, ...]
    denominator_sources: tuple[str, ...]
    note: str = ""
    rank: int | None = None
    of: int | None = None
    name: str = ""  # the area's name as people write it (Cleveland Police, Wales)
    ons_code: str = ""  # ONS police force area code; empty for aggregates
    # The places the rate could hold given every interval in its group: 1 = highest rate.
    rank_best: int | None = None
    rank_worst: int | None = None
    numerator_note: str = ""
    denominator_note: str = ""

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)

    @property
    def has_interval(self) -> bool:
        """An interval describes chance in exact counts; an estimated count ("about 440,000") has none."""
        return not self.approximate

    @property
    def rank_means_something(self) -> bool:
        """False where the intervals overlap so much that the rate could hold most places in its group."""
        if self.rank is None or self.of is None or self.of < 2 or not self.has_interval:
            return False
        best, worst = self.rank_best or self.rank, self.rank_worst or self.rank
        return (worst - best + 1) <= max(1, self.of // 2)


@dataclass
class Conflict:
    force: str
    measure: str
    start: date
    end: date
    values: list[tuple[int, str, str]]  # value, source kind, source
    chosen: int


@dataclass
class National:
    start: date
    end: date
    numerator: int
    denominator: int
    per_100: float
    ci_low: float
    ci_high: float
    forces: int
    of: int = TERRITORIAL

    @property
    def coverage(self) -> str:
        return f"{self.forces} of {self.of} forces"

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)


@dataclass
class RateTable:
    numerator_measure: str
    denominator_measure: str
    rates: list[Rate] = field(default_factory=list)
    national: list[National] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    unmatched: list[Fig] = field(default_factory=list)  # numerators with no denominator
    disagreements: list[Disagreement] = field(default_factory=list)


@dataclass(frozen=True)
class Disagreement:
    """Two figures of one area and measure that cannot both be right: a period inside another
    (counting from when SPOs began) with a larger count than the longer period."""

    force: str
    measure: str
    inner: Fig
    outer: Fig

    @property
    def pieces(self) -> str:
        """The summed figures in words: "the Home Office table's 4 quarters"."""
        n = self.inner.note.split()[2] if self.inner.note.startswith("sum of ") else "its"
        who = {
            "home_office": "the Home Office table's",
            "manual": "published",
            "foi_return": "a return's",
        }
        return f"{who.get(self.inner.kind, 'another source')} {n} figures"

    @property
    def summed(self) -> bool:
        """Whether the inner figure is another source's pieces of the same period, summed."""
        return (self.inner.start, self.inner.end) == (self.outer.start, self.outer.end)

    @property
    def reason(self) -> str:
        if self.summed:
            return (
                f"{self.outer.value:,} for {period_label(self.outer.start, self.outer.end)}, but "
                f"{self.pieces} for the same period add up to {self.inner.value:,}"
            )
        return (
            f"{self.inner.value:,} for {period_label(self.inner.start, self.inner.end)} but only "
            f"{self.outer.value:,} for {period_label(self.outer.start, self.outer.end)}, a period that "
            "contains it: a longer period cannot hold fewer"
        )


def disagreements(figs: list[Fig]) -> list[Disagreement]:
    """Counts that contradict each other: a sub-period holding more than the period around it,
    or a period's own count against another source's complete pieces of it summed. Counts under
    different definitions (recorded crime, outcomes incidents) are never compared."""
    out: list[Disagreement] = []
    by_key: dict[tuple[str, str, str], list[Fig]] = defaultdict(list)
    for f in figs:
        by_key[(f.force, f.measure, f.definition)].append(f)
    for (force, measure, _), group in sorted(by_key.items()):
        floor = SPO_START if measure != "stalking_offences" else date.min
        for a in group:
            for b in group:
                if a is b or (a.start, a.end) == (b.start, b.end) or a.approximate or b.approximate:
                    continue
                inside = max(a.start, floor) >= max(b.start, floor) and a.end <= b.end
                if inside and a.value > b.value:
                    out.append(Disagreement(force, measure, a, b))
        for b in group:
            others = [f for f in group if f.kind != b.kind and not f.approximate]
            parts = _tile(others, b.start, b.end)
            if parts is not None and not b.approximate:
                whole = _summed(parts, b.start, b.end)
                if whole.value != b.value:
                    out.append(Disagreement(force, measure, whole, b))
    return out


def wilson(x: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion x/n, as proportions."""
    if n <= 0:
        raise ValueError("the denominator must be positive")
    if not 0 <= x <= n:
        raise ValueError(f"{x} is not between 0 and {n}")
    p = x / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # At x = 0 or x = n the bound is exactly 0 or 1; rounding must not move it off.
    lo = 0.0 if x == 0 else max(0.0, centre - half)
    hi = 1.0 if x == n else min(1.0, centre + half)
    return lo, hi


_RELEASE = "release of "


def source_of(row: dict[str, Any]) -> str:
    released = row.get("source_date")
    release = (
        f", {_RELEASE}{released}" if released and row.get("source_kind") == "home_office" else ""
    )
    if row.get("source_url") or row.get("source_kind") == "manual":
        cite = ", ".join(str(x) for x in (row.get("source"), row.get("source_url")) if x)
        return f"{cite} ({row['source_file']} {row['source_cell']}{release})"
    return f"{row['source_file']} sheet {row['source_sheet']!r} cell {row['source_cell']}{release}"


def release_dates(sources: Iterable[str]) -> list[date]:
    """The Home Office release dates source_of wrote into these citations, oldest first."""
    return sorted({date.fromisoformat(s.split(_RELEASE)[1][:10]) for s in sources if _RELEASE in s})


def resolve(rows: list[dict[str, Any]], prefer: Prefer) -> tuple[list[Fig], list[Conflict]]:
    """One figure per area, measure and period; different values from different sources are listed."""
    # Counts under different definitions (recorded crime, outcomes incidents) never conflict.
    groups: dict[tuple[str, str, date, date, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["status"] != "reported" or row["value"] is None:
            continue
        key = (row["force"], row["measure"], row["period_start"], row["period_end"])
        groups[(*key, row.get("definition") or "")].append(row)
    figs: list[Fig] = []
    conflicts: list[Conflict] = []
    for (force, measure, start, end, definition), group in groups.items():

        def rank(r: dict[str, Any]) -> int:
            if prefer == "newest":
                return 0  # by date alone (below); sources without a date of their own come last
            official = r["source_kind"] == "home_office"
            return 0 if official == (prefer == "official") else 1

        def newest_first(r: dict[str, Any]) -> int:
            released = r.get("source_date")
            return -released.toordinal() if released else 1

        # An older release of an official table is superseded, not in conflict (releases.py).
        group, _ = split_superseded(group)
        group.sort(key=lambda r: (rank(r), newest_first(r), r["source_file"], r["source_cell"]))
        chosen = group[0]
        if len({int(r["value"]) for r in group}) > 1:
            conflicts.append(
                Conflict(
                    force,
                    measure,
                    start,
                    end,
                    [(int(r["value"]), r["source_kind"], source_of(r)) for r in group],
                    int(chosen["value"]),
                )
            )
        figs.append(
            Fig(
                force,
                chosen["area_type"],
                measure,
                start,
                end,
                int(chosen["value"]),
                bool(chosen["approximate"]),
                (source_of(chosen),),
                chosen["source_kind"],
                chosen.get("note") or "",
                definition,
            )
        )
    return figs, conflicts


def _tile(candidates: list[Fig], start: date, end: date) -> list[Fig] | None:
    """Finer figures that exactly cover start..end, end to end with no gap, or None."""
    by_start: dict[date, list[Fig]] = defaultdict(list)
    for f in candidates:
        if f.start >= start and f.end <= end:
            by_start[f.start].append(f)
    chosen: list[Fig] = []
    cursor = start
    while cursor <= end:
        options = by_start.get(cursor)
        if not options:
            return None
        best = max(options, key=lambda f: f.end)  # quarters before months: fewer, larger pieces
        chosen.append(best)
        cursor = best.end + timedelta(days=1)
    return chosen if len(chosen) > 1 and cursor == end + timedelta(days=1) else None


def figure_for(figs: list[Fig], start: date, end: date, prefer: Prefer = "force") -> Fig | None:
    """The figure for exactly start..end: given, or summed from complete finer periods.

    Under --prefer official, the Home Office table's quarters summed win over another source's
    figure for the whole period, as its own figure for that exact period would.
    """
    direct = next((f for f in figs if f.start == start and f.end == end), None)
    if prefer == "official" and (direct is None or direct.kind != "home_office"):
        official = _tile([f for f in figs if f.kind == "home_office"], start, end)
        if official is not None:
            return _summed(official, start, end)
    if direct is not None:
        return direct
    # Sum one source's pieces where one source covers the period (the Home Office table's
    # quarters, not a news report's Apr-Dec 2020 patched into them); mix sources only otherwise.
    parts = None
    for kind in ("home_office", "foi_return", "manual"):
        parts = _tile([f for f in figs if f.kind == kind], start, end)
        if parts is not None:
            break
    parts = parts or _tile(figs, start, end)
    if parts is None:
        return None
    return _summed(parts, start, end)


def _summed(parts: list[Fig], start: date, end: date) -> Fig:
    """One figure for start..end from pieces that cover it end to end."""
    first = parts[0]
    kinds = {p.kind for p in parts}
    return Fig(
        first.force,
        first.area_type,
        first.measure,
        start,
        end,
        sum(p.value for p in parts),
        any(p.approximate for p in parts),
        tuple(s for p in parts for s in p.sources),
        kinds.pop() if len(kinds) == 1 else "mixed",
        f"sum of {len(parts)} complete periods",
        first.definition,
    )


OUTCOMES_NOTE = "stalking incidents from Home Office outcomes data, not recorded crime (8Q)"


def _denominator(dens: list[Fig], start: date, end: date, prefer: Prefer = "force") -> Fig | None:
    """Recorded crime first; a count under another definition only where there is none, never mixed."""
    by_definition: dict[str, list[Fig]] = defaultdict(list)
    for f in dens:
        by_definition[f.definition].append(f)
    for definition in sorted(by_definition, key=lambda d: (d != "", d)):
        if (fig := figure_for(by_definition[definition], start, end, prefer)) is not None:
            return fig
    return None


def compute(
    rows: list[dict[str, Any]], measure: str = "spo_granted", prefer: Prefer = "force"
) -> RateTable:
    """Rates for every area and period where both figures are known."""
    if measure not in RATE_MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    num_m, den_m = (
        ("spo_granted", "spo_applications")
        if measure == "grant_ratio"
        else (measure, "stalking_offences")
    )
    figs, conflicts = resolve(rows, prefer)
    table = RateTable(num_m, den_m, conflicts=[c for c in conflicts if c.measure in (num_m, den_m)])
    table.disagreements = [d for d in disagreements(figs) if d.measure in (num_m, den_m)]
    by_key = {(c.force, c.measure, c.start, c.end): c for c in table.conflicts}
    by_area: dict[str, dict[str, list[Fig]]] = defaultdict(lambda: defaultdict(list))
    for f in figs:
        by_area[f.force][f.measure].append(f)
    for area, measures in sorted(by_area.items()):
        nums, dens = measures.get(num_m, []), measures.get(den_m, [])
        given = {(f.start, f.end) for f in [*nums, *dens]}
        # Years are candidates too, so months or quarters on both sides still give a yearly rate.
        periods = sorted(given | _year_candidates([*nums, *dens]))
        matched: set[tuple[date, date]] = set()
        for start, end in periods:
            n = figure_for(nums, start, end, prefer)
            d = _denominator(dens, start, end, prefer)
            d = d or _from_month_start(dens, start, end, den_m)
            if n is None or d is None or d.value <= 0 or n.value > d.value:
                continue
            lo, hi = wilson(n.value, d.value)
            outcomes = OUTCOMES_NOTE if d.definition == "outcomes_incidents" else ""
            disagree = [
                conflict_words(c, prefer)
                for f in (n, d)
                if (c := by_key.get((f.force, f.measure, f.start, f.end))) is not None
            ]
            notes = "; ".join(
                x for x in (n.note, d.note, _rule_change_note(d, den_m), outcomes, *disagree) if x
            )
            name, code = area_name_and_code(area)
            table.rates.append(
                Rate(
                    area,
                    n.area_type,
                    start,
                    end,
                    num_m,
                    den_m,
                    n.value,
                    d.value,
                    100 * n.value / d.value,
                    100 * lo,
                    100 * hi,
                    n.approximate or d.approximate,
                    n.sources,
                    d.sources,
                    notes,
                    name=name or area,
                    ons_code=code,
                    numerator_note=n.note,
                    denominator_note=d.note,
                )
            )
            matched.add((start, end))
        table.unmatched += [f for f in nums if (f.start, f.end) not in matched]
    _rank(table)
    table.national = _national(table.rates, num_m)
    return table


def conflict_words(c: Conflict, prefer: Prefer) -> str:
    """Both (or all) figures of a conflict and their sources, and which one was used and why."""
    given = "; ".join(f"{v:,} ({source})" for v, _, source in c.values)
    why = {
        "force": "the force's own figure (--prefer force)",
        "official": "the Home Office figure (--prefer official)",
        "newest": "the newest source (--prefer newest)",
    }[prefer]
    return f"sources disagree on {c.measure}: {given}; used {c.chosen:,}, {why}"


def _from_month_start(dens: list[Fig], start: date, end: date, den_m: str) -> Fig | None:
    """Offences from 1 January 2020 for an SPO count from 20 January 2020 (see SPO_START)."""
    if start != SPO_START or den_m != "stalking_offences":
        return None
    d = figure_for(dens, SPO_MONTH_START, end)
    if d is None:
        return None
    note = "; ".join(x for x in (d.note, SPO_START_NOTE) if x)
    return Fig(
        d.force, d.area_type, d.measure, start, end, d.value, d.approximate, d.sources, d.kind, note
    )


def _rule_change_note(d: Fig, den_m: str) -> str:
    if den_m != "stalking_offences":
        return ""
    starts = SPO_MONTH_START if d.start == SPO_START else d.start
    return RULE_CHANGE_NOTE if starts < RULE_CHANGE <= d.end else ""


def _year_candidates(figs: list[Fig]) -> set[tuple[date, date]]:
    """Calendar and financial years touched by finer figures."""
    out: set[tuple[date, date]] = set()
    for f in figs:
        if (f.end - f.start).days >= 360:
            continue
        for y in range(f.start.year - 1, f.end.year + 1):
            for p in (calendar_year(y), financial_year(y)):
                out.add((p.start, p.end))
    return out


def competition_ranks(values: list[float], tolerance: float = 0.0) -> list[int]:
    """1 for the largest; equal values (within tolerance) share a rank and the next skips (1, 2, 2, 4)."""
    return [1 + sum(1 for w in values if w > v + tolerance) for v in values]


def _rank(table: RateTable) -> None:
    """Ranks only among forces with a rate for exactly the same period (one measure per table)."""
    by_period: dict[tuple[date, date], list[Rate]] = defaultdict(list)
    for r in table.rates:
        if r.area_type == "force":
            by_period[(r.start, r.end)].append(r)
    for group in by_period.values():
        group.sort(key=lambda r: -r.per_100)
        # Equal rates share a place (5 of 6 and 5 of 6 are both first, not first and second).
        ranks = competition_ranks([r.per_100 for r in group], tolerance=1e-9)
        for r, rank in zip(group, ranks, strict=True):
            r.rank = rank
            r.of = len(group)
            # Best place: one below every force whose whole interval lies above this one's.
            r.rank_best = 1 + sum(1 for o in group if o is not r and o.ci_low > r.ci_high)
            r.rank_worst = len(group) - sum(1 for o in group if o is not r and o.ci_high < r.ci_low)


def _national(rates: list[Rate], measure: str) -> list[National]:
    """Sums over the forces with both figures for a period, with that coverage stated."""
    territorial = {f.slug for f in territorial_forces()}
    by_period: dict[tuple[date, date], list[Rate]] = defaultdict(list)
    for r in rates:
        if r.area_type == "force" and r.force in territorial:
            by_period[(r.start, r.end)].append(r)
    out = []
    for (start, end), group in sorted(by_period.items()):
        x, n = sum(r.numerator for r in group), sum(r.denominator for r in group)
        lo, hi = wilson(x, n)
        out.append(National(start, end, x, n, 100 * x / n, 100 * lo, 100 * hi, len(group)))
    return out


def member_sums(
    figs: list[Fig], members: tuple[str, ...], measure: str, start: date, end: date
) -> tuple[int, int] | None:
    """The sum of an aggregate's member forces for one measure and period: (total, forces with a figure)."""
    total, count = 0, 0
    for m in members:
        f = figure_for([x for x in figs if x.force == m and x.measure == measure], start, end)
        if f is not None:
            total += f.value
            count += 1
    return (total, count) if count else None
