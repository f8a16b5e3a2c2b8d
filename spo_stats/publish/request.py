"""Ask for what is missing: a force's chase list, and an FOI request worded so answers compare.

The request asks for calendar years, applications and grants, interim and full orders separately,
breaches and recorded stalking offences (Home Office code 8Q), and for small numbers to be stated
rather than withheld, so the reply can enter the dataset as it is.

Scotland and Northern Ireland are asked under their own law: a letter that cites the wrong Act, or
asks for orders that do not exist there, gets a refusal or a "not held" instead of figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from spo_stats.analysis.rates import SPO_START, Prefer, figure_for, resolve
from spo_stats.forces import Country, Force, get_force
from spo_stats.measures import MEASURES, REQUEST_MEASURES

if TYPE_CHECKING:
    from spo_stats.schema import Observation

FIRST_YEAR = SPO_START.year
ASK = {m: MEASURES[m].ask or "" for m in REQUEST_MEASURES}

# Northern Ireland's orders came with the Protection from Stalking Act (Northern Ireland) 2022.
NI_SPO_START = date(2023, 10, 19)
_NI_ACT = "the Protection from Stalking Act (Northern Ireland) 2022"


@dataclass(frozen=True)
class Law:
    """What a force can hold and the Act a request to it cites."""

    foi_act: str
    # None where Stalking Protection Orders do not exist (Scotland).
    spo_start: date | None
    asks: dict[str, str]
    # The duty to advise and assist: section 16 of the 2000 Act, section 15 of the Scottish Act.
    assist_section: int = 16
    # Said in the letter so the officer sees why SPOs are, or are not, asked for as they are.
    spo_note: str = ""


_EW_LAW = Law("the Freedom of Information Act 2000", SPO_START, ASK)
_LAWS: dict[Country, Law] = {
    "England": _EW_LAW,
    "Wales": _EW_LAW,
    # British Transport Police polices England, Wales and Scotland but answers under the 2000 Act.
    "UK": _EW_LAW,
    "Scotland": Law(
        "the Freedom of Information (Scotland) Act 2002",
        None,
        {
            "stalking_offences": "the number of offences of stalking recorded by the force under "
            "section 39 of the Criminal Justice and Licensing (Scotland) Act 2010"
        },
        assist_section=15,
        spo_note="No figures on Stalking Protection Orders are asked for: those orders were "
        "created for England and Wales and do not exist in Scotland.",
    ),
    "Northern Ireland": Law(
        "the Freedom of Information Act 2000",
        NI_SPO_START,
        {
            **ASK,
            "stalking_offences": "the number of offences of stalking recorded by the force under "
            f"section 1 of {_NI_ACT}",
        },
        spo_note=f"Stalking Protection Orders here are those under {_NI_ACT}, in force from "
        "19 October 2023, so they are asked for from 2023 only.",
    ),
}


def law_for(force: Force | Country) -> Law:
    return _LAWS[force if isinstance(force, str) else force.country]


@dataclass
class Missing:
    """Calendar years (complete ones since 2020) for which the dataset lacks each figure."""

    force: str
    name: str
    years: list[int]
    # Only the measures the force can hold: Scotland has no SPO measures here at all.
    by_measure: dict[str, list[int]] = field(default_factory=dict)
    has_any: bool = False
    # Of those years, the ones where the force withheld a small number rather than giving none.
    withheld: dict[str, list[int]] = field(default_factory=dict)
    country: Country = "England"

    @property
    def complete(self) -> bool:
        return not any(self.by_measure.values())


def chase_list(
    rows: list[Observation], force: str, today: date, prefer: Prefer = "ranked"
) -> Missing:
    f = get_force(force)
    mine = [r for r in rows if r.force == f.slug]
    figs, _ = resolve(mine, prefer)
    law = law_for(f)
    years = list(range(FIRST_YEAR, today.year))  # complete calendar years only
    out = Missing(f.slug, f.name, years, has_any=bool(mine), country=f.country)
    for m in REQUEST_MEASURES:
        if m not in law.asks:
            continue
        spo_start = None if m == "stalking_offences" else law.spo_start
        own = [x for x in figs if x.measure == m]
        lacking = []
        for y in years:
            if spo_start is not None and y < spo_start.year:
                continue  # no orders could be made that year
            start = spo_start if spo_start is not None and y == spo_start.year else None
            found = figure_for(own, date(y, 1, 1), date(y, 12, 31))
            if found is None and start is not None:
                found = figure_for(own, start, date(y, 12, 31))  # counted from the first day
            if found is None:
                lacking.append(y)
        out.by_measure[m] = lacking
        out.withheld[m] = sorted(
            {
                r.period_start.year
                for r in mine
                if r.measure == m
                and r.status == "suppressed"
                and r.period_start.year == r.period_end.year
                and r.period_start.year in lacking
            }
        )
    return out


def _years(ys: list[int]) -> str:
    """'2020 to 2025', '2020 and 2022 to 2025'."""
    runs: list[list[int]] = []
    for y in ys:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    parts = [
        f"{r[0]} to {r[-1]}"
        if len(r) > 2
        else " and ".join(map(str, r))
        if len(r) == 2
        else str(r[0])
        for r in runs
    ]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def request_letter(missing: Missing, today: date) -> str:
    """The FOI request as plain text, ready to paste into an email or WhatDoTheyKnow."""
    if missing.complete:
        return (
            f"The spo-stats dataset already holds every figure this request would ask {missing.name} "
            f"for (calendar years {_years(missing.years)}); no request is needed.\n"
        )
    law = law_for(missing.country)
    asks = [(m, ys) for m, ys in missing.by_measure.items() if ys]
    years = sorted({y for _, ys in asks for y in ys})
    spo = law.spo_start is not None
    subject = (
        "Stalking Protection Orders and recorded stalking offences"
        if spo
        else "recorded stalking offences"
    )
    lines = [
        f"To: Freedom of Information Officer, {missing.name}",
        f"Date: {today.day} {today:%B %Y}",
        "",
        f"Request under {law.foi_act}: {subject}",
        "",
        "Dear Freedom of Information Officer,",
        "",
        f"Please provide the following figures for {missing.name}, for each calendar year "
        f"(1 January to 31 December) from {years[0]} to {years[-1]}, as a table with one row per year:",
        "",
    ]
    for i, (m, ys) in enumerate(asks, start=1):
        text = law.asks[m]
        lines.append(f"{i}. {text[0].upper()}{text[1:]}, for {_years(ys)}.")
    if law.spo_note:
        lines += ["", law.spo_note]
    lines += ["", "So that the answer can be compared with other forces':"]
    if law.spo_start is not None:
        first = law.spo_start
        lines += [
            "- please count interim and full orders separately, and say so if your records do not "
            "separate them;",
            "- please count each order once, in the calendar year it was granted (for "
            f"{first.year}, from {first.day} {first:%B %Y}, when the orders came into force);",
        ]
    lines += [
        '- if a figure is below five, please say so (for example "fewer than 5") rather than '
        "withholding the table;",
        "- if you hold some of these figures but not others, please send those you hold and say "
        "which you do not hold;",
        "- if answering in full would exceed the cost limit, please tell me which part does, so "
        f"that I can narrow the request (section {law.assist_section} advice and assistance).",
        "",
        "I would be grateful to receive the figures as a spreadsheet (xlsx, ods or csv).",
        "",
        "Yours faithfully,",
        "",
        "[your name]",
        "",
        f"(Drafted by spo-stats from the figures its dataset lacks for {missing.name}.)",
        "",
    ]
    return "\n".join(lines)


REQUEST_FILE = "foi-request.txt"


def draft_request(
    rows: list[Observation], force: str, today: date, prefer: Prefer = "ranked"
) -> tuple[Missing, str]:
    """The force's chase list and the letter that asks for it."""
    missing = chase_list(rows, force, today, prefer)
    return missing, request_letter(missing, today)
