"""spo-stats headline: every area with a rate, computed from the dataset, and what is missing."""

from __future__ import annotations

from pathlib import Path

from spo_stats.cli.common import CleanOpt, PreferOpt, checked_options, escape, handled, out

# The mark beside a figure `spo-stats check` finds inconsistent with another.
INCONSISTENT = "(!)"


def headline(clean: CleanOpt = Path("data/clean"), prefer: PreferOpt = "ranked") -> None:
    """SPOs per 100 recorded stalking offences: aggregate areas (England and Wales, ...), then forces."""
    from spo_stats.dataset.store import load_rows
    from spo_stats.errors import EmptyDatasetError
    from spo_stats.publish.headline import Line, build_headline
    from spo_stats.publish.report import rate_words
    from spo_stats.publish.words import plural

    def spos(n: int) -> str:
        return plural(n, "SPO", "SPOs")

    def rate_line(line: Line) -> None:
        r = line.rate
        approx = "about " if r.approximate or r.estimated else ""
        mark = f"{INCONSISTENT} " if line.inconsistent else ""
        out().print(
            f"{mark}[bold]{escape(line.name)}, {escape(r.label)}[/bold]: {spos(r.numerator)} against "
            f"{approx}{r.denominator:,} recorded stalking offences: "
            f"{'about ' if r.approximate else ''}{rate_words(r)}."
        )
        for i in line.inconsistent:
            out().print(f"    {INCONSISTENT} {escape(i)}")
        for n in line.notes:
            out().print(f"    {escape(n)}")
        for s in line.sources:
            out().print(f"    source: {escape(s)}")

    with handled():
        checked_options("spo_granted", prefer)
        rows = load_rows(clean)
        if not rows:
            raise EmptyDatasetError(str(clean))
        h = build_headline(rows, prefer)  # type: ignore[arg-type]
        out().rule("How often are Stalking Protection Orders used?")
        if h.empty:
            out().print(
                "No area has both a count of SPOs granted and a count of recorded stalking "
                "offences for the same period, so no rate can be given. What is missing:"
            )
        for line in h.aggregates:
            rate_line(line)
        if h.forces:
            out().rule("Forces")
        for line in h.forces:
            rate_line(line)
        for n in h.together:
            if n.forces < 2:
                continue  # one force's own figure, shown above
            out().print(
                f"[bold]The {n.forces} of {n.of} forces with both figures for {n.label}, "
                f"together[/bold]: {spos(n.numerator)} against {n.denominator:,} recorded stalking "
                f"offences: {n.per_100:.2f} per 100 (95% interval {n.ci_low:.2f} to {n.ci_high:.2f})."
            )
        if h.missing and not h.empty:
            out().rule("No rate")
        for m in h.missing:
            out().print(f"• {escape(m)}")
