"""Rates per resident: recorded stalking per 1,000 residents and SPOs per 100,000.

"Taking population size into account" is a claim made of forces in every briefing; this makes it
one computation with its sources. Rules:

- a count (given, or summed from complete finer periods, as for SPO rates) is set against the ONS
  estimate whose reference date (30 June) falls inside its period, so only periods of one year
  (365 or 366 days) get a rate: shorter ones are not a year's rate, longer ones hold several
  estimates;
- the newest ONS edition is used (population.csv marks older ones superseded);
- British Transport Police has no resident population and gets no rate; aggregates (England and
  Wales, Wales) get one from ONS's own total for them, never from a sum of forces;
- forces are ranked only against forces with a rate for exactly the same period; rates equal at
  three significant figures (as shown) share a rank, and rates within 1% of each other are called a near tie, because a
  population revision alone moves a rate that much;
- stalking counts from 2020/21 on follow the April 2020 counting-rule change and are not
  comparable with earlier years: every row before or across it says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from spo_stats.analysis.cited import Source
from spo_stats.analysis.rates import (
    RULE_CHANGE,
    Fig,
    Prefer,
    competition_ranks,
    figure_for,
    resolve,
)
from spo_stats.areas import area_name_and_code
from spo_stats.forces import territorial_forces
from spo_stats.measures import MEASURE_LIST
from spo_stats.understand.periods import (
    calendar_year,
    financial_year,
    is_one_year_long,
    period_label,
)

PER: dict[str, int] = {m.slug: m.per_residents for m in MEASURE_LIST}
NEAR_TIE = 0.01  # relative difference under which two rates are too close to rank apart
BEFORE_RULE_CHANGE = (
    "counted before the April 2020 counting-rule change: not comparable with 2020/21 and later"
)
ACROSS_RULE_CHANGE = (
    "crosses the April 2020 counting-rule change: part counted under the earlier rules"
)

if TYPE_CHECKING:
    from spo_stats.schema import Observation, PopulationFigure
NO_POPULATION = {"british-transport": "British Transport Police has no resident population."}


@dataclass
class ResidentRate:
    area: str
    area_name: str
    ons_code: str
    area_type: str
    measure: str
    start: date
    end: date
    count: int
    approximate: bool
    population: int
    reference_date: date
    edition: str
    per: int
    rate: float
    count_sources: tuple[Source, ...]
    population_source: str
    note: str = ""
    rank: int | None = None
    of: int | None = None
    count_rank: int | None = None
    ties: list[str] = field(default_factory=list)  # plain words on ties and near ties

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)


@dataclass
class ResidentTable:
    measure: str
    per: int
    rates: list[ResidentRate] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # areas with counts but no population

    def forces(self, start: date, end: date) -> list[ResidentRate]:
        group = [
            r for r in self.rates if r.area_type == "force" and (r.start, r.end) == (start, end)
        ]
        return sorted(group, key=lambda r: (r.rank or 0, r.area))


def _reference_in(start: date, end: date) -> date | None:
    inside = [date(y, 6, 30) for y in range(start.year, end.year + 1)]
    inside = [d for d in inside if start <= d <= end]
    return inside[0] if len(inside) == 1 else None


def rule_change_note(measure: str, start: date, end: date) -> str:
    if measure != "stalking_offences":
        return ""
    if end < RULE_CHANGE:
        return BEFORE_RULE_CHANGE
    return ACROSS_RULE_CHANGE if start < RULE_CHANGE else ""


def _population_index(
    population: list[PopulationFigure],
) -> dict[tuple[str, date], PopulationFigure]:
    index: dict[tuple[str, date], PopulationFigure] = {}
    for row in population:
        if row.superseded:
            continue
        index[(row.area, row.reference_date)] = row
    return index


def _candidate_periods(figs: list[Fig]) -> set[tuple[date, date]]:
    """Year-long periods any area gives, and every financial and calendar year the data spans."""
    periods = {(f.start, f.end) for f in figs if is_one_year_long(f.start, f.end)}
    if figs:
        first, last = min(f.start for f in figs).year, max(f.end for f in figs).year
        for y in range(first - 1, last + 1):
            for p in (financial_year(y), calendar_year(y)):
                periods.add((p.start, p.end))
    return periods


def compute_per_resident(
    rows: list[Observation],
    population: list[PopulationFigure],
    measure: str = "stalking_offences",
    prefer: Prefer = "ranked",
) -> ResidentTable:
    """Rates per resident for every area and year-long period with a count and a population."""
    if measure not in PER:
        raise ValueError(f"no per-resident rate for {measure!r}")
    figs, _ = resolve([r for r in rows if r.measure == measure], prefer)
    pop = _population_index(population)
    table = ResidentTable(measure, PER[measure])
    by_area: dict[str, list[Fig]] = defaultdict(list)
    for f in figs:
        by_area[f.force].append(f)
    periods = _candidate_periods(figs)
    for area, mine in sorted(by_area.items()):
        for start, end in sorted(periods):
            ref = _reference_in(start, end)
            if ref is None:
                continue
            # The official table's quarters first, so forces are ranked on one source's counts.
            official = [f for f in mine if f.kind == "home_office"]
            fig = figure_for(official, start, end) or figure_for(mine, start, end)
            if fig is None:
                continue
            p = pop.get((area, ref))
            if p is None:
                if area in NO_POPULATION and NO_POPULATION[area] not in table.left_out:
                    table.left_out.append(NO_POPULATION[area])
                continue
            name, code = area_name_and_code(area)
            notes = [n for n in (fig.note, rule_change_note(measure, start, end)) if n]
            table.rates.append(
                ResidentRate(
                    area,
                    name,
                    p.ons_code or code,
                    fig.area_type,
                    measure,
                    start,
                    end,
                    fig.value,
                    fig.approximate,
                    p.population,
                    ref,
                    p.edition,
                    PER[measure],
                    fig.value * PER[measure] / p.population,
                    fig.sources,
                    f"{p.source}: {p.source_file} sheet {p.source_sheet}",
                    "; ".join(notes),
                )
            )
    _rank(table)
    return table


def shown(rate: float) -> float:
    """A rate at the precision it is shown and ranked: three significant figures."""
    return float(f"{rate:.3g}")


def tie_kind(a: float, b: float) -> Literal["tied", "near"] | None:
    """'tied' where two rates are equal as shown, 'near' within NEAR_TIE of each other."""
    if shown(a) == shown(b):
        return "tied"
    if abs(a - b) <= NEAR_TIE * max(a, b):
        return "near"
    return None


def fmt_rate(rate: float) -> str:
    return f"{rate:#.3g}".rstrip(".")


def _rank(table: ResidentTable) -> None:
    groups: dict[tuple[date, date], list[ResidentRate]] = defaultdict(list)
    for r in table.rates:
        if r.area_type == "force":
            groups[(r.start, r.end)].append(r)
    for group in groups.values():
        rates = [shown(r.rate) for r in group]
        counts = [float(r.count) for r in group]
        for r, rank, count_rank in zip(
            group, competition_ranks(rates), competition_ranks(counts), strict=True
        ):
            r.rank, r.of, r.count_rank = rank, len(group), count_rank
        for r in group:
            for other in group:
                if other is r:
                    continue
                kind = tie_kind(r.rate, other.rate)
                if kind == "tied":
                    r.ties.append(f"tied with {other.area_name} at {fmt_rate(r.rate)}")
                elif kind == "near":
                    r.ties.append(
                        f"within 1% of {other.area_name} ({fmt_rate(other.rate)}): "
                        "too close to rank apart"
                    )


def league_period(table: ResidentTable) -> tuple[date, date] | None:
    """The period to show a league for: the most forces ranked, then the latest."""
    periods = {(r.start, r.end) for r in table.rates if r.area_type == "force"}
    if not periods:
        return None
    return max(periods, key=lambda p: (len(table.forces(*p)), p[1], p[0].month == 4))


def territorial_count() -> int:
    return len(territorial_forces())
