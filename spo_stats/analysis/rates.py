"""SPOs per 100 recorded stalking offences: aligned periods, exact Poisson intervals, sources ranked.

Only reported counts enter a rate: suppressed, not held and refused are never counted as zero. Finer
periods are summed to a coarser one only when they cover it completely (12 months, 4 quarters),
so the Home Office table's quarters meet a force's years and an incomplete year is never summed.
Where a count's period is not made of whole pieces (20 January 2020 to 6 May 2021), the offences
are bounded by the quarters around it (estimates.py) and the rate is flagged as estimated.

Sources are ranked as a statistician would rank them: official statistics, a force's own FOI
return, a compiled dataset, a figure quoted in the news or in Parliament. Where one source holds
both counts of a rate, both come from it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from spo_stats.analysis import estimates
from spo_stats.analysis.cited import Source
from spo_stats.analysis.intervals import rate_interval, wilson
from spo_stats.analysis.releases import split_superseded
from spo_stats.areas import all_areas, area_name_and_code
from spo_stats.forces import territorial_forces
from spo_stats.measures import RATE_KEYS, RATES
from spo_stats.schema import SOURCE_TYPES
from spo_stats.understand.notes import forces_counted
from spo_stats.understand.periods import (
    calendar_year,
    financial_year,
    is_year_or_longer,
    period_label,
)

if TYPE_CHECKING:
    from spo_stats.schema import Observation

Prefer = Literal["ranked", "official", "force", "newest"]
PREFER_CHOICES: tuple[Prefer, ...] = ("ranked", "official", "force", "newest")
DEFAULT_PREFER: Prefer = "ranked"
# Strongest first. A manual entry says its own type; by default it is a figure quoted in the news.
SOURCE_ORDER = SOURCE_TYPES
# A force's rate is compared with England and Wales only where the benchmark covers most forces.
BENCHMARK_MIN_FORCES = 30
RATE_MEASURES = RATE_KEYS
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
    sources: tuple[Source, ...]
    kind: str  # source kind of the figure (home_office, foi_return, manual, or mixed)
    note: str = ""
    definition: str = ""  # "" for the measure's own definition; e.g. outcomes_incidents
    source_type: str = "quoted"  # official, force, compiled or quoted (SOURCE_ORDER)
    files: tuple[str, ...] = ()  # the source files the figure was read from
    source_date: date | None = None
    pieces: int = 1  # how many reported figures were summed into this one
    forces: int | None = None  # how many forces a figure for many counts, where its source says


@dataclass(frozen=True)
class Estimate:
    """A denominator bounded by the pieces that overlap the numerator's period (estimates.py)."""

    floor: int
    central: float
    ceiling: int
    part_pieces: int


Comparison = Literal["lower", "similar", "higher", ""]
Interim = Literal["counted", "not counted", "not said", ""]


@dataclass
class Rate:
    force: str
    area_type: str
    start: date
    end: date
    numerator_measure: str
    denominator_measure: str
    numerator: int
    denominator: int  # for an estimated rate, the central estimate rounded
    per_100: float
    ci_low: float
    ci_high: float
    approximate: bool
    numerator_sources: tuple[Source, ...]
    denominator_sources: tuple[Source, ...]
    note: str = ""
    rank: int | None = None
    of: int | None = None
    name: str = ""  # the area's name as people write it (Cleveland Police, Wales)
    ons_code: str = ""  # ONS police force area code; empty for aggregates
    numerator_note: str = ""
    denominator_note: str = ""
    numerator_forces: int | None = None  # forces each count covers, where its source says
    denominator_forces: int | None = None
    estimate: Estimate | None = None  # set where the denominator is bounded, not exact
    numerator_type: str = ""  # official, force, compiled or quoted
    denominator_type: str = ""
    same_source: bool = False  # both counts from one source file
    interim: Interim = ""  # whether interim orders are in the count of orders granted
    comparison: Comparison = ""  # against England and Wales (benchmark_per_100)
    benchmark_per_100: float | None = None
    benchmark_forces: int = 0
    denominator_definition: str = ""
    numerator_files: tuple[str, ...] = ()
    denominator_release: date | None = None  # the official table's release the offences are from

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)

    @property
    def estimated(self) -> bool:
        return self.estimate is not None

    @property
    def per_100_range(self) -> tuple[float, float] | None:
        """An estimated rate's range as the part pieces are counted in (low) or out (high)."""
        if self.estimate is None:
            return None
        return (
            100 * self.numerator / self.estimate.ceiling,
            100 * self.numerator / self.estimate.floor,
        )

    @property
    def has_interval(self) -> bool:
        """An interval describes chance in exact counts; an estimated count ("about 440,000") has none."""
        return not self.approximate

    @property
    def rank_means_something(self) -> bool:
        """Ranks are given only among exact rates of one period and definition (see _rank)."""
        return self.rank is not None and self.of is not None and self.of >= 2


