"""Parsing the periods FOI returns use into inclusive start and end dates.

Calendar and financial years (April to March), quarters, months (text or Excel dates) and explicit
ranges. Text that names no period, or more than one, gives None: the caller must not guess.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from spo_stats.understand import TEXT_CACHE

PeriodKind = Literal["year", "financial_year", "quarter", "month", "range"]

# Years a figure of ours can belong to: a number outside them is not a year (a count, a code).
MIN_YEAR, MAX_YEAR = 2000, 2039
# A period this many days apart, end from start, is read as a year or more: a year less a few
# days is still a year's figure (a year "to 27 December"); two quarters never are.
YEAR_OR_LONGER_DAYS = 360


def plausible_year(y: int) -> bool:
    """A year a figure of ours can belong to."""
    return MIN_YEAR <= y <= MAX_YEAR


def is_year_or_longer(start: date, end: date) -> bool:
    """A period of about a year or more: the figures a report leads with."""
    return (end - start).days >= YEAR_OR_LONGER_DAYS


def is_one_year_long(start: date, end: date) -> bool:
    """A period of exactly one year's days (365 or 366), wherever it starts: one year's rate,
    where a longer period holds several years and a shorter one is not a year's."""
    return (end - start).days + 1 in (365, 366)


def is_longer_than_a_year(start: date, end: date) -> bool:
    """A period of more days than any calendar or financial year: several years together."""
    return (end - start).days + 1 > 366


class Period(BaseModel):
    """An inclusive span of days."""

    model_config = ConfigDict(frozen=True)

    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        return self

    @property
    def kind(self) -> PeriodKind:
        return classify(self.start, self.end)

    @property
    def label(self) -> str:
        return period_label(self.start, self.end)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def classify(start: date, end: date) -> PeriodKind:
    if start.day != 1 or end != month_end(end.year, end.month):
        return "range"
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months == 12 and start.month == 1:
        return "year"
    if months == 12 and start.month == 4:
        return "financial_year"
    if months == 3 and start.month in (1, 4, 7, 10):
        return "quarter"
    if months == 1:
        return "month"
    return "range"


def period_label(start: date, end: date) -> str:
    kind = classify(start, end)
    if kind == "year":
        return str(start.year)
    if kind == "financial_year":
        return f"{start.year}/{str(end.year)[2:]}"
    if kind == "quarter":
        return f"{start.year} Q{(start.month - 1) // 3 + 1}"
    if kind == "month":
        return start.strftime("%b %Y")
    if start.day == 1 and end == month_end(end.year, end.month):
        if start.month == 1 and end.month == 12:
            return f"{start.year} to {end.year}"
        return f"{start:%b %Y} to {end:%b %Y}"
    return f"{start.isoformat()} to {end.isoformat()}"


def calendar_year(year: int) -> Period:
    return Period(start=date(year, 1, 1), end=date(year, 12, 31))


def financial_year(first_year: int) -> Period:
    return Period(start=date(first_year, 4, 1), end=date(first_year + 1, 3, 31))


def financial_quarter(first_year: int, quarter: int) -> Period:
    """Home Office financial quarters: quarter 1 is April to June of the year's first year."""
    month = 4 + (quarter - 1) * 3
    year = first_year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return Period(start=date(year, month, 1), end=month_end(year, month + 2))


def _month(year: int, month: int) -> Period:
    return Period(start=date(year, month, 1), end=month_end(year, month))


_MONTHS = {
    name: i
    for i in range(1, 13)
    for name in {calendar.month_name[i].lower(), calendar.month_abbr[i].lower()}
}
_MONTHS["sept"] = 9
_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_Y4 = r"(?:19|20)\d{2}"
# Word separators need spaces round them: "to" is also inside "October".
_SEP = r"(?:\s*(?:-|–|—)\s*|\s+(?:to|until|through)\s+)"

