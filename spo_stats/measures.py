"""The measures: what the dataset counts, and every word and number that goes with each.

The one place a measure is listed. The dataset's schema, the reader's validation, the rates, the
per-resident rates, the FOI request and every sentence, table heading and file name ask this
module; adding a measure is a new entry in MEASURE_LIST (and, for the reader to find it in a
return, a rule in understand/measures.classify).

This module imports nothing from spo_stats, so anything may import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeAlias

Kind = Literal["offences", "spo"]
Lane = Literal["full", "interim", "all"]


@dataclass(frozen=True)
class MeasureInfo:
    """One measure: its slug in the dataset and how it is said and used."""

    slug: str  # the dataset's value: "spo_granted"
    kind: Kind  # a count of offences, or of Stalking Protection Orders
    label: str  # inside a sentence: "SPOs granted"
    name: str  # a table heading: "SPOs granted (full orders, or not said)"
    one: str  # a count's noun, singular: "SPO granted" ("1 SPO granted")
    many: str  # plural: "SPOs granted"
    short_one: str  # the short noun, singular, once the measure is named: "order"
    short: str  # plural: "orders"
    per_residents: int  # per-resident rates are given per this many residents
    # The file-name part of its rate per 100 recorded stalking offences ("" for the default
    # rate, briefing.html); None where it is never a rate's numerator (offences themselves).
    rate_file: str | None = None
    # What an FOI request asks for; None where a request does not ask for it (the lumped count).
    ask: str | None = None
    # Which lane of the orders chart its grants go in; None for a measure that is not grants.
    lane: Lane | None = None
    doc: str = ""  # a gloss for the data dictionary: "full orders"


MEASURE_LIST: tuple[MeasureInfo, ...] = (
    MeasureInfo(
        "stalking_offences",
        "offences",
        "recorded stalking offences",
        "Recorded stalking offences",
        "recorded stalking offence",
        "recorded stalking offences",
        "offence",
        "offences",
        per_residents=1_000,
        ask="the number of stalking offences recorded by the force (Home Office crime "
        "classification 8Q, stalking)",
    ),
    MeasureInfo(
        "spo_applications",
        "spo",
        "SPO applications",
        "SPO applications",
        "SPO application",
        "SPO applications",
        "application",
        "applications",
        per_residents=100_000,
        rate_file="applications",
        ask="the number of applications the force made for full Stalking Protection Orders",
    ),
    MeasureInfo(
        "spo_granted",
        "spo",
        "SPOs granted",
        "SPOs granted (full orders, or not said)",
        "SPO granted",
        "SPOs granted",
        "order",
        "orders",
        per_residents=100_000,
        rate_file="",
        ask="the number of full Stalking Protection Orders granted on the force's applications",
        lane="full",
        doc="full orders",
    ),
    MeasureInfo(
        "interim_spo_applications",
        "spo",
        "interim SPO applications",
        "Interim SPO applications",
        "interim SPO application",
        "interim SPO applications",
        "interim application",
        "interim applications",
        per_residents=100_000,
        rate_file="interim-applications",
        ask="the number of applications the force made for interim Stalking Protection Orders",
    ),
    MeasureInfo(
        "interim_spo_granted",
        "spo",
        "interim SPOs granted",
        "Interim SPOs granted",
        "interim SPO granted",
        "interim SPOs granted",
        "interim order",
        "interim orders",
        per_residents=100_000,
        rate_file="interim-granted",
        ask="the number of interim Stalking Protection Orders granted on the force's applications",
        lane="interim",
    ),
    MeasureInfo(
        "spo_breaches",
        "spo",
        "SPO breaches",
        "SPO breaches",
        "SPO breach",
        "SPO breaches",
        "breach",
        "breaches",
        per_residents=100_000,
        rate_file="breaches",
        ask="the number of breaches of Stalking Protection Orders (interim or full) the force "
        "recorded",
    ),
    MeasureInfo(
        "all_spo_granted",
        "spo",
        "SPOs granted, interim and full counted together",
        "SPOs granted, interim and full together",
        "SPO granted (interim and full together)",
        "SPOs granted (interim and full together)",
        "order",
        "orders",
        per_residents=100_000,
        rate_file="all-granted",
        lane="all",
        doc="interim and full orders counted together, where a force did not separate them",
    ),
)
MEASURES: dict[str, MeasureInfo] = {m.slug: m for m in MEASURE_LIST}
SLUGS: tuple[str, ...] = tuple(MEASURES)
SPO_MEASURES: tuple[str, ...] = tuple(m.slug for m in MEASURE_LIST if m.kind == "spo")
OFFENCES = "stalking_offences"  # the denominator of every rate but a ratio's

# A measure as a type: for mypy any string; at run time a Literal of the slugs, so pydantic
# models (the observation, sidecars, compiled recipes) refuse a slug that is not listed here.
if TYPE_CHECKING:
    Measure: TypeAlias = str
else:
    Measure = Literal[SLUGS]


@dataclass(frozen=True)
class RateInfo:
    """A rate: one measure per 100 of another."""

    key: str  # what --measure says: "spo_granted", "grant_ratio"
    file: str  # the file-name part: "" for the default rate
    numerator: str  # measure slugs
    denominator: str
    column: str = "spo_per_100_offences"  # the rate's column in exports

    @property
    def is_ratio(self) -> bool:
        """A rate between two counts of orders, said "of every 100", not "1 in N"."""
        return self.denominator != OFFENCES


# Rates between two SPO measures; every other rate is a measure per 100 offences.
RATIOS: tuple[RateInfo, ...] = (
    RateInfo(
        "grant_ratio",
        "grant-ratio",
        "spo_granted",
        "spo_applications",
        column="granted_per_100_applications",
    ),
)


def _rates() -> dict[str, RateInfo]:
    # The default rate comes first, as --measure's help lists it.
    numerators = sorted(
        (m for m in MEASURE_LIST if m.rate_file is not None), key=lambda m: m.rate_file != ""
    )
    out = {m.slug: RateInfo(m.slug, m.rate_file or "", m.slug, OFFENCES) for m in numerators}
    return out | {r.key: r for r in RATIOS}


RATES: dict[str, RateInfo] = _rates()
RATE_KEYS: tuple[str, ...] = tuple(RATES)
# What an FOI request asks for, in the order of the dataset's measures.
REQUEST_MEASURES: tuple[str, ...] = tuple(m.slug for m in MEASURE_LIST if m.ask is not None)
LANES: dict[str, Lane] = {m.slug: m.lane for m in MEASURE_LIST if m.lane is not None}


def rate_of(numerator: str, denominator: str) -> RateInfo:
    """The rate of one measure per 100 of another."""
    return next(
        r for r in RATES.values() if (r.numerator, r.denominator) == (numerator, denominator)
    )


def measure(slug: str) -> MeasureInfo:
    return MEASURES[slug]


def measures_doc() -> str:
    """The data dictionary's words for the measure column."""
    said = [f"{m.slug} ({m.doc})" if m.doc else m.slug for m in MEASURE_LIST]
    return f"What is counted: {', '.join(said[:-1])}, or {said[-1]}."
