"""Charts for briefings: matplotlib, headless, drawn as SVG text to sit inside the page.

Every chart has a title that names its measure, labelled axes (whole numbers on count axes), a
legend outside the plot that explains every colour, the Okabe-Ito colour-blind-safe palette, and
a footnote with its source and dates. Comparisons are drawn only at their own period.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from spo_stats.publish.words import sentence_case
from spo_stats.understand.periods import classify

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

# Okabe and Ito's palette: told apart with every common form of colour blindness.
BLUE, ORANGE, GREEN, PURPLE, GREY, VERMILION, SKY = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#767676",
    "#D55E00",
    "#56B4E9",
)
KIND_TICKS = {"full": "orders", "interim": "interim orders", "all": "interim + full"}
KIND_COLOURS = {"full": BLUE, "interim": ORANGE, "all": GREEN}
KIND_WORDS = {
    "full": "orders granted (full orders, or the source did not say)",
    "interim": "interim orders",
    "all": "interim and full counted together",
}
COUNTING_MARK = "†"
WIDTH = 4.6  # inches: wide enough for A4, small enough that text stays legible on a phone


@dataclass(frozen=True)
class Bar:
    """One order figure on the timeline: its period, kind, and count or what was said instead."""

    start: date
    end: date
    kind: str  # full, interim, all
    label: str  # the period in words
    value: int | None
    instead: str = ""  # "withheld as a small number (0 to 4)" where there is no count


def _figure(height: float) -> Figure:
    # A Figure object draws through its own canvas: no pyplot, no backend chosen for the program
    # that imported the library, no global settings changed.
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH, height), dpi=100)


# The same chart gives the same bytes: set for each save only, never globally.
_SAVE_STYLE: dict[Any, Any] = {"svg.hashsalt": "spo-stats"}


def _save(fig: Figure, fmt: str, **kwargs: Any) -> bytes:
    import matplotlib

    buf = io.BytesIO()
    with matplotlib.rc_context(_SAVE_STYLE):
        fig.savefig(buf, format=fmt, **kwargs)
    return buf.getvalue()


def _finish(
    fig: Figure, ax: Axes, title: str, footnote: str, legend_rows: int = 0, x_axis_in: float = 0.7
) -> str:
    """Title, footnote and a legend below the plot (never over the data); the SVG text."""
    height = fig.get_figheight()
    title = "\n".join(line for part in title.split("\n") for line in textwrap.wrap(part, 50))
    foot = "\n".join(textwrap.wrap(footnote, 80))
    # Across the whole figure from its left edge, so a long title is never cut off.
    fig.text(0.015, 1 - 0.12 / height, title, fontsize=11, ha="left", va="top", color="#111111")
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8.5)
    foot_in = 0.12 + 0.14 * (foot.count("\n") + 1)
    legend_in = 0.2 * legend_rows + (0.12 if legend_rows else 0)
    fig.text(0.01, 0.06 / height, foot, fontsize=7.5, color="#333333", ha="left", va="bottom")
    if legend_rows:
        handles, labels = ax.get_legend_handles_labels()
        fig.legend(
            handles,
            [textwrap.shorten(x, 70, placeholder="...") for x in labels],
            loc="lower left",
            bbox_to_anchor=(0.01, (foot_in + 0.04) / height),
            fontsize=8.5,
            frameon=False,
            borderaxespad=0.0,
            handlelength=1.8,
        )
    top_in = 0.3 + 0.21 * (title.count("\n") + 1)
    fig.subplots_adjust(bottom=(foot_in + legend_in + x_axis_in) / height, top=1 - top_in / height)
    fit_y_label(fig, ax)
    return _save(fig, "svg", metadata={"Date": None}).decode("utf-8")


def fit_y_label(fig: Figure, ax: Axes) -> None:
    """Wrap the y-axis label until it is no taller than the plot, then widen the left margin
    until it is inside the figure: a label longer than the axis is cut off at the page's edge."""
    label = ax.yaxis.label
    text = " ".join(label.get_text().split())
    if not text:
        return
    for width in (60, 40, 30, 24, 18, 14, 10):
        label.set_text("\n".join(textwrap.wrap(text, width)))
        fig.draw_without_rendering()
        if label.get_window_extent().height <= ax.get_window_extent().height:
            break
    spill = -label.get_window_extent().x0 / fig.bbox.width + 0.01
    if spill > 0:
        left = fig.subplotpars.left + spill
        fig.subplots_adjust(left=left, right=max(fig.subplotpars.right, left + 0.3))


