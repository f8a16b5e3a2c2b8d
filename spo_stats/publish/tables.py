"""The tables an export holds: rates and observations, each with typed, described columns.

Records keep Python types (datetime.date, int, float, bool, None); each format writes them its own
way (ISO text in CSV and JSON, real dates in xlsx and Parquet), and every column's type comes from
its Column, never from the values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from spo_stats.analysis.rates import RateTable
from spo_stats.dataset.columns import Column, ColumnType, observation_columns
from spo_stats.dataset.package import (
    OBSERVATIONS_DESCRIPTION,
    OBSERVATIONS_TITLE,
    observation_key,
    sources_of,
)
from spo_stats.measures import rate_of
from spo_stats.schema import AreaType

if TYPE_CHECKING:
    from spo_stats.schema import Observation

AREA_TYPES: tuple[AreaType, ...] = ("force", "aggregate")


@dataclass
class Table:
    name: str
    title: str
    description: str
    columns: list[Column]
    records: list[dict[str, Any]]
    primary_key: tuple[str, ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    count_columns: tuple[str, str, str] = ("", "", "")  # rates: numerator, denominator, rate

    @property
    def docs(self) -> dict[str, str]:
        return {c.name: c.description for c in self.columns}

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass
class Bundle:
    """What one export writes: its tables (the one asked for first) and the sources behind them."""

    tables: list[Table]
    sources: list[dict[str, str]] = field(default_factory=list)
    title: str = "Stalking Protection Orders and recorded stalking"
    # When the export was made, stamped in it (xlsx README, datapackage `created`); passed in by
    # the caller (the CLI), so nothing here reads the clock. None: the export carries no date.
    made_at: datetime | None = None

    @property
    def main(self) -> Table:
        return self.tables[0]


def rate_column_names(table: RateTable) -> tuple[str, str, str]:
    num, den = table.numerator_measure, table.denominator_measure
    return num, den, rate_of(num, den).column


def rate_columns(table: RateTable) -> list[Column]:
    num, den, rate = rate_column_names(table)

    def col(
        name: str, kind: ColumnType, doc: str, required: bool = False, enum: tuple[str, ...] = ()
    ) -> Column:
        return Column(name, kind, doc, required, enum)

    return [
        col("force", "string", "Force slug, or an aggregate area's slug where area_type is aggregate.", True),
        col("force_name", "string", "The force's or area's name (Cleveland Police, England and Wales).", True),
        col(
            "ons_code",
            "string",
            "ONS police force area code (E23000013) for the 43 forces of England and Wales, to join "
            "to maps and lookups; empty for aggregates and forces without one.",
        ),
        Column(
            "area_type",
            "string",
            "force, or aggregate (a figure published for many forces together).",
            True,
            AREA_TYPES,
        ),
        col("period_start", "date", "First day of the period (inclusive).", True),
        col("period_end", "date", "Last day of the period (inclusive).", True),
        col("period_label", "string", "The period in words.", True),
        col("numerator_measure", "string", f"What the rate counts ({num}).", True),
        col("denominator_measure", "string", f"What it is counted against ({den}).", True),
        col(num, "integer", "The numerator count for the period (given, or summed from complete finer periods).", True),
        col(den, "integer", "The denominator count for the period.", True),
        col(rate, "number", f"{num} per 100 {den}, to 4 decimal places.", True),
        col("ci_low", "number", f"Lower end of the 95% interval, in the same per-100 units: exact Poisson (Garwood) on the count for {den}, Wilson for a grant ratio; for an estimated rate it also spans the part periods (from the ceiling of offences); empty where a count behind the rate is given as approximate (an interval would be false precision)."),
        col("ci_high", "number", "Upper end of the 95% interval, in the same per-100 units (for an estimated rate, at the floor of offences); empty where a count behind the rate is given as approximate."),
        col("estimated", "boolean", "true where no count of the denominator covers exactly the period, so it is estimated from the pieces (quarters, months) that overlap it: a share by days of each part piece. Never ranked.", True),
        col(f"{den}_floor", "integer", "For an estimated rate: the pieces wholly inside the period (the fewest the period can hold); else empty."),
        col(f"{den}_ceiling", "integer", "For an estimated rate: every piece that overlaps the period (the most it can hold); else empty."),
        col("rate_low", "number", "For an estimated rate: the rate with the part pieces counted in (numerator over the ceiling); else empty."),
        col("rate_high", "number", "For an estimated rate: the rate with the part pieces counted out (numerator over the floor); else empty."),
        col("rank", "integer", "Rank among forces with an exact rate for exactly this period and definition (1 = highest rate; equal rates share a rank); empty for aggregates, estimated and approximate rates."),
        col("ranked_of", "integer", "How many forces share that period and definition; empty where not ranked."),
        col("compared_with_england_and_wales", "string", "lower, similar or higher: whether the whole 95% interval lies below, around or above the rate of England and Wales (the forces together, for the same period or compiled table); empty where no benchmark covers 30 or more forces.", False, ("lower", "similar", "higher", "")),
        col("england_and_wales_per_100", "number", "The benchmark rate the comparison uses; empty where there is none."),
        col("interim_orders", "string", "For counts of orders granted: counted (interim and full together), not counted (the source counts interim orders apart), not said (the source does not say).", False, ("counted", "not counted", "not said", "")),
        col("approximate", "boolean", "true where either count is given as approximate ('about 440,000').", True),
        col("numerator_source_type", "string", "official, force (the force's own return), compiled, or quoted (a figure quoted in the news or in Parliament).", True),
        col("denominator_source_type", "string", "The same, for the denominator; official statistics come first unless the numerator's own source has the denominator too.", True),
        col("same_source", "boolean", "true where both counts come from one source.", True),
        col("numerator_source", "string", "Where the numerator came from: file, sheet and cell, or citation and URL."),
        col("denominator_source", "string", "Where the denominator came from."),
        col("note", "string", "How the figures were put together (e.g. summed from 4 complete quarters)."),
    ]  # fmt: skip


def rates_table(table: RateTable) -> Table:
    num, den, rate = rate_column_names(table)
    records = []
    for r in sorted(table.rates, key=lambda r: (r.area_type, r.force, r.start, r.end)):
        records.append(
            {
                "force": r.force,
                "force_name": r.name or r.force,
                "ons_code": r.ons_code,
                "area_type": r.area_type,
                "period_start": r.start,
                "period_end": r.end,
                "period_label": r.label,
                "numerator_measure": num,
                "denominator_measure": den,
                num: r.numerator,
                den: r.denominator,
                rate: round(r.per_100, 4),
                "ci_low": round(r.ci_low, 4) if r.has_interval else None,
                "ci_high": round(r.ci_high, 4) if r.has_interval else None,
                "estimated": r.estimated,
                f"{den}_floor": r.estimate.floor if r.estimate else None,
                f"{den}_ceiling": r.estimate.ceiling if r.estimate else None,
                "rate_low": round(span[0], 4) if (span := r.per_100_range) else None,
                "rate_high": round(span[1], 4) if span else None,
                "rank": r.rank if r.rank_means_something else None,
                "ranked_of": r.of if r.rank_means_something else None,
                "compared_with_england_and_wales": r.comparison,
                "england_and_wales_per_100": (
                    round(r.benchmark_per_100, 4) if r.benchmark_per_100 is not None else None
                ),
                "interim_orders": r.interim,
                "approximate": r.approximate,
                "numerator_source_type": r.numerator_type,
                "denominator_source_type": r.denominator_type,
                "same_source": r.same_source,
                "numerator_source": "; ".join(s.text for s in r.numerator_sources),
                "denominator_source": "; ".join(s.text for s in r.denominator_sources),
                "note": r.note,
            }
        )
    return Table(
        "rates",
        f"Rates: {num} per 100 {den}",
        f"{num} per 100 {den} for every area and period where both counts are known, with the "
        "95% interval (exact Poisson on the count), estimated rates flagged with their range, the "
        "force's rank among exact rates of the period, its comparison with England and Wales and "
        "the source of each count.",
        rate_columns(table),
        records,
        ("force", "numerator_measure", "period_start", "period_end"),
        (("force",), ("period_start", "period_end"), ("numerator_measure",), ("ons_code",)),
        (num, den, rate),
    )


def observations_table(rows: list[Observation]) -> Table:
    columns = observation_columns()
    records = [{c.name: getattr(row, c.name) for c in columns} for row in rows]
    return Table(
        "observations",
        OBSERVATIONS_TITLE,
        OBSERVATIONS_DESCRIPTION,
        columns,
        records,
        observation_key(records),
        (("force",), ("period_start", "period_end"), ("measure",), ("ons_code",)),
    )


def bundle(what: str, rows: list[Observation], rates: RateTable) -> Bundle:
    """Both tables, the one asked for (rates or observations) first."""
    tables = [rates_table(rates), observations_table(rows)]
    if what == "observations":
        tables.reverse()
    return Bundle(tables, sources_of(rows))