_FY = re.compile(
    rf"^(?P<pre>fy|financial\s+year|fin\s+year|year)?\s*(?P<y1>{_Y4})\s*(?P<sep>/|-|–|to)\s*(?P<y2>\d{{2}}|{_Y4})$"
)
# "FY21/22", "FY 21-22", "21/22": a financial year written with two-digit years.
_FY_SHORT = re.compile(
    r"^(?P<pre>fy|financial\s+year)?\s*(?P<y1>\d{2})\s*[/-]\s*(?P<y2>\d{2})(?:\s*fy)?$"
)
_QUARTER = [
    re.compile(rf"^(?P<y>{_Y4})\s*q(?P<q>[1-4])$"),
    re.compile(rf"^q(?P<q>[1-4])\s*(?P<y>{_Y4})$"),
]
_FY_QUARTER = [
    re.compile(rf"^(?:fy\s*)?(?P<y1>{_Y4})\s*[/-]\s*(?P<y2>\d{{2}}|{_Y4})\s*q(?P<q>[1-4])$"),
    re.compile(rf"^q(?P<q>[1-4])\s*(?:fy\s*)?(?P<y1>{_Y4})\s*[/-]\s*(?P<y2>\d{{2}}|{_Y4})$"),
    # "Q1 21/22", "21/22 Q1": a financial year's quarter with the years in two digits.
    re.compile(r"^(?:fy\s*)?(?P<y1>\d{2})\s*/\s*(?P<y2>\d{2})\s*q(?P<q>[1-4])$"),
    re.compile(r"^q(?P<q>[1-4])\s*(?:fy\s*)?(?P<y1>\d{2})\s*/\s*(?P<y2>\d{2})$"),
]
# "2021 H1", "H2 2022", "2021/22 H1": half years, of a calendar year (January to June, July to
# December) or of a financial one (April to September, October to March).
_HALF = [
    re.compile(rf"^(?P<y>{_Y4})\s*h(?P<h>[12])$"),
    re.compile(rf"^h(?P<h>[12])\s*(?P<y>{_Y4})$"),
]
_FY_HALF = [
    re.compile(rf"^(?:fy\s*)?(?P<y1>{_Y4})\s*[/-]\s*(?P<y2>\d{{2}}|{_Y4})\s*h(?P<h>[12])$"),
    re.compile(rf"^h(?P<h>[12])\s*(?:fy\s*)?(?P<y1>{_Y4})\s*[/-]\s*(?P<y2>\d{{2}}|{_Y4})$"),
]
_YEAR = re.compile(
    rf"^(?:cy|calendar\s+year|year|jan(?:uary)?\s*-\s*dec(?:ember)?)?\s*(?P<y>{_Y4})$"
)
_POINT_DAY = [
    re.compile(rf"^(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MON})\.?,?\s+(?P<y>{_Y4})$"),
    re.compile(rf"^(?P<m>{_MON})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>{_Y4})$"),
    re.compile(r"^(?P<d>\d{1,2})[/.](?P<mn>\d{1,2})[/.](?P<y>(?:19|20)\d{2}|\d{2})$"),
    re.compile(r"^(?P<y>(?:19|20)\d{2})-(?P<mn>\d{1,2})-(?P<d>\d{1,2})$"),
]
_POINT_MONTH = [
    re.compile(rf"^(?P<m>{_MON})\.?[\s\-']*(?P<y>{_Y4}|\d{{2}})$"),
    re.compile(r"^(?P<y>(?:19|20)\d{2})-(?P<mn>\d{2})$"),
    re.compile(r"^(?P<mn>\d{1,2})/(?P<y>(?:19|20)\d{2})$"),
]
_POINT_BARE_MONTH = re.compile(rf"^(?P<m>{_MON})\.?$")
_POINT_YEAR = re.compile(rf"^(?P<y>{_Y4})$")


def _norm(text: str) -> str:
    text = text.replace("\u00a0", " ").lower().strip()
    text = re.sub(r"\s+", " ", text)
    return text.strip(" .:;,()[]")


def _year(token: str) -> int:
    y = int(token)
    return 2000 + y if y < 100 else y


Point = tuple[int | None, int | None, int | None]  # year, month, day


