"""Briefings on disk: one self-contained HTML page (and its Markdown twin) per force and nationally.

The page is built as blocks (publish.html); charts are drawn as SVG (publish.charts) and go inside
it. File names carry the measure, so a run under --measure never overwrites the default briefing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from spo_stats.analysis.rates import Conflict, Disagreement, Fig, Rate, figure_for, resolve
from spo_stats.dataset.store import atomic_write_many
from spo_stats.publish import charts, words
from spo_stats.publish.html import (
    Block,
    Chart,
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
from spo_stats.publish.per_resident import (
    League,
    fmt_rate,
    league_sentence,
    write_league_chart,
)
from spo_stats.publish.report import (
    ForceReport,
    NationalReport,
    area_name,
    comparison_sentence,
    disagreement_words,
    rate_sentence,
)
from spo_stats.publish.request import REQUEST_MEASURES, Missing, request_letter
from spo_stats.understand.measures import MEASURE_LABELS
from spo_stats.understand.periods import calendar_year, financial_year

_ORDER_KINDS = {"spo_granted": "full", "interim_spo_granted": "interim", "all_spo_granted": "all"}


def data_dates(rows: list[dict[str, Any]]) -> str:
    """The periods the figures cover and the newest source date, for the footer."""
    if not rows:
        return "the dataset holds no figures"
    start = min(r["period_start"] for r in rows)
    end = max(r["period_end"] for r in rows)
    dated = [r["source_date"] for r in rows if r.get("source_date")]
    text = f"figures for periods from {start.year} to {end:%B %Y}"
    if dated:
        newest = max(dated)
        text += (
            f"; newest source dated {newest.day} {newest:%B %Y}"
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
        return "not ranked: estimated" + compared
    if r.rank is None or r.of is None or r.of < 2:
        return "only force with this period" + compared
    if not r.rank_means_something:
        return f"not ranked: the {r.of} forces' ranges overlap"
    return f"{r.rank} of {r.of}{compared}"


def _range_words(r: Rate) -> str:
    if (span := r.per_100_range) is not None:
        return f"{span[0]:.2f} to {span[1]:.2f} by period; {r.ci_low:.2f} to {r.ci_high:.2f} with chance"
    return f"{r.ci_low:.2f} to {r.ci_high:.2f}" if r.has_interval else "none (an estimate)"


def rate_rows(
    rates: list[Rate], measure: str, name_col: bool = False
) -> tuple[list[str], list[list[str]]]:
    """The rate table: used by the terminal, the Markdown and the HTML alike."""
    w = words.measure_words(measure)
    headers = [
        *(["Area"] if name_col else []),
        "Period",
        words.sentence_case(w.numerator),
        words.sentence_case(w.denominator),
        "Per 100",
        "About 1 in" if measure != "grant_ratio" else "Of every 100",
        "Range (95%)",
        "Rank, same period",
    ]
    body = []
    for r in rates:
        n = words.one_in(r.numerator, r.denominator)
        body.append(
            [
                *([area_name(r.force)] if name_col else []),
                words.period_words(r.start, r.end),
                f"{r.numerator:,}",
                f"{'about ' if r.approximate or r.estimated else ''}{r.denominator:,}"
                + (" (estimated)" if r.estimated else ""),
                f"about {r.per_100:.2f}"
                if r.estimated
                else words.per_100(r.per_100, r.approximate),
                (
                    f"{round(r.per_100)}"
                    if measure == "grant_ratio"
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
    rows: list[dict[str, Any]], numbered: bool = False
) -> tuple[list[str], list[list[str]]]:
    """Every figure with its source; numbered=True gives the source's number in the list."""
    numbers = {c: i for i, c in enumerate(_citations(rows), start=1)}
    headers = ["Period", "What", "Figure", "Source", "Note from the source", "Where in the file"]
    body = []
    for r in sorted(rows, key=lambda r: (r["period_start"], r["period_end"], r["measure"])):
        c = words.citation(r)
        body.append(
            [
                words.period_words(r["period_start"], r["period_end"]),
                words.MEASURE_NAMES[r["measure"]],
                words.figure_words(r),
                f"[{numbers[c]}]" if numbered else c.text,
                str(r.get("note") or ""),
                words.cell_reference(r),
            ]
        )
    return headers, body


