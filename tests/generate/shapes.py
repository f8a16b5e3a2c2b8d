"""Table shapes: each builds one table (a Block) and the truth of every figure in it.

A shape is a tidy truth laid out one way: measures by periods either way round, a long table, a
year by month or quarter grid either way round, a breakdown (with or without the total that is the
force figure), court outcomes, a joint answer for two forces, a compiled table of forces, or a
table whose period is only in its title. Distractors are tables of other things: nothing in them is
a figure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spo_stats.forces import Force
from tests.generate import vocab as V
from tests.generate.context import (
    BIG_FORMS,
    REPORTED_FORMS,
    VALUE_TAGS,
    Cell,
    Ctx,
    PeriodItem,
    Values,
    contiguous,
    period_axis,
)
from tests.generate.layout import Fig, Item, own_tags, render
from tests.generate.model import Block

SPO_MEASURES = [m for m in V.MEASURE_LABELS if m != "stalking_offences"]
ALL_MEASURES = list(V.MEASURE_LABELS)


def _measures(ctx: Ctx, k_max: int, pool: list[str] | None = None) -> list[str]:
    """Distinct measures for a table, avoiding ones an earlier table on the return used."""
    used = {key[1] for key in ctx.used}
    pool = [m for m in (pool or ALL_MEASURES) if m not in used] or list(pool or ALL_MEASURES)
    if ctx.plain:
        k_max = min(k_max, 2)
    k = ctx.ch.integer(1, min(k_max, len(pool)))
    out: list[str] = []
    for _ in range(k):
        m = ctx.ch.choice([p for p in pool if p not in out])
        out.append(m)
    if ctx.require in ("values:thousands", "values:year_like") and "stalking_offences" in pool:
        out = ["stalking_offences", *[m for m in out if m != "stalking_offences"]]  # thousands
    # Interim and full orders counted together excludes the separate counts (one file, one story).
    if "all_spo_granted" in out and ("spo_granted" in out or "interim_spo_granted" in out):
        out.remove("all_spo_granted")
    return out


class Collision(Exception):
    """A table would give a (force, measure, period) an earlier table on the return gave."""


def _claim(ctx: Ctx, block: Block) -> Block:
    keys = [t.key for t in block.figures.values()]
    if len(set(keys)) != len(keys) or set(keys) & ctx.used:
        raise Collision(str(sorted(set(keys) & ctx.used)))
    ctx.used |= set(keys)
    return block


def _spo_title(ctx: Ctx, measures: list[str]) -> tuple[list[str], bool]:
    """A title over a table of measures; bare labels ('Applications') need an SPO title."""
    if all(V.is_spo(m) for m in measures) and (ctx.plain or ctx.ch.chance(0.6)):
        return [ctx.ch.choice(V.SPO_TITLES)], True
    return [], False


def _total_label(ctx: Ctx) -> str:
    return ctx.ch.choice(["Total", "Grand Total", "Total for period"])


def measures_by_periods(ctx: Ctx, measures_in_rows: bool) -> Block:
    tag = "shape:measures_rows" if measures_in_rows else "shape:periods_rows"
    measures = _measures(ctx, 4)
    periods, marker_note = period_axis(ctx)
    titles, spo_context = _spo_title(ctx, measures)
    # A total needs every count reported: not where a suppressed or refused form is required.
    no_total = ctx.require in VALUE_TAGS and ctx.require not in REPORTED_FORMS
    total = (
        contiguous([p.span for p in periods]) and not no_total and ctx.want("total:periods", 0.2)
    )
    values = Values(ctx, reported_only=total, star_allowed=not marker_note)
    # Two-level headers hold SPOs only: not where a form only offences reach is required.
    # Decoys other than another order's group sit in one-level headers.
    single_decoy = ctx.require in V.DECOY_FAMILIES and ctx.require != "decoy:other_order"
    two_level = (
        not measures_in_rows
        and ctx.require not in BIG_FORMS
        and not single_decoy
        and ctx.want("header:two_level", 0.25)
    )
    tags = {tag, *(p.tag for p in periods)}
    if two_level:
        measures, m_items = _two_level_items(ctx)
        merged = ctx.merges_ok and ctx.ch.chance(0.5)
        tags.add("header:two_level")
    else:
        m_items = [Item((V.measure_label(ctx.ch, m, spo_context),), {"m": m}) for m in measures]
        merged = False
    p_items = [Item((p.shown,), {"p": p}) for p in periods]
    if total:
        p_items.append(Item((_total_label(ctx),), {"total": True}))
        tags.add("total:periods")
    if ctx.want("period:open_ended", 0.1):
        # "2024 to date", "Since 20 January 2020": no end a reader can know, so no figure.
        after = periods[-1].span[1].year + 1
        label = ctx.ch.choice([form.format(year=after) for form in V.OPEN_ENDED])
        p_items.append(Item((label,), {"open": label}))
        tags.add("period:open_ended")
    table = {(m, p.span): values.cell(m) for m in measures for p in periods}
    decoys = _decoys_beside(ctx, m_items, two_level, table, measures, periods)
    tags |= decoys
    first, last = periods[0].span[0], periods[-1].span[1]

    def cell(a: Item, b: Item) -> Fig:
        mi, pi = (a, b) if measures_in_rows else (b, a)
        if "decoy" in mi.data:
            i = next(i for i, x in enumerate(p_items) if x is pi)
            return Fig(mi.data["nums"][i], why=mi.data["why"])
        if "open" in pi.data:
            n = ctx.ch.integer(1, 60)
            c = Cell(n if ctx.typed else str(n), "reported", n)
            return Fig(c, why=f"a period without a known end ({pi.data['open']})")
        m = mi.data["m"]
        if pi.data.get("total"):
            s = sum(table[(m, p.span)].value or 0 for p in periods)
            c = Cell(s if ctx.typed else str(s), "reported", s)
            return Fig(c, ctx.force.slug, m, (first, last), required=False)
        p: PeriodItem = pi.data["p"]
        return Fig(table[(m, p.span)], ctx.force.slug, m, p.span)

    corners = ["", "Measure"] if measures_in_rows else ["", "Year", "Period"]
    corner = ctx.ch.choice(corners) if not two_level else "Year"
    rows, cols = (m_items, p_items) if measures_in_rows else (p_items, m_items)
    notes = [n for n in (marker_note, *values.notes) if n]
    if merged:
        tags.add("header:merged")
    block = render(titles, corner or None, rows, cols, cell, notes, tags | values.tags, merged)
    return _claim(ctx, block)


def _decoys_beside(
    ctx: Ctx,
    m_items: list[Item],
    two_level: bool,
    table: dict[tuple[str, Any], Cell],
    measures: list[str],
    periods: list[PeriodItem],
) -> set[str]:
    """Columns (or rows) of decoy families beside the real ones; their cells carry no figure."""
    tags: set[str] = set()
    for tag in V.DECOY_FAMILIES:
        d = V.DECOYS[tag.split(":", 1)[1]]
        if not ctx.want(tag, 0.04):
            continue
        tags.add(tag)
        if two_level and d.groups:
            group = ctx.ch.choice(d.groups)
            subs = [ctx.ch.choice(V.SUBS["applications"]), ctx.ch.choice(V.SUBS["granted"])]
            labels: list[tuple[Any, ...]] = [(group, sub) for sub in subs]
        else:
            labels = [(ctx.ch.choice(d.labels),)]
        # A running total runs over the table's own first measure, as forces add one up.
        base = [table[(measures[0], p.span)].value or 0 for p in periods]
        for lab in labels:
            why = f"{tag}: {' / '.join(str(x) for x in lab)}"
            nums = decoy_numbers(ctx, d, len(periods) + 2, base)
            m_items.append(Item(lab, {"decoy": tag, "why": why, "nums": nums}))
    return tags


def decoy_numbers(ctx: Ctx, d: V.Decoy, n: int, base: list[int]) -> list[Cell]:
    """n numbers as the decoy family writes them: counts, rates, percentages, days, changes."""
    ch, typed = ctx.ch, ctx.typed
    out: list[Cell] = []
    running = ch.integer(0, 25)
    for i in range(n):
        if d.kind == "running":
            running += base[i] if i < len(base) else ch.integer(0, 30)
            v: Any = running
        elif d.kind == "count":
            v = ch.integer(0, 300)
        elif d.kind == "small":
            v = ch.integer(0, 40)
        elif d.kind == "big":
            v = ch.integer(40, 6000)
        elif d.kind == "rate":
            v = round(ch.integer(1, 250) / 10, 1)
        elif d.kind == "percent":
            k = ch.integer(0, 100)
            v = ch.choice([f"{k}%", k / 100 if typed else f"{k}%", f"{k}.0%"])
        elif d.kind == "days":
            k = ch.integer(3, 240)
            v = ch.choice([k, f"{k} days", k]) if typed else ch.choice([str(k), f"{k} days"])
        else:  # change
            k = ch.integer(-12, 12)
            v = ch.choice([k, f"{k:+d}", f"{k:+d}%", f"{k * 5}%"])
        shown = v if typed or isinstance(v, str) else str(v)
        out.append(Cell(shown, "reported", None))
    return out


def _two_level_items(ctx: Ctx) -> tuple[list[str], list[Item]]:
    groups = [g for g in ("full", "interim") if ctx.ch.chance(0.8)] or ["full"]
    items: list[Item] = []
    measures: list[str] = []
    for g in groups:
        names, stem = V.GROUPS[g]
        gname = ctx.ch.choice(names)
        for action in ("applications", "granted"):
            m = f"{stem}_{action}"
            if ctx.ch.chance(0.15) and len(measures) > 0:
                continue
            measures.append(m)
            items.append(Item((gname, ctx.ch.choice(V.SUBS[action])), {"m": m}))
    return measures, items


def long_table(ctx: Ctx) -> Block:
    measures = _measures(ctx, 3)
    periods, marker_note = period_axis(ctx)
    values = Values(ctx, star_allowed=not marker_note)
    titles, spo_context = _spo_title(ctx, measures)
    header = ctx.ch.choice([("Measure", "Period", "Count"), ("Period", "Measure", "Number")])
    block = Block(rows=[[t] for t in titles], tags={"shape:long", *(p.tag for p in periods)})
    block.rows.append(list(header))
    for p in periods:
        for m in measures:
            c = values.cell(m)
            label = V.measure_label(ctx.ch, m, spo_context)
            row = [label, p.shown] if header[0] == "Measure" else [p.shown, label]
            block.rows.append([*row, c.shown])
            block.figures[(len(block.rows) - 1, 2)] = _truth(ctx, m, p.span, c, block.tags)
    block.rows += [[n] for n in (marker_note, *values.notes) if n]
    block.tags |= values.tags
    return _claim(ctx, block)


def long_year_month(ctx: Ctx) -> Block:
    """A long table with a year column and a month column: each row is one month."""
    ch = ctx.ch
    measures = _measures(ctx, 2)
    y, m = ch.integer(2020, 2023), ch.integer(1, 12)
    n = ch.integer(3, 14)
    values = Values(ctx)
    titles, spo_context = _spo_title(ctx, measures)
    labels = {mm: V.measure_label(ch, mm, spo_context) for mm in measures}
    names = ch.choice([V.MONTH, V.MON])
    block = Block(rows=[[t] for t in titles], tags={"shape:long_year_month"})
    block.rows.append(["Year", "Month", *labels.values()])
    for _ in range(n):
        row: list[Any] = [y if ctx.typed else str(y), names[m]]
        for j, mm in enumerate(measures):
            c = values.cell(mm)
            row.append(c.shown)
            pos = (len(block.rows), 2 + j)
            block.figures[pos] = _truth(ctx, mm, V.month(y, m), c, block.tags)
        block.rows.append(row)
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    block.rows += [[n] for n in values.notes]
    block.tags |= values.tags
    return _claim(ctx, block)


def _truth(ctx: Ctx, m: str, span: tuple, c: Cell, tags: set[str], required: bool = True):
    from tests.generate.model import Truth

    return Truth(
        ctx.force.slug,
        m,
        span[0],
        span[1],
        c.status,
        c.value,
        c.lo,
        c.hi,
        required,
        own_tags(tags, c.tag),
    )


def _measure_heading(ctx: Ctx, m: str) -> list[str]:
    return [ctx.ch.choice(V.MEASURE_TITLES[m])]


def year_by_part(ctx: Ctx, part: str, years_down: bool) -> Block:
    """Years against months or quarters: each cell is one month or quarter of one year."""
    ch = ctx.ch
    m = _measures(ctx, 1)[0]
    fy = part == "fy_quarter"
    n = ch.integer(2, 4)
    y0 = ch.integer(2020, 2024 - n + 1)
    years = list(range(y0, y0 + n))
    partial_last = part == "month" and years_down and ctx.want("period:part_year", 0.3)
    total = ctx.want("total:grid", 0.4)
    values = Values(ctx, reported_only=total)
    year_items: list[Item] = []
    for i, y in enumerate(years):
        if partial_last and i == n - 1:
            m2 = ch.integer(2, 11)
            shown, _ = V.part_year_label(ch, y, 1, m2)
            year_items.append(Item((shown,), {"y": y, "upto": m2}))
        elif fy:
            year_items.append(
                Item((V.fin_year_label(ch, y, "period:financial_year")[0],), {"y": y})
            )
        else:
            year_items.append(Item((y if ctx.typed and ch.chance(0.6) else str(y),), {"y": y}))
    parts: list[Item] = []
    if part == "month":
        names = ch.choice([V.MON, V.MONTH])
        parts = [Item((names[k],), {"k": k}) for k in range(1, 13)]
    else:
        for q in range(1, 5):
            mons = V.fin_quarter(2020, q) if fy else V.quarter(2020, q)
            rng = f"{V.MON[mons[0].month]}-{V.MON[mons[1].month]}"
            parts.append(Item((ch.choice([f"Q{q} ({rng})", rng, f"Q{q}"]),), {"k": q}))
    tag = {
        ("month", True): "shape:year_month",
        ("month", False): "shape:month_year",
        ("quarter", True): "shape:year_quarter",
        ("quarter", False): "shape:quarter_year",
        ("fy_quarter", True): "shape:fy_quarter",
        ("fy_quarter", False): "shape:quarter_fy",
    }[(part, years_down)]

    def span_of(y: int, k: int):
        if part == "month":
            return V.month(y, k)
        return V.fin_quarter(y, k) if fy else V.quarter(y, k)

    table = {}
    for yi in year_items:
        for pi in parts:
            if "upto" in yi.data and pi.data["k"] > yi.data["upto"]:
                continue
            table[(yi.data["y"], pi.data["k"])] = values.cell(m)
    if total:
        parts.append(Item((ch.choice(["Total", "Grand Total", "Year total"]),), {"total": True}))

    def cell(a: Item, b: Item) -> Fig | None:
        yi, pi = (a, b) if years_down else (b, a)
        y = yi.data["y"]
        if pi.data.get("total"):
            cells = [c for (yy, _), c in table.items() if yy == y]
            s = sum(c.value or 0 for c in cells)
            if "upto" in yi.data:
                span = V.part_year(y, 1, yi.data["upto"])
            else:
                span = V.fin_year(y) if fy else V.year(y)
            # The year's total is right if given, but the months (or quarters) are the return's
            # figures: a reader may check it against them rather than give it.
            return Fig(
                Cell(s if ctx.typed else str(s), "reported", s), ctx.force.slug, m, span, False
            )
        c = table.get((y, pi.data["k"]))
        if c is None:
            return None
        return Fig(c, ctx.force.slug, m, span_of(y, pi.data["k"]))

    tags = (
        {tag}
        | ({"total:grid"} if total else set())
        | ({"period:part_year"} if partial_last else set())
    )
    rows, cols = (year_items, parts) if years_down else (parts, year_items)
    heading = _measure_heading(ctx, m)
    corner: str | None = None
    if not years_down and ch.chance(0.5):
        corner = "Row Labels"  # as a pivot table exports it
    elif ch.chance(0.3):
        corner, heading = V.measure_label(ch, m, False), []
    block = render(heading, corner, rows, cols, cell, values.notes, tags | values.tags)
    return _claim(ctx, block)


def breakdown(ctx: Ctx, with_total: bool) -> Block:
    ch = ctx.ch
    kind = ch.choice(list(V.BREAKDOWNS))
    what, names, totals = V.BREAKDOWNS[kind]
    m = _measures(ctx, 1)[0]
    periods, marker_note = period_axis(ctx)
    values = Values(ctx, reported_only=True)
    k = ch.integer(2, len(names))
    parts = [Item((n,), {"part": n}) for n in names[:k]]
    table = {(pa.data["part"], p.span): values.cell(m) for pa in parts for p in periods}
    rows = list(parts)
    if with_total:
        total_row = Item((ch.choice(totals),), {"total": True})
        # Forces put the total last, or first ("All BCUs" above its parts).
        rows = [total_row, *rows] if ch.chance(0.3) else [*rows, total_row]
    cols = [Item((p.shown,), {"p": p}) for p in periods]

    def cell(a: Item, b: Item) -> Fig:
        p: PeriodItem = b.data["p"]
        if a.data.get("total"):
            s = sum(table[(pa.data["part"], p.span)].value or 0 for pa in parts)
            return Fig(Cell(s if ctx.typed else str(s), "reported", s), ctx.force.slug, m, p.span)
        return Fig(table[(a.data["part"], p.span)], why=f"a part of a breakdown by {what}")

    tag = "shape:breakdown_total" if with_total else "shape:breakdown_no_total"
    heading = [f"{ch.choice(V.MEASURE_TITLES[m])} by {what.lower()}"]
    notes = [n for n in (marker_note, *values.notes) if n]
    tags = {tag, f"breakdown:{kind}", *(p.tag for p in periods)}
    block = render(heading, what, rows, cols, cell, notes, tags | values.tags)
    return _claim(ctx, block)


def outcomes(ctx: Ctx, with_total: bool) -> Block:
    """Applications by court outcome: the total is applications, 'Granted' is orders granted."""
    ch = ctx.ch
    periods, marker_note = period_axis(ctx, ["period:calendar_year", "period:financial_year"])
    values = Values(ctx, reported_only=True)
    outs = [o for o in V.OUTCOMES if o == "granted" or ch.chance(0.8)]
    names = {o: ch.choice(V.OUTCOMES[o]) for o in outs}
    table = {(o, p.span): values.cell("spo_granted") for o in outs for p in periods}
    cols = [Item((names[o],), {"o": o}) for o in outs]
    if with_total:
        total_col = Item((ch.choice(V.OUTCOME_TOTALS),), {"total": True})
        # "Applied for" often comes first, the outcomes after it.
        cols = [total_col, *cols] if ch.chance(0.4) else [*cols, total_col]
    rows = [Item((p.shown,), {"p": p}) for p in periods]
    used = {k[1:] for k in ctx.used}

    def cell(a: Item, b: Item) -> Fig:
        p: PeriodItem = a.data["p"]
        if b.data.get("total"):
            s = sum(table[(o, p.span)].value or 0 for o in outs)
            c = Cell(s if ctx.typed else str(s), "reported", s)
            return Fig(c, ctx.force.slug, "spo_applications", p.span)
        c = table[(b.data["o"], p.span)]
        if b.data["o"] == "granted" and ("spo_granted", *p.span) not in used:
            # Orders granted, read from the outcome: right, but a careful reader may leave it out.
            return Fig(c, ctx.force.slug, "spo_granted", p.span, required=False)
        return Fig(c, why=f"applications {names[b.data['o']].lower()}: an outcome, not a measure")

    heading = [
        ch.choice(
            [
                "Outcome of applications for Stalking Protection Orders",
                "SPO applications by outcome",
            ]
        )
    ]
    tag = "shape:outcomes_total" if with_total else "shape:outcomes_no_total"
    notes = [n for n in (marker_note,) if n]
    tags = {tag, *(p.tag for p in periods)}
    block = render(heading, "Year", rows, cols, cell, notes, tags | values.tags)
    return _claim(ctx, block)


def joint_forces(ctx: Ctx, others: list) -> Block:
    """One FOI unit answering for two forces: a column group per force."""
    ch = ctx.ch
    forces = [ctx.force, *others[:1]]
    measures = _measures(ctx, 2, SPO_MEASURES)
    periods, marker_note = period_axis(ctx, ["period:calendar_year", "period:financial_year"])
    values = Values(ctx, star_allowed=not marker_note)
    cols = []
    for f in forces:
        name = V.force_text(ch, f)
        for m in measures:
            cols.append(Item((name, V.measure_label(ch, m, False)), {"f": f.slug, "m": m}))
    rows = [Item((p.shown,), {"p": p}) for p in periods]

    def cell(a: Item, b: Item) -> Fig:
        p: PeriodItem = a.data["p"]
        return Fig(values.cell(b.data["m"]), b.data["f"], b.data["m"], p.span)

    merged = ctx.merges_ok and ch.chance(0.5)
    titles = [
        f"Joint response from {V.force_text(ch, forces[0])} and {V.force_text(ch, forces[1])}"
    ]
    notes = [n for n in (marker_note, *values.notes) if n]
    tags = {"shape:joint_forces", *(p.tag for p in periods)} | (
        {"header:merged"} if merged else set()
    )
    block = render(titles, "Year", rows, cols, cell, notes, tags, merged)
    block.tags |= values.tags
    return _claim(ctx, block)


def compiled_forces(ctx: Ctx, others: list) -> Block:
    """A table with one row per force (a force's own compilation, or a regional one)."""
    ch = ctx.ch
    forces = [ctx.force, *others]
    m = _measures(ctx, 1)[0]
    periods, marker_note = period_axis(ctx, ["period:calendar_year", "period:financial_year"])
    total = ch.chance(0.4)
    values = Values(ctx, reported_only=total, star_allowed=not marker_note)
    rows = [Item((V.force_text(ch, f),), {"f": f.slug}) for f in forces]
    table = {(f.slug, p.span): values.cell(m) for f in forces for p in periods}
    if total:
        rows.append(Item(("Total",), {"total": True}))
    cols = [Item((p.shown,), {"p": p}) for p in periods]

    def cell(a: Item, b: Item) -> Fig:
        p: PeriodItem = b.data["p"]
        if a.data.get("total"):
            s = sum(table[(f.slug, p.span)].value or 0 for f in forces)
            return Fig(Cell(s if ctx.typed else str(s), "reported", s), why="total of forces")
        return Fig(table[(a.data["f"], p.span)], a.data["f"], m, p.span)

    heading = [f"{ch.choice(V.MEASURE_TITLES[m])} by force"]
    notes = [n for n in (marker_note, *values.notes) if n]
    tags = {"shape:compiled_forces", *(p.tag for p in periods)}
    block = render(heading, "Force", rows, cols, cell, notes, tags | values.tags)
    return _claim(ctx, block)


def _value_header(ctx: Ctx, block: Block) -> str:
    """The header of a table's one column of figures; 'Total' there is the figure, not a sum."""
    if ctx.want("header:total_column", 0.3):
        block.tags.add("header:total_column")
        return "Total"
    return ctx.ch.choice(["Number", "Count", "Number of"])


def period_in_title(ctx: Ctx) -> Block:
    ch = ctx.ch
    measures = _measures(ctx, 4)
    y = ch.integer(2020, 2024)
    span, words = ch.choice(
        [
            (V.year(y), f"1 January {y} to 31 December {y}"),
            (V.year(y), f"calendar year {y}"),
            (V.fin_year(y), f"financial year {y}/{(y + 1) % 100:02d}"),
            (V.fin_year(y), f"01/04/{y} - 31/03/{y + 1}"),
        ]
    )
    values = Values(ctx)
    subject = "Stalking Protection Orders" if all(V.is_spo(m) for m in measures) else "Stalking"
    titles = [f"{subject}: {words}"]
    block = Block(rows=[[t] for t in titles], tags={"shape:period_in_title"})
    block.rows.append([ch.choice(["", "Measure"]) or None, _value_header(ctx, block)])
    for m in measures:
        c = values.cell(m)
        block.rows.append([V.measure_label(ch, m, subject != "Stalking"), c.shown])
        block.figures[(len(block.rows) - 1, 1)] = _truth(ctx, m, span, c, block.tags)
    block.rows += [[n] for n in values.notes]
    block.tags |= values.tags
    return _claim(ctx, block)


def joint_by_title(ctx: Ctx, others: list[Force]) -> Block:
    """One reply for two forces: a table for each, each under its force's name."""
    ch = ctx.ch
    block = Block(rows=[], tags={"shape:joint_by_title"})
    measures = _measures(ctx, 2, SPO_MEASURES)
    periods, marker_note = period_axis(ctx, ["period:calendar_year", "period:financial_year"])
    values = Values(ctx, star_allowed=not marker_note)
    for i, f in enumerate([ctx.force, others[0]]):
        title = V.force_text(ch, f)
        rows = [Item((V.measure_label(ch, m, False),), {"m": m}) for m in measures]
        cols = [Item((p.shown,), {"p": p}) for p in periods]

        def cell(a: Item, b: Item, slug: str = f.slug) -> Fig:
            return Fig(values.cell(a.data["m"]), slug, a.data["m"], b.data["p"].span)

        part_tags = {"shape:joint_by_title", *(p.tag for p in periods)}
        part = render([title], None, rows, cols, cell, [], part_tags)
        top = len(block.rows) + (1 if i else 0)
        if i:
            block.rows.append([])
        block.rows += part.rows
        block.figures |= {(r + top, c): t for (r, c), t in part.figures.items()}
        block.tags |= part.tags
    block.rows += [[n] for n in (marker_note, *values.notes) if n]
    block.tags |= values.tags
    return _claim(ctx, block)


def period_per_sheet(ctx: Ctx) -> list[Block]:
    """A sheet per year, named for it; the tables on them say no period themselves."""
    ch = ctx.ch
    measures = _measures(ctx, 3)
    fy = ch.chance(0.5) and not ctx.plain
    n = ch.integer(2, 3)
    y0 = ch.integer(2020, 2024 - n + 1)
    values = Values(ctx)
    titles, spo_context = _spo_title(ctx, measures)
    blocks = []
    for y in range(y0, y0 + n):
        span = V.fin_year(y) if fy else V.year(y)
        name = (
            ch.choice([f"{y}-{(y + 1) % 100:02d}", f"FY {y}-{(y + 1) % 100:02d}"]) if fy else str(y)
        )
        block = Block(rows=[[t] for t in titles], tags={"shape:period_per_sheet"}, sheet=name)
        block.rows.append([ch.choice(["Measure", None]), _value_header(ctx, block)])
        for m in measures:
            c = values.cell(m)
            block.rows.append([V.measure_label(ch, m, spo_context), c.shown])
            block.figures[(len(block.rows) - 1, 1)] = _truth(ctx, m, span, c, block.tags)
        block.rows += [[n] for n in values.notes]
        block.tags |= values.tags
        blocks.append(_claim(ctx, block))
    return blocks


def distractor(ctx: Ctx) -> Block:
    """A table of a decoy family alone (other orders, stocks, rates...): its numbers are no figure
    of ours, whatever the title or the request above it says."""
    ch = ctx.ch
    tag = ctx.pick(V.DECOY_FAMILIES)
    d = V.DECOYS[tag.split(":", 1)[1]]
    periods, _ = period_axis(ctx, ["period:calendar_year", "period:financial_year"])
    k = ch.integer(1, 3)
    cols: list[Item] = []
    if d.groups and ch.chance(0.5):
        for group in dict.fromkeys(ch.choice(d.groups) for _ in range(k)):
            for sub in (ch.choice(V.SUBS["applications"]), ch.choice(V.SUBS["granted"])):
                cols.append(Item((group, sub)))
    else:
        cols = [Item((lbl,)) for lbl in dict.fromkeys(ch.choice(d.labels) for _ in range(k))]
    rows = [Item((p.shown,), {"p": p}) for p in periods]
    base = [ch.integer(0, 30) for _ in periods]
    nums = {id(c): decoy_numbers(ctx, d, len(periods), base) for c in cols}

    def cell(a: Item, b: Item) -> Fig:
        i = next(i for i, x in enumerate(rows) if x is a)
        return Fig(nums[id(b)][i], why=f"{tag}: {' / '.join(str(x) for x in b.labels)}")

    # The hard case: a title (or request) that names SPOs over a table of something else.
    title = ch.choice([*V.DECOY_TITLES[d.family], *V.SPO_TITLES])
    titles = [ch.choice(V.DECOY_PROSE), title] if ch.chance(0.3) else [title]
    return render(titles, "Year", rows, cols, cell, [], {tag}, ctx.merges_ok and ch.chance(0.5))


SHAPES: dict[str, Callable[[Ctx], Block]] = {
    "shape:measures_rows": lambda c: measures_by_periods(c, True),
    "shape:periods_rows": lambda c: measures_by_periods(c, False),
    "shape:long": long_table,
    "shape:long_year_month": long_year_month,
    "shape:year_month": lambda c: year_by_part(c, "month", True),
    "shape:month_year": lambda c: year_by_part(c, "month", False),
    "shape:year_quarter": lambda c: year_by_part(c, "quarter", True),
    "shape:quarter_year": lambda c: year_by_part(c, "quarter", False),
    "shape:fy_quarter": lambda c: year_by_part(c, "fy_quarter", True),
    "shape:quarter_fy": lambda c: year_by_part(c, "fy_quarter", False),
    "shape:breakdown_total": lambda c: breakdown(c, True),
    "shape:breakdown_no_total": lambda c: breakdown(c, False),
    "shape:outcomes_total": lambda c: outcomes(c, True),
    "shape:outcomes_no_total": lambda c: outcomes(c, False),
    "shape:period_in_title": period_in_title,
}