def _point(text: str) -> Point | None:
    for rx in _POINT_DAY:
        if m := rx.match(text):
            month = _MONTHS[m["m"]] if "m" in m.groupdict() else int(m["mn"])
            if not 1 <= month <= 12:
                return None
            return (_year(m["y"]), month, int(m["d"]))
    for rx in _POINT_MONTH:
        if m := rx.match(text):
            month = _MONTHS[m["m"]] if "m" in m.groupdict() else int(m["mn"])
            return (_year(m["y"]), month, None)
    if m := _POINT_BARE_MONTH.match(text):
        return (None, _MONTHS[m["m"]], None)
    if m := _POINT_YEAR.match(text):
        return (int(m["y"]), None, None)
    return None


def _range(text: str) -> Period | None:
    # Words first: "2020-01-01 to 2020-12-31" has dashes inside its dates.
    parts = re.split(r"\s+(?:to|until|through)\s+|\s+(?:-|–|—)\s+", text)
    if len(parts) != 2:
        parts = re.split(_SEP, text)
    if len(parts) != 2:
        return None
    left, right = _point(parts[0].strip()), _point(parts[1].strip())
    if left is None or right is None:
        return None
    ly, lm, ld = left
    ry, rm, rd = right
    if ry is None:
        return None
    if ly is None:  # "Jan - Dec 2021": the left side borrows the right side's year
        if lm is None or rm is None:
            return None
        ly = ry if lm <= rm else ry - 1
    try:
        start = date(ly, lm or 1, ld or 1)
        end = date(ry, rm or 12, rd) if rd else month_end(ry, rm or 12)
    except ValueError:
        return None
    if not (plausible_year(start.year) and plausible_year(end.year)) or end < start:
        return None
    return Period(start=start, end=end)


def _exact(text: str) -> Period | None:
    if m := _YEAR.match(text):
        y = int(m["y"])
        return calendar_year(y) if plausible_year(y) else None
    if m := _FY.match(text):
        y1, y2 = int(m["y1"]), _year(m["y2"])
        fy_words = m["pre"] in ("fy", "financial year", "fin year")
        if y2 == y1 + 1 and (m["sep"] == "/" or len(m["y2"]) == 2 or fy_words):
            return financial_year(y1) if plausible_year(y1) else None
        if (
            len(m["y2"]) == 4
            and y2 > y1
            and plausible_year(y1)
            and plausible_year(y2)
            and not fy_words
        ):
            return Period(start=date(y1, 1, 1), end=date(y2, 12, 31))
    if m := _FY_SHORT.match(text):
        y1, y2 = 2000 + int(m["y1"]), 2000 + int(m["y2"])
        return financial_year(y1) if y2 == y1 + 1 and plausible_year(y1) else None
    for rx in _FY_QUARTER:
        if m := rx.match(text):
            y1, y2 = _year(m["y1"]), _year(m["y2"])
            if y2 == y1 + 1 and plausible_year(y1):
                return financial_quarter(y1, int(m["q"]))
            return None
    if half := _half(text):
        return half
    for rx in _QUARTER:
        if m := rx.match(text):
            y, q = int(m["y"]), int(m["q"])
            if not plausible_year(y):
                return None
            return Period(start=date(y, 3 * q - 2, 1), end=month_end(y, 3 * q))
    point = _point(text)
    if point is not None:
        py, pm, pd = point
        if py is None or not plausible_year(py) or pd is not None:
            return None  # a single day is a date, not a period
        return _month(py, pm) if pm else calendar_year(py)
    return _range(text)


def _half(text: str) -> Period | None:
    """A half year: "2021 h1" is January to June 2021, "2021/22 h2" October 2021 to March 2022."""
    for rx in _FY_HALF:
        if m := rx.match(text):
            y1, y2 = _year(m["y1"]), _year(m["y2"])
            if y2 != y1 + 1 or not plausible_year(y1):
                return None
            if m["h"] == "1":
                return Period(start=date(y1, 4, 1), end=date(y1, 9, 30))
            return Period(start=date(y1, 10, 1), end=date(y2, 3, 31))
    for rx in _HALF:
        if m := rx.match(text):
            y = int(m["y"])
            if not plausible_year(y):
                return None
            first = 1 if m["h"] == "1" else 7
            return Period(start=date(y, first, 1), end=month_end(y, first + 5))
    return None


