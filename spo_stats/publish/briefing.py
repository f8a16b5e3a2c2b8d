"""A force's briefing on disk: one self-contained HTML page (and its Markdown twin) that prints on
two A4 pages, and sources.csv beside it with every figure's file, sheet and cell.

The page is built as blocks (publish.html) in named steps, one per section; charts are drawn as
SVG (publish.charts) and go inside it. File names carry the measure, so a run under --measure
never overwrites the default briefing. The national page is publish.national.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from spo_stats.analysis.cited import Source
from spo_stats.analysis.rates import Fig, National, Rate, figure_for, resolve
from spo_stats.areas import area_name
from spo_stats.dataset.store import atomic_write_many, csv_text
from spo_stats.measures import LANES, RATES, REQUEST_MEASURES
from spo_stats.publish import charts, words
from spo_stats.publish.disagree import ADVICE, disagreement_items
from spo_stats.publish.html import (
    Block,
    Chart,
    Figures,
    Heading,
    Inline,
    Link,
    Pre,
    Stamp,
    bullets,
    para,
    render_html,
    render_markdown,
    table,
)
from spo_stats.publish.report import (
    COUNTING_CHANGE,
    ForceReport,
    comparison_sentence,
)
from spo_stats.publish.request import Missing, request_letter
from spo_stats.schema import SOURCES_COLUMNS
from spo_stats.understand.periods import (
    calendar_year,
    classify,
    financial_year,
    is_year_or_longer,
)

_ORDER_KINDS = LANES
# Every chart and table whose offence counts span the April 2020 counting-rule change says so.
COUNTING_MARK = charts.COUNTING_MARK
COUNTING_NOTE = (
    f"{COUNTING_MARK} In April 2020 the Home Office changed its rules for counting stalking "
    "offences, so counts from then on are far higher and not comparable with earlier ones; a "
    "period marked so spans the change."
)

if TYPE_CHECKING:
    from spo_stats.schema import Observation
COMPANION = "sources.csv"
LETTER = "foi-request.txt"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def spans_change(start: date, end: date) -> bool:
    return start < COUNTING_CHANGE <= end


def data_dates(rows: list[Observation]) -> str:
    """The periods the figures cover and the newest source date, for the footer."""
    if not rows:
        return "the dataset holds no figures"
    start = min(r.period_start for r in rows)
    end = max(r.period_end for r in rows)
    dated = [r.source_date for r in rows if r.source_date]
    text = f"figures for periods from {start.year} to {end:%B %Y}"
    if dated:
        newest = max(dated)
        text += (
            f"; newest source dated {words.day_words(newest)}"
            if isinstance(newest, date)
            else f"; newest source dated {newest}"
        )
    return text


# ---- tables -------------------------------------------------------------------------------------


def rank_words(r: Rate) -> str:
    compared = (
        f"; {r.comparison} than England and Wales" if r.comparison in ("higher", "lower") else ""
    )
    compared = compared or ("; similar to England and Wales" if r.comparison == "similar" else "")
    if r.estimated:
        return "estimated, not ranked" + compared
    if not r.rank_means_something:
        return "only force, this period" + compared
    return f"{r.rank} of {r.of}{compared}"


def _range_words(r: Rate) -> str:
    if (span := r.per_100_range) is not None:
        return f"{span[0]:.2f} to {span[1]:.2f} (with chance, {r.ci_low:.2f} to {r.ci_high:.2f})"
    return f"{r.ci_low:.2f} to {r.ci_high:.2f}" if r.has_interval else "none (an estimate)"


def marked_period(start: date, end: date, offences: bool = True) -> str:
    """The period in words, with the counting-rule mark where offences span April 2020."""
    text = words.period_words(start, end)
    return f"{text} {COUNTING_MARK}" if offences and spans_change(start, end) else text


def rate_rows(
    rates: list[Rate], measure: str, name_col: bool = False
) -> tuple[list[str], list[list[str]]]:
    """The rate table: used by the terminal, the Markdown and the HTML alike."""
    w = words.measure_words(measure)
    offences = w.denominator == words.measure_words("spo_granted").denominator
    headers = [
        *(["Area"] if name_col else []),
        "Period",
        words.sentence_case(w.numerator),
        words.sentence_case(w.denominator),
        "Per 100",
        "Of every 100" if RATES[measure].is_ratio else "About 1 in",
        "Range (95%)",
        "Rank, same period",
    ]
    body = []
    for r in rates:
        n = words.one_in(r.numerator, r.denominator)
        body.append(
            [
                *([area_name(r.force)] if name_col else []),
                marked_period(r.start, r.end, offences),
                f"{r.numerator:,}",
                f"{'about ' if r.approximate or r.estimated else ''}{r.denominator:,}"
                + (" (estimated)" if r.estimated else ""),
                f"about {r.per_100:.2f}"
                if r.estimated
                else words.per_100(r.per_100, r.approximate),
                (
                    f"{round(r.per_100)}"
                    if RATES[measure].is_ratio
                    else f"{n:,}"
                    if n
                    else f"no {w.many}"
                ),
                _range_words(r),
                rank_words(r) if r.area_type == "force" else "",
            ]
        )
    return headers, body


def observation_table(
    rows: list[Observation], numbered: bool = False
) -> tuple[list[str], list[list[str]]]:
    """Every figure with its source; numbered=True gives the source's number in the list."""
    numbers = {c: i for i, c in enumerate(citations(rows), start=1)}
    headers = ["Period", "What", "Figure", "Source", "Note from the source", "Where in the file"]
    body = []
    for r in _in_order(rows):
        c = words.citation(r)
        body.append(
            [
                words.period_words(r.period_start, r.period_end),
                words.measure_name(r.measure),
                words.figure_words(r),
                f"[{numbers[c]}]" if numbered else c.text,
                str(r.note or ""),
                words.cell_reference(r),
            ]
        )
    return headers, body


