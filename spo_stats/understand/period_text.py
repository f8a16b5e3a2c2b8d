"""Periods as forces write them in labels and titles, beyond a clean period cell.

A label may carry a footnote marker ("2023*"), a part-year ("2024 (January to April)") or only a
part of a period ("January", "Q1") to be composed with the other axis ("2021"). A title may hold a
period among other words, and reference numbers ("FOI 2022-125", "Ref 004412") that are never
periods. Anything that could be read two ways gives None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from spo_stats.understand import TEXT_CACHE
from spo_stats.understand.periods import (
    _DAY_TOKEN,
    _MON,
    _MONTHS,
    _SPAN_PATTERNS,
    _Y4,
    Period,
    _exact,
    _norm,
    _point,
    _range,
    financial_quarter,
    is_one_year_long,
    month_end,
    parse_period,
)

_MARKER = re.compile(
    r"\s*(?:\*+|[†‡§¹²³]|\^\w{1,2}|\[\s*(?:note\s*)?\w{1,3}\s*\]|\(\s*(?:note\s*)?\d{1,2}\s*\)|\(\s*[a-z]\s*\))$",
    re.I,
)
_QUALIFIER = re.compile(
    r"\s*[(\[]\s*(provisional|prov\.?|revised|unaudited|draft|estimated?|final)\s*[)\]]$", re.I
)
# "FOI 2022-125", "Our ref: 004412/23", "Request No. 900-24", "Case 2023/0456": identifiers.
_REFERENCE = re.compile(
    r"\b(?:foi(?:a)?|ref(?:erence)?|request|case|no|number|id|our|your)\b\.?\s*"
    r"(?:ref(?:erence)?|no|number|id)?\.?\s*[:#.]?\s*[a-z]{0,4}\s*[-/]?\s*\d[\w/.-]*",
    re.I,
)
# "2022-125", "900-24", "004412/23", "12345": identifiers; "2021/22" and "2021-2022" are not.
_LONG_NUMBER = re.compile(
    r"\b\d{4}[-/](?!(?:19|20)\d{2}\b)\d{3,}\b|\b(?:\d{3}|\d{5,})[-/]\d{2,4}\b(?![-/]\d)|\b\d{5,}\b"
)
# Words that leave a period open or partial: with any of them left over, a title names no period.
_OPEN = re.compile(
    rf"\bto\s+date\b|\bytd\b|\bso\s+far\b|\bsince\b|\bpart(?:ial)?\b|\buntil\b|\bup\s+to\b|"
    rf"\bend(?:ing|ed)?\b|\bbetween\b|\bfrom\b|\b{_MON}\b|{_Y4}"
)
_BETWEEN = re.compile(
    rf"between\s+(?P<a>{_DAY_TOKEN}|{_MON}\.?\s+{_Y4})\s+and\s+(?P<b>{_DAY_TOKEN}|{_MON}\.?\s+{_Y4})"
)
_DAY = re.compile(_DAY_TOKEN)
# A span found as a range of two dates: "from" or "between" before it closes it, not opens it.
_RANGE_MARK = " \u2016 "
_YEAR_ENDING = re.compile(
    rf"(?:financial\s+year|year|12\s+months|twelve\s+months)\s+(?:ending|ended|to)\s+"
    rf"(?:(?:\d{{1,2}})(?:st|nd|rd|th)?\s+)?(?P<m>{_MON})\.?,?\s+(?P<y>{_Y4})"
)
_NARROWED = re.compile(r"^(?P<outer>[^(]+?)\s*\((?P<inner>[^()]*\d[^()]*)\)?$")
_PART_YEAR = re.compile(rf"^(?P<y>{_Y4})\s*[(\-–:,]\s*(?P<inner>{_MON}.*?)\)?$")


@lru_cache(maxsize=TEXT_CACHE)
def strip_marker(text: str) -> tuple[str, str]:
    """Label text without trailing footnote markers or qualifiers, and what was stripped."""
    stripped = ""
    while True:
        m = _MARKER.search(text) or _QUALIFIER.search(text)
        if not m or m.start() == 0:
            return text.strip(), stripped.strip()
        stripped = m.group(0).strip() + " " + stripped
        text = text[: m.start()]


def label_period(cell: object) -> Period | None:
    """The period a label cell names, markers and part-years understood."""
    if not isinstance(cell, str):
        return parse_period(cell)
    return _label_text_period(cell)


@lru_cache(maxsize=TEXT_CACHE)
def _label_text_period(cell: str) -> Period | None:
    if (p := parse_period(cell)) is not None:
        return p
    text, _ = strip_marker(cell)
    if (p := parse_period(text)) is not None:
        return p
    norm = _norm(text)
    # "FY19/20 (20/01/2020 - 31/03/2020)": the dates in brackets narrow the period before them.
    if (m := _NARROWED.match(norm)) and (outer := label_period(m["outer"])):
        inner = _norm(m["inner"])
        narrow = (
            parse_period(inner)
            or parse_period(_year_both_ends(inner, outer))
            or _open_end(inner, outer)
            or _day_span(inner)
        )
        if narrow is not None and outer.start <= narrow.start <= narrow.end <= outer.end:
            return narrow
    if (p := _confirmed_by_months(text)) is not None:
        return p
    if (p := _year_with_months(norm)) is not None:
        return p
    if (p := _part_dated(norm)) is not None:
        return p
    if m := _PART_YEAR.match(norm):
        inner = _norm(m["inner"])
        if not re.search(r"\d", inner):  # "2024 (January to April)": months of that year
            p = _exact(f"{inner} {m['y']}")
            if p is not None and p.start.year == p.end.year == int(m["y"]):
                return p
    if m := _YEAR_ENDING.fullmatch(norm):
        return _year_ending(m)
    return None


# "2024/25 (Apr-May)", "2022/23 (part year: April to September)", "2024/25: Q1", "2023 - to
# end of May", "April-May 2024/25": a year, calendar or financial, with the part of it that the
# figures cover.
_PART_WORDS = r"(?:part[\s-]*year|partial(?:\s+year)?)"
_YEAR_THEN_MONTHS = re.compile(
    rf"^(?P<outer>[^(:]+?)(?:\s+{_PART_WORDS})?\s*(?:\(|:|\s[-–—]\s)\s*"
    rf"(?:{_PART_WORDS}\s*[:,-]?\s*)?(?P<inner>[^()]+?)\s*\)?$"
)
_MONTHS_THEN_YEAR = re.compile(
    rf"^(?P<inner>{_MON}\.?(?:\s*(?:-|–|to)\s*{_MON}\.?)?),?\s+(?P<outer>\S.*)$"
)
_TWO_MONTHS = re.compile(rf"^(?P<a>{_MON})\.?\s+(?:and|&)\s+(?P<b>{_MON})\.?$")
_TO_END = re.compile(rf"^(?:to|until|up\s+to)\s+(?:the\s+)?end\s+(?:of\s+)?(?P<m>{_MON})\.?$")


def _year_with_months(norm: str) -> Period | None:
    """A year narrowed by the months named with it; the months of a financial year fall in
    the calendar year that holds them (April to December the first, January to March the next)."""
    m = _YEAR_THEN_MONTHS.match(norm) or _MONTHS_THEN_YEAR.match(norm)
    if m is None:
        return None
    outer = parse_period(m["outer"])
    if outer is None or outer.kind not in ("year", "financial_year"):
        return None
    part = _part_of_year(m["inner"], outer)
    return compose(outer, part) if part is not None else None


def _part_of_year(inner: str, outer: Period) -> PeriodPart | None:
    """ "Apr-May", "Q1", "April and May" (months next to each other), "to end of May"."""
    if m := _TWO_MONTHS.match(inner):
        a, b = _MONTHS[m["a"]], _MONTHS[m["b"]]
        return PeriodPart("months", a, b) if b == a % 12 + 1 else None
    if m := _TO_END.match(inner):
        return PeriodPart("months", outer.start.month, _MONTHS[m["m"]])
    return period_part(inner)


_YEAR_AT_END = re.compile(
    rf"^(?P<a>\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON})\.?\s+(?P<to>to|-|–|until)\s+"
    rf"(?P<b>\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON}\.?\s+(?P<y>{_Y4}))$"
)


_NO_YEAR = re.compile(
    rf"^(?P<a>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<am>{_MON})\.?\s*(?P<to>to|-|–|until)\s*"
    rf"(?P<b>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<bm>{_MON})\.?$"
)


def _year_both_ends(inner: str, outer: Period) -> str:
    """ "1 april to 31 may 2024" written out as "1 april 2024 to 31 may 2024"; "1 jan - 30 apr"
    inside 2024 as "1 jan 2024 to 30 apr 2024" (each month in the year the period holds it)."""
    if m := _YEAR_AT_END.match(inner):
        return f"{m['a']} {m['y']} {m['to']} {m['b']}"
    if m := _NO_YEAR.match(inner):
        years = []
        for mon in (m["am"], m["bm"]):
            month = _MONTHS.get(mon.lower(), _MONTHS.get(mon.lower()[:3], 0))
            years.append(outer.start.year if month >= outer.start.month else outer.end.year)
        return f"{m['a']} {m['am']} {years[0]} to {m['b']} {m['bm']} {years[1]}"
    return inner


_FROM_TO = re.compile(
    rf"^(?P<word>from|since|starting|to|until|up\s+to|ending)\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s/.-]*"
    rf"(?P<m>{_MON}|\d{{1,2}})\.?(?:[\s/.-]+(?P<y>{_Y4}|\d{{2}}))?$"
)


_PART_DATED = re.compile(r"^(?P<part>[^()]+?)\s*\((?P<inner>[^()]*\d{4}[^()]*)\)?$")


def _part_dated(norm: str) -> Period | None:
    """ "Q1 (Apr-Jun 2020)", "Month 1 (April 2023)": a part of a year named, with its dates in
    brackets, which must be as long as the part (a quarter three months, a month one)."""
    m = _PART_DATED.match(norm)
    if m is None or (part := period_part(m["part"])) is None:
        return None
    inner = parse_period(m["inner"])
    if inner is None:
        return None
    months = (inner.end.year - inner.start.year) * 12 + inner.end.month - inner.start.month + 1
    long = {"quarter": 3, "month": 1}.get(part.kind, part.last - part.first + 1)
    whole = inner.start.day == 1 and (inner.end + timedelta(days=1)).day == 1
    if part.kind == "quarter":
        # Q2 is April to June of a calendar year or July to September of a financial one.
        q = part.first
        whole = whole and inner.start.month in {3 * (q - 1) + 1, (3 * q) % 12 + 1}
    elif part.kind == "month":
        whole = whole and inner.start.month == part.first
    return inner if whole and months == long else None


def _confirmed_by_months(text: str) -> Period | None:
    """ "2023 Q1 (Jan-Mar)", "Q2 2023/24 (Jul-Sep)": a period with the months it covers, which
    must be its own first and last months (else the label contradicts itself: no period)."""
    m = _PART_WITH_MONTHS.search(text)
    if m is None or (outer := parse_period(text[: m.start()])) is None:
        return None
    first, last = _MONTHS[m["a"].lower()], _MONTHS[m["b"].lower()]
    if (outer.start.month, outer.end.month) != (first, last):
        return None
    return outer


_DAY_SPAN = re.compile(
    rf"^(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{_MON})\.?\s*(?:-|–|—|to)\s*"
    rf"(?P<end>\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON}\.?\s+{_Y4})$"
)


def _day_span(inner: str) -> Period | None:
    """'1 April - 31 May 2024': two days, the first taking the second's year (the year
    before, where its month comes later than the second's)."""
    m = _DAY_SPAN.match(inner)
    point = _point(m["end"]) if m else None
    if m is None or point is None:
        return None
    y, mon, d = point
    if y is None or mon is None or d is None:
        return None
    month = _MONTHS[m["m"]]
    try:
        end = date(y, mon, d)
        start = date(y if month <= mon else y - 1, month, int(m["d"]))
    except ValueError:
        return None
    return Period(start=start, end=end) if start <= end else None