def parse_period(cell: object) -> Period | None:
    """The period a whole cell names, or None."""
    if cell is None or isinstance(cell, bool):
        return None
    if isinstance(cell, datetime | date):
        d = cell.date() if isinstance(cell, datetime) else cell
        # A month given as an Excel date: its first or last day.
        if plausible_year(d.year) and (d.day == 1 or d == month_end(d.year, d.month)):
            return _month(d.year, d.month)
        return None
    if isinstance(cell, int | float):
        if isinstance(cell, float) and not cell.is_integer():
            return None
        y = int(cell)
        return calendar_year(y) if plausible_year(y) else None
    if not isinstance(cell, str):
        return None
    return _text_period(cell)


# "Quarter 1 2024", "Qtr 2 2023/24", "3rd quarter of 2022": the quarter written out, as "q1".
_QUARTER_WORDS = re.compile(
    r"\b(?:quarter|qtr)\.?\s*(?P<q>[1-4])\b,?|\b(?P<n>[1-4])(?:st|nd|rd|th)\s+quarter(?:\s+of)?\b,?"
)


# "First half 2021", "2nd half of 2022/23", "Half 1 2021", "half-year 2": the half written out.
_HALF_WORDS = re.compile(
    r"\b(?P<w>first|second|1st|2nd)\s+half(?:[\s-]+year)?(?:\s+of)?\b,?|"
    r"\bhalf(?:[\s-]*year)?\s*(?P<n>[12])\b,?"
)


def _half_word(m: re.Match[str]) -> str:
    return f"h{m['n'] or ('1' if m['w'] in ('first', '1st') else '2')} "


@lru_cache(maxsize=TEXT_CACHE)
def _text_period(cell: str) -> Period | None:
    text = _norm(cell)
    if not text or len(text) > 80:
        return None
    if "quarter" in text or "qtr" in text:
        text = _QUARTER_WORDS.sub(lambda m: f"q{m['q'] or m['n']} ", text)
        text = " ".join(text.split())
    if "half" in text:
        text = " ".join(_HALF_WORDS.sub(_half_word, text).split())
    return _exact(text)


# Spans inside longer text that may name a period, tried longest first.
_DAY_TOKEN = rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON}\.?,?\s+{_Y4}|\d{{1,2}}/\d{{1,2}}/{_Y4}"
_MONTH_TOKEN = rf"{_MON}\.?\s+{_Y4}"
_SPAN_PATTERNS = [
    re.compile(rf"(?:{_DAY_TOKEN}){_SEP}(?:{_DAY_TOKEN})"),
    re.compile(rf"(?:{_DAY_TOKEN}|{_MONTH_TOKEN}){_SEP}(?:{_DAY_TOKEN}|{_MONTH_TOKEN})"),
    re.compile(rf"{_MON}\.?{_SEP}{_MON}\.?\s+{_Y4}"),
    re.compile(
        rf"(?:fy\s*)?{_Y4}\s*[/-]\s*(?:\d{{2}}|{_Y4})\s*q[1-4]|q[1-4]\s*{_Y4}(?:\s*[/-]\s*\d{{2,4}})?|{_Y4}\s*q[1-4]"
    ),
    re.compile(rf"(?:fy|financial\s+year)\s*{_Y4}\s*[/-]\s*(?:\d{{2}}|{_Y4})"),
    re.compile(rf"{_Y4}\s*(?:/|-|–|to)\s*(?:{_Y4}|\d{{2}})(?!\d)"),
    re.compile(rf"{_DAY_TOKEN}|{_MONTH_TOKEN}|{_MON}-\d{{2}}(?!\d)"),
    re.compile(rf"(?<![\d/-]){_Y4}(?![\d/])"),
]