def _in_order(rows: Iterable[Observation]) -> list[Observation]:
    return sorted(
        rows,
        key=lambda r: (
            r.force,
            r.period_start,
            r.period_end,
            r.measure,
            r.source_file,
            r.source_cell,
        ),
    )


def sources_csv(rows: list[Observation]) -> str:
    """The evidence behind a briefing: every figure with the file, sheet and cell it was read from.
    source_number is the figure's number in the page's list of sources."""
    numbers = {c: i for i, c in enumerate(citations(rows), start=1)}
    records = []
    for r in _in_order(rows):
        c = words.citation(r)
        records.append(
            {
                "area": area_name(r.force),
                "period": words.period_words(r.period_start, r.period_end),
                "period_start": r.period_start.isoformat(),
                "period_end": r.period_end.isoformat(),
                "what": words.measure_name(r.measure),
                "figure": words.figure_words(r),
                "status": r.status,
                "source_number": numbers[c],
                "source": c.text,
                "source_url": c.url,
                "file": r.source_file,
                "sheet": r.source_sheet or "",
                "cell": r.source_cell,
                "note": r.note or "",
            }
        )
    return csv_text(records, SOURCES_COLUMNS)


def citations(rows: Iterable[Observation]) -> list[words.Citation]:
    return sorted({words.citation(r) for r in rows}, key=lambda c: (c.text, c.url))


def source_items(rows: Iterable[Observation]) -> list[tuple[Inline, ...]]:
    out: list[tuple[Inline, ...]] = []
    for c in citations(rows):
        # The address is the link's target (and in sources.csv): printed, it would fill a page.
        # A long citation is cut short here; sources.csv gives it whole.
        text = textwrap.shorten(c.text, 90, placeholder="…")
        out.append((Link(text, c.url),) if c.url else (text,))
    return out


def companion_sentence(what: str) -> str:
    return (
        f"Every figure {what} with the file, sheet and cell it was read from: {COMPANION} beside "
        "this page (source_number is the number in this list)."
    )


def rows_behind(figs: Iterable[Fig], rows: list[Observation]) -> list[Observation]:
    """The dataset rows a set of drawn figures was read from (a summed figure: its pieces)."""
    out: dict[int, Observation] = {}
    for f in figs:
        for r in rows:
            if (
                r.force == f.force
                and r.measure == f.measure
                and f.start <= r.period_start
                and r.period_end <= f.end
                and r.status == "reported"
                and Source.of(r) in f.sources
            ):
                out[id(r)] = r
    return list(out.values())


def publishers(rows: Iterable[Observation]) -> str:
    """Every source of what a chart draws, by name: never 'and N more'."""
    return "; ".join(dict.fromkeys(c.publisher for c in citations(rows)))


def footnote(rows: list[Observation], stamp: Stamp) -> str:
    """A chart's sources and dates: those of the figures it draws, not the whole dataset's."""
    return (
        f"Source: {publishers(rows) or 'none'}. Data: {data_dates(rows)}. "
        f"Chart made {stamp.made} by spo-stats {stamp.version}."
    )


