"""The tables an export holds: rates and observations, each with typed, described columns.

Records keep Python types (datetime.date, int, float, bool, None); each format writes them its own
way (ISO text in CSV and JSON, real dates in xlsx and Parquet), and every column's type comes from
its Column, never from the values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spo_stats.analysis.rates import RateTable
from spo_stats.dataset.columns import Column, ColumnType, observation_columns
from spo_stats.dataset.package import (
    OBSERVATIONS_DESCRIPTION,
    OBSERVATIONS_TITLE,
    observation_key,
    sources_of,
)
from spo_stats.schema import AreaType

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

    @property
    def main(self) -> Table:
        return self.tables[0]


def rate_column_names(table: RateTable) -> tuple[str, str, str]:
    num, den = table.numerator_measure, table.denominator_measure
    rate = "spo_per_100_offences" if den == "stalking_offences" else "granted_per_100_applications"
    return num, den, rate


def rate_columns(table: RateTable) -> list[Column]:
    num, den, rate = rate_column_names(table)

    def col(name: str, kind: ColumnType, doc: str, required: bool = False) -> Column:
        return Column(name, kind, doc, required)

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
        col("ci_low", "number", "Lower end of the 95% Wilson score interval, in the same per-100 units; empty where a count behind the rate is an estimate (an interval would be false precision)."),
        col("ci_high", "number", "Upper end of the 95% Wilson score interval, in the same per-100 units; empty where a count behind the rate is an estimate."),
        col("rank", "integer", "Rank among forces with a rate for exactly this period (1 = highest rate; equal rates share a rank); empty for aggregates and where the forces' intervals overlap so much that a ranking would mean nothing (as the briefings say)."),
        col("ranked_of", "integer", "How many forces have a rate for this period; empty for aggregates."),
        col("approximate", "boolean", "true where either count is given as approximate ('about 440,000').", True),
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
                "rank": r.rank if r.rank_means_something else None,
                "ranked_of": r.of,
                "approximate": r.approximate,
                "numerator_source": "; ".join(r.numerator_sources),
                "denominator_source": "; ".join(r.denominator_sources),
                "note": r.note,
            }
        )
    return Table(
        "rates",
        f"Rates: {num} per 100 {den}",
        f"{num} per 100 {den} for every area and period where both counts are known, with the "
        "95% Wilson score interval, the force's rank for the period and the source of each count.",
        rate_columns(table),
        records,
        ("force", "numerator_measure", "period_start", "period_end"),
        (("force",), ("period_start", "period_end"), ("numerator_measure",), ("ons_code",)),
        (num, den, rate),
    )


def observations_table(rows: list[dict[str, Any]]) -> Table:
    columns = observation_columns()
    records = [{c.name: row.get(c.name) for c in columns} for row in rows]
    return Table(
        "observations",
        OBSERVATIONS_TITLE,
        OBSERVATIONS_DESCRIPTION,
        columns,
        records,
        observation_key(records),
        (("force",), ("period_start", "period_end"), ("measure",), ("ons_code",)),
    )


def bundle(what: str, rows: list[dict[str, Any]], rates: RateTable) -> Bundle:
    """Both tables, the one asked for (rates or observations) first."""
    tables = [rates_table(rates), observations_table(rows)]
    if what == "observations":
        tables.reverse()
    return Bundle(tables, sources_of(rows))