def _open_end(inner: str, outer: Period) -> Period | None:
    """'from 20 Jan' or 'to 30/06/2024' inside a period's brackets: that end of it, moved."""
    m = _FROM_TO.match(inner)
    if m is None:
        return None
    month = _MONTHS[m["m"]] if m["m"] in _MONTHS else int(m["m"])
    year = int(m["y"]) if m["y"] and len(m["y"]) == 4 else (2000 + int(m["y"]) if m["y"] else None)
    if year is None and outer.kind == "financial_year":
        # A financial year holds each month once: April to December in its first year.
        year = outer.start.year if month >= 4 else outer.end.year
    if year is None:
        if outer.start.year != outer.end.year:
            return None  # "from 20 Jan" in a span of two years that is no financial year
        year = outer.start.year
    try:
        day = date(year, month, int(m["d"]))
    except ValueError:
        return None
    if m["word"] in ("from", "since", "starting"):
        return Period(start=day, end=outer.end) if outer.start <= day <= outer.end else None
    return Period(start=outer.start, end=day) if outer.start <= day <= outer.end else None


def _year_ending(m: re.Match[str]) -> Period:
    y, mon = int(m["y"]), _MONTHS[m["m"]]
    end = month_end(y, mon)
    start_month = mon % 12 + 1
    return Period(start=date(y - 1 if mon != 12 else y, start_month, 1), end=end)


