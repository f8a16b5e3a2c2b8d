"""Typing label cells: every header and row label gets a dimension, or is unknown.

A figure is a force figure only when every label on its row and column is understood: a period
or part of one, a force, a measure, a total, or a word naming the dimension of its column
("Year", "Number"). A breakdown (a BCU, an age band, a court outcome) or a label nobody
recognises keeps the figures under it out; where the table has a total across it, the total is
the force's figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Literal

from spo_stats.forces import find_force
from spo_stats.read.cells import CellValue
from spo_stats.understand import TEXT_CACHE, lexicon
from spo_stats.understand.measures import is_total, signals, veto
from spo_stats.understand.period_text import (
    PeriodPart,
    label_period,
    period_part,
    strip_marker,
    to_date_period,
    total_period,
)
from spo_stats.understand.periods import Period

LabelKind = Literal[
    "blank",
    "period",
    "part",
    "date",
    "force",
    "measure",
    "total",
    "dimension",
    "breakdown",
    "unknown",
]

# Words that name what a column or row of labels holds, saying nothing of any one figure.
_DIMENSION = re.compile(
    r"^(?:the\s+)?(?:calendar\s+|financial\s+|fiscal\s+|fin\s+|cal\s+)?(?:years?|months?|quarters?|periods?|dates?|"
    r"time\s+period|reporting\s+period|police\s+force|force(?:\s+name)?|forces|area|measures?|types?|"
    r"category|categories|description|details|figures?|numbers?|count|cnt|no\.?|n|#|value|values|data|"
    r"crime\s+desc|offence\s+desc|desc|"
    r"number\s+of|no\.?\s+of|count\s+of|total\s+of|"
    r"amount|frequency|total\s+number|number\s+of\s+cases|volume|result|response|answer|question|"
    r"year\s+and\s+month|month\s+and\s+year|fy|cy|"
    r"(?:corrected|revised|amended|updated|current|latest)(?:\s+(?:figures?|values?|numbers?|count))?|"
    r"row\s+labels|column\s+labels|(?:count|sum)\s+of\s+(?:crime\s+)?(?:ref(?:erence)?s?|records?|"
    r"crimes?|urn|id|occurrences?))$"
)
# The months a year header runs over, in brackets after it: "Calendar Year (Jan - Dec)",
# "Financial year (1 April - 31 March)". They say which kind of year, not which figure.
_YEAR_SPAN = re.compile(
    r"\s*\((?:1(?:st)?\s+)?jan(?:uary)?\.?\s*(?:-|–|to)\s*(?:31(?:st)?\s+)?dec(?:ember)?\.?\)$|"
    r"\s*\((?:1(?:st)?\s+)?apr(?:il)?\.?\s*(?:-|–|to)\s*(?:31(?:st)?\s+)?mar(?:ch)?\.?\)$"
)  # only a whole year's months: "Year (Jan - Jun)" is part of a year, no dimension
# A figure since replaced: a revised return keeps the old one beside the new.
_SUPERSEDED = re.compile(
    r"\bpreviously\b|\boriginal(?:ly)?\b|\bsuperseded\b|\berroneous\b|\bincorrect\b|\bold\s+figure"
)
# Who or what an order concerns: a breakdown even inside a measure's own label.
_ABOUT = re.compile(
    r"\bpartner|\bintimate|\brelationship|\bex[-\s]?partner|\bby\s+(?:age|sex|gender|ethnicity|bcu|"
    r"district|borough|area|division|court|outcome)|\baged?\s+\d|\bunder\s+1[68]|\bjuvenile|"
    r"\bmale\b|\bfemale\b|\bcurrent\s+or\s+former"
)
# Dimensions below a force or across people: figures under them are parts, not the force's own.
_BREAKDOWN = re.compile(
    r"\bbcu\b|\bborough|\bdistrict|\bdivision|\bneighbourhood|\blocal\s+authority|\bward\b|\bcounty\b|"
    r"\bbasic\s+command|\bcommand\s+unit|\blpa\b|\bage\b|\baged\b|\bunder\s+\d|\d+\s*\+|\d+\s*(?:-|to)\s*\d+|"
    r"\bover\s+\d|\bmales?\b|\bfemales?\b|\bsex\b|\bgender|\bethnic|\bwhite\b|\bblack\b|\basian\b|"
    r"\bmixed\b|\bnot\s+(?:stated|known|recorded)|\bunknown\b|\bother\b|\bgranted\s+in\s+part|"
    r"\bcourt\b|\bmagistrates|\bcrown\b|\boutcome|\brefused|\bwithdrawn|\bdismissed|\brejected|"
    r"\bpending|\bnot\s+heard|\badjourned|\bongoing|\bdiscontinued|\brelationship|\bex[-\s]?partner|"
    r"\bacquaintance|\bstranger|\bfamily\b|\bnorth\b|\bsouth\b|\beast\b|\bwest\b|\bcentral\b|\bcity\b"
)


_BRACKET = re.compile(r"\s*\([^()]*\)$")

WELSH_ALONE = "a label in Welsh with no English beside it"


@dataclass(frozen=True)
class Label:
    kind: LabelKind
    text: str = ""
    period: Period | None = None
    part: PeriodPart | None = None
    force: str | None = None
    day: date | None = None  # a single date: with another on its row, the two bound a period
    why: str = ""  # for breakdowns and unknown labels: what was seen
    # "2024 to date": period is the whole year, whose end the return's words must give.
    to_date: bool = False
    partial: bool = False  # "Part year": the period under it is only part of the year it names


def label_text(v: CellValue) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return " ".join(str(v).split())


# typed: 2021 the number, 2021.0 and "2021" are told apart, as the checks below tell them.
@lru_cache(maxsize=TEXT_CACHE, typed=True)
def type_label(v: CellValue) -> Label:
    """What one header or row-label cell says (a frozen Label, shared between cells alike)."""
    text = label_text(v)
    if not text:
        return Label("blank")
    raw = v.strip() if isinstance(v, str) else text
    if (english := lexicon.english_side(raw)) != raw:
        return type_label(english)
    if (p := label_period(v)) is not None:
        return Label("period", text, period=p)
    if (whole := to_date_period(text)) is not None:
        return Label("period", text, period=whole, to_date=True)
    if (part := period_part(v)) is not None:
        return Label("part", text, part=part)
    if (day := single_day(v)) is not None:
        return Label("date", text, day=day)
    clean = strip_marker(text)[0]
    lower = " ".join(clean.casefold().replace("_", " ").split()).strip(" :.")
    lower = lexicon.without_agent(lower)
    if lexicon.PIVOT_CHROME.search(lower):
        return Label("blank")
    if lexicon.PART_YEAR.match(lower):
        return Label("dimension", text, partial=True)
    if is_total(lower) or (is_total(_BRACKET.sub("", lower)) and total_period(text) is not None):
        # "2024 Total (to 31 May)": a total, its brackets saying the part of the year it covers.
        return Label("total", text)
    if _DIMENSION.match(lower) or _DIMENSION.match(_YEAR_SPAN.sub("", lower)):
        return Label("dimension", text)
    if (force := find_force(clean)) is not None:
        return Label("force", text, force=force.slug)
    if lexicon.is_welsh(text):
        # A Welsh label beside its English one: the English is read. Alone, it says nothing
        # this reader can read, and the cells it labels are left out (tables.py).
        return Label("blank", text, why=WELSH_ALONE)
    if (word := veto(lower)) is not None:
        return Label("breakdown", text, why=f"counts something else ({word!r})")
    if m := _SUPERSEDED.search(lower):
        return Label("breakdown", text, why=f"a figure since replaced ({m.group(0)!r})")
    if m := _ABOUT.search(lower):
        return Label("breakdown", text, why=f"a breakdown ({m.group(0)!r})")
    s = signals(lower)
    if s.kind is not None or s.action is not None:
        if s.action == "other":
            return Label("breakdown", text, why="an outcome other than granted")
        return Label("measure", text)
    if m := _BREAKDOWN.search(lower):
        return Label("breakdown", text, why=f"a breakdown ({m.group(0)!r})")
    return Label("unknown", text, why="a label that is not understood")


def understood(label: Label) -> bool:
    """Labels under which a figure can still be a force figure."""
    return label.kind in ("blank", "period", "part", "date", "force", "measure", "dimension")


_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_UK_DAY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def single_day(v: CellValue) -> date | None:
    """A cell holding one date ("2020-04-01", "01/04/2020", an Excel date that is no month's end)."""
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if not isinstance(v, str):
        return None
    text = v.strip()
    try:
        if m := _ISO_DAY.match(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _UK_DAY.match(text):
            return date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None