def _citations(rows: Iterable[dict[str, Any]]) -> list[words.Citation]:
    return sorted({words.citation(r) for r in rows}, key=lambda c: (c.text, c.url))


def _sources(rows: Iterable[dict[str, Any]]) -> list[tuple[Inline, ...]]:
    out: list[tuple[Inline, ...]] = []
    for c in _citations(rows):
        out.append((c.text, ": ", Link(c.url, c.url)) if c.url else (c.text,))
    return out


def _publishers(rows: list[dict[str, Any]]) -> str:
    names = list(dict.fromkeys(words.citation(r).text.split(",")[0] for r in rows))
    shown = "; ".join(names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _footnote(rows: list[dict[str, Any]], stamp: Stamp) -> str:
    return (
        f"Source: {_publishers(rows)} (full list in the briefing). Data: {stamp.data}. "
        f"Chart made {stamp.made} by spo-stats {stamp.version}."
    )


def _disagreement_items(
    dis: list[Disagreement], conflicts: list[Conflict], rows: list[dict[str, Any]]
) -> list[tuple[Inline, ...]]:
    out: list[tuple[Inline, ...]] = []
    for d in dis:
        out.append((disagreement_words(d),))
    for c in conflicts:

        def cited(value: int, fallback: str, c: Conflict = c) -> str:
            """The source as a reader cites it, with the cell for tracing."""
            for r in rows:
                if (
                    r["force"] == c.force
                    and r["measure"] == c.measure
                    and (r["period_start"], r["period_end"]) == (c.start, c.end)
                    and r["value"] == value
                ):
                    return f"{words.citation(r).text}; {words.cell_reference(r)}"
            return fallback

        vals = "; ".join(f"{v:,} ({cited(v, s)})" for v, _, s in c.values)
        out.append(
            (
                f"{area_name(c.force)}, {words.MEASURE_NAMES[c.measure]}, "
                f"{words.period_words(c.start, c.end)}: the sources give {vals}. "
                f"This briefing uses {c.chosen:,}.",
            )
        )
    return out


# ---- charts -------------------------------------------------------------------------------------


def order_bars(rows: list[dict[str, Any]]) -> list[charts.Bar]:
    """One bar per period and kind of order: the figure rates use, or what was said instead."""
    figs, _ = resolve([r for r in rows if r["measure"] in _ORDER_KINDS], "force")
    bars: dict[tuple[date, date, str], charts.Bar] = {}
    for f in figs:
        bars[(f.start, f.end, f.measure)] = charts.Bar(
            f.start, f.end, _ORDER_KINDS[f.measure], words.period_short(f.start, f.end), f.value
        )
    for r in rows:
        key = (r["period_start"], r["period_end"], r["measure"])
        if r["measure"] in _ORDER_KINDS and key not in bars:
            bars[key] = charts.Bar(
                r["period_start"],
                r["period_end"],
                _ORDER_KINDS[r["measure"]],
                words.period_short(r["period_start"], r["period_end"]),
                None,
                words.status_words(r),
            )
    return [bars[k] for k in sorted(bars)]


def yearly_series(history: list[Fig]) -> list[tuple[str, list[tuple[date, date, int]]]]:
    """Offence counts by calendar and by financial year, given or summed from complete quarters."""
    if not history:
        return []
    first, last = min(f.start for f in history).year, max(f.end for f in history).year
    out = []
    for name, year in (
        ("Financial years (April to March)", financial_year),
        ("Calendar years", calendar_year),
    ):
        pts = []
        for y in range(first - 1, last + 1):
            p = year(y)
            f = figure_for(history, p.start, p.end, "official")
            if f is not None:
                pts.append((p.start, p.end, f.value))
        if pts:
            out.append((name, pts))
    return out


# ---- the force briefing -------------------------------------------------------------------------


def force_blocks(rep: ForceReport, stamp: Stamp) -> list[Block]:
    name, m = rep.force.name, rep.measure
    w = words.measure_words(m)
    foot = _footnote(rep.observations, stamp)
    blocks: list[Block] = [
        Heading(1, f"{name}: Stalking Protection Orders"),
        para(
            f"Measure: {w.title}. A briefing from the spo-stats dataset, made {stamp.made}.",
            cls="lede",
        ),
        Heading(2, "In brief"),
        para(rep.brief[0], cls="key"),
        *[para(s) for s in rep.brief[1:]],
    ]
    if not rep.observations:
        letter = request_letter(rep.missing, date.today())
        return [
            *blocks,
            Heading(2, "What to ask for"),
            para(
                "A Freedom of Information request to the force, worded so the answer can be "
                "compared with other forces'. Run ",
                f"spo-stats request --force {rep.force.slug}",
                " to save it as a text file.",
            ),
            Pre(letter),
        ]
    # Years and longer in the body; months and quarters (where years exist) in the appendix.
    main = [r for r in rep.rates if (r.end - r.start).days >= 360] or rep.rates
    short = [r for r in rep.rates if r not in main]
    # Comparisons, like for like.
    rows: list[list[Inline]] = [
        [words.period_words(r.start, r.end), comparison_sentence(c, m)]
        for r in main
        for c in rep.comparisons.get((r.start, r.end), [])
    ]
    if rows:  # where there is none, the opening has said so
        blocks.append(Heading(2, f"How {name} compares"))
        blocks.append(
            table(
                f"Figures for exactly the same periods ({w.title})", ["Period", "Comparison"], rows
            )
        )
        latest = rep.latest
        for key, text in rep.no_comparison.items():
            if latest is None or key != (latest.start, latest.end):
                blocks.append(para(text))
    # Orders.
    bars = order_bars(rep.observations)
    if bars:
        blocks += [
            Heading(2, "Orders granted, by the period each figure covers"),
            Chart(
                charts.orders_timeline(f"{name}: Stalking Protection Orders granted", bars, foot),
                f"Timeline of order figures for {name}: "
                + "; ".join(
                    f"{b.label}, {charts.KIND_WORDS[b.kind]}: "
                    + (f"{b.value:,}" if b.value is not None else b.instead)
                    for b in bars
                )
                + ".",
                "Each bar spans the period its figure covers; the number beside it is the count. "
                "Figures for overlapping periods are different counts, not a rise or a fall.",
                "orders",
            ),
        ]
    # Rates.
    blocks.append(Heading(2, words.sentence_case(w.title)))
    if main:
        blocks.append(table(f"{name}: {w.title}", *rate_rows(main, m), numeric=(1, 2, 3, 4, 5)))
        periods = [words.period_short(r.start, r.end) for r in main]
        points = []
        for i, r in enumerate(main):
            points.append(_point("force", name, i, r))
            for c in rep.comparisons.get((r.start, r.end), []):
                label = {
                    "neighbour": "forces in the same region",
                    "sum": "forces in the dataset with both figures, added together",
                }.get(c.kind, c.name)
                points.append(_point(c.kind, label, i, c.rate))
        blocks.append(
            Chart(
                charts.rate_chart(f"{name}: {w.title}", w.title, periods, points, foot),
                f"{w.title} for {name}: "
                + "; ".join(
                    f"{words.period_words(r.start, r.end)}: {words.per_100(r.per_100, r.approximate)}"
                    + (f" (range {r.ci_low:.2f} to {r.ci_high:.2f})" if r.has_interval else "")
                    for r in main
                )
                + ".",
                "Dots are rates, lines through them their 95% ranges. Comparisons sit beside the "
                "force's own period and only for exactly that period.",
                "rate",
            )
        )
        others = [rate_sentence(r, name, m) for r in main if r is not rep.latest]
        if others:
            blocks.append(bullets(others))
    else:
        blocks.append(
            para(
                f"No period has both {w.numerator} and {w.denominator} for {name}, so no rate "
                "is given."
            )
        )
    # Offence history.
    series = yearly_series(rep.offence_history)
    if series:
        blocks += [
            Heading(2, "Recorded stalking offences over time"),
            Chart(
                charts.counts_chart(
                    f"{name}: recorded stalking offences by year",
                    "Recorded stalking offences",
                    series,
                    foot,
                ),
                f"Recorded stalking offences in {name}: "
                + "; ".join(
                    f"{s}: " + ", ".join(f"{words.period_short(a, b)} {v:,}" for a, b, v in pts)
                    for s, pts in series
                )
                + ".",
                "Whole years only, summed from complete quarters where the source gives quarters. "
                "Stalking Protection Orders exist only from 20 January 2020.",
                "offences",
            ),
        ]
    blocks += _missing_blocks(rep, w)
    blocks += [Heading(2, "Sources that disagree")]
    items = _disagreement_items(rep.disagreements, rep.conflicts, rep.observations)
    blocks.append(
        bullets(items)
        if items
        else para(
            f"No two sources in the dataset give different counts for the same {name} figure, "
            "and no figure contradicts another."
        )
    )
    blocks += [
        Heading(2, "Sources"),
        bullets(_sources(rep.observations), numbered=True),
        Heading(2, "Appendix: every figure and where it was read"),
        *(
            [
                table(
                    f"{name}: {w.title}, shorter periods",
                    *rate_rows(short, m),
                    numeric=(1, 2, 3, 4, 5),
                )
            ]
            if short
            else []
        ),
        table(
            f"Every figure for {name}; the source number refers to the list of sources",
            *observation_table(rep.observations, numbered=True),
        ),
        para(
            "Withheld, not held and refused figures are never counted as zero. Ranges are 95% "
            "confidence intervals (Wilson's method for proportions); a rate whose count is itself "
            "an estimate has none.",
            cls="note",
        ),
    ]
    return blocks


def _point(series: str, label: str, i: int, r: Any) -> charts.Point:
    has = not isinstance(r, Rate) or r.has_interval
    return charts.Point(
        series, label, i, r.per_100, r.ci_low if has else None, r.ci_high if has else None
    )


def _missing_blocks(rep: ForceReport, w: words.MeasureWords) -> list[Block]:
    name = rep.force.name
    items: list[str] = []
    for u in sorted(rep.unmatched, key=lambda x: x.start):
        items.append(
            f"{words.count(u.value, u.measure, u.approximate)} for "
            f"{words.period_words(u.start, u.end)}, but no count of {w.denominator} for that "
            "exact period, so no rate."
        )
    for o in rep.offences_only:
        items.append(
            f"{words.count_defined(o.value, o.measure, o.definition, o.approximate)} in "
            f"{words.period_words(o.start, o.end)}, but no {w.numerator} figure for that period."
        )
    for g in rep.gaps:
        items.append(
            f"{words.MEASURE_NAMES[g['measure']]}, "
            f"{words.period_words(g['period_start'], g['period_end'])}: {words.status_words(g)}."
        )
    out: list[Block] = [Heading(2, "What is missing, and what to ask for")]
    if items:
        out.append(bullets(items))
    out.append(missing_table([rep.missing], f"Calendar years the dataset lacks for {name}"))
    out.append(
        para(
            "To ask the force for these figures in a form that compares, run ",
            f"spo-stats request --force {rep.force.slug}",
            ": it drafts the Freedom of Information request.",
        )
    )
    return out


def _years(ys: list[int], all_years: list[int], withheld: list[int]) -> str:
    """'all', 'none missing', '2020 to 2022', or '2021, 2022 (withheld)'."""
    if not ys:
        return "none missing"
    if ys == all_years and not withheld:
        return "all"
    if len(ys) > 2 and ys == list(range(ys[0], ys[-1] + 1)) and not withheld:
        return f"{ys[0]} to {ys[-1]}"
    return ", ".join(f"{y} (withheld)" if y in withheld else str(y) for y in ys)


def missing_table(missing: list[Missing], caption: str) -> Block:
    years = missing[0].years if missing else []
    headers = ["Force", *[words.MEASURE_NAMES[m] for m in REQUEST_MEASURES]]
    rows: list[list[Inline]] = [
        [
            x.name,
            *[
                # A measure left out of the chase list is one the force cannot hold (Scotland's SPOs).
                _years(x.by_measure[m], x.years, x.withheld.get(m, []))
                if m in x.by_measure
                else "not applicable"
                for m in REQUEST_MEASURES
            ],
        ]
        for x in missing
    ]
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
    atomic_write_many(
        {
            html_path: render_html(title, blocks, stamp).encode("utf-8"),
            md_path: render_markdown(title, blocks, stamp, f"drawn in {stem}.html").encode("utf-8"),
        }
    )
    return [html_path, md_path]


def national_blocks(rep: NationalReport, rows: list[dict[str, Any]], stamp: Stamp) -> list[Block]:
    m = rep.measure
    w = words.measure_words(m)
    foot = _footnote(rows, stamp)
    blocks: list[Block] = [
        Heading(1, "Stalking Protection Orders: the national picture"),
        para(
            f"Measure: {w.title}. A briefing from the spo-stats dataset, made {stamp.made}.",
            cls="lede",
        ),
        Heading(2, "In brief"),
        para(rep.brief[0], cls="key"),
        *[para(s) for s in rep.brief[1:]],
        Heading(2, "Published figures for many forces together"),
    ]
    if rep.aggregate_rates:
        agg = sorted(rep.aggregate_rates, key=lambda r: (r.start, r.end, r.force))
        blocks.append(
            table(
                f"Published figures: {w.title}",
                *rate_rows(agg, m, name_col=True),
                numeric=(2, 3, 4, 5),
            )
        )
        notes = [
            f"{area_name(r.force)}, {words.period_words(r.start, r.end)}: what the "
            f"{w.many} count: {r.numerator_note or 'not stated'}; what the {w.denominator} "
            f"count: {r.denominator_note or 'not stated'}."
            for r in agg
        ]
        blocks.append(bullets(notes))
        blocks.append(
            para(
                "These figures cover different periods and different sets of forces, so they are "
                "not compared with each other or ranked.",
                cls="note",
            )
        )
    else:
        blocks.append(para("The dataset holds no published figure for many forces together."))
    blocks.append(Heading(2, "Forces compared, period by period"))
    leagues = rep.leagues()
    if not leagues:
        blocks.append(
            para(
                "No period has a rate for two or more forces, so no force can be compared like "
                "for like with another."
            )
        )
    for (start, end), group in leagues:
        when = words.period_words(start, end)
        blocks.append(Heading(3, when))
        if (end - start).days >= 360:  # shorter periods: the table is enough
            blocks.append(
                Chart(
                    charts.league_chart(
                        f"{w.title}, {when}",
                        f"{w.title} (dots; lines are 95% ranges)",
                        [
                            (
                                area_name(r.force),
                                r.per_100,
                                r.ci_low if r.has_interval else None,
                                r.ci_high if r.has_interval else None,
                            )
                            for r in group
                        ],
                        "",
                        foot,
                    ),
                    f"{w.title}, {when}: "
                    + "; ".join(f"{area_name(r.force)} {r.per_100:.2f}" for r in group)
                    + ".",
                    f"Only forces with a rate for exactly {when} are shown.",
                    "league",
                )
            )
        blocks.append(
            table(f"Forces, {when}", *rate_rows(group, m, name_col=True), numeric=(2, 3, 4, 5))
        )
    if rep.national_sums():
        blocks.append(Heading(2, "Sum of the forces in the dataset"))
        blocks.append(
            table(
                "Forces with both figures for the same period, added together",
                [
                    "Period",
                    words.sentence_case(w.numerator),
                    words.sentence_case(w.denominator),
                    "Per 100",
                    "Range (95%)",
                    "Forces",
                ],
                [
                    [
                        words.period_words(n.start, n.end),
                        f"{n.numerator:,}",
                        f"{n.denominator:,}",
                        f"{n.per_100:.2f}",
                        f"{n.ci_low:.2f} to {n.ci_high:.2f}",
                        n.coverage,
                    ]
                    for n in rep.national_sums()
                ],
                numeric=(1, 2, 3),
            )
        )
    if rep.compiled:
        blocks += [Heading(2, "Per-force counts from compiled tables"), bullets(rep.compiled)]
    if rep.per_resident is not None:
        blocks += per_resident_blocks(rep.per_resident)
    blocks.append(Heading(2, "Sources that disagree"))
    items = _disagreement_items(rep.disagreements, rep.table.conflicts, rows)
    blocks.append(
        bullets(items)
        if items
        else para(
            "No two sources give different counts for the same figure, and none contradicts another."
        )
    )
    blocks += [
        Heading(2, "What is missing: every force's years"),
        missing_table(rep.missing, "Calendar years each force's figures are missing for"),
        para(
            "For any force, spo-stats request --force NAME drafts a Freedom of Information "
            "request for exactly its missing figures.",
        ),
    ]
    if rep.member_comparisons:
        blocks += [
            Heading(2, "Published figures beside their forces"),
            bullets(rep.member_comparisons),
        ]
    used = [
        r
        for r in rows
        if r["status"] == "reported"
        and r["measure"] in (rep.table.numerator_measure, rep.table.denominator_measure)
    ]
    blocks += [Heading(2, "Sources"), bullets(_sources(used))]
    return blocks


def write_national_report(
    rep: NationalReport, rows: list[dict[str, Any]], out: Path, stamp: Stamp
) -> list[Path]:
    folder = out / "national"
    stem = words.file_stem("briefing", rep.measure)
    blocks = national_blocks(rep, rows, stamp)
    title = "Stalking Protection Orders: the national picture"
    html_path, md_path = folder / f"{stem}.html", folder / f"{stem}.md"
    atomic_write_many(
        {
            html_path: render_html(title, blocks, stamp).encode("utf-8"),
            md_path: render_markdown(title, blocks, stamp, f"drawn in {stem}.html").encode("utf-8"),
        }
    )
    written = [html_path, md_path]
    if rep.per_resident is not None:
        # The league as a picture a journalist can publish as it is (PNG, with its sources).
        written.append(write_league_chart(folder / "per-resident.png", rep.per_resident))
    return written


def per_resident_blocks(league: League) -> list[Block]:
    """The per-resident league: a chart with its sources, the table, the national rate, notes."""
    per = league.table.per
    what = MEASURE_LABELS[league.table.measure]
    title = f"{words.sentence_case(what)} per {per:,} residents, {league.label}"
    svg, _ = league.chart
    shared = Counter(r.rank for r in league.rows)
    blocks: list[Block] = [
        Heading(2, title),
        para(
            f"Each force's count set against ONS's mid-{league.rows[0].reference_date.year} "
            f"population estimate for its area ({league.rows[0].edition}), ranked among the "
            f"{len(league.rows)} forces with a figure for {league.label}. "
            + league_sentence(league)
        ),
        Chart(
            svg,
            f"{title}: "
            + "; ".join(f"{r.area_name} {fmt_rate(r.rate)}" for r in league.rows[:10])
            + (" ..." if len(league.rows) > 10 else "."),
            "Also saved as per-resident.png beside this page, to publish as it is.",
            "per-resident",
        ),
        table(
            title,
            ["Rank", "Force", f"Per {per:,} residents", "Count", "Residents", "Rank on count"],
            [
                [
                    f"{'=' if shared[r.rank] > 1 else ''}{r.rank}",
                    r.area_name,
                    fmt_rate(r.rate),
                    f"{r.count:,}",
                    f"{r.population:,}",
                    str(r.count_rank),
                ]
                for r in league.rows
            ],
            numeric=(0, 2, 3, 4, 5),
        ),
    ]
    if league.notes:
        blocks.append(bullets(list(league.notes)))
    return blocks