@dataclass
class Conflict:
    force: str
    measure: str
    start: date
    end: date
    values: list[tuple[int, str, Source]]  # value, source kind, source
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
    # A count larger than the count it would be set against: named once, never a rate.
    inconsistent: list[Inconsistent] = field(default_factory=list)


@dataclass(frozen=True)
class Inconsistent:
    """A numerator larger than its denominator for one period: a definition or period differs."""

    numerator: Fig
    denominator: Fig
    estimated: bool = False


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
        n = str(self.inner.pieces) if self.inner.pieces > 1 else "its"
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
            about = "about " if self.outer.approximate else ""
            return (
                f"{about}{self.outer.value:,} for {period_label(self.outer.start, self.outer.end)}, but "
                f"{self.pieces} for the same period add up to {self.inner.value:,}"
            )
        return (
            f"{self.inner.value:,} for {period_label(self.inner.start, self.inner.end)} but only "
            f"{self.outer.value:,} for {period_label(self.outer.start, self.outer.end)}, a period that "
            "contains it: a longer period cannot hold fewer"
        )


def disagreements(figs: list[Fig]) -> list[Disagreement]:
    """Counts that contradict each other: a sub-period holding more than the period around it,
    a period's own count against another source's complete pieces of it summed, or a published
    figure for many forces against the official figures of its member forces summed. Counts under
    different definitions (recorded crime, outcomes incidents) are never compared."""
    out: list[Disagreement] = []
    by_key: dict[tuple[str, str, str], list[Fig]] = defaultdict(list)
    for f in figs:
        by_key[(f.force, f.measure, f.definition)].append(f)
    for (force, measure, _), group in sorted(by_key.items()):
        out += _inside_larger(force, measure, group)
        for b in group:
            others = [f for f in group if f.kind != b.kind and not f.approximate]
            parts = _tile(others, b.start, b.end)
            if parts is not None and _differs(b, whole := _summed(parts, b.start, b.end)):
                out.append(Disagreement(force, measure, whole, b))
    return out + _against_members(figs)


def _inside_larger(force: str, measure: str, group: list[Fig]) -> list[Disagreement]:
    floor = SPO_START if measure != "stalking_offences" else date.min
    out = []
    for a in group:
        for b in group:
            if a is b or (a.start, a.end) == (b.start, b.end) or a.approximate or b.approximate:
                continue
            inside = max(a.start, floor) >= max(b.start, floor) and a.end <= b.end
            if inside and a.value > b.value:
                out.append(Disagreement(force, measure, a, b))
    return out


def rounding_unit(value: int) -> int:
    """The unit a round figure was rounded to: 7,000 to the thousand, 440,000 to ten thousand."""
    unit = 1
    while value and value % (unit * 10) == 0:
        unit *= 10
    return unit


def _differs(published: Fig, official: Fig) -> bool:
    """Whether two counts disagree; an approximate one only beyond half its rounding unit."""
    if not published.approximate:
        return published.value != official.value
    return abs(published.value - official.value) > rounding_unit(published.value) / 2


def _against_members(figs: list[Fig]) -> list[Disagreement]:
    """An aggregate's published offences (Wales 2020, "about 7,000") against the official
    figures of every member force for the same period, summed; only where all members have one."""
    from_members = {a.slug: a.members for a in all_areas() if a.members}
    official = [f for f in figs if f.source_type == "official" and not f.definition]
    out = []
    for f in figs:
        members = from_members.get(f.force)
        if not members or f.measure != "stalking_offences" or f.definition:
            continue
        found = [
            figure_for(
                [o for o in official if o.force == m and o.measure == f.measure],
                f.start,
                f.end,
                "official",
            )
            for m in members
        ]
        pieces = [x for x in found if x is not None]
        if len(pieces) != len(members):
            continue
        whole = replace(
            _summed(pieces, f.start, f.end),
            force=f.force,
            area_type=f.area_type,
            pieces=sum(p.pieces for p in pieces),
        )
        if _differs(f, whole):
            out.append(Disagreement(f.force, f.measure, whole, f))
    return out


