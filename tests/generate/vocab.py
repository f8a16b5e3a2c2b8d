"""The words forces write: periods, measures, values, area breakdowns and things that are not SPOs.

ALL SYNTHETIC: the forms copy how FOI returns are written (see shared/research/published-figures.md,
"What FOI returns look like"); every number the generator puts in them is made up.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from spo_stats.forces import Force, all_forces, forces_in_text
from tests.generate.choices import Chooser, allowed

MARK = "SYNTHETIC TEST DATA: made-up numbers for testing spo-stats, not real figures."

Span = tuple[date, date]


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def year(y: int) -> Span:
    return date(y, 1, 1), date(y, 12, 31)


def fin_year(y: int) -> Span:
    return date(y, 4, 1), date(y + 1, 3, 31)


def month(y: int, m: int) -> Span:
    return date(y, m, 1), month_end(y, m)


def quarter(y: int, q: int) -> Span:
    return date(y, 3 * q - 2, 1), month_end(y, 3 * q)


def fin_quarter(fy: int, q: int) -> Span:
    """Quarter q of financial year fy/fy+1: Q1 is April to June."""
    m = 4 + 3 * (q - 1)
    y = fy + (m - 1) // 12
    m = (m - 1) % 12 + 1
    return date(y, m, 1), month_end(y, m + 2)


def part_year(y: int, m1: int, m2: int) -> Span:
    return date(y, m1, 1), month_end(y, m2)


MONTH = [calendar.month_name[i] for i in range(13)]
MON = [calendar.month_abbr[i] for i in range(13)]


def _yy(y: int) -> str:
    return f"{y % 100:02d}"


# Each form: (tag, render). The first form of each kind is the plainest: Hypothesis shrinks to it.
def year_label(ch: Chooser, y: int, cell_types: bool, tag: str | None = None) -> tuple[Any, str]:
    forms: list[tuple[str, Any]] = [
        ("period:calendar_year", y if cell_types else str(y)),
        ("period:calendar_year", str(y)),
        ("period:calendar_year", f"Calendar year {y}"),
        ("period:calendar_year", f"Jan - Dec {y}"),
        ("period:calendar_year", f"January to December {y}"),
        ("period:numeric_range", f"01/01/{y} - 31/12/{y}"),
        ("period:numeric_range", f"01/01/{y} to 31/12/{y}"),
        ("period:numeric_range", f"01/01/{_yy(y)} - 31/12/{_yy(y)}"),
        ("period:numeric_range", f"{y}-01-01 to {y}-12-31"),
        ("period:calendar_year", f"1 January {y} - 31 December {y}"),
    ]
    return _pick(ch, forms, tag)


def fin_year_label(ch: Chooser, y: int, tag: str | None = None) -> tuple[Any, str]:
    forms: list[tuple[str, Any]] = [
        ("period:financial_year", f"{y}/{_yy(y + 1)}"),
        ("period:financial_year", f"{y}-{_yy(y + 1)}"),
        ("period:financial_year", f"{y}/{y + 1}"),
        ("period:financial_year", f"April {y} - March {y + 1}"),
        ("period:fy_short", f"FY{_yy(y)}/{_yy(y + 1)}"),
        ("period:fy_short", f"FY {y}/{_yy(y + 1)}"),
        ("period:numeric_range", f"01/04/{y} - 31/03/{y + 1}"),
        ("period:numeric_range", f"01/04/{_yy(y)} - 31/03/{_yy(y + 1)}"),
    ]
    return _pick(ch, forms, tag)


def quarter_label(ch: Chooser, y: int, q: int) -> tuple[Any, str]:
    m1, m3 = 3 * q - 2, 3 * q
    forms: list[tuple[str, Any]] = [
        ("period:quarter", f"Q{q} {y}"),
        ("period:quarter", f"{y} Q{q}"),
        ("period:quarter", f"{MON[m1]}-{MON[m3]} {y}"),
        ("period:quarter", f"{MONTH[m1]} to {MONTH[m3]} {y}"),
    ]
    return _pick(ch, forms, None)


def month_label(ch: Chooser, y: int, m: int, cell_types: bool) -> tuple[Any, str]:
    forms: list[tuple[str, Any]] = [
        ("period:month", f"{MONTH[m]} {y}"),
        ("period:month", f"{MON[m]} {y}"),
        ("period:month", f"{MON[m]}-{_yy(y)}"),
    ]
    if cell_types:
        forms.append(("period:month_date", datetime(y, m, 1)))
    return _pick(ch, forms, None)


def part_year_label(ch: Chooser, y: int, m1: int, m2: int) -> tuple[Any, str]:
    forms: list[tuple[str, Any]] = [
        ("period:part_year", f"{y} ({MONTH[m1]} to {MONTH[m2]})"),
        ("period:part_year", f"{MONTH[m1]} to {MONTH[m2]} {y}"),
        ("period:part_year", f"{MON[m1]} - {MON[m2]} {y}"),
        ("period:part_year", f"01/{m1:02d}/{y} - {month_end(y, m2).day}/{m2:02d}/{y}"),
    ]
    return _pick(ch, forms, None)


def _pick(ch: Chooser, forms: list[tuple[str, Any]], tag: str | None) -> tuple[Any, str]:
    if tag is not None:
        wanted = [f for f in forms if f[0] == tag]
        forms = wanted or forms
    forms = [f for f in forms if allowed(f[0])] or forms[:1]
    t, v = ch.choice(forms)
    return v, t


# Measures: labels that say everything themselves, and bare ones that need an SPO title above.
MEASURE_LABELS: dict[str, list[str]] = {
    "stalking_offences": [
        "Recorded stalking offences",
        "Stalking crimes recorded (8Q)",
        "Number of stalking offences recorded",
        "Stalking offences",
        "Stalking crimes",
        "Recorded crimes of stalking",
    ],
    "spo_applications": [
        "SPO applications",
        "Number of SPOs applied for",
        "Applications for Stalking Protection Orders",
        "Stalking Protection Orders applied for",
        "Full SPOs applied for",
    ],
    "spo_granted": [
        "SPOs granted",
        "Number of SPOs granted",
        "Stalking Protection Orders issued",
        "Full SPOs granted",
        "Stalking Protection Orders made",
        "Full SPOs obtained",
    ],
    "interim_spo_applications": [
        "Interim SPO applications",
        "Interim SPOs applied for",
        "Applications for interim SPOs",
        "Interim Stalking Protection Order applications",
    ],
    "interim_spo_granted": [
        "Interim SPOs granted",
        "Interim Stalking Protection Orders issued",
        "Interim SPOs obtained",
    ],
    "spo_breaches": [
        "SPO breaches",
        "Breaches of SPOs",
        "Number of breaches of Stalking Protection Orders",
        "Breaches of SPOs recorded",
    ],
    "all_spo_granted": [
        "SPOs granted (interim and full)",
        "Interim and full SPOs granted",
        "All SPOs issued (interim and full)",
    ],
}
BARE_LABELS: dict[str, list[str]] = {
    "spo_applications": ["Applications", "Applied for"],
    "spo_granted": ["Full orders obtained", "Orders granted", "Orders made"],
    "interim_spo_granted": ["Interim orders obtained", "Interim orders granted"],
    "interim_spo_applications": ["Interim orders applied for"],
    "spo_breaches": ["Breaches"],
}
SPO_TITLES = [
    "Stalking Protection Orders (SPOs)",
    "Stalking Protection Orders",
    "SPO data",
]
MEASURE_TITLES: dict[str, list[str]] = {
    "stalking_offences": ["Recorded stalking offences", "Stalking crimes recorded"],
    "spo_applications": ["Applications for Stalking Protection Orders", "SPOs applied for"],
    "spo_granted": ["Stalking Protection Orders granted", "Number of SPOs issued"],
    "interim_spo_applications": ["Applications for interim SPOs"],
    "interim_spo_granted": ["Interim Stalking Protection Orders granted"],
    "spo_breaches": ["Breaches of Stalking Protection Orders"],
    "all_spo_granted": ["SPOs granted, interim and full together"],
}


def measure_label(ch: Chooser, measure: str, spo_context: bool) -> str:
    options = list(MEASURE_LABELS[measure])
    if spo_context:
        options += BARE_LABELS.get(measure, [])
    return ch.choice(options)


def is_spo(measure: str) -> bool:
    return measure != "stalking_offences"


# Two-level headers: the group says the order type, the sub-header the action.
GROUPS = {
    "full": (["Full SPOs", "Full orders", "Full Stalking Protection Orders"], "spo"),
    "interim": (
        ["Interim SPOs", "Interim orders", "Interim Stalking Protection Orders"],
        "interim_spo",
    ),
}
SUBS = {"applications": ["Applications", "Applied for"], "granted": ["Granted", "Orders made"]}


@dataclass(frozen=True)
class Distractor:
    """A table of something else: every number in it must be left out."""

    title: str
    labels: tuple[str, ...]
    lo: int
    hi: int


DISTRACTORS = [
    Distractor(
        "Harassment crimes recorded", ("Harassment offences (8L)", "Harassment crimes"), 300, 9000
    ),
    Distractor("Calls to 101 and 999 about stalking", ("101 calls", "999 calls"), 50, 4000),
    Distractor(
        "Stalking awareness training",
        ("Training sessions delivered", "Officers trained in stalking awareness"),
        3,
        400,
    ),
    Distractor(
        "Arrests",
        ("Arrests made for stalking offences", "Arrests for breach of an SPO"),
        5,
        600,
    ),
    Distractor("Police dogs", ("Police dog deployments", "Dog bite incidents"), 10, 900),
    Distractor(
        "Other protective orders",
        ("Restraining orders granted", "Domestic Violence Protection Orders granted"),
        5,
        300,
    ),
    Distractor(
        "SPO applications refused or withdrawn",
        ("SPO applications refused", "SPO applications withdrawn"),
        0,
        20,
    ),
    Distractor(
        "Malicious communications",
        ("Malicious communications offences recorded",),
        200,
        5000,
    ),
]

# Breakdowns: parts of a force, and what a table calls their sum.
BREAKDOWNS: dict[str, tuple[str, list[str], list[str]]] = {
    "bcu": (
        "BCU",
        ["North BCU", "South BCU", "East BCU", "West BCU", "Central BCU"],
        ["Total", "Force total", "All BCUs"],
    ),
    "borough": (
        "Local policing area",
        ["Riverside", "Hillside", "Moorland", "Coastal", "Town Centre"],
        ["Total", "Force total"],
    ),
    "age": (
        "Age of suspect",
        ["Under 18", "18-24", "25-34", "35-44", "45-54", "55 and over"],
        ["Total", "All ages"],
    ),
}
OUTCOMES = ["Granted", "Refused", "Withdrawn"]
OUTCOME_TOTALS = ["Total applications", "Total"]

# Columns or rows whose period has no end a reader can know: their numbers are no figure.
OPEN_ENDED = ["{year} to date", "{year} (year to date)", "Since 20 January 2020", "YTD"]
# Percentages and rates beside counts: never counts, whatever their label says they are of.
PERCENT_LABELS = [
    "% of applications granted",
    "Percentage of SPOs granted",
    "SPOs granted per 1,000 stalking offences",
    "Change on previous year (%)",
]
REFERENCES = [
    "Our ref: FOI 2022-125",
    "Ref 004412",
    "FOI reference 900-24",
    "Freedom of Information request 2023/0456",
    "Request number: FOI-2021-0789",
]
PROSE = [
    "Thank you for your request for information received on 14/03/2024.",
    "You asked: please provide the number of Stalking Protection Orders applied for and granted, "
    "and the number of stalking offences recorded, for each of the last five years.",
    "Please find below the information we hold relevant to your request.",
    "Date of response: 2 April 2024",
]
FOOTNOTE_PROVISIONAL = "* Figures for {label} are provisional and may change."
FOOTNOTE_STAR_BETWEEN = "* denotes a figure between 1 and 4, suppressed to protect identities."
FOOTNOTE_STAR_FEWER = "* denotes fewer than 5, suppressed to protect identities."
NOTES = [
    "Source: force crime recording system, extracted for this request.",
    "Figures are for the period stated and are subject to change.",
    "Note: data correct at the time of extraction.",
]


def territorial_forces() -> list[Force]:
    # SPOs are an England and Wales order: the generator uses the 43 forces that can grant them.
    return [f for f in all_forces() if f.territorial]


def force_text(ch: Chooser, force: Force) -> str:
    """A way a return names its force, as long as it names only that force."""
    options = [force.name, *[a for a in force.aliases if len(a) > 3]]
    for text in options:
        assert forces_in_text(text) == {force.slug}, (text, force.slug)
    return ch.choice(options)


def file_stem_for(ch: Chooser, force: Force) -> str:
    options = [force.slug, force.slug.replace("-", "_")]
    options += [a for a in force.aliases if a.isupper() and len(a) >= 3]
    return ch.choice(options)