# ---- charts -------------------------------------------------------------------------------------


def order_bars(rows: list[Observation]) -> list[charts.Bar]:
    """One bar per period and kind of order: the figure rates use, or what was said instead."""
    figs, _ = resolve([r for r in rows if r.measure in _ORDER_KINDS], "force")
    bars: dict[tuple[date, date, str], charts.Bar] = {}
    for f in figs:
        bars[(f.start, f.end, f.measure)] = charts.Bar(
            f.start, f.end, _ORDER_KINDS[f.measure], words.period_short(f.start, f.end), f.value
        )
    for r in rows:
        key = (r.period_start, r.period_end, r.measure)
        if r.measure in _ORDER_KINDS and key not in bars:
            bars[key] = charts.Bar(
                r.period_start,
                r.period_end,
                _ORDER_KINDS[r.measure],
                words.period_short(r.period_start, r.period_end),
                None,
                words.status_words(r),
            )
    return [bars[k] for k in sorted(bars)]


def _order_rows(rows: list[Observation], bars: list[charts.Bar]) -> list[Observation]:
    """The rows a timeline draws: each bar's chosen figure, or the row saying what was said."""
    figs, _ = resolve([r for r in rows if r.measure in _ORDER_KINDS], "force")
    drawn = rows_behind(figs, rows)
    valued = {(b.start, b.end, b.kind) for b in bars if b.value is not None}
    drawn += [
        r
        for r in rows
        if r.measure in _ORDER_KINDS
        and r.status != "reported"
        and (r.period_start, r.period_end, _ORDER_KINDS[r.measure]) not in valued
    ]
    return drawn


def yearly_series(
    history: list[Fig], prefer: str = "force"
) -> list[tuple[str, list[tuple[date, date, int]], list[Fig]]]:
    """Offence counts by financial and calendar year, given or summed from complete quarters: the
    figure the precedence chooses, the same one the text gives for that year."""
    if not history:
        return []
    first, last = min(f.start for f in history).year, max(f.end for f in history).year
    out = []
    for name, year in (
        ("Financial years (April to March)", financial_year),
        ("Calendar years", calendar_year),
    ):
        pts, figs = [], []
        for y in range(first - 1, last + 1):
            p = year(y)
            f = figure_for(history, p.start, p.end, prefer)  # type: ignore[arg-type]
            if f is not None:
                pts.append((p.start, p.end, f.value))
                figs.append(f)
        if pts:
            out.append((name, pts, figs))
    return out


# ---- the force briefing, section by section ----------------------------------------------------


def force_blocks(rep: ForceReport, stamp: Stamp) -> list[Block]:
    blocks = _opening(rep, stamp)
    if not rep.observations:
        return blocks + _ask_blocks(rep, stamp)
    main = [r for r in rep.rates if is_year_or_longer(r.start, r.end)] or rep.rates
    return [
        *blocks,
        *_comparison_blocks(rep, main),
        *_rate_blocks(rep, main, stamp),
        *_time_blocks(rep, stamp),
        *_missing_blocks(rep, main),
        *_disagreement_blocks(rep),
        *_source_blocks(rep.observations, "for this force"),
    ]


def _opening(rep: ForceReport, stamp: Stamp) -> list[Block]:
    w = words.measure_words(rep.measure)
    return [
        Heading(1, f"{rep.force.name}: Stalking Protection Orders"),
        para(
            f"Measure: {w.title}. A briefing from the spo-stats dataset, made {stamp.made}.",
            cls="lede",
        ),
        Heading(2, "In brief"),
        para(rep.brief[0], cls="key"),
        *[para(s) for s in rep.brief[1:]],
    ]


def _ask_blocks(rep: ForceReport, stamp: Stamp) -> list[Block]:
    return [
        Heading(2, "What to ask for"),
        para(
            "A Freedom of Information request to the force, worded so the answer can be "
            f"compared with other forces'. It is also saved as {LETTER} beside this page."
        ),
        Pre(request_letter(rep.missing, stamp.made_on)),
    ]