def source_of(row: Observation) -> str:
    """A row's source in one line (Source.text)."""
    return Source.of(row).text


def _strength(source_type: str) -> int:
    return SOURCE_ORDER.index(source_type) if source_type in SOURCE_ORDER else len(SOURCE_ORDER)


def preference(prefer: Prefer, source_type: str, source_date: date | None) -> tuple[int, int, int]:
    """Sort key, best first: what --prefer puts first, then newest (for newest), then strength."""
    strength = _strength(source_type)
    first = {
        "ranked": strength,
        "official": 0 if source_type == "official" else 1,
        "force": 0 if source_type == "force" else 1,
        "newest": 0,
    }[prefer]
    newest = -source_date.toordinal() if prefer == "newest" and source_date else 0
    undated = 1 if prefer == "newest" and source_date is None else 0
    return first, undated * 10**7 + newest, strength


def _fig(row: Observation, definition: str) -> Fig:
    return Fig(
        row.force,
        row.area_type,
        row.measure,
        row.period_start,
        row.period_end,
        row.count,
        bool(row.approximate),
        (Source.of(row),),
        row.source_kind,
        row.note or "",
        definition,
        row.source_type,
        (row.source_file,),
        row.source_date,
        forces=forces_counted(row.note),
    )


def _reported_groups(
    rows: list[Observation],
) -> dict[tuple[str, str, date, date, str], list[Observation]]:
    # Counts under different definitions (recorded crime, outcomes incidents) never conflict.
    groups: dict[tuple[str, str, date, date, str], list[Observation]] = defaultdict(list)
    for row in rows:
        if row.status != "reported" or row.value is None:
            continue
        key = (row.force, row.measure, row.period_start, row.period_end)
        groups[(*key, row.definition or "")].append(row)
    return groups


def every_fig(rows: list[Observation]) -> list[Fig]:
    """Every reported figure, none chosen over another: for pairing counts from one source."""
    return [_fig(r, d) for (*_, d), group in _reported_groups(rows).items() for r in group]


def resolve(
    rows: list[Observation], prefer: Prefer = DEFAULT_PREFER
) -> tuple[list[Fig], list[Conflict]]:
    """One figure per area, measure and period; different values from different sources are listed."""
    figs: list[Fig] = []
    conflicts: list[Conflict] = []
    for (force, measure, start, end, definition), group in _reported_groups(rows).items():
        # An older release of an official table is superseded, not in conflict (releases.py).
        group, _ = split_superseded(group)
        group.sort(
            key=lambda r: (
                preference(prefer, r.source_type, r.source_date),
                r.source_file,
                r.source_cell,
            )
        )
        chosen = group[0]
        if len({r.count for r in group}) > 1:
            conflicts.append(
                Conflict(
                    force,
                    measure,
                    start,
                    end,
                    [(r.count, r.source_kind, Source.of(r)) for r in group],
                    chosen.count,
                )
            )
        figs.append(_fig(chosen, definition))
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


def figure_for(
    figs: list[Fig], start: date, end: date, prefer: Prefer = DEFAULT_PREFER
) -> Fig | None:
    """The figure for exactly start..end: given, or summed from complete finer periods.

    Each source type's own pieces are summed apart (the Home Office table's quarters, not a news
    report's Apr-Dec 2020 patched into them), and the candidates are ranked as --prefer says: a
    given figure and a sum from one source type are equals, so the stronger source wins.
    """
    candidates = [f for f in figs if f.start == start and f.end == end]
    for source_type in SOURCE_ORDER:
        parts = _tile([f for f in figs if f.source_type == source_type], start, end)
        if parts is not None:
            candidates.append(_summed(parts, start, end))
    if not candidates:
        parts = _tile(figs, start, end)
        return None if parts is None else _summed(parts, start, end)
    return min(
        enumerate(candidates),
        key=lambda ic: (preference(prefer, ic[1].source_type, ic[1].source_date), ic[0]),
    )[1]


def _summed(parts: list[Fig], start: date, end: date) -> Fig:
    """One figure for start..end from pieces that cover it end to end."""
    first = parts[0]
    kinds = {p.kind for p in parts}
    weakest = max((p.source_type for p in parts), key=_strength)
    dates = [p.source_date for p in parts if p.source_date is not None]
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
        weakest,
        tuple(dict.fromkeys(f for p in parts for f in p.files)),
        min(dates) if len(dates) == len(parts) else None,
        sum(p.pieces for p in parts),
    )


