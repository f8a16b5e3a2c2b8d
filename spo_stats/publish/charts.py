"""Charts for briefings: matplotlib, headless, titled, axes labelled, the source in a footnote."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from spo_stats.dataset.store import atomic_write_bytes

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from spo_stats.analysis.rates import National, Rate

FOOTNOTE = "Source: spo-stats dataset built from police FOI returns and published figures; see the briefing's source list."


def _figure(
    width: float = 8.0, height: float = 4.5, left: float = 0.09, bottom: float = 0.24
) -> Figure:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110)
    # Fixed margins: a layout engine costs a third of the drawing time and these charts are alike.
    fig.subplots_adjust(left=left, right=0.97, top=0.9, bottom=bottom)
    return fig


def _save(fig: Figure, path: Path, footnote: str) -> None:
    import io

    fig.text(0.01, 0.005, footnote, fontsize=7, color="#555555", ha="left", va="bottom", wrap=True)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    atomic_write_bytes(path, buf.getvalue())


def orders_chart(
    path: Path, title: str, bars: list[tuple[str, int | None, str]], footnote: str = FOOTNOTE
) -> None:
    """Orders per period; bars: (period label, value or None, status or note shown on the bar)."""
    fig = _figure()
    ax = fig.add_subplot()
    labels = [b[0] for b in bars]
    values = [b[1] or 0 for b in bars]
    colours = ["#1f5f8b" if b[1] is not None else "#cccccc" for b in bars]
    ax.bar(range(len(bars)), values, color=colours)
    for i, (_, value, text) in enumerate(bars):
        ax.text(
            i,
            (value or 0),
            f"{value}" if value is not None else text,
            ha="center",
            va="bottom",
            fontsize=9,
        )
    ax.set_xticks(range(len(bars)), labels, rotation=20, ha="right", fontsize=8)
    ax.set_ylabel("Orders")
    ax.set_xlabel("Period")
    ax.set_title(title, fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    if not bars:
        ax.text(0.5, 0.5, "No order figures", ha="center", va="center", transform=ax.transAxes)
    _save(fig, path, footnote)


def rate_chart(
    path: Path,
    title: str,
    rates: list[Rate],
    references: list[tuple[str, float]],
    footnote: str = FOOTNOTE,
) -> None:
    """A force's rate per period with its 95% interval, against reference (national) rates."""
    fig = _figure()
    ax = fig.add_subplot()
    for i, r in enumerate(rates):
        ax.errorbar(
            i,
            r.per_100,
            yerr=[[r.per_100 - r.ci_low], [r.ci_high - r.per_100]],
            fmt="o",
            color="#1f5f8b",
            capsize=4,
        )
        ax.annotate(
            f"{r.per_100:.2f}",
            (i, r.per_100),
            textcoords="offset points",
            xytext=(8, 0),
            fontsize=8,
        )
    palette = ["#b8422e", "#6b8e23", "#8a6d3b", "#555555"]
    for j, (label, value) in enumerate(references):
        ax.axhline(
            value,
            color=palette[j % len(palette)],
            linestyle="--",
            linewidth=1,
            label=f"{label}: {value:.2f}",
        )
    if rates:
        ax.set_xticks(
            range(len(rates)), [r.label for r in rates], rotation=20, ha="right", fontsize=8
        )
        ax.set_xlim(-0.5, len(rates) - 0.5)
    else:
        ax.set_xticks([])
        ax.text(
            0.5,
            0.6,
            "No period has both an SPO count and a stalking offence count for this force",
            ha="center",
            va="center",
            transform=ax.transAxes,
            fontsize=9,
            wrap=True,
        )
    ax.set_ylim(bottom=0)
    ax.set_ylabel("SPOs per 100 recorded stalking offences")
    ax.set_xlabel("Period")
    ax.set_title(title, fontsize=11)
    if references:
        ax.legend(fontsize=8, loc="upper right")
    ax.spines[["top", "right"]].set_visible(False)
    _save(fig, path, footnote)


def league_chart(
    path: Path, title: str, rates: list[Rate], national: list[National], footnote: str = FOOTNOTE
) -> None:
    """Every force's rate with its interval, largest first, beside aggregate rates."""
    height = max(3.5, 0.32 * (len(rates) + len(national)) + 1.5)
    fig = _figure(8.0, height, left=0.36, bottom=1.1 / height)
    ax = fig.add_subplot()
    rows = sorted(rates, key=lambda r: r.per_100)
    labels = [f"{r.force} ({r.label})" for r in rows]
    for i, r in enumerate(rows):
        colour = "#b8422e" if r.area_type == "aggregate" else "#1f5f8b"
        ax.errorbar(
            r.per_100,
            i,
            xerr=[[r.per_100 - r.ci_low], [r.ci_high - r.per_100]],
            fmt="o",
            color=colour,
            capsize=3,
        )
    ax.set_yticks(range(len(rows)), labels, fontsize=8)
    ax.set_xlabel("SPOs granted per 100 recorded stalking offences (95% Wilson interval)")
    ax.set_title(title, fontsize=11)
    ax.set_xlim(left=0)
    if not rows:
        ax.text(0.5, 0.5, "No rates", ha="center", va="center", transform=ax.transAxes)
    ax.spines[["top", "right"]].set_visible(False)
    _save(fig, path, footnote)


def per_resident_chart(
    path: Path,
    title: str,
    bars: list[tuple[str, float]],
    national: tuple[str, float] | None,
    footnote: str,
    xlabel: str = "",
) -> None:
    """A league of rates per resident: one labelled bar per force, highest at the top, with the
    national rate as a line; for publishing, so the source sits under the chart."""
    height = max(3.5, 0.24 * len(bars) + 1.6)
    fig = _figure(8.0, height, left=0.24, bottom=1.0 / height)
    fig.subplots_adjust(top=1 - 0.55 / height)
    ax = fig.add_subplot()
    values = [v for _, v in bars]
    ax.barh(range(len(bars)), values, color="#1f5f8b", height=0.72)
    top = max(values, default=1.0)
    for i, v in enumerate(values):
        ax.text(v + top * 0.01, i, f"{v:#.3g}".rstrip("."), va="center", fontsize=7)
    ax.set_yticks(range(len(bars)), [b[0] for b in bars], fontsize=7.5)
    ax.set_ylim(-0.6, len(bars) - 0.4)
    ax.set_xlim(0, top * 1.12)
    if national is not None:
        label, value = national
        ax.axvline(
            value,
            color="#b8422e",
            linestyle="--",
            linewidth=1,
            label=f"{label}: {value:#.3g}".rstrip("."),
        )
        ax.legend(fontsize=8, loc="lower right", frameon=False)
    ax.set_title(title, fontsize=11, loc="left")
    ax.set_xlabel(xlabel, fontsize=8)
    ax.tick_params(axis="x", labelsize=7.5)
    ax.spines[["top", "right"]].set_visible(False)
    if not bars:
        ax.text(0.5, 0.5, "No rates", ha="center", va="center", transform=ax.transAxes)
    _save(fig, path, footnote)