def _comparison_blocks(rep: ForceReport, main: list[Rate]) -> list[Block]:
    """Like for like only; the periods with nothing to compare with, named once."""
    w = words.measure_words(rep.measure)
    latest = rep.latest
    rows: list[list[Inline]] = [
        [words.period_words(r.start, r.end), comparison_sentence(c, rep.measure)]
        for r in main
        if r is not latest  # the opening gives the latest period's comparisons
        for c in rep.comparisons.get((r.start, r.end), [])
    ]
    if not rows:  # the opening has said there is nothing to compare with
        return []
    alone = [
        words.period_words(*key)
        for key in rep.no_comparison
        if latest is None or key != (latest.start, latest.end)
        if is_year_or_longer(*key)
    ]
    out: list[Block] = [
        Heading(2, f"How {rep.force.name} compares"),
        table(f"Figures for exactly the same periods ({w.title})", ["Period", "Comparison"], rows),
    ]
    if alone:
        out.append(
            para(
                f"For {_and(alone)} the dataset has no figure for another force in the same "
                "region and no national figure for exactly that period, so nothing to compare with."
            )
        )
    return out


def _rate_blocks(rep: ForceReport, main: list[Rate], stamp: Stamp) -> list[Block]:
    name, m = rep.force.name, rep.measure
    w = words.measure_words(m)
    out: list[Block] = [Heading(2, words.sentence_case(w.title))]
    if not main:  # the opening has said so
        return []
    headers, body = rate_rows(main, m)
    out.append(table(f"{name}: {w.title}", headers, body, numeric=(1, 2, 3, 4)))
    short = [r for r in rep.rates if r not in main]
    if short:
        out.append(
            para(
                f"Rates for {words.plural(len(short), 'shorter period', 'shorter periods')} "
                f"(quarters and months) are left out here: the years above cover them, and "
                f"{COMPANION} holds every figure behind them.",
                cls="note",
            )
        )
    if any(spans_change(r.start, r.end) for r in main):
        out.append(para(COUNTING_NOTE, cls="note"))
    return out


def _rate_chart(rep: ForceReport, main: list[Rate], stamp: Stamp) -> Chart:
    name, w = rep.force.name, words.measure_words(rep.measure)
    points = []
    for i, r in enumerate(main):
        points.append(_point("force", name, i, r))
        for c in rep.comparisons.get((r.start, r.end), []):
            label = {
                "neighbour": "forces in the same region",
                "sum": "forces in the dataset with both figures, added together",
            }.get(c.kind, c.name)
            points.append(_point(c.kind, label, i, c.rate))
    drawn = _rate_rows_behind(rep.observations, main)
    return Chart(
        charts.rate_chart(
            f"{name}: {w.title}",
            w.title,
            [marked_period(r.start, r.end, True) for r in main],
            points,
            footnote(drawn, stamp),
            mark="Offence counts span the April 2020 counting-rule change"
            if any(spans_change(r.start, r.end) for r in main)
            else "",
        ),
        f"{w.title} for {name}: "
        + "; ".join(
            f"{words.period_words(r.start, r.end)}: {words.per_100(r.per_100, r.approximate)}"
            + (f" (range {r.ci_low:.2f} to {r.ci_high:.2f})" if r.has_interval else "")
            for r in main
        )
        + ".",
        "Dots are rates, lines through them their 95% ranges; comparisons only for exactly the "
        "same period.",
        "rate",
    )


def _rate_rows_behind(rows: list[Observation], rates: Sequence[Rate]) -> list[Observation]:
    wanted = {s for r in rates for s in (*r.numerator_sources, *r.denominator_sources)}
    return [r for r in rows if r.status == "reported" and Source.of(r) in wanted]


def _point(series: str, label: str, i: int, r: Rate | National) -> charts.Point:
    has = not isinstance(r, Rate) or r.has_interval
    return charts.Point(
        series, label, i, r.per_100, r.ci_low if has else None, r.ci_high if has else None
    )


def _time_blocks(rep: ForceReport, stamp: Stamp) -> list[Block]:
    """Orders and offences over time, side by side where the page is wide enough."""
    main = [r for r in rep.rates if is_year_or_longer(r.start, r.end)] or rep.rates
    rate = (
        _rate_chart(rep, main, stamp)
        if len(main) > 1 or (main and rep.comparisons.get((main[0].start, main[0].end)))
        else None
    )
    made = (rate, _order_chart(rep, stamp), _offence_chart(rep, stamp))
    drawn = [c for c in made if c is not None]
    if not drawn:
        return []
    return [Heading(2, "In charts"), Figures(tuple(drawn))]