# "Freedom of Information Act 2000", "Protection from Stalking Act (Northern Ireland) 2022": the
# year names the Act, never the period of the figures.
_ACT_YEAR = re.compile(r"\bact\s+(?:\([^)]*\)\s*)?(?:18|19|20)\d{2}\b", re.I)


def without_references(text: str) -> str:
    return _LONG_NUMBER.sub(" ", _REFERENCE.sub(" ", _ACT_YEAR.sub(" ", text)))


@lru_cache(maxsize=TEXT_CACHE)
def find_period(text: str) -> Period | None:
    """The one period a title names among other words; None if none, several, or left open."""
    whole = label_period(text)
    if whole is not None:
        return whole
    norm = _norm(without_references(text))
    found: set[Period] = set()
    for m in _YEAR_ENDING.finditer(norm):
        found.add(_year_ending(m))
    norm = _YEAR_ENDING.sub(" | ", norm)
    for m in _BETWEEN.finditer(norm):
        if (period := _range(f"{m['a']} to {m['b']}")) is not None:
            found.add(period)
    norm = _BETWEEN.sub(_RANGE_MARK, norm)
    for i, rx in enumerate(_SPAN_PATTERNS):
        for m in rx.finditer(norm):
            if (period := _exact(_norm(m.group(0)))) is not None:
                found.add(period)
        norm = rx.sub(_RANGE_MARK if i < 3 else " | ", norm)
    norm = re.sub(r"\b(?:from|between|covering|for)\s+\u2016", " ", norm)
    if len(found) != 1 or _OPEN.search(norm):
        return None
    return found.pop()


