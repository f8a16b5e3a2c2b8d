"""The national briefing on disk: one self-contained HTML page (and its Markdown twin) that prints
on two A4 pages, and sources.csv beside it with every figure's file, sheet and cell.

Built section by section, like a force's (publish.briefing); long lists (the BBC's per-force
counts, the per-resident league, every force's missing years) are tables, several to a row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from spo_stats.analysis.cited import Source
from spo_stats.analysis.rates import Rate
from spo_stats.areas import area_name
from spo_stats.dataset.store import atomic_write_many
from spo_stats.measures import REQUEST_MEASURES
from spo_stats.measures import measure as measure_info
from spo_stats.publish import charts, words
from spo_stats.publish.briefing import (
    COMPANION,
    COUNTING_MARK,
    COUNTING_NOTE,
    companion_sentence,
    disagreement_section,
    footnote,
    marked_period,
    missing_cells,
    rank_words,
    source_items,
    sources_csv,
    spans_change,
)
from spo_stats.publish.compiled import CompiledCounts, compiled_spo_counts
from spo_stats.publish.disagree import disagreement_items
from spo_stats.publish.html import (
    Block,
    Chart,
    Figures,
    Heading,
    Inline,
    Stamp,
    Table,
    bullets,
    para,
    render_html,
    render_markdown,
    table,
)
from spo_stats.publish.per_resident import (
    League,
    league_sentence,
    short_name,
    write_league_chart,
)
from spo_stats.publish.report import NationalReport
from spo_stats.understand.periods import classify, is_year_or_longer

if TYPE_CHECKING:
    from spo_stats.schema import Observation

TITLE = "Stalking Protection Orders: the national picture"
LEAGUE_CHART_FORCES = 5


def national_blocks(rep: NationalReport, rows: list[Observation], stamp: Stamp) -> list[Block]:
    used = _used_rows(rep, rows)
    return [
        *_opening(rep, stamp),
        *_published_blocks(rep),
        *_league_blocks(rep, rows, stamp),
        *_sum_blocks(rep),
        *(per_resident_blocks(rep.per_resident) if rep.per_resident is not None else []),
        *_disagreement_blocks(rep, rows),
        *_missing_blocks(rep),
        Heading(2, "Sources"),
        bullets(source_items(used), numbered=True, cls="columns"),
        para(companion_sentence("in this briefing"), cls="note"),
    ]


def _used_rows(rep: NationalReport, rows: list[Observation]) -> list[Observation]:
    """The figures the page shows or draws on: the two counts of the rate, and the per-force
    counts of compiled tables."""
    measures = {rep.table.numerator_measure, rep.table.denominator_measure}
    return [
        r
        for r in rows
        if r.status == "reported" and (r.measure in measures or (r.source_kind == "compiled"))
    ]


def _opening(rep: NationalReport, stamp: Stamp) -> list[Block]:
    w = words.measure_words(rep.measure)
    return [
        Heading(1, TITLE),
        para(
            f"Measure: {w.title}. A briefing from the spo-stats dataset, made {stamp.made}.",
            cls="lede",
        ),
        Heading(2, "In brief"),
        para(rep.brief[0], cls="key"),
        *[para(s) for s in rep.brief[1:]],
    ]


def _published_blocks(rep: NationalReport) -> list[Block]:
    w = words.measure_words(rep.measure)
    out: list[Block] = [Heading(2, "Published figures for many forces together")]
    if not rep.published:
        return [*out, para("The dataset holds no published figure for many forces together.")]
    out.append(bullets(rep.published))
    out.append(
        para(
            f"These figures ({w.title}) cover different periods and different sets of forces, so "
            "they are not compared with each other or ranked."
            + (f" {rep.published_note}" if rep.published_note else ""),
            cls="note",
        )
    )
    # A published figure for a group of forces, beside what its members' own figures sum to.
    out += [para(s, cls="note") for s in rep.member_comparisons]
    return out


def _league_blocks(rep: NationalReport, rows: list[Observation], stamp: Stamp) -> list[Block]:
    """Every force with a rate, once each where it can be: a compiled table's per-force counts
    (the BBC's) with the rate each makes, then every other force rate; a league chart for a
    period many forces share."""
    w = words.measure_words(rep.measure)
    out: list[Block] = [Heading(2, "Forces with a rate")]
    compiled = compiled_spo_counts(rows)
    if not rep.force_rates and not compiled:
        return [*out, para("No force has a period with both figures, so no force rate is given.")]
    disputed = _disputed(rep)
    shown: set[int] = set()
    for c in compiled:
        blocks, used = _compiled_rates(c, rep, disputed)
        out += blocks
        shown |= used
    rest = sorted(
        (r for r in rep.force_rates if id(r) not in shown),
        key=lambda r: (r.end, r.start, -r.per_100),
    )
    if rest:
        out.append(
            table(
                f"{'Other force rates' if shown else 'Every force rate'} ({w.title}); forces "
                "are ranked only against others with a rate for exactly the same period",
                *_rate_table(rest, rep, disputed),
                numeric=(2, 3, 4, 5),
                cls="lines",
            )
        )
    notes = [COUNTING_NOTE] if any(spans_change(r.start, r.end) for r in rep.force_rates) else []
    if disputed & {_key(r) for r in rep.force_rates}:
        notes.append(f"{DISPUTED_MARK} {DISPUTED_NOTE}")
    out += [para(n, cls="note") for n in notes]
    drawn = [
        c
        for (start, end), group in rep.leagues()
        # A chart where a table would be hard to read: a year or longer, and many forces.
        if is_year_or_longer(start, end) and len(group) >= LEAGUE_CHART_FORCES
        for c in [_league_chart(rep, group, start, end, rows, stamp)]
    ]
    if drawn:
        out.append(Figures(tuple(drawn)))
    return out


DISPUTED_MARK = "‡"
DISPUTED_NOTE = (
    "Another source's figures disagree with this count: see 'Sources that disagree' before "
    "quoting it."
)


def _key(r: Rate) -> tuple[str, str, date, date]:
    return (r.force, r.numerator_measure, r.start, r.end)


def _disputed(rep: NationalReport) -> set[tuple[str, str, date, date]]:
    """The figures a disagreement names, as (force, measure, start, end)."""
    return {
        (d.force, d.measure, f.start, f.end) for d in rep.disagreements for f in (d.inner, d.outer)
    }


def _per_100(r: Rate) -> list[Inline]:
    """Per 100 and its range, compactly: the estimated offences are said so in the count."""
    rng = f"{r.ci_low:.2f} to {r.ci_high:.2f}" if r.has_interval else "none (an estimate)"
    return [f"{'about ' if r.approximate else ''}{r.per_100:.2f}", rng]


def _offences(r: Rate) -> str:
    return f"{'about ' if r.approximate or r.estimated else ''}{r.denominator:,}"


def _against(r: Rate) -> str:
    """'higher', 'lower' or 'similar': the rate's range against England and Wales'."""
    return r.comparison or "not compared"


def _short_period(start: date, end: date) -> str:
    """'20 Jan 2020 to 20 Jun 2020 †': a table cell on one printed line."""
    text = words.period_short(start, end)
    if text == words.period_words(start, end) and classify(start, end) == "range":
        text = f"{start.day} {start:%b %Y} to {end.day} {end:%b %Y}"
    return f"{text} {COUNTING_MARK}" if spans_change(start, end) else text


def _rate_table(
    rates: list[Rate], rep: NationalReport, disputed: set[tuple[str, str, date, date]]
) -> tuple[list[str], list[list[Inline]]]:
    w = words.measure_words(rep.measure)
    headers = [
        "Force",
        "Period",
        words.sentence_case(w.numerator),
        words.sentence_case(w.denominator),
        "Per 100",
        "Range (95%)",
        "Rank, same period",
    ]
    body: list[list[Inline]] = [
        [
            short_name(area_name(r.force)),
            _short_period(r.start, r.end),
            f"{r.numerator:,}" + (f" {DISPUTED_MARK}" if _key(r) in disputed else ""),
            _offences(r),  # "estimated" is said once, in the rank column
            *_per_100(r),
            rank_words(r),
        ]
        for r in rates
    ]
    return headers, body


def _compiled_rates(
    c: CompiledCounts, rep: NationalReport, disputed: set[tuple[str, str, date, date]]
) -> tuple[list[Block], set[int]]:
    """A compiled table's per-force counts, most first, each beside the rate it makes with the
    offences estimated for the same days; the rates shown here, by id."""
    w = words.measure_words(rep.measure)
    rates = {
        (area_name(r.force), r.start, r.end, r.numerator): r
        for r in rep.force_rates
        if r.numerator_type == "compiled" and r.numerator_measure == c.measure
    }
    used: set[int] = set()
    body: list[list[Inline]] = []
    for name, value, start, end in c.counts:
        r = rates.get((name, start, end, value))
        count = f"{value:,}"
        if r is not None:
            used.add(id(r))
            count += f" {DISPUTED_MARK}" if _key(r) in disputed else ""
        body.append(
            [
                short_name(name),
                words.day_words(end),
                count,
                *([_offences(r), *_per_100(r), _against(r)] if r else ["", "", "", ""]),
            ]
        )
    what = words.sentence_case(measure_info(c.measure).label)
    total = sum(v for _, v, _, _ in c.counts)
    blocks: list[Block] = [
        table(
            f"{_compiled_span(c)} ({words.publisher_of(c.source)}, {_year(c)}): {len(c.counts)} "
            f"forces, {total:,} in all, most first. For {len(used)} of them, {w.title}, with "
            "the offences estimated for the same days from the Home Office's quarters; every "
            f"period spans the April 2020 counting-rule change {COUNTING_MARK}.",
            [
                "Force",
                "Counted to",
                what,
                f"{words.sentence_case(w.denominator)} (estimated)",
                "Per 100",
                "Range (95%)",
                "Against England and Wales",
            ],
            body,
            numeric=(2, 3, 4, 5),
            cls="lines",
        ),
    ]
    if c.missing:
        blocks.append(para(f"The table gives no figure for {_and(c.missing)}.", cls="note"))
    return blocks, used


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _league_chart(
    rep: NationalReport,
    group: list[Rate],
    start: date,
    end: date,
    rows: list[Observation],
    stamp: Stamp,
) -> Chart:
    w = words.measure_words(rep.measure)
    when = words.period_words(start, end)
    wanted = {s for r in group for s in (*r.numerator_sources, *r.denominator_sources)}
    drawn = [r for r in rows if r.status == "reported" and Source.of(r) in wanted]
    return Chart(
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
            footnote(drawn, stamp),
            mark="Offence counts span the April 2020 counting-rule change"
            if spans_change(start, end)
            else "",
        ),
        f"{w.title}, {when}: "
        + "; ".join(f"{area_name(r.force)} {r.per_100:.2f}" for r in group)
        + ".",
        f"Only forces with a rate for exactly {when} are shown.",
        "league",
    )


def _sum_blocks(rep: NationalReport) -> list[Block]:
    said = rep.widest_sum()  # the opening gives it
    sums = [n for n in rep.national_sums() if n is not said]
    if not sums:
        return []
    w = words.measure_words(rep.measure)
    return [
        Heading(2, "Sum of the forces in the dataset"),
        table(
            "Forces with both figures for the same period, added together (other periods than "
            "the one in brief)",
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
                    marked_period(n.start, n.end),
                    f"{n.numerator:,}",
                    f"{n.denominator:,}",
                    f"{n.per_100:.2f}",
                    f"{n.ci_low:.2f} to {n.ci_high:.2f}",
                    n.coverage,
                ]
                for n in sums
            ],
            numeric=(1, 2, 3),
        ),
    ]


def paired(
    caption: str,
    headers: Sequence[str],
    items: Sequence[Sequence[str]],
    across: int = 3,
    numeric: Sequence[int] = (),
) -> Table:
    """A long list as a table with several entries to a row, read down each column of entries,
    so forty forces fit a third of a page."""
    per = -(-len(items) // across)
    cols = [list(items[i * per : (i + 1) * per]) for i in range(across)]
    body: list[list[Inline]] = []
    for i in range(per):
        row: list[Inline] = []
        for c in cols:
            row += list(c[i]) if i < len(c) else [""] * len(headers)
        body.append(row)
    width = len(headers)
    return table(
        caption,
        [h for _ in range(across) for h in headers],
        body,
        numeric=tuple(k * width + n for k in range(across) for n in numeric),
    )


def _year(c: CompiledCounts) -> str:
    return str(max(e for _, _, _, e in c.counts).year)


def _compiled_span(c: CompiledCounts) -> str:
    """'SPOs granted from 20 January 2020 to the date each force answered, between ...'."""
    starts = sorted({s for _, _, s, _ in c.counts})
    ends = sorted({e for _, _, _, e in c.counts})
    span = (
        f"from {words.day_words(starts[0])} to {words.day_words(ends[0])}"
        if len(ends) == 1
        else f"from {words.day_words(starts[0])} to the date each force answered, between "
        f"{words.day_words(ends[0])} and {words.day_words(ends[-1])}"
        if len(starts) == 1
        else f"over each force's own period ({words.day_words(starts[0])} to "
        f"{words.day_words(ends[-1])})"
    )
    return f"{words.sentence_case(measure_info(c.measure).label)} {span}"


def per_resident_blocks(league: League) -> list[Block]:
    """The top of the per-resident league in words; the chart of every force is per-resident.png
    beside this page (a 43-row table would take a printed page of its own)."""
    per = league.table.per
    what = measure_info(league.table.measure).label
    first = league.rows[0]
    return [
        Heading(2, f"{words.sentence_case(what)} per {per:,} residents, {league.label}"),
        para(
            league_sentence(league)
            + f" Each force's count is set against ONS's mid-{first.reference_date.year} "
            f"population estimate for its area ({first.edition}). Every force is drawn, with "
            "its sources, in per-resident.png beside this page, to publish as it is."
        ),
    ]


def _disagreement_blocks(rep: NationalReport, rows: list[Observation]) -> list[Block]:
    items = disagreement_items(rep.disagreements, rep.table.conflicts, rows)
    return disagreement_section(
        items,
        "No two sources give different counts for the same figure, and none contradicts another.",
    )


def _missing_blocks(rep: NationalReport) -> list[Block]:
    """Every force's missing years, forces with the same gaps on one row."""
    years = rep.missing[0].years if rep.missing else []
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for x in rep.missing:
        groups[tuple(missing_cells(x))].append(x.name)
    span = f"{years[0]} to {years[-1]}" if years else ""
    ordered = sorted(groups.items(), key=lambda kv: (len(kv[1]), kv[1]))
    body: list[list[Inline]] = [[", ".join(names), *cells] for cells, names in ordered]
    if len(ordered) > 1 and len(ordered[-1][1]) > len(rep.missing) / 2:
        # The forces most share a row with are the rest: named by the rows above, not listed.
        body[-1][0] = f"The other {len(ordered[-1][1])} forces"
    return [
        Heading(2, "What is missing: every force's years"),
        table(
            f"Calendar years each force's figures are missing for (complete calendar years "
            f"{span}; 'all' = every year; 'withheld' = the force gave a small number as "
            "withheld; forces with the same gaps share a row)",
            ["Forces", *[words.measure_name(m) for m in REQUEST_MEASURES]],
            body,
        ),
        para(
            "Each force's briefing has beside it foi-request.txt, a Freedom of Information "
            "request for exactly its missing figures.",
            cls="note",
        ),
    ]


def write_national_report(
    rep: NationalReport, rows: list[Observation], out: Path, stamp: Stamp
) -> list[Path]:
    folder = out / "national"
    stem = words.file_stem("briefing", rep.measure)
    blocks = national_blocks(rep, rows, stamp)
    html_path, md_path = folder / f"{stem}.html", folder / f"{stem}.md"
    files = {
        html_path: render_html(TITLE, blocks, stamp).encode("utf-8"),
        md_path: render_markdown(TITLE, blocks, stamp, f"drawn in {stem}.html").encode("utf-8"),
    }
    if rows:
        files[folder / COMPANION] = sources_csv(_used_rows(rep, rows)).encode("utf-8")
    atomic_write_many(files)
    written = list(files)
    if rep.per_resident is not None:
        # The league as a picture a journalist can publish as it is (PNG, with its sources).
        written.append(write_league_chart(folder / "per-resident.png", rep.per_resident))
    return written