def _order_chart(rep: ForceReport, stamp: Stamp) -> Chart | None:
    bars = order_bars(rep.observations)
    if not bars:
        return None
    name = rep.force.name
    drawn = _order_rows(rep.observations, bars)
    return Chart(
        charts.orders_timeline(
            f"{name}: Stalking Protection Orders granted", bars, footnote(drawn, stamp)
        ),
        f"Timeline of order figures for {name}: "
        + "; ".join(
            f"{b.label}, {charts.KIND_WORDS[b.kind]}: "
            + (f"{b.value:,}" if b.value is not None else b.instead)
            for b in bars
        )
        + ".",
        "Orders: each bar spans the period its figure covers. Figures for overlapping periods "
        "are different counts, not a rise or a fall.",
        "orders",
    )


def _offence_chart(rep: ForceReport, stamp: Stamp) -> Chart | None:
    series = yearly_series(rep.offence_history, rep.prefer)
    if not series:
        return None
    name = rep.force.name
    drawn = rows_behind([f for _, _, figs in series for f in figs], rep.observations)
    spans = any(spans_change(a, b) for _, pts, _ in series for a, b, _ in pts) or (
        min(a for _, pts, _ in series for a, _, _ in pts) < COUNTING_CHANGE
        and max(b for _, pts, _ in series for _, b, _ in pts) >= COUNTING_CHANGE
    )
    return Chart(
        charts.counts_chart(
            f"{name}: recorded stalking offences by year",
            "Recorded stalking offences",
            [(s, pts) for s, pts, _ in series],
            footnote(drawn, stamp),
            mark=(COUNTING_CHANGE, "Counting rules changed, April 2020") if spans else None,
        ),
        f"Recorded stalking offences in {name}: "
        + "; ".join(
            f"{s}: " + ", ".join(f"{words.period_short(a, b)} {v:,}" for a, b, v in pts)
            for s, pts, _ in series
        )
        + ".",
        "Offences: whole years only, summed from complete quarters where the source gives "
        "quarters."
        + (
            " In April 2020 the Home Office changed its rules for counting stalking offences (the "
            "dashed line), so counts from then on are far higher and not comparable with earlier "
            "ones."
            if spans
            else ""
        ),
        "offences",
    )


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _missing_blocks(rep: ForceReport, main: list[Rate]) -> list[Block]:
    """What the dataset lacks: figures with no partner for a rate (years in sentences, months in
    one table), what was withheld, and the calendar years to ask for."""
    name, w = rep.force.name, words.measure_words(rep.measure)
    rated = {(r.start, r.end) for r in rep.rates}
    unmatched = [u for u in rep.unmatched if (u.start, u.end) not in rated]
    alone = [o for o in rep.offences_only if (o.start, o.end) not in rated]
    both = {(u.start, u.end) for u in unmatched} & {(o.start, o.end) for o in alone}
    items: list[str] = []
    for u in sorted(unmatched, key=lambda x: (x.start, x.end)):
        if classify(u.start, u.end) in ("month", "quarter") or (u.start, u.end) in both:
            continue
        items.append(
            f"{words.count(u.value, u.measure, u.approximate)} for "
            f"{words.period_words(u.start, u.end)}, but no count of {w.denominator} for that "
            "exact period, so no rate."
        )
    for key in sorted(both):
        u = next(x for x in unmatched if (x.start, x.end) == key)
        o = next(x for x in alone if (x.start, x.end) == key)
        items.append(
            f"{words.period_words(*key)}: {words.count(u.value, u.measure, u.approximate)} and "
            f"{words.count_defined(o.value, o.measure, o.definition, o.approximate)}; the two "
            "are not set against each other as a rate, because "
            + (
                "the orders outnumber the offences, so they cannot count the same cases."
                if u.value > o.value
                else "they are not counted the same way."
            )
        )
    for o in alone:
        if (o.start, o.end) in both:
            continue
        items.append(
            f"{words.count_defined(o.value, o.measure, o.definition, o.approximate)} in "
            f"{marked_period(o.start, o.end)}, but no {w.numerator} figure for that period."
        )
    for g in rep.gaps:
        items.append(
            f"{words.measure_name(g.measure)}, "
            f"{words.period_words(g.period_start, g.period_end)}: {words.status_words(g)}."
        )
    out: list[Block] = [Heading(2, "What is missing, and what to ask for")]
    if items:
        out.append(bullets(items))
    out += _month_grid(unmatched, w)
    out.append(missing_table([rep.missing], f"Calendar years the dataset lacks for {name}"))
    out.append(
        para(
            f"A Freedom of Information request for exactly these figures, worded so the answer "
            f"compares with other forces', is saved as {LETTER} beside this page."
        )
    )
    return out