_TOTAL_WORD = re.compile(r"\b(?:grand\s+|sub[\s-]?)?totals?\b", re.I)


def total_period(text: str) -> Period | None:
    """The period a total's own label names: "2020 Total", "Total 2021/22", "2024 Total (to 31
    May)" (January to May 2024); None where it names none."""
    return find_period(_TOTAL_WORD.sub(" ", text)) if _TOTAL_WORD.search(text) else None


def qualified_period(note: str, whole: Period) -> tuple[Period | None, bool]:
    """What a note says of a period it mentions: (narrower period, unclear).

    "2020 covers 20 January 2020 to 31 December 2020" or "SPO figures for 2020 are from 20 January
    2020" narrow 2020; a note with dates that cannot be read that way is unclear.
    """
    text = _norm(re.sub(r"\([^)]*\)", " ", note))
    days = list(_DAY.finditer(text))
    if not days:
        return None, False
    span = _BETWEEN.search(text) or _SPAN_PATTERNS[0].search(text)
    if span is not None:
        p = (
            _range(f"{span['a']} to {span['b']}")
            if span.re is _BETWEEN
            else _exact(_norm(span.group(0)))
        )
        if p is not None and whole.start <= p.start <= p.end <= whole.end:
            return p, False
        return None, True
    if len(days) == 1:
        point = _day(days[0].group(0))
        before = text[: days[0].start()]
        if point is not None and whole.start <= point <= whole.end:
            if re.search(
                r"\b(?:from|since|starting|commenc\w*|beginning|began)\s*(?:on\s+)?$", before
            ):
                return Period(start=point, end=whole.end), False
            if re.search(r"\b(?:to|until|up\s+to|ending|ended)\s*(?:on\s+)?$", before):
                return Period(start=whole.start, end=point), False
    return None, True


def names_other_period(note: str, whole: Period) -> bool:
    """Whether a note about a period label names a different period for it ("shown for the full
    calendar year 2020" beside a column from 20 January 2020): then its figures are unclear."""
    found = find_period(re.sub(r"\([^)]*\)", " ", note))
    return found is not None and found != whole


# A column of a year "to date": its start is the year's, its end only the return's words can give.
_TO_DATE_LABEL = re.compile(
    r"^(?:(?:year\s+to\s+date|ytd)\s+(?P<a>.+?)|(?P<b>.+?)\s*[(\-–,]?\s*(?:to\s+date|ytd|so\s+far)\)?)$"
)
# "figures to 31 May 2024", "covers 1 January 2024 to 31 July 2024", "up to and including ...".
_TO_DAY = re.compile(
    rf"\b(?:to|up\s+to(?:\s+and\s+including)?|until|till|ending|ended|through)\s+(?P<day>{_DAY_TOKEN})"
)


_OURS = re.compile(r"\bto\s+date\b|\bytd\b|\bcovers?\b|\bso\s+far\b")
_FROM_DAY = re.compile(rf"(?:{_DAY_TOKEN}|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON}\.?)\s*$")


def to_date_period(text: str) -> Period | None:
    """The whole year (calendar or financial) a "2024 to date" label is part of; None for any
    other label."""
    m = _TO_DATE_LABEL.match(_norm(strip_marker(text)[0]))
    if m is None:
        return None
    outer = parse_period(m["a"] or m["b"])
    if outer is None or not is_one_year_long(outer.start, outer.end):
        return None
    return outer


