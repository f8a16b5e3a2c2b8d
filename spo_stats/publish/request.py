"""Ask for what is missing: a force's chase list, and an FOI request worded so answers compare.

The request asks for calendar years, applications and grants, interim and full orders separately,
breaches and recorded stalking offences (Home Office code 8Q), and for small numbers to be stated
rather than withheld, so the reply can enter the dataset as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spo_stats.analysis.rates import SPO_START, Prefer, figure_for, resolve
from spo_stats.forces import get_force
from spo_stats.schema import MEASURES

FIRST_YEAR = SPO_START.year
# Every measure but the lumped one: a request asks for interim and full orders separately.
REQUEST_MEASURES = tuple(m for m in MEASURES if m != "all_spo_granted")
ASK = {
    "stalking_offences": "the number of stalking offences recorded by the force (Home Office "
    "crime classification 8Q, stalking)",
    "spo_applications": "the number of applications the force made for full Stalking Protection Orders",
    "spo_granted": "the number of full Stalking Protection Orders granted on the force's applications",
    "interim_spo_applications": "the number of applications the force made for interim Stalking "
    "Protection Orders",
    "interim_spo_granted": "the number of interim Stalking Protection Orders granted on the force's "
    "applications",
    "spo_breaches": "the number of breaches of Stalking Protection Orders (interim or full) the force "
    "recorded",
}


@dataclass
class Missing:
    """Calendar years (complete ones since 2020) for which the dataset lacks each figure."""

    force: str
    name: str
    years: list[int]
    by_measure: dict[str, list[int]] = field(default_factory=dict)
    has_any: bool = False
    # Of those years, the ones where the force withheld a small number rather than giving none.
    withheld: dict[str, list[int]] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not any(self.by_measure.values())


def chase_list(
    rows: list[dict[str, Any]], force: str, today: date, prefer: Prefer = "force"
) -> Missing:
    f = get_force(force)
    mine = [r for r in rows if r["force"] == f.slug]
    figs, _ = resolve(mine, prefer)
    years = list(range(FIRST_YEAR, today.year))  # complete calendar years only
    out = Missing(f.slug, f.name, years, has_any=bool(mine))
    for m in REQUEST_MEASURES:
        own = [x for x in figs if x.measure == m]
        lacking = []
        for y in years:
            start = SPO_START if (y == FIRST_YEAR and m != "stalking_offences") else None
            found = figure_for(own, date(y, 1, 1), date(y, 12, 31))
            if found is None and start is not None:
                found = figure_for(own, start, date(y, 12, 31))  # SPOs from 20 January 2020
            if found is None:
                lacking.append(y)
        out.by_measure[m] = lacking
        out.withheld[m] = sorted(
            {
                r["period_start"].year
                for r in mine
                if r["measure"] == m
                and r["status"] == "suppressed"
                and r["period_start"].year == r["period_end"].year
                and r["period_start"].year in lacking
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
    asks = [(m, ys) for m, ys in missing.by_measure.items() if ys]
    years = sorted({y for _, ys in asks for y in ys})
    lines = [
        f"To: Freedom of Information Officer, {missing.name}",
        f"Date: {today.day} {today:%B %Y}",
        "",
        "Request under the Freedom of Information Act 2000: Stalking Protection Orders and "
        "recorded stalking offences",
        "",
        "Dear Freedom of Information Officer,",
        "",
        f"Please provide the following figures for {missing.name}, for each calendar year "
        f"(1 January to 31 December) from {years[0]} to {years[-1]}, as a table with one row per year:",
        "",
    ]
    for i, (m, ys) in enumerate(asks, start=1):
        lines.append(f"{i}. {ASK[m][0].upper()}{ASK[m][1:]}, for {_years(ys)}.")
    lines += [
        "",
        "So that the answer can be compared with other forces':",
        "- please count interim and full orders separately, and say so if your records do not "
        "separate them;",
        "- please count each order once, in the calendar year it was granted (for 2020, from 20 "
        "January 2020, when the orders came into force);",
        '- if a figure is below five, please say so (for example "fewer than 5") rather than '
        "withholding the table;",
        "- if you hold some of these figures but not others, please send those you hold and say "
        "which you do not hold;",
        "- if answering in full would exceed the cost limit, please tell me which part does, so "
        "that I can narrow the request (section 16 advice and assistance).",
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
    rows: list[dict[str, Any]], force: str, today: date, prefer: Prefer = "force"
) -> tuple[Missing, str]:
    """The force's chase list and the letter that asks for it."""
    missing = chase_list(rows, force, today, prefer)
    return missing, request_letter(missing, today)
