"""spo-stats check: coverage, conflicts and totals; exit 1 when there are problems."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from spo_stats.cli.common import (
    CleanOpt,
    MeasureOpt,
    PreferOpt,
    checked_options,
    escape,
    handled,
    out,
)
from spo_stats.measures import RATES


def check(
    clean: CleanOpt = Path("data/clean"),
    measure: MeasureOpt = "spo_granted",
    prefer: PreferOpt = "ranked",
) -> None:
    """Coverage matrix of forces by year, conflicts between sources, totals that do not add up."""
    from rich.table import Table

    from spo_stats.analysis.checks import LEGEND, SYMBOLS
    from spo_stats.analysis.checks import check as run_check
    from spo_stats.dataset.generations import current_folder
    from spo_stats.dataset.store import load_ingest_report, load_rows
    from spo_stats.errors import EmptyDatasetError
    from spo_stats.understand.periods import period_label

    with handled():
        checked_options(measure, prefer)
        # A ratio's coverage is its numerator's (grant_ratio: SPOs granted).
        measure = RATES[measure].numerator
        folder = current_folder(clean)  # once: the rows and the report from one generation
        rows = load_rows(folder)
        if not rows:  # nothing to check is not a pass
            raise EmptyDatasetError(str(clean))
        report = load_ingest_report(folder)
        result = run_check(rows, report, measure, prefer, date.today().year)  # type: ignore[arg-type]
        table = Table(title=f"Coverage of {measure} by calendar year")
        table.add_column("force")
        for y in result.years:
            table.add_column(str(y), justify="center")
        for force, cells in result.matrix.items():
            table.add_row(escape(force), *[SYMBOLS[cells[y]] for y in result.years])
        out().print(table)
        out().print(LEGEND)
        for c in result.conflicts:
            values = "; ".join(f"{v:,} from {escape(s.text)}" for v, _, s in c.values)
            out().print(
                f"[yellow]Conflict[/yellow] {escape(c.force)} {c.measure} {period_label(c.start, c.end)}: {values}"
            )
        revised = [s for s in result.superseded if s.revised]
        if result.superseded:
            out().print(
                f"{len(result.superseded)} figure(s) superseded by a newer release of the same "
                f"table, {len(revised)} of them revised (the newer release is used):"
            )
        for s in revised:
            out().print(
                f"[cyan]Superseded[/cyan] {escape(s.force)} {s.measure} {period_label(s.start, s.end)}: "
                f"{s.value:,} in the release of {s.released} ({escape(s.source)}), "
                f"{s.by_value:,} in the release of {s.by_released} ({escape(s.by_source)})"
            )
        for d in result.disagreements:
            out().print(
                f"[yellow]Disagree[/yellow] {escape(d.force)} {d.measure}: {escape(d.reason)}"
            )
        for t in result.total_problems:
            out().print(f"[yellow]Total[/yellow] {escape(t)}")
        for i in result.implausible:
            out().print(f"[yellow]Implausible[/yellow] {escape(i)}")
        for f in result.failed_files:
            out().print(f"[red]Failed file[/red] {escape(f)}")
        out().print(f"{result.problems} problem(s).")
        if result.problems:
            raise typer.Exit(1)
