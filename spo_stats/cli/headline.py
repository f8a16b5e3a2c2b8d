"""spo-stats headline: the national and regional figures, computed from the dataset."""

from __future__ import annotations

from pathlib import Path

from spo_stats.cli.common import CleanOpt, PreferOpt, escape, handled, out


def headline(clean: CleanOpt = Path("data/clean"), prefer: PreferOpt = "force") -> None:
    """SPOs per 100 recorded stalking offences for every aggregate area (England and Wales, ...)."""
    from spo_stats.dataset.store import load_rows
    from spo_stats.publish.report import fmt_count, headline_rows, rate_words

    with handled():
        rows = load_rows(clean)
        lines = headline_rows(rows, prefer)  # type: ignore[arg-type]
        out().rule("How often are Stalking Protection Orders used?")
        if not lines:
            out().print(
                "No area in the dataset has both an SPO count and a stalking offence count."
            )
        for name, r, notes in lines:
            approx = "about " if r.approximate else ""
            out().print(
                f"[bold]{escape(name)}, {r.label}[/bold]: {fmt_count(r.numerator)} SPOs against "
                f"{approx}{r.denominator:,} recorded stalking offences: {approx}{rate_words(r)}."
            )
            for n in notes:
                out().print(f"    {escape(n)}")
            for s in sorted({*r.numerator_sources, *r.denominator_sources}):
                out().print(f"    source: {escape(s)}")
