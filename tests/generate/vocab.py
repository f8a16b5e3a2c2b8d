"""The generator's own words: how forces write periods, measures, values and things that are not SPOs.

ALL SYNTHETIC: every number the generator writes is made up. The words are written from how police
forces word their FOI answers (shared/research/published-figures.md, "What FOI returns look like";
issue 17), NOT copied from the reader: nothing here may be imported from spo_stats.understand or
any other word list of the reader, or "zero wrong" would only measure the vocabulary the reader was
built from. From the library the generator takes only the force registry (slugs and official
names), the measure names of the schema and a cell's A1 name.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from spo_stats.forces import Force, all_forces
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
        ("period:calendar_year", f"CY {y}"),
        ("period:calendar_year", f"Calendar Year {y}"),
        ("period:calendar_year", f"{y} (Jan-Dec)"),
        ("period:calendar_year", f"Jan-Dec {y}"),
        ("period:calendar_year", f"January - December {y}"),
        ("period:calendar_year", f"Year ending December {y}"),
        ("period:calendar_year", f"1st January {y} - 31st December {y}"),
        ("period:calendar_year", f"1 Jan {y} to 31 Dec {y}"),
        ("period:numeric_range", f"01/01/{y} - 31/12/{y}"),
        ("period:numeric_range", f"1/1/{y} - 31/12/{y}"),
        ("period:numeric_range", f"01.01.{y} - 31.12.{y}"),
        ("period:numeric_range", f"01/01/{_yy(y)} to 31/12/{_yy(y)}"),
        ("period:numeric_range", f"{y}-01-01 - {y}-12-31"),
    ]
    return _pick(ch, forms, tag)


def fin_year_label(ch: Chooser, y: int, tag: str | None = None) -> tuple[Any, str]:
    z = y + 1
    forms: list[tuple[str, Any]] = [
        ("period:financial_year", f"{y}/{_yy(z)}"),
        ("period:financial_year", f"{y}-{_yy(z)}"),
        ("period:financial_year", f"{y}/{z}"),
        ("period:financial_year", f"April {y} - March {z}"),
        ("period:financial_year", f"Apr {y} to Mar {z}"),
        ("period:financial_year", f"Apr-{_yy(y)} to Mar-{_yy(z)}"),
        ("period:financial_year", f"Financial Year {y}/{_yy(z)}"),
        ("period:financial_year", f"Year ending 31 March {z}"),
        ("period:financial_year", f"1st April {y} - 31st March {z}"),
        ("period:fy_short", f"FY{_yy(y)}/{_yy(z)}"),
        ("period:fy_short", f"FY {_yy(y)}-{_yy(z)}"),
        ("period:fy_short", f"FY{y}/{_yy(z)}"),
        ("period:fy_short", f"FY {y}-{z}"),
        ("period:numeric_range", f"01/04/{y} - 31/03/{z}"),
        ("period:numeric_range", f"1/4/{y} to 31/3/{z}"),
        ("period:numeric_range", f"01/04/{_yy(y)} - 31/03/{_yy(z)}"),
    ]
    return _pick(ch, forms, tag)


def quarter_label(ch: Chooser, y: int, q: int) -> tuple[Any, str]:
    m1, m3 = 3 * q - 2, 3 * q
    forms: list[tuple[str, Any]] = [
        ("period:quarter", f"Q{q} {y}"),
        ("period:quarter", f"{y} Q{q}"),
        ("period:quarter", f"Qtr {q} {y}"),
        ("period:quarter", f"Quarter {q} {y}"),
        ("period:quarter", f"{MON[m1]}-{MON[m3]} {y}"),
        ("period:quarter", f"{MON[m1]} - {MON[m3]} {y}"),
        ("period:quarter", f"{MONTH[m1]} to {MONTH[m3]} {y}"),
        ("period:quarter", f"Q{q} ({MON[m1]}-{MON[m3]}) {y}"),
    ]
    return _pick(ch, forms, None)


def month_label(ch: Chooser, y: int, m: int, cell_types: bool) -> tuple[Any, str]:
    forms: list[tuple[str, Any]] = [
        ("period:month", f"{MONTH[m]} {y}"),
        ("period:month", f"{MON[m]} {y}"),
        ("period:month", f"{MON[m]}-{_yy(y)}"),
        ("period:month", f"{MON[m]} {_yy(y)}"),
        ("period:month", f"{MONTH[m]}-{y}"),
        ("period:month", f"{MON[m].upper()} {y}"),
    ]
    if cell_types:
        forms.append(("period:month_date", datetime(y, m, 1)))
    return _pick(ch, forms, None)


def part_year_label(ch: Chooser, y: int, m1: int, m2: int) -> tuple[Any, str]:
    """A part year whose end the label itself gives ('2024 to date (to 31 August)')."""
    end = month_end(y, m2)
    forms: list[tuple[str, Any]] = [
        ("period:part_year", f"{y} ({MONTH[m1]} to {MONTH[m2]})"),
        ("period:part_year", f"{MONTH[m1]} to {MONTH[m2]} {y}"),
        ("period:part_year", f"{MON[m1]} - {MON[m2]} {y}"),
        ("period:part_year", f"{MON[m1]}-{MON[m2]} {y}"),
        ("period:part_year", f"01/{m1:02d}/{y} - {end.day}/{m2:02d}/{y}"),
        ("period:part_year", f"{y} to date (to {end.day} {MONTH[m2]})"),
        ("period:part_year", f"{y} (to {end.day}/{m2:02d}/{y})"),
        ("period:part_year", f"{y} YTD (1 {MON[m1]} - {end.day} {MON[m2]})"),
        ("period:part_year", f"1 {MONTH[m1]} {y} - {end.day} {MONTH[m2]} {y}"),
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
        "Stalking offences recorded",
        "Recorded crimes of stalking",
        "Number of stalking crimes recorded",
        "Stalking (HO code 8Q) - recorded crimes",
        "8Q Stalking - crimes recorded",
        "No. of recorded stalking offences",
        "Total stalking crimes recorded",
        "Recorded stalking crime",
        "Stalking crimes (s.2A and s.4A PHA 1997)",
        "Crimes of stalking (Home Office class 8Q)",
        "Stalking offences (notifiable)",
    ],
    "spo_applications": [
        "SPO applications",
        "No. of SPO applications",
        "Applications for an SPO",
        "Applications made for Stalking Protection Orders",
        "Number of applications to court for an SPO",
        "Stalking Protection Orders applied for",
        "SPOs applied for",
        "Full SPO applications",
        "Applications for full SPOs",
        "Full SPOs applied for",
        "SPO applications submitted to court",
    ],
    "spo_granted": [
        "SPOs granted",
        "No. of SPOs granted",
        "Number of SPOs issued",
        "SPOs made by the court",
        "Stalking Protection Orders granted",
        "Stalking Protection Orders obtained",
        "Stalking Protection Orders imposed",
        "Full SPOs granted",
        "Full SPOs issued",
        "Full Stalking Protection Orders made",
        "Number of full SPOs obtained",
        "SPOs granted by the court",
    ],
    "interim_spo_applications": [
        "Interim SPO applications",
        "No. of interim SPO applications",
        "Applications for an interim SPO",
        "Applications for interim Stalking Protection Orders",
        "Interim SPOs applied for",
        "Interim Stalking Protection Orders applied for",
    ],
    "interim_spo_granted": [
        "Interim SPOs granted",
        "Interim SPOs issued",
        "Interim SPOs made",
        "Number of interim SPOs obtained",
        "Interim Stalking Protection Orders granted",
        "Interim Stalking Protection Orders imposed",
    ],
    "spo_breaches": [
        "SPO breaches",
        "Breaches of an SPO",
        "Breaches of SPOs recorded",
        "No. of SPO breaches",
        "Number of recorded breaches of a Stalking Protection Order",
        "Breach of Stalking Protection Order - offences recorded",
    ],
    "all_spo_granted": [
        "SPOs granted (including interim)",
        "SPOs granted (includes interim orders)",
        "SPOs granted incl. interim",
        "Number of SPOs granted (interim and full)",
        "Interim and full SPOs granted",
        "SPOs issued (full + interim)",
        "Total SPOs granted, full and interim",
        "All SPOs made, including interim orders",
        "Stalking Protection Orders obtained (interim & full)",
        "SPOs granted - interim and full combined",
    ],
}
BARE_LABELS: dict[str, list[str]] = {
    "spo_applications": ["Applications", "Applied for", "Applications made", "No. applied for"],
    "spo_granted": ["Granted", "Issued", "Orders made", "Full orders obtained", "Orders granted"],
    "interim_spo_granted": ["Interim orders granted", "Interim orders made", "Interims issued"],
    "interim_spo_applications": ["Interim applications", "Interim orders applied for"],
    "spo_breaches": ["Breaches", "Number breached", "Breaches recorded"],
    "all_spo_granted": ["Granted (incl. interim)", "Orders made (interim and full)"],
}
SPO_TITLES = [
    "Stalking Protection Orders (SPOs)",
    "Stalking Protection Orders",
    "SPO data",
    "Stalking Protection Orders - applications and orders",
    "Information relating to Stalking Protection Orders",
    "SPOs (Stalking Protection Act 2019)",
]
MEASURE_TITLES: dict[str, list[str]] = {
    "stalking_offences": [
        "Stalking crimes recorded",
        "Recorded stalking offences",
        "Stalking offences (8Q)",
    ],
    "spo_applications": [
        "Applications for Stalking Protection Orders",
        "SPO applications made",
        "SPOs applied for",
    ],
    "spo_granted": [
        "Stalking Protection Orders granted",
        "SPOs issued by the courts",
        "Full SPOs obtained",
    ],
    "interim_spo_applications": [
        "Applications for interim SPOs",
        "Interim Stalking Protection Orders applied for",
    ],
    "interim_spo_granted": ["Interim SPOs granted", "Interim Stalking Protection Orders made"],
    "spo_breaches": ["Breaches of Stalking Protection Orders", "SPO breaches recorded"],
    "all_spo_granted": [
        "SPOs granted (including interim orders)",
        "Stalking Protection Orders obtained, interim and full",
    ],
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
    "full": (["Full SPOs", "Full orders", "Full Stalking Protection Orders", "SPO (full)"], "spo"),
    "interim": (
        ["Interim SPOs", "Interim orders", "Interim Stalking Protection Orders", "SPO (interim)"],
        "interim_spo",
    ),
}
SUBS = {
    "applications": ["Applications", "Applied for", "Applications made", "Applied"],
    "granted": ["Granted", "Made", "Issued", "Obtained", "Imposed"],
}


# Decoy families: words forces put beside SPO figures that name something else. Every number under
# one of them must be left out (issue 17, "Still wrong"). Each family: its labels, and a group name
# for a two-level header where the family is an order of its own ("DVPN" over "Issued").
@dataclass(frozen=True)
class Decoy:
    family: str
    labels: tuple[str, ...]
    kind: str  # count, small, big, rate, percent, days, change, running: how its numbers look
    groups: tuple[str, ...] = ()  # as a group over action sub-headers, for another order


DECOYS: dict[str, Decoy] = {
    "other_order": Decoy(
        "other_order",
        (
            "DVPNs issued",
            "DVPOs granted",
            "Domestic Violence Protection Notices issued",
            "Domestic Violence Protection Orders made",
            "DAPNs issued",
            "DAPOs obtained",
            "Domestic Abuse Protection Orders granted",
            "Restraining orders imposed",
            "Restraining orders granted on conviction",
            "Non-molestation orders granted",
            "Breaches of non-molestation orders",
            "SHPOs made",
            "Sexual Harm Prevention Orders granted",
            "Sexual Risk Orders obtained",
            "SROs applied for",
            "Criminal Behaviour Orders issued",
            "CBOs granted",
            "DVPO breaches",
        ),
        "count",
        ("DVPN", "DVPO", "DAPO", "Restraining Orders", "Non-Molestation Orders", "SHPO", "CBO"),
    ),
    "stock": Decoy(
        "stock",
        (
            "SPOs in force at 31 March",
            "SPOs in force at 31 December",
            "SPOs active at year end",
            "Live SPOs at end of period",
            "SPOs in place at year end",
            "Number of SPOs currently in force",
            "Active interim SPOs at end of year",
            "Stalking Protection Orders in force on the last day of the period",
        ),
        "small",
    ),
    "running": Decoy(
        "running",
        (
            "Cumulative SPOs granted",
            "SPOs granted - running total",
            "Running total of SPO applications",
            "Cumulative total of orders granted",
            "SPOs granted since commencement (cumulative)",
            "Cumulative number of SPOs issued",
        ),
        "running",
    ),
    "outcome": Decoy(
        "outcome",
        (
            "SPO applications refused",
            "SPO applications withdrawn",
            "Applications discontinued",
            "Refused by court",
            "SPOs not granted",
            "Applications pending a hearing",
            "Applications adjourned",
            "SPOs varied",
            "SPOs discharged",
            "SPOs extended",
            "Interim SPO applications refused",
        ),
        "small",
    ),
    "people": Decoy(
        "people",
        (
            "Victims of stalking",
            "Number of victims (stalking offences)",
            "Suspects named in an SPO application",
            "Persons arrested for stalking",
            "Offenders charged with stalking",
            "Individuals subject to an SPO",
            "Number of perpetrators",
            "Victims protected by an SPO",
        ),
        "big",
    ),
    "rate": Decoy(
        "rate",
        (
            "Stalking offences per 1,000 population",
            "SPOs granted per 100 stalking crimes",
            "Rate per 1,000 residents",
            "Grant rate",
            "SPOs per 100,000 population",
        ),
        "rate",
    ),
    "percent": Decoy(
        "percent",
        (
            "% of applications granted",
            "Percentage of SPO applications granted",
            "% of stalking crimes with an SPO",
            "SPOs granted as a % of applications",
            "Proportion granted (%)",
        ),
        "percent",
    ),
    "duration": Decoy(
        "duration",
        (
            "Average days to grant",
            "Average number of days from application to grant",
            "Median days to obtain an SPO",
            "Average length of SPO (months)",
            "Mean time to court (days)",
        ),
        "days",
    ),
    "difference": Decoy(
        "difference",
        (
            "Change on previous year",
            "Year-on-year change",
            "Difference from previous year",
            "+/- on last year",
            "Change (%)",
            "Increase/decrease",
            "Variance on previous year",
        ),
        "change",
    ),
    "wider_class": Decoy(
        "wider_class",
        (
            "Stalking and harassment offences",
            "Stalking & harassment crimes recorded",
            "Harassment (8L)",
            "Harassment offences recorded",
            "Malicious communications",
            "Malicious Communications Act offences",
            "Controlling or coercive behaviour",
            "Public fear, alarm or distress",
        ),
        "big",
    ),
}
DECOY_FAMILIES = [f"decoy:{name}" for name in DECOYS]

# Tables about other things under titles a request about stalking gives them.
DECOY_TITLES: dict[str, list[str]] = {
    "other_order": [
        "Domestic Violence Protection Notices and Orders",
        "Other protective orders",
        "Protective orders (other than SPOs)",
    ],
    "stock": ["Stalking Protection Orders in force", "Live orders"],
    "running": ["Stalking Protection Orders - cumulative"],
    "outcome": ["Outcome of SPO applications not granted", "Applications not resulting in an SPO"],
    "people": ["Victims and suspects", "People involved in stalking cases"],
    "rate": ["Rates", "Stalking Protection Orders - rates"],
    "percent": ["Percentages", "SPO applications - success rate"],
    "duration": ["Time taken to obtain an SPO", "Timeliness"],
    "difference": ["Change over time", "Year-on-year comparison"],
    "wider_class": ["Related offences", "Harassment and related crimes"],
}

# Breakdowns: parts of a force, and what a table calls their sum.
BREAKDOWNS: dict[str, tuple[str, list[str], list[str]]] = {
    "bcu": (
        "Basic Command Unit",
        ["Northern BCU", "Southern BCU", "Eastern BCU", "Western BCU", "City BCU", "Rural BCU"],
        ["Total", "Force total", "Force wide", "Overall"],
    ),
    "district": (
        "Policing district",
        ["Abbeyfield", "Brookside", "Castleton", "Dunmore", "Elmbridge Vale"],
        ["Total", "Force total", "All districts"],
    ),
    "age": (
        "Age band",
        ["0-17", "18-25", "26-35", "36-45", "46-55", "56-65", "66+"],
        ["Total", "All age bands"],
    ),
    "sex": (
        "Sex of victim",
        ["Female", "Male", "Not recorded"],
        ["Total", "All victims"],
    ),
}
OUTCOMES = {
    "granted": ["Granted", "Granted by court", "Order made", "Successful"],
    "refused": ["Refused", "Refused by court", "Not granted", "Dismissed"],
    "withdrawn": ["Withdrawn", "Withdrawn by police", "Discontinued"],
}
OUTCOME_TOTALS = ["Total applications", "Applied for", "Applications made", "Total"]

# Columns or rows whose period has no end a reader can know: their numbers are no figure.
OPEN_ENDED = [
    "{year} to date",
    "{year} (to date)",
    "{year} - to date",
    "Year to date {year}",
    "{year} YTD",
    "Since commencement (20/01/2020)",
    "Total since January 2020",
]
REFERENCES = [
    "Our reference: FOI/2023/00417",
    "FOI Ref: 0912/22",
    "Request ref. 2024-0031",
    "Freedom of Information Act 2000 - Request No. 1187/23",
    "Reference number: FOIA-2022-1345",
]
PROSE = [
    "Thank you for your email dated 3 February 2024 requesting information under the Freedom of "
    "Information Act 2000.",
    "In your request you asked for: the number of applications for Stalking Protection Orders "
    "made by the force, how many were granted and the number of stalking crimes recorded.",
    "I can confirm that the force holds information relevant to your request, which is provided "
    "in the table below.",
    "Response date: 27 February 2024",
]
# Prose above a table of decoys: it names SPOs, so nothing but the labels says what is counted.
DECOY_PROSE = [
    "You asked for information about Stalking Protection Orders and other protective orders "
    "and notices used by the force.",
    "Request: stalking offences, SPOs and any related orders, for each year since 2019.",
]
FOOTNOTE_PROVISIONAL = "* {label} figures are provisional and subject to change."
FOOTNOTE_STAR_BETWEEN = "* indicates a number from 1 to 4, withheld under s.40(2)."
FOOTNOTE_STAR_FEWER = "* = fewer than five; exact number withheld (s.40 personal information)."
NOTES = [
    "Data extracted from the crime recording system on 12/02/2024.",
    "Figures are correct at the time of extraction and may change as records are updated.",
    "Please note these are management information figures.",
]


def territorial_forces() -> list[Force]:
    # SPOs are an England and Wales order: the generator uses the 43 forces that can grant them.
    return [f for f in all_forces() if f.territorial]


_SUFFIXES = (" Police Service", " Constabulary", " Police")


def _short_name(force: Force) -> str | None:
    """'Cumbria' for Cumbria Constabulary: how a letterhead or title often says its force."""
    for s in _SUFFIXES:
        if force.name.endswith(s):
            short = force.name[: -len(s)]
            return None if short == "Metropolitan" else short
    return None


def force_text(ch: Chooser, force: Force) -> str:
    """A way a return names its force: the official name, or the place alone, or 'X Police'."""
    options = [force.name]
    short = _short_name(force)
    if short:
        options += [short, f"{short} Police"]
    return ch.choice(options)


def file_stem_for(ch: Chooser, force: Force) -> str:
    options = [force.slug, force.slug.replace("-", "_")]
    short = _short_name(force)
    if short:
        options.append(short.replace(" ", ""))
    return ch.choice(options)
