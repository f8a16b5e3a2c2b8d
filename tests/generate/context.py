"""What every table builder shares: the choices, the tags in force, values and period axes."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from spo_stats.forces import Force
from tests.generate import vocab as V
from tests.generate.choices import Chooser, allowed, only
from tests.generate.model import Key

VALUE_TAGS = [
    "values:zero",
    "values:suppressed_lt",
    "values:star_between",
    "values:star_fewer",
    "values:not_held",
    "values:refused",
    "values:provisional",
    "values:thousands",
    "values:year_like",
]
# Value forms that are reported counts (a table with totals can hold them), and those only
# stalking offences reach.
REPORTED_FORMS = ("values:zero", "values:provisional", "values:thousands", "values:year_like")
BIG_FORMS = ("values:thousands", "values:year_like")
PERIOD_TAGS = [
    "period:calendar_year",
    "period:financial_year",
    "period:fy_short",
    "period:numeric_range",
    "period:quarter",
    "period:month",
    "period:month_date",
    "period:part_year",
    "period:marker",
]


@dataclass
class Ctx:
    ch: Chooser
    force: Force  # the return's own force (joint and compiled tables name others)
    typed: bool  # cells may hold numbers and dates (not a CSV)
    require: str | None = None  # the transform this return must show
    plain: bool = False  # only the required transform; everything else the plainest form
    used: set[Key] = field(default_factory=set)
    merges_ok: bool = False  # xlsx: merged header cells can be written
    star_use: str | None = None  # what '*' means in this return, once something uses it

    def want(self, tag: str, p: float) -> bool:
        if self.require == tag:
            return True
        if self.plain or not allowed(tag):
            return False
        return self.ch.chance(p)

    def pick(self, options: Sequence[str], default: str | None = None) -> str:
        if self.require is not None and self.require in options:
            return self.require
        if self.plain:
            return default if default is not None else options[0]
        return self.ch.choice(only(options) or [default or options[0]])


@dataclass
class Cell:
    shown: Any
    status: str
    value: int | None = None
    lo: int | None = None
    hi: int | None = None
    tag: str = "values:reported"


class Values:
    """Values for one table, with the footnotes their markers need."""

    def __init__(self, ctx: Ctx, reported_only: bool = False, star_allowed: bool = True) -> None:
        self.ctx = ctx
        self.reported_only = reported_only
        self.notes: list[str] = []
        self.tags: set[str] = set()
        self.count = 0
        options = list(VALUE_TAGS)
        if not star_allowed:
            options = [t for t in options if not t.startswith("values:star")]
        if reported_only:
            options = [t for t in options if t in REPORTED_FORMS]
        options = only(options)
        self.forced = ctx.require if ctx.require in options else None
        self.options = [self.forced] if self.forced else ([] if ctx.plain else options)
        # '*' means one thing in a return: one suppression footnote, or a period's marker.
        stars = ("values:star_between", "values:star_fewer")
        self.star: str | None = None
        if self.forced in stars:
            self.star = self.forced
        elif ctx.star_use in stars:
            self.star = ctx.star_use
        elif not ctx.plain and star_allowed and not reported_only and ctx.star_use is None:
            self.star = ctx.ch.choice([None, None, *stars])
        self.options = [t for t in self.options if t not in stars or t == self.star]

    def cell(self, measure: str) -> Cell:
        ch = self.ctx.ch
        big = measure == "stalking_offences"
        lo, hi = (150, 6000) if big else (0, 40)
        # Spread even when every draw is minimal (Hypothesis' first example): equal values hide
        # a figure read from the wrong cell.
        self.count += 1
        n = lo + (ch.integer(0, hi - lo) + 7 * self.count) % (hi - lo + 1)
        if 2000 <= n <= 2039:
            n += 40  # counts that look like years are their own transform (values:year_like)
        p = 0.4 if self.forced else 0.2
        tag = ch.choice(self.options) if self.options and ch.chance(p) else "values:reported"
        if self.forced and self.forced not in self.tags and (big or self.forced not in BIG_FORMS):
            tag = self.forced  # the required form shows at least once
        if tag in BIG_FORMS and not big:
            tag = "values:reported"  # thousands of SPOs would be implausible for any force
        shown: Any = n if self.ctx.typed else str(n)
        if tag == "values:reported":
            return Cell(shown, "reported", n)
        self.tags.add(tag)
        if tag == "values:zero":
            return Cell(
                ch.choice([0 if self.ctx.typed else "0", "Nil", "0"]), "reported", 0, tag=tag
            )
        if tag == "values:thousands":
            n = ch.integer(1000, 9999)
            return Cell(f"{n:,}", "reported", n, tag=tag)
        if tag == "values:year_like":
            # A count that looks like a year (Lancashire recorded 2,041 stalking offences in 2020).
            n = ch.integer(2000, 2039)
            return Cell(n if self.ctx.typed else str(n), "reported", n, tag=tag)
        if tag == "values:provisional":
            return Cell(f"{n} (provisional)", "reported", n, tag=tag)
        if tag == "values:suppressed_lt":
            return Cell(ch.choice(["<5", "< 5", "Fewer than 5"]), "suppressed", None, 0, 4, tag=tag)
        if tag.startswith("values:star"):
            self.ctx.star_use = tag
        if tag == "values:star_between":
            self._note(V.FOOTNOTE_STAR_BETWEEN)
            return Cell("*", "suppressed", None, 1, 4, tag=tag)
        if tag == "values:star_fewer":
            self._note(V.FOOTNOTE_STAR_FEWER)
            return Cell("*", "suppressed", None, 0, 4, tag=tag)
        if tag == "values:not_held":
            shown = ch.choice(["Not held", "Information not held", "Data not held"])
            return Cell(shown, "not_held", None, tag=tag)
        if tag == "values:refused":
            shown = ch.choice(
                ["Section 12 - exceeds cost limit", "Exempt - s.40", "Refused (s.12)"]
            )
            return Cell(shown, "refused", None, tag=tag)
        raise AssertionError(tag)

    def _note(self, note: str) -> None:
        if note not in self.notes:
            self.notes.append(note)


@dataclass
class PeriodItem:
    shown: Any
    span: tuple[date, date]
    tag: str


def period_axis(ctx: Ctx, kinds: Sequence[str] | None = None) -> tuple[list[PeriodItem], str]:
    """A run of periods as a table's axis, and the footnote a marker needs ("" if none)."""
    ch = ctx.ch
    options = [k for k in (kinds or PERIOD_TAGS) if ctx.typed or k != "period:month_date"]
    # A reference number ("FOI 2022-125") matters where the period labels are hard to read: the
    # plain return for deco:refs has numeric date ranges (as the issue saw them).
    plain_kind = "period:numeric_range" if ctx.require == "deco:refs" else "period:calendar_year"
    kind = ctx.pick(options, plain_kind)
    tag = kind if ctx.plain or ctx.require == kind else None
    items: list[PeriodItem] = []
    if kind in (
        "period:calendar_year",
        "period:numeric_range",
        "period:marker",
        "period:part_year",
    ):
        n = ch.integer(2, 4)
        y0 = ch.integer(2020, 2024 - n + (0 if kind == "period:part_year" else 1))
        t = "period:numeric_range" if kind == "period:numeric_range" else tag
        if kind in ("period:marker", "period:part_year") and ctx.plain:
            t = "period:calendar_year"
        for y in range(y0, y0 + n):
            shown, form = V.year_label(ch, y, ctx.typed, t)
            items.append(PeriodItem(shown, V.year(y), form))
        if kind == "period:part_year":
            y, m2 = y0 + n, ch.integer(2, 11)
            shown, form = V.part_year_label(ch, y, 1, m2)
            items.append(PeriodItem(shown, V.part_year(y, 1, m2), form))
    elif kind in ("period:financial_year", "period:fy_short"):
        n = ch.integer(2, 4)
        y0 = ch.integer(2020, 2024 - n + 1)
        for y in range(y0, y0 + n):
            shown, form = V.fin_year_label(ch, y, tag)
            items.append(PeriodItem(shown, V.fin_year(y), form))
    elif kind == "period:quarter":
        n = ch.integer(2, 6)
        y, q = ch.integer(2020, 2023), ch.integer(1, 4)
        for _ in range(n):
            shown, form = V.quarter_label(ch, y, q)
            items.append(PeriodItem(shown, V.quarter(y, q), form))
            y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    else:  # months
        n = ch.integer(2, 12)
        y, m = ch.integer(2020, 2023), ch.integer(1, 12)
        for _ in range(n):
            if kind == "period:month_date":
                shown, form = datetime(y, m, 1), "period:month_date"
            else:
                shown, form = V.month_label(ch, y, m, False)
            items.append(PeriodItem(shown, V.month(y, m), form))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    note = ""
    may_mark = (
        ctx.star_use in (None, "marker")
        and allowed("period:marker")
        and ctx.require not in ("values:star_between", "values:star_fewer")
    )
    if may_mark and (kind == "period:marker" or (not ctx.plain and ch.chance(0.05))):
        ctx.star_use = "marker"
        # Not on a part-year: its label's own form is a transform of its own.
        markable = [j for j, it in enumerate(items) if it.tag != "period:part_year"]
        i = ch.choice(markable)
        it = items[i]
        label = it.shown if isinstance(it.shown, str) else str(it.shown)
        if not isinstance(it.shown, datetime):
            items[i] = PeriodItem(label + ch.choice(["*", " *"]), it.span, "period:marker")
            note = V.FOOTNOTE_PROVISIONAL.format(label=label)
    return items, note


def contiguous(spans: Sequence[tuple[date, date]]) -> bool:
    return all((b[0] - a[1]).days == 1 for a, b in itertools.pairwise(spans))
