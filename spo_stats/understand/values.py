"""Parsing one cell of an FOI return into a count, a suppressed range, or a refusal.

The parser never guesses: a cell it does not understand gives None, and the caller leaves it out.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from functools import lru_cache

from spo_stats.read.cells import CellValue
from spo_stats.schema import Status
from spo_stats.understand import TEXT_CACHE, lexicon

# Counts larger than this are not plausible for any force or the country in any period.
MAX_COUNT = 10_000_000
# Forces withhold small counts: "<5", "<10", "1-4", "1-9". A bound above this is no suppression.
MAX_SUPPRESSION = 10


@dataclass(frozen=True, slots=True)
class ParsedValue:
    status: Status
    value: int | None = None
    value_min: int | None = None
    value_max: int | None = None
    marker: str | None = None  # footnote marker stripped from the cell ("*", "1", "a")
    approximate: bool = False
    qualifier: str | None = None  # "provisional" from "15 (provisional)": kept as a note
    # "N/A" says no figure exists (not applicable, or not available: the return rarely says which).
    # It stands where a value would, so tables keep their shape, but it is never made a figure:
    # "not held" is a claim about the force's records that N/A does not make.
    not_applicable: bool = False
    # A lone dash: nil where the return's key says so ("- = nil"), else it could as well mean
    # "not available", and it gives no figure.
    dash: bool = False


_QUALIFIED = re.compile(
    r"^(?P<rest>.*?)\s*[(\[]\s*(?P<q>provisional|prov\.?|revised|unaudited|draft|estimated?|final)\s*[)\]]$",
    re.I,
)
_ZERO = {"nil", "none", "zero", "0", "nil return", "no orders", "nothing"}
_DASH = {"-", "–", "—"}
# Excel's accounting format writes zero as a dash; saved as CSV it comes out as "-00" or "-0"
# (the Home Office's 2017/18 table has 5,792 such cells). A minus and zeros is never a negative.
_ACCOUNTING_ZERO = re.compile(r"^[-–—]\s*0+$")
_NOT_HELD = re.compile(
    r"^(information\s+)?not\s+(held|recorded|available|collected|known)\b|"
    r"^(?:this|the)?\s*information\s+is\s+not\s+(held|recorded)\b|"
    r"^no\s+(specific\s+)?(recorded\s+)?(information|data|record)s?\s+(is\s+)?held|"
    r"^(we\s+)?hold\s+no\b|^data\s+not\s+(held|available)|^\[?x\]?$|^unknown$",
    re.I,
)
_NOT_APPLICABLE = re.compile(r"^(?:n\s*/\s*a|na|not\s+applicable|n\.a)$", re.I)
_REFUSED = re.compile(
    r"\bs(ection|ect|\.)?\s*\.?\s*(12|14|17|21|22|23|24|30|31|38|40|41|43)\b|\brefus|\bexempt|"
    r"\bcost\s+limit|exceeds?\s+(the\s+)?(appropriate\s+)?(cost|limit)|\bwithheld\b|neither confirm",
    re.I,
)
# A court refusing an order is an outcome, not the force refusing the request: "SPOs refused by
# court" says nothing of whether a figure is withheld.
_COURT_REFUSAL = re.compile(
    r"\brefus\w*\s+by\s+(the\s+)?([\w']+\s+)?courts?\b|"
    r"\b(spos?|orders?|applications?)\s+(were\s+|was\s+)?refus",
    re.I,
)
_SUPPRESSED_LT = re.compile(
    r"^(<|≤|<=|fewer\s+than|less\s+than|under|below)\s*(\d+|one|two|three|four|five|ten)$", re.I
)
_SUPPRESSED_LE = re.compile(r"^(\d+)\s+or\s+(fewer|less|under)$", re.I)
_RANGE = re.compile(r"^(\d+)\s*(?:-|–|to)\s*(\d+)$", re.I)
_NUMBER = re.compile(
    r"^(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?:\.0+)?\s*(?P<marker>\*+|\[\w{1,3}\]|\(\w{1,2}\)|[a-z†‡§]|\^\d?)?$",
    re.I,
)
_HARD_SPACED = re.compile(r"^\s*\d{1,3}(?:[\u00a0\u2009\u202f]\d{3})+\s*$")
_APPROX = re.compile(r"^(about|around|approx\.?|approximately|c\.|circa|nearly|almost|~)\s*", re.I)
_SUPPRESSION_MARKS = {
    "*",
    "**",
    "[c]",
    "c",
    "[low]",
    "~",
    "s",
    "[s]",
    "supp",
    "suppressed",
    "redacted",
}
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "nine": 9, "ten": 10}


def parse_value(cell: CellValue) -> ParsedValue | None:
    """A cell's count or status, or None where the cell is not a value at all."""
    if cell is None or isinstance(cell, bool | date | time | timedelta):
        return None
    if isinstance(cell, int | float):
        return _from_number(cell)
    return _from_text(str(cell))


def _from_number(number: float) -> ParsedValue | None:
    if isinstance(number, float):
        if math.isnan(number) or math.isinf(number) or not number.is_integer():
            return None  # a rate or a percentage, not a count
        number = int(number)
    if number < 0 or number > MAX_COUNT:
        return None
    return ParsedValue("reported", int(number))


