"""Rates per resident where people see them: a league, a sentence per force, and a chart."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spo_stats.analysis.per_resident import (
    ResidentRate,
    ResidentTable,
    compute_per_resident,
    fmt_rate,
    league_period,
    rule_change_note,
    territorial_count,
    tie_kind,
)
from spo_stats.analysis.rates import Prefer
from spo_stats.dataset.columns import Column, ColumnType
from spo_stats.dataset.store import atomic_write_bytes, atomic_write_text
from spo_stats.forces import get_force
from spo_stats.measures import measure as measure_info
from spo_stats.publish import charts
from spo_stats.publish.tables import Bundle, Table
from spo_stats.publish.words import ordinal, sentence_case
from spo_stats.understand.periods import period_label

if TYPE_CHECKING:
    from spo_stats.schema import Observation, PopulationFigure


@dataclass
class League:
    table: ResidentTable
    start: date
    end: date
    rows: list[ResidentRate]
    # England and Wales: the forces' counts summed (all 43 present) over ONS's own total.
    national: tuple[int, int, float] | None = None
    notes: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)  # the counts' sources, in words

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)

    @property
    def unit(self) -> str:
        return f"{measure_info(self.table.measure).label} per {self.table.per:,} residents"

    @cached_property
    def chart(self) -> tuple[str, bytes]:
        """The league chart (SVG text, PNG bytes), drawn once for the page and the files beside it."""
        return league_chart_svg(self)


def short_name(name: str) -> str:
    for tail in (" Police Service", " Constabulary", " Police"):
        if name.endswith(tail):
            return name[: -len(tail)]
    return name


def per_resident_league(
    rows: list[Observation],
    population: list[PopulationFigure],
    measure: str = "stalking_offences",
    prefer: Prefer = "ranked",
    table: ResidentTable | None = None,
) -> League | None:
    """The league of forces per resident for the period most forces have (then the latest)."""
    table = table or compute_per_resident(rows, population, measure, prefer)
    period = league_period(table)
    if period is None:
        return None
    start, end = period
    ranked = table.forces(start, end)
    league = League(table, start, end, ranked)
    areas = {r.area for r in ranked}
    league.citations = sorted(
        {
            row.source or row.source_url or row.source_file
            for row in rows
            if row.measure == measure
            and row.force in areas
            and row.status == "reported"
            and start <= row.period_start <= row.period_end <= end
        }
    )
    ew_pop = next(
        (
            p.population
            for p in population
            if p.area == "england-and-wales"
            and not p.superseded
            and p.reference_date == ranked[0].reference_date
        ),
        None,
    )
    if len(ranked) == territorial_count() and ew_pop:
        total = sum(r.count for r in ranked)
        league.national = (total, ew_pop, total * table.per / ew_pop)
    note = rule_change_note(measure, start, end)
    if note:
        league.notes.append(f"{league.label} was {note}.")
    league.notes += table.left_out
    if any(r.area == "city-of-london" for r in ranked):
        league.notes.append(
            "City of London's resident population is tiny beside the number of people who work "
            "in or visit it, so its rate per resident overstates the risk to any one person there."
        )
    league.notes += tie_notes(ranked)
    return league


def tie_notes(ranked: list[ResidentRate]) -> list[str]:
    """Ties (equal at three significant figures) and near ties (within 1%), each pair said once."""
    tied, near = [], []
    for i, a in enumerate(ranked):
        for b in ranked[i + 1 :]:
            kind = tie_kind(a.rate, b.rate)
            if kind == "tied":
                tied.append(
                    f"{short_name(a.area_name)} and {short_name(b.area_name)} ({fmt_rate(a.rate)})"
                )
            elif kind == "near":
                near.append(
                    f"{short_name(a.area_name)} ({fmt_rate(a.rate)}) and "
                    f"{short_name(b.area_name)} ({fmt_rate(b.rate)})"
                )
    out = []
    if tied:
        out.append(f"Equal as shown, so sharing a rank: {'; '.join(tied)}.")
    if near:
        out.append(
            "Within 1% of each other, too close to rank apart (a revision of the population "
            f"estimates alone moves a rate that much): {'; '.join(near)}."
        )
    return out


def _standing(r: ResidentRate, same: int) -> str:
    joint = "joint " if same > 1 else ""
    if r.rank == 1:
        return f"the {joint}highest"
    if r.rank == r.of and same == 1:
        return "the lowest"
    return f"the {joint}{ordinal(r.rank or 0)} highest"


def per_resident_sentence(
    rows: list[Observation],
    population: list[PopulationFigure],
    force: str,
    prefer: Prefer = "ranked",
    table: ResidentTable | None = None,
) -> str | None:
    """One plain sentence: a force's recorded stalking per 1,000 residents in the league's period
    (or its latest year with a rate), its rank, and its rank on the raw count."""
    f = get_force(force)
    table = table or compute_per_resident(rows, population, "stalking_offences", prefer)
    mine = [r for r in table.rates if r.area == f.slug and r.rank]
    if not mine:
        return None
    period = league_period(table)
    r = next((x for x in mine if (x.start, x.end) == period), max(mine, key=lambda x: x.end))
    group = table.forces(r.start, r.end)
    same = sum(1 for x in group if x.rank == r.rank)
    same_count = sum(1 for x in group if x.count_rank == r.count_rank)
    whom = (
        f"of the {r.of} forces of England and Wales"
        if r.of == territorial_count()
        else f"of the {r.of} forces with a figure for {r.label}"
    )
    text = (
        f"{f.name} recorded about {r.rate:.1f} stalking offences for every 1,000 residents in "
        f"{r.label} ({r.count:,} offences, {r.population:,} residents at mid-{r.reference_date.year}), "
        f"{_standing(r, same)} {whom}; on the raw count it was "
        f"{'joint ' if same_count > 1 else ''}{ordinal(r.count_rank or 0)}."
    )
    if r.ties:
        text += " Its rate is " + "; ".join(r.ties) + "."
    note = rule_change_note(r.measure, r.start, r.end)
    if note:
        text += f" {r.label} was {note}."
    return text


def league_sentence(league: League) -> str:
    """The top of the league in one sentence, for the national report."""
    top = "; ".join(f"{short_name(r.area_name)} {fmt_rate(r.rate)}" for r in league.rows[:5])
    text = (
        f"Per resident, {league.label}: {league.unit}, highest first: {top}"
        f" (of {len(league.rows)} forces)."
    )
    if league.national:
        text += f" England and Wales as a whole: {fmt_rate(league.national[2])}."
    note = rule_change_note(league.table.measure, league.start, league.end)
    return text + (f" {league.label} was {note}." if note else "")


def write_league_chart(path: Path, league: League) -> Path:
    """The league chart as PNG (and SVG beside it), to publish as it is."""
    svg, png = league.chart
    atomic_write_bytes(path, png)
    atomic_write_text(path.with_suffix(".svg"), svg)
    return path


def league_chart_svg(league: League) -> tuple[str, bytes]:
    """The league chart: SVG text for a page, and PNG bytes."""
    per = league.table.per
    bars = [(short_name(r.area_name), r.rate) for r in reversed(league.rows)]
    released = sorted({s.release for r in league.rows for s in r.count_sources if s.release})
    counts = (
        "Home Office police recorded crime (release of "
        + ", ".join(f"{d.day} {d:%B %Y}" for d in released)
        + ")"
        if released
        else "police recorded crime"
    )
    footnote = (
        f"{sentence_case(league.unit)}, {league.label}. Sources: {counts}; ONS mid-"
        f"{league.rows[0].reference_date.year} population estimates ({league.rows[0].edition}). "
        + " ".join(league.notes[:1])
    )
    national = ("England and Wales", league.national[2]) if league.national is not None else None
    return charts.per_resident_chart(
        f"{sentence_case(measure_info(league.table.measure).label)} per {per:,} residents, {league.label}",
        bars,
        national,
        footnote,
        f"{sentence_case(measure_info(league.table.measure).label)} per {per:,} residents "
        f"({len(league.rows)} police force areas of England and Wales)",
    )


RESIDENT_DOCS = {
    "force": "Force slug, or an aggregate area's slug where area_type is aggregate.",
    "force_name": "The force's or area's name.",
    "ons_code": "ONS code of the police force area (E23000013), or ONS's code for the aggregate (K04000001).",
    "area_type": "force, or aggregate (England and Wales, Wales: their own count over ONS's own total).",
    "measure": "What is counted: stalking_offences (recorded crime, Home Office code 8Q) or an SPO measure.",
    "period_start": "First day of the period (ISO date, inclusive); every period is one year long.",
    "period_end": "Last day of the period (ISO date, inclusive).",
    "period_label": "The period in words (2022/23 is April 2022 to March 2023).",
    "count": "The count for the period (given, or summed from complete quarters).",
    "approximate": "true where the count is given as approximate.",
    "population": "Usual residents of the area, ONS mid-year estimate (newest edition).",
    "population_reference_date": "The estimate's reference date: the 30 June inside the period.",
    "population_edition": "The ONS edition the estimate comes from.",
    "per_residents": "The rate's base: 1000 for stalking offences, 100000 for SPOs.",
    "rate": "count per per_residents residents.",
    "rank": "Rank among forces with a rate for exactly this period and measure (1 = highest); "
    "rates equal at three significant figures share a rank. Empty for aggregates.",
    "ranked_of": "How many forces have a rate for this period and measure.",
    "rank_on_count": "The same forces ranked on the raw count.",
    "ties": "Ties (equal at three significant figures) and near ties (within 1%), in words.",
    "note": "How the count was put together, and the April 2020 counting-rule change where "
    "the period is before or across it (stalking counts from 2020/21 on are not comparable "
    "with earlier years).",
    "count_sources": "Where the count came from: file, cell and release, or URL.",
    "population_source": "Where the population came from (ONS workbook, sheet; lookup used).",
}


def resident_records(tables: list[ResidentTable]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Rows for `spo-stats export rates --per residents`, and their data dictionary."""
    records = []
    for table in tables:
        for r in sorted(table.rates, key=lambda r: (r.area_type, r.area, r.start, r.end)):
            records.append(
                {
                    "force": r.area,
                    "force_name": r.area_name,
                    "ons_code": r.ons_code,
                    "area_type": r.area_type,
                    "measure": r.measure,
                    "period_start": r.start,
                    "period_end": r.end,
                    "period_label": r.label,
                    "count": r.count,
                    "approximate": r.approximate,
                    "population": r.population,
                    "population_reference_date": r.reference_date,
                    "population_edition": r.edition,
                    "per_residents": r.per,
                    "rate": round(r.rate, 4),
                    "rank": r.rank,
                    "ranked_of": r.of,
                    "rank_on_count": r.count_rank,
                    "ties": "; ".join(r.ties),
                    "note": r.note,
                    "count_sources": "; ".join(s.text for s in r.count_sources),
                    "population_source": r.population_source,
                }
            )
    return records, dict(RESIDENT_DOCS)


_RESIDENT_TYPES: dict[str, ColumnType] = {
    "period_start": "date",
    "period_end": "date",
    "population_reference_date": "date",
    "count": "integer",
    "population": "integer",
    "per_residents": "integer",
    "rank": "integer",
    "ranked_of": "integer",
    "rank_on_count": "integer",
    "rate": "number",
    "approximate": "boolean",
}


def resident_bundle(tables: list[ResidentTable]) -> Bundle:
    """The per-resident rates as an export bundle: typed, described columns like every export."""
    records, docs = resident_records(tables)
    columns = [Column(name, _RESIDENT_TYPES.get(name, "string"), doc) for name, doc in docs.items()]
    table = Table(
        "rates_per_resident",
        "Rates per resident",
        "Recorded stalking offences per 1,000 residents and SPOs per 100,000, against ONS "
        "mid-year population estimates for police force areas.",
        columns,
        records,
        primary_key=("force", "measure", "period_start", "period_end"),
        indexes=(("force",), ("period_start", "period_end"), ("measure",)),
    )
    return Bundle([table])