LANE_WORDS = {"month": "monthly figures", "quarter": "quarterly figures"}
MAX_ROWS = 12  # beyond this, monthly and quarterly figures share a row per kind


def _lanes(bars: list[Bar]) -> list[tuple[str, list[Bar]]]:
    """Rows of the timeline: one per figure, or, when there are many, one per run of months or
    quarters of one kind (they never overlap each other)."""
    rows = sorted(bars, key=lambda b: (b.start, b.end, b.kind))
    if len(rows) <= MAX_ROWS:
        return [(f"{b.label}, {KIND_TICKS[b.kind]}", [b]) for b in rows]
    lanes: dict[tuple[str, str], list[Bar]] = {}
    singles: list[tuple[str, list[Bar]]] = []
    for b in rows:
        cls = classify(b.start, b.end)
        if cls in LANE_WORDS:
            lanes.setdefault((b.kind, cls), []).append(b)
        else:
            singles.append((f"{b.label}, {KIND_TICKS[b.kind]}", [b]))
    grouped = [
        (
            f"{sentence_case(KIND_TICKS[kind])}, {LANE_WORDS[cls]}, {bs[0].label} to {bs[-1].label}",
            bs,
        )
        for (kind, cls), bs in lanes.items()
    ]
    return sorted([*singles, *grouped], key=lambda lane: (lane[1][0].start, lane[1][-1].end))


def orders_timeline(title: str, bars: list[Bar], footnote: str) -> str:
    """Each order figure as a bar spanning its own period, so a longer period never looks like a
    spike; the count is written beside it (below it, for runs of months or quarters). Interim,
    full and combined counts in distinct colours."""
    from matplotlib.transforms import blended_transform_factory

    lanes = _lanes(bars)
    rows = [b for _, bs in lanes for b in bs]
    kinds = len({b.kind for b in rows}) + (1 if any(b.value is None for b in rows) else 0)
    height = 0.6 * len(lanes) + 2.0 + 0.2 * kinds
    fig = _figure(height)
    ax = fig.add_subplot()
    fig.subplots_adjust(left=0.04, right=0.97)
    # The period is written above its bar, across the plot: long labels need no left margin.
    over = blended_transform_factory(ax.transAxes, ax.transData)
    seen: set[str] = set()
    for i, (lane_label, lane) in enumerate(lanes):
        y = len(lanes) - 1 - i
        ax.text(
            0.0,
            y + 0.25,
            lane_label,
            transform=over,
            fontsize=9,
            va="bottom",
            ha="left",
            color="#1a1a1a",
        )
        for b in lane:
            _draw_bar(ax, y, b, seen, alone=len(lane) == 1)
    if any(b.value is None for b in rows):
        ax.barh(
            [],
            [],
            color="white",
            edgecolor=GREY,
            hatch="//",
            label="no count given (see label; 'w' = withheld)",
        )
    _timeline_axes(ax, len(lanes), rows)
    return _finish(fig, ax, title, footnote, legend_rows=kinds)