OUTCOMES_NOTE = "stalking incidents from Home Office outcomes data, not recorded crime (8Q)"


def _window_start(start: date, den_m: str) -> date:
    """Offences from 1 January 2020 for an SPO count from 20 January 2020 (see SPO_START)."""
    return SPO_MONTH_START if start == SPO_START and den_m == "stalking_offences" else start


@dataclass(frozen=True)
class _Denominator:
    fig: Fig
    estimate: Estimate | None = None
    same_source: bool = False


def _own(every: list[Fig], n: Fig) -> list[Fig]:
    """Figures read from the same files as the numerator: one source holding both counts."""
    files = set(n.files)
    return [f for f in every if f.files and set(f.files) <= files]


def _definitions(figs: list[Fig]) -> list[str]:
    """The definitions among figs, the measure's own (recorded crime) first."""
    return sorted({f.definition for f in figs}, key=lambda d: (d != "", d))


def _pools(dens: list[Fig], own: list[Fig], prefer: Prefer) -> list[tuple[list[Fig], bool]]:
    """Where to look for a denominator, in order, each with whether it is the numerator's own
    source: recorded crime before any other definition; within one, under the default ranking,
    the numerator's own source first, then source types strongest first (or as --prefer says)."""
    out: list[tuple[list[Fig], bool]] = []
    types = sorted({f.source_type for f in dens}, key=lambda t: preference(prefer, t, None))
    for definition in _definitions([*dens, *own]):
        same = [f for f in dens if f.definition == definition]
        if prefer == "newest":  # dates decide across every source (figure_for), not types
            out.append((same, False))
            continue
        if prefer == "ranked":
            out.append(([f for f in own if f.definition == definition], True))
        out += [([f for f in same if f.source_type == t], False) for t in types]
    return [(pool, is_own) for pool, is_own in out if pool]


def _exact(
    dens: list[Fig], own: list[Fig], start: date, end: date, prefer: Prefer
) -> _Denominator | None:
    """The denominator for exactly start..end, given or summed from complete pieces."""
    own_files = {f for x in own for f in x.files}
    for pool, is_own in _pools(dens, own, prefer):
        if (d := figure_for(pool, start, end, prefer)) is not None:
            return _Denominator(d, same_source=is_own or bool(set(d.files) & own_files))
    return None


def _estimated(
    dens: list[Fig], own: list[Fig], start: date, end: date, prefer: Prefer
) -> _Denominator | None:
    """Bounds from one source's pieces around start..end, by the same precedence as exact ones."""
    for pool, is_own in _pools(dens, own, prefer):
        found = estimates.bounds(pool, start, end)
        if found is None:
            continue
        pieces, b = found
        fig = _summed(pieces, start, end)
        note = f"offences estimated from {len(pieces)} periods, {b.part_pieces} of them in part"
        fig = replace(fig, value=round(b.central), note=note)
        est = Estimate(b.floor, b.central, b.ceiling, b.part_pieces)
        return _Denominator(fig, est, same_source=is_own)
    return None


def compute(
    rows: list[Observation], measure: str = "spo_granted", prefer: Prefer = DEFAULT_PREFER
) -> RateTable:
    """Rates for every area and period where both figures are known or bounded."""
    if measure not in RATE_MEASURES:
        raise ValueError(f"unknown measure {measure!r}")
    num_m, den_m = RATES[measure].numerator, RATES[measure].denominator
    figs, conflicts = resolve(rows, prefer)
    every = every_fig(rows)
    table = RateTable(num_m, den_m, conflicts=[c for c in conflicts if c.measure in (num_m, den_m)])
    table.disagreements = [d for d in disagreements(figs) if d.measure in (num_m, den_m)]
    by_area: dict[str, dict[str, list[Fig]]] = defaultdict(lambda: defaultdict(list))
    for f in figs:
        by_area[f.force][f.measure].append(f)
    every_by_area: dict[str, list[Fig]] = defaultdict(list)
    for f in every:
        every_by_area[f.force].append(f)
    for area, measures in sorted(by_area.items()):
        _area_rates(table, area, measures, every_by_area[area], prefer)
    _compare(table)
    _rank(table)
    table.national = _national(table.rates, den_m)
    return table