def _month_grid(unmatched: list[Fig], w: words.MeasureWords) -> list[Block]:
    """Monthly and quarterly figures with no partner for a rate: one row per year, not a
    sentence per month."""
    short = [u for u in unmatched if classify(u.start, u.end) in ("month", "quarter")]
    if not short:
        return []
    by_year: dict[int, dict[str, str]] = {}
    for u in short:
        col = (
            MONTHS[u.start.month - 1]
            if classify(u.start, u.end) == "month"
            else f"{MONTHS[u.start.month - 1]}-{MONTHS[u.end.month - 1]}"
        )
        by_year.setdefault(u.start.year, {})[col] = f"{u.value:,}"
    cols = [c for c in MONTHS if any(c in v for v in by_year.values())]
    cols += sorted(
        {c for v in by_year.values() for c in v if c not in MONTHS},
        key=lambda c: MONTHS.index(c[:3]),
    )
    return [
        table(
            f"{words.sentence_case(w.numerator)} by month, with no count of {w.denominator} for "
            "the same month (so no rate)",
            ["Year", *cols],
            [[str(y), *[v.get(c, "") for c in cols]] for y, v in sorted(by_year.items())],
            numeric=tuple(range(1, len(cols) + 1)),
        )
    ]


def _disagreement_blocks(rep: ForceReport) -> list[Block]:
    items = disagreement_items(rep.disagreements, rep.conflicts, rep.observations)
    return disagreement_section(
        items,
        f"No two sources in the dataset give different counts for the same {rep.force.name} "
        "figure, and no figure contradicts another.",
    )


def disagreement_section(items: list[str], none: str) -> list[Block]:
    """Each disagreement once, the advice that goes with all of them once."""
    said: list[Block] = [bullets(items), para(ADVICE, cls="note")] if items else [para(none)]
    return [Heading(2, "Sources that disagree"), *said]


def _source_blocks(rows: list[Observation], what: str) -> list[Block]:
    return [
        Heading(2, "Sources"),
        bullets(source_items(rows), numbered=True, cls="columns"),
        para(companion_sentence(what), cls="note"),
        para(
            "Withheld, not held and refused figures are never counted as zero. Ranges are 95% "
            "confidence intervals; a rate whose count is itself an estimate has none.",
            cls="note",
        ),
    ]


def _years(ys: list[int], all_years: list[int], withheld: list[int]) -> str:
    """'all', 'none missing', '2020 to 2022', or '2021, 2022 (withheld)'."""
    if not ys:
        return "none missing"
    if ys == all_years and not withheld:
        return "all"
    if len(ys) > 2 and ys == list(range(ys[0], ys[-1] + 1)) and not withheld:
        return f"{ys[0]} to {ys[-1]}"
    return ", ".join(f"{y} (withheld)" if y in withheld else str(y) for y in ys)


def missing_cells(x: Missing) -> list[str]:
    # A measure left out of the chase list is one the force cannot hold (Scotland's SPOs).
    return [
        _years(x.by_measure[m], x.years, x.withheld.get(m, []))
        if m in x.by_measure
        else "not applicable"
        for m in REQUEST_MEASURES
    ]


def missing_table(missing: list[Missing], caption: str) -> Block:
    years = missing[0].years if missing else []
    headers = ["Force", *[words.measure_name(m) for m in REQUEST_MEASURES]]
    rows: list[list[Inline]] = [[x.name, *missing_cells(x)] for x in missing]
    span = f"{years[0]} to {years[-1]}" if years else ""
    return table(
        f"{caption} (complete calendar years {span}; 'all' = every year; 'withheld' = the force "
        "gave a small number as withheld, part of the year or all of it)",
        headers,
        rows,
    )


def write_force_report(rep: ForceReport, out: Path, stamp: Stamp) -> list[Path]:
    folder = out / rep.force.slug
    stem = words.file_stem("briefing", rep.measure)
    blocks = force_blocks(rep, stamp)
    title = f"{rep.force.name}: Stalking Protection Orders"
    html_path, md_path = folder / f"{stem}.html", folder / f"{stem}.md"
    files = {
        html_path: render_html(title, blocks, stamp).encode("utf-8"),
        md_path: render_markdown(title, blocks, stamp, f"drawn in {stem}.html").encode("utf-8"),
        folder / LETTER: request_letter(rep.missing, stamp.made_on).encode("utf-8"),
    }
    if rep.observations:
        files[folder / COMPANION] = sources_csv(rep.observations).encode("utf-8")
    atomic_write_many(files)
    return list(files)