@lru_cache(maxsize=TEXT_CACHE)
def _from_text(raw: str) -> ParsedValue | None:
    if _HARD_SPACED.match(raw):
        # "3\u00a0912": thousands set apart by a no-break or thin space, as some locales format
        # them. A plain space is not taken: two cells run together ("12 345") look the same.
        raw = re.sub(r"[\u00a0\u2009\u202f]", "", raw)
    text = " ".join(raw.replace("\u00a0", " ").split()).strip()
    if not text or len(text) > 500:
        return None
    if (english := lexicon.english_side(text)) != text:
        return _from_text(english)
    if share := lexicon.COUNT_WITH_SHARE.match(text):
        return _from_text(share["n"])
    if (q := _QUALIFIED.match(text)) and q["rest"]:
        inner = _from_text(q["rest"])
        if inner is None:
            return None
        return replace(inner, qualifier=q["q"].lower().rstrip("."))
    lower = text.lower().rstrip(".")
    approximate = False
    stripped = _APPROX.sub("", lower)
    if stripped != lower:
        approximate, lower = True, stripped
    if lower in _DASH:
        return ParsedValue("reported", 0, approximate=approximate, dash=True)
    if lower in _ZERO or _ACCOUNTING_ZERO.match(lower):
        return ParsedValue("reported", 0, approximate=approximate)
    if lower in _SUPPRESSION_MARKS:
        return ParsedValue("suppressed")
    if m := _NUMBER.match(lower):
        n = int(m["num"].replace(",", ""))
        if n > MAX_COUNT:
            return None
        # "12^" is marked as surely as "12^1": a caret alone is its own mark.
        marker = (m["marker"].strip("[]()").lstrip("^") or "^") if m["marker"] else None
        return ParsedValue("reported", n, marker=marker or None, approximate=approximate)
    if m := _SUPPRESSED_LT.match(lower):
        bound = _as_int(m[2])
        if bound is None or bound < 1 or bound > MAX_SUPPRESSION:
            return None  # "<18" heads an age band; no force withholds counts below 18
        return ParsedValue("suppressed", None, 0, bound - 1)
    if m := _SUPPRESSED_LE.match(lower):
        return ParsedValue("suppressed", None, 0, int(m[1]))
    if m := _RANGE.match(lower):
        lo, hi = int(m[1]), int(m[2])
        # "2020-2023" is a span of years, "18-64" an age band: neither is a suppressed range.
        if lo < hi <= MAX_SUPPRESSION:
            return ParsedValue("suppressed", None, lo, hi)
        return None
    if _NOT_APPLICABLE.match(lower):
        return ParsedValue("not_held", not_applicable=True)
    if _NOT_HELD.search(lower):
        return ParsedValue("not_held")
    if _REFUSED.search(lower) and not _COURT_REFUSAL.search(lower):
        return ParsedValue("refused")
    return None


def _as_int(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return _WORD_NUMBERS.get(token.lower())


_FOOTNOTE_SUPPRESSION = re.compile(
    r"(fewer|less)\s+than\s+(\d+|one|two|three|four|five|ten)|(under|below)\s+(\d+|five|ten)", re.I
)


_FOOTNOTE_BETWEEN = re.compile(
    r"between\s+(\d+|one|two|three)\s+and\s+(\d+|four|five|nine|ten)|\b(\d)\s*(?:-|–|to)\s*(\d{1,2})\b",
    re.I,
)


def suppression_bounds_from_note(note: str) -> tuple[int, int] | None:
    """Bounds a footnote gives a suppression marker: '* denotes fewer than 5' is 0 to 4."""
    note = re.sub(r"^\W*[<≤]\s*\d+\W*", " ", note)  # the mark itself ("<5:") is not a bound
    if b := _FOOTNOTE_BETWEEN.search(note):
        lo, hi = _as_int(b[1] or b[3]), _as_int(b[2] or b[4])
        if lo is not None and hi is not None and lo < hi <= 20:
            return lo, hi
    m = _FOOTNOTE_SUPPRESSION.search(note)
    if not m:
        return None
    bound = _as_int(m[2] or m[4])
    return (0, bound - 1) if bound else None


# "6 (2 interim)", "12 (<5 interim)", "9 (of which 4 interim)": a count of orders with its
# interim part in brackets. Forces that write it so say the bracket is included in the number
# before it; a return that says otherwise is caught by its note (see tables).
_WITH_INTERIM = re.compile(
    r"^(?P<all>\d{1,3}(?:,\d{3})*|\d+)\s*[(\[]\s*(?:of\s+which\s+|incl(?:uding|\.)?\s+|inc\.?\s+)?"
    r"(?P<part>[^()\[\]]{1,12}?)\s+(?:were\s+|are\s+)?interim(?:\s+(?:orders?|spos?))?\s*[)\]]$",
    re.I,
)


@lru_cache(maxsize=TEXT_CACHE)
def _interim_split(text: str) -> tuple[ParsedValue, ParsedValue] | None:
    m = _WITH_INTERIM.match(" ".join(text.split()))
    if not m:
        return None
    whole, part = _from_text(m["all"]), _from_text(m["part"])
    if whole is None or part is None or whole.value is None or part.marker is not None:
        return None
    if part.status not in ("reported", "suppressed") or part.approximate or part.qualifier:
        return None
    if part.value is not None and part.value > whole.value:
        return None  # a part larger than its whole is no part: the cell says something else
    if part.value_min is not None and part.value_min > whole.value:
        return None
    return whole, part


def split_interim(cell: CellValue) -> tuple[ParsedValue, ParsedValue] | None:
    """A cell giving orders with their interim part ("6 (2 interim)"): the whole and the part,
    or None. parse_value takes no such cell: a reader that does not split it leaves it out."""
    if not isinstance(cell, str):
        return None
    return _interim_split(cell)


def is_value(cell: CellValue) -> bool:
    """A cell that holds a figure: one count or status, or orders with their interim part."""
    return parse_value(cell) is not None or split_interim(cell) is not None