def _area_rates(
    table: RateTable,
    area: str,
    measures: dict[str, list[Fig]],
    every: list[Fig],
    prefer: Prefer,
) -> None:
    num_m, den_m = table.numerator_measure, table.denominator_measure
    nums, dens = measures.get(num_m, []), measures.get(den_m, [])
    given = {(f.start, f.end) for f in nums}
    # Years are candidates too, so months or quarters on both sides still give a yearly rate.
    periods = sorted({(f.start, f.end) for f in dens} | given | _year_candidates([*nums, *dens]))
    every_den = [f for f in every if f.measure == den_m]
    handled: set[tuple[date, date]] = set()
    for start, end in periods:
        n = figure_for(nums, start, end, prefer)
        if n is None:
            continue
        own = _own(every_den, n)
        window = _window_start(start, den_m)
        d = _exact(dens, own, start, end, prefer)
        if d is None and window != start:
            d = _exact(dens, own, window, end, prefer)
        if d is None and (start, end) in given and den_m == "stalking_offences":
            d = _estimated(dens, own, window, end, prefer)
        if d is None or d.fig.value <= 0:
            continue
        handled.add((start, end))
        if n.value > (d.estimate.floor if d.estimate else d.fig.value):
            table.inconsistent.append(Inconsistent(n, d.fig, d.estimate is not None))
            continue
        table.rates.append(_rate(table, area, start, end, n, d, every, prefer))
    table.unmatched += [f for f in nums if (f.start, f.end) not in handled]


def _interim(n: Fig, every: list[Fig]) -> Interim:
    """Whether a count of orders granted holds interim orders, as far as its source says."""
    if n.measure == "all_spo_granted":
        return "counted"
    if n.measure != "spo_granted":
        return ""
    files = set(n.files)
    separate = any(
        f.measure == "interim_spo_granted"
        and set(f.files) & files
        and f.start <= n.end
        and f.end >= n.start
        for f in every
    )
    return "not counted" if separate else "not said"


def _rate(
    table: RateTable,
    area: str,
    start: date,
    end: date,
    n: Fig,
    d: _Denominator,
    every: list[Fig],
    prefer: Prefer,
) -> Rate:
    den = d.fig
    central = d.estimate.central if d.estimate else float(den.value)
    lo, hi = _interval(table.denominator_measure, n.value, central)
    if d.estimate is not None:  # chance and the part pieces together: the widest honest range
        lo, hi = lo * central / d.estimate.ceiling, hi * central / d.estimate.floor
    by_key = {(c.force, c.measure, c.start, c.end): c for c in table.conflicts}
    disagree = [
        conflict_words(c, prefer)
        for f in (n, den)
        if (c := by_key.get((f.force, f.measure, f.start, f.end))) is not None
    ]
    outcomes = OUTCOMES_NOTE if den.definition == "outcomes_incidents" else ""
    month_start = SPO_START_NOTE if den.start != start else ""
    rule = _rule_change_note(den, table.denominator_measure)
    notes = "; ".join(x for x in (n.note, den.note, month_start, rule, outcomes, *disagree) if x)
    name, code = area_name_and_code(area)
    return Rate(
        area,
        n.area_type,
        start,
        end,
        n.measure,
        table.denominator_measure,
        n.value,
        den.value,
        100 * n.value / central,
        lo,
        hi,
        n.approximate or den.approximate,
        n.sources,
        den.sources,
        notes,
        name=name or area,
        ons_code=code,
        numerator_note=n.note,
        denominator_note=den.note,
        numerator_forces=n.forces,
        denominator_forces=den.forces,
        estimate=d.estimate,
        numerator_type=n.source_type,
        denominator_type=den.source_type,
        same_source=d.same_source,
        interim=_interim(n, every),
        denominator_definition=den.definition,
        numerator_files=n.files,
        denominator_release=den.source_date if den.source_type == "official" else None,
    )


def conflict_words(c: Conflict, prefer: Prefer) -> str:
    """Both (or all) figures of a conflict and their sources, and which one was used and why."""
    given = "; ".join(f"{v:,} ({source.text})" for v, _, source in c.values)
    why = {
        "ranked": "the strongest source (official statistics, then the force's own return, then "
        "a compiled table, then a figure quoted in the news)",
        "official": "the Home Office figure, as asked",
        "force": "the force's own figure, as asked",
        "newest": "the newest source, as asked",
    }[prefer]
    return f"sources disagree on {c.measure}: {given}; used {c.chosen:,}, {why}"