def stated_end(texts: list[str], whole: Period) -> date | None:
    """The one day inside whole that the return's words say its figures run to, if just one."""
    ends: set[date] = set()
    for text in texts:
        norm = _norm(text)
        if re.search(r"\bpreviously\b|\bpublished\b", norm):
            continue  # "figures for 1 January to 31 March 2024 were previously published"
        for m in _TO_DAY.finditer(norm):
            if _FROM_DAY.search(norm[: m.start()]) and not _OURS.search(norm):
                continue  # "1 January 2024 to 31 March 2024": a range of its own, no end of ours
            day = _day(m["day"])
            if day is not None and whole.start < day < whole.end:
                ends.add(day)
    return ends.pop() if len(ends) == 1 else None


def _day(token: str) -> date | None:
    pt = _point(_norm(token))
    if pt is None or None in pt:
        return None
    y, m, d = pt
    try:
        return date(y, m, d)  # type: ignore[arg-type]
    except ValueError:
        return None


PartKind = Literal["month", "quarter", "months"]


@dataclass(frozen=True)
class PeriodPart:
    """A period without its year: a month, a quarter, or a span of months."""

    kind: PartKind
    first: int  # month (1-12) or quarter (1-4)
    last: int


_QUARTER_PART = re.compile(
    r"^(?:q|qtr|quarter)\s*(?P<q>[1-4])$|^(?P<q2>[1-4])(?:st|nd|rd|th)\s+quarter$"
)
_MONTH_SPAN = re.compile(rf"^(?P<a>{_MON})\.?\s*(?:-|–|to)\s*(?P<b>{_MON})\.?$")


# "Q1 (Apr-Jun)", "Q1 Apr-Jun", "Q1: Apr - Jun", "Qtr 1 - April to June": a quarter, then its months.
_PART_WITH_MONTHS = re.compile(
    rf"(?:\(\s*|[\s:,\-–—]+)\b(?P<a>{_MON})\.?(?:\s*(?:-|–|—)\s*|\s+to\s+)(?P<b>{_MON})\.?(?:\s+only)?\s*\)?\s*$",
    re.I,
)


def period_part(cell: object) -> PeriodPart | None:
    if not isinstance(cell, str):
        return None
    return _text_part(cell)


@lru_cache(maxsize=TEXT_CACHE)
def _text_part(cell: str) -> PeriodPart | None:
    # "Q1 (Apr-Jun)": the months in brackets say which quarter, whatever the year's start;
    # "Qtr2 (Apr-May only)": they say which part of it the figures cover.
    if (m := _PART_WITH_MONTHS.search(cell)) and period_part(cell[: m.start()]) is not None:
        return PeriodPart("months", _MONTHS[m["a"].lower()], _MONTHS[m["b"].lower()])
    text = _norm(strip_marker(cell)[0])
    if text in _MONTHS:
        return PeriodPart("month", _MONTHS[text], _MONTHS[text])
    if m := _QUARTER_PART.match(text):
        q = int(m["q"] or m["q2"])
        return PeriodPart("quarter", q, q)
    if m := _MONTH_SPAN.match(text):
        return PeriodPart("months", _MONTHS[m["a"]], _MONTHS[m["b"]])
    return None


def compose(whole: Period, part: PeriodPart) -> Period | None:
    """A year (calendar or financial) read with a part of it from the other axis."""
    kind = whole.kind
    if kind not in ("year", "financial_year"):
        # A part-year ("2024 (January to April)"): its months, read in its own year.
        if whole.start.year != whole.end.year or part.kind == "quarter":
            return None
        inside = compose(
            Period(start=date(whole.start.year, 1, 1), end=date(whole.start.year, 12, 31)), part
        )
        if inside is None or not (whole.start <= inside.start and inside.end <= whole.end):
            return None
        return inside
    y = whole.start.year
    if part.kind == "quarter":
        if kind == "financial_year":
            return financial_quarter(y, part.first)
        return Period(start=date(y, 3 * part.first - 2, 1), end=month_end(y, 3 * part.first))
    first, last = (part.first, part.last) if part.kind == "months" else (part.first, part.first)
    if kind == "year":
        if first > last:
            return None
        return Period(start=date(y, first, 1), end=month_end(y, last))
    # Financial year: April to December fall in its first year, January to March in the next.
    y_first = y if first >= 4 else y + 1
    y_last = y if last >= 4 else y + 1
    start, end = date(y_first, first, 1), month_end(y_last, last)
    return Period(start=start, end=end) if start <= end else None