def _draw_bar(ax: Axes, y: int, b: Bar, seen: set[str], alone: bool) -> None:
    """One figure's bar, hatched where there is no count, and its count beside it (alone in its
    row) or under it (one of a run)."""
    from matplotlib import dates as mdates

    x0, x1 = mdates.date2num(b.start), mdates.date2num(b.end) + 1
    colour = KIND_COLOURS[b.kind]
    if b.value is None:
        ax.barh(y, x1 - x0, left=x0, height=0.35, color="white", edgecolor=colour, hatch="//")
        text = b.instead
    else:
        label = None if b.kind in seen else KIND_WORDS[b.kind]
        seen.add(b.kind)
        ax.barh(
            y,
            x1 - x0,
            left=x0,
            height=0.35,
            color=colour,
            label=label,
            edgecolor="white",
            linewidth=0.6,
        )
        text = f"{b.value:,}"
    if alone:
        ax.annotate(
            text,
            (x1, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9.5,
            fontweight="bold",
            color="#111111",
        )
    else:
        shown = text if b.value is not None else "w"  # withheld: see the table
        ax.annotate(
            shown,
            ((x0 + x1) / 2, y - 0.2),
            ha="center",
            va="top",
            fontsize=6.5,
            color="#111111",
        )


def _timeline_axes(ax: Axes, lanes: int, rows: list[Bar]) -> None:
    """Whole years along the bottom, with room after the last bar for its count."""
    from matplotlib import dates as mdates

    ax.set_yticks([])
    ax.set_ylim(-0.6, lanes - 0.1)
    ax.spines["left"].set_visible(False)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    if rows:
        lo = mdates.date2num(date(min(b.start for b in rows).year, 1, 1))
        hi = mdates.date2num(date(max(b.end for b in rows).year + 1, 1, 1))
        ax.set_xlim(lo, hi + (hi - lo) * 0.12)  # room for the count beside the last bar
    ax.set_xlabel("Period each figure covers", fontsize=9)


@dataclass(frozen=True)
class Point:
    """A rate at one period, with its range where it has one."""

    series: str  # "force", "published", "sum", "neighbour"
    label: str  # what the legend says
    period: int  # index of the period on the x axis
    value: float
    low: float | None
    high: float | None


SERIES_STYLE = {
    "force": (BLUE, "o"),
    "published": (VERMILION, "D"),
    "sum": (GREEN, "s"),
    "neighbour": (PURPLE, "^"),
}


def rate_chart(
    title: str,
    y_label: str,
    periods: list[str],
    points: list[Point],
    footnote: str,
    mark: str = "",
) -> str:
    """Rates by period with their ranges; comparisons drawn beside their own period only. mark: a
    line under the title (the counting-rule change, where a period's offences span it)."""
    fig = _figure(4.6)
    ax = fig.add_subplot()
    fig.subplots_adjust(left=0.16, right=0.97)
    series = list(dict.fromkeys(p.series for p in points))
    width = 0.7 / max(1, len(series))
    labelled: set[str] = set()
    # Several neighbours at one period share their slot, spread across it so none hides another.
    crowd: dict[tuple[str, int], list[Point]] = {}
    for p in points:
        crowd.setdefault((p.series, p.period), []).append(p)
    for p in points:
        colour, marker = SERIES_STYLE[p.series]
        x = p.period + (series.index(p.series) - (len(series) - 1) / 2) * width
        mates = crowd[(p.series, p.period)]
        if len(mates) > 1:
            x += (mates.index(p) - (len(mates) - 1) / 2) * width * 0.8 / len(mates)
        err = None
        if p.low is not None and p.high is not None:
            err = [[p.value - p.low], [p.high - p.value]]
        key = f"{p.series}:{p.label}"
        ax.errorbar(
            x,
            p.value,
            yerr=err,
            fmt=marker,
            color=colour,
            capsize=3,
            markersize=6,
            label=None if key in labelled else p.label,
        )
        labelled.add(key)
        if p.series == "force":
            # The force comes first at each period: its label goes left, clear of comparisons.
            ax.annotate(
                f"{p.value:.2f}",
                (x, p.value),
                xytext=(-6, 0),
                textcoords="offset points",
                va="center",
                ha="right",
                fontsize=8.5,
            )
    ax.set_xticks(range(len(periods)), periods, fontsize=8.5)
    ax.set_xlim(-0.6, len(periods) - 0.4)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(y_label, fontsize=8.5)
    ax.set_xlabel("Period (comparisons: the same period only)", fontsize=8.5)
    if mark:
        title = f"{title}\n{COUNTING_MARK} {mark}"
    return _finish(fig, ax, title, footnote, legend_rows=len(labelled))


def counts_chart(
    title: str,
    y_label: str,
    series: list[tuple[str, list[tuple[date, date, int]]]],
    footnote: str,
    mark: tuple[date, str] | None = None,
) -> str:
    """Yearly counts over time, one line per kind of year (calendar, financial), whole numbers."""
    from matplotlib import dates as mdates
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    fig = _figure(4.2)
    ax = fig.add_subplot()
    fig.subplots_adjust(left=0.17, right=0.97)  # room for "2,250" and the axis label beside it
    colours = [BLUE, ORANGE, GREEN, PURPLE]
    markers = ["o", "s", "D", "^"]
    for i, (name, pts) in enumerate(series):
        xs = [
            mdates.date2num(s) + (mdates.date2num(e) + 1 - mdates.date2num(s)) / 2
            for s, e, _ in pts
        ]
        ax.plot(xs, [v for _, _, v in pts], marker=markers[i % 4], color=colours[i % 4], label=name)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{int(v):,}"))
    ax.xaxis.set_major_locator(mdates.YearLocator(base=2 if _span_years(series) > 8 else 1))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_ylim(bottom=0)
    starts = [s for _, pts in series for s, _, _ in pts]
    ends = [e for _, pts in series for _, e, _ in pts]
    if starts:  # whole years either side, so every year's tick shows
        ax.set_xlim(
            mdates.date2num(date(min(starts).year, 1, 1)),
            mdates.date2num(date(max(ends).year + 1, 1, 1)),
        )
    ax.set_ylabel(y_label, fontsize=8.5)
    ax.set_xlabel("Each point sits at the middle of the year it counts", fontsize=8.5)
    rows = len(series)
    if mark is not None:
        # A dashed line where the counting rules changed, in the legend: a jump there is the rules.
        ax.axvline(
            mdates.date2num(mark[0]), color=VERMILION, linestyle="--", linewidth=1, label=mark[1]
        )
        rows += 1
    return _finish(fig, ax, title, footnote, legend_rows=rows, x_axis_in=0.5)


def _span_years(series: list[tuple[str, list[tuple[date, date, int]]]]) -> int:
    starts = [s for _, pts in series for s, _, _ in pts]
    ends = [e for _, pts in series for _, e, _ in pts]
    return (max(ends).year - min(starts).year) if starts else 0


def league_chart(
    title: str,
    x_label: str,
    rows: list[tuple[str, float, float | None, float | None]],
    highlight: str,
    footnote: str,
    mark: str = "",
) -> str:
    """One period's rates, highest first, each with its range; names, not slugs. mark: a line
    under the title (the counting-rule change, where the period spans it)."""
    height = 1.9 + 0.3 * len(rows)
    fig = _figure(height)
    ax = fig.add_subplot()
    longest = max((len(r[0]) for r in rows), default=10)
    fig.subplots_adjust(left=min(0.55, (0.3 + 0.062 * longest) / WIDTH), right=0.95)
    ordered = sorted(rows, key=lambda r: r[1])
    for i, (name, value, lo, hi) in enumerate(ordered):
        colour = ORANGE if name == highlight else BLUE
        err = [[value - lo], [hi - value]] if lo is not None and hi is not None else None
        ax.errorbar(value, i, xerr=err, fmt="o", color=colour, capsize=3, markersize=5)
    ax.set_yticks(range(len(ordered)), [r[0] for r in ordered], fontsize=9)
    ax.set_xlim(left=0)
    ax.set_ylim(-0.7, len(ordered) - 0.3)
    ax.set_xlabel("\n".join(textwrap.wrap(x_label, 44)), fontsize=8.5)
    if mark:
        title = f"{title}\n{COUNTING_MARK} {mark}"
    return _finish(fig, ax, title, footnote, x_axis_in=0.85)


def per_resident_chart(
    title: str,
    bars: list[tuple[str, float]],
    national: tuple[str, float] | None,
    footnote: str,
    x_label: str,
) -> tuple[str, bytes]:
    """A league of rates per resident, highest at the top, the national rate as a dashed line;
    made to be published, so its sources sit under it. The SVG text and a PNG."""
    height = max(3.5, 1.9 + 0.2 * len(bars))
    fig = _figure(height)
    fig.set_figwidth(7.0)
    ax = fig.add_subplot()
    longest = max((len(b[0]) for b in bars), default=10)
    # Room for the longest name ("Hampshire and Isle of Wight") at this font size.
    fig.subplots_adjust(left=min(0.45, (0.25 + 0.075 * longest) / 7.0), right=0.95)
    values = [v for _, v in bars]
    ax.barh(range(len(bars)), values, color=BLUE, height=0.72)
    top = max(values, default=1.0)
    for i, v in enumerate(values):
        ax.text(v + top * 0.01, i, f"{v:.2f}", va="center", fontsize=7)
    ax.set_yticks(range(len(bars)), [b[0] for b in bars], fontsize=7.5)
    ax.set_ylim(-0.6, len(bars) - 0.4)
    ax.set_xlim(0, top * 1.12)
    rows = 0
    if national is not None:
        label, value = national
        ax.axvline(
            value, color=VERMILION, linestyle="--", linewidth=1, label=f"{label}: {value:#.3g}"
        )
        rows = 1
    ax.set_xlabel("\n".join(textwrap.wrap(x_label, 80)), fontsize=8.5)
    svg = _finish(fig, ax, title, footnote, legend_rows=rows, x_axis_in=0.6)
    return svg, _save(fig, "png", dpi=150, metadata={"Software": None})