def _rule_change_note(d: Fig, den_m: str) -> str:
    if den_m != "stalking_offences":
        return ""
    starts = SPO_MONTH_START if d.start == SPO_START else d.start
    return RULE_CHANGE_NOTE if starts < RULE_CHANGE <= d.end else ""


def _year_candidates(figs: list[Fig]) -> set[tuple[date, date]]:
    """Calendar and financial years touched by finer figures."""
    out: set[tuple[date, date]] = set()
    for f in figs:
        if is_year_or_longer(f.start, f.end):
            continue
        for y in range(f.start.year - 1, f.end.year + 1):
            for p in (calendar_year(y), financial_year(y)):
                out.add((p.start, p.end))
    return out


def competition_ranks(values: list[float], tolerance: float = 0.0) -> list[int]:
    """1 for the largest; equal values (within tolerance) share a rank and the next skips (1, 2, 2, 4)."""
    return [1 + sum(1 for w in values if w > v + tolerance) for v in values]


def _rank(table: RateTable) -> None:
    """Ranks only among forces with an exact rate for exactly the same period and definitions.

    An estimated or approximate rate is never ranked: its place would depend on how its part
    periods are counted. Nor are counts with interim orders ranked beside counts without.
    """
    by_group: dict[tuple[date, date, str, str, str], list[Rate]] = defaultdict(list)
    for r in table.rates:
        if r.area_type == "force" and not r.estimated and not r.approximate:
            key = (r.start, r.end, r.denominator_definition, r.interim, r.numerator_measure)
            by_group[key].append(r)
    for group in by_group.values():
        group.sort(key=lambda r: -r.per_100)
        # Equal rates share a place (5 of 6 and 5 of 6 are both first, not first and second).
        ranks = competition_ranks([r.per_100 for r in group], tolerance=1e-9)
        for r, rank in zip(group, ranks, strict=True):
            r.rank = rank
            r.of = len(group)


def _compare(table: RateTable) -> None:
    """Each force against England and Wales: lower, similar or higher, as public-health profiles say.

    The benchmark is the rate of the territorial forces together, for one exact period, or for one
    compiled table whose forces each have their own period (the BBC's 2021 table); only a
    benchmark covering BENCHMARK_MIN_FORCES forces stands for England and Wales. A force is
    higher (lower) where its whole interval lies above (below) the benchmark.
    """
    territorial = {f.slug for f in territorial_forces()}
    groups: dict[tuple[str | date, ...], list[Rate]] = defaultdict(list)
    for r in table.rates:
        if r.area_type != "force" or r.force not in territorial or r.approximate:
            continue
        if r.estimated:
            key: tuple[str | date, ...] = ("table", _first_file(r), r.numerator_measure)
        else:
            key = ("period", r.start, r.end, r.numerator_measure)
        key = (*key, r.denominator_definition, r.interim)
        groups[key].append(r)
    for group in groups.values():
        if len(group) < BENCHMARK_MIN_FORCES:
            continue
        central = sum(r.numerator for r in group) / sum(
            r.estimate.central if r.estimate else r.denominator for r in group
        )
        bench = 100 * central
        for r in group:
            r.benchmark_per_100 = bench
            r.benchmark_forces = len(group)
            r.comparison = (
                "higher" if r.ci_low > bench else "lower" if r.ci_high < bench else "similar"
            )


def _first_file(r: Rate) -> str:
    return r.numerator_files[0] if r.numerator_files else ""


def _national(rates: list[Rate], den_m: str) -> list[National]:
    """Sums over the forces with an exact rate for a period, with that coverage stated."""
    territorial = {f.slug for f in territorial_forces()}
    by_period: dict[tuple[date, date], list[Rate]] = defaultdict(list)
    for r in rates:
        if r.area_type == "force" and r.force in territorial and not r.estimated:
            by_period[(r.start, r.end)].append(r)
    out = []
    for (start, end), group in sorted(by_period.items()):
        x, n = sum(r.numerator for r in group), sum(r.denominator for r in group)
        lo, hi = _interval(den_m, x, n)
        out.append(National(start, end, x, n, 100 * x / n, lo, hi, len(group)))
    return out


def _interval(den_m: str, x: int, n: float) -> tuple[float, float]:
    """Per 100: exact Poisson for a count over offences, Wilson for granted of applications."""
    if den_m == "spo_applications":
        lo, hi = wilson(x, round(n))
        return 100 * lo, 100 * hi
    return rate_interval(x, n)


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
