"""spo-stats report: one force's briefing, or the national picture."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from spo_stats.cli.common import (
    CleanOpt,
    ForceOpt,
    MeasureOpt,
    PreferOpt,
    ReportsOpt,
    checked_options,
    err,
    escape,
    handled,
    out,
)

# Imported by a forked child while the command loads and computes (see spo_stats.publish.background).
CHART_MODULES = (
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "spo_stats.publish.charts",
    "spo_stats.publish.briefing",
)

if TYPE_CHECKING:
    from rich.table import Table

    from spo_stats.analysis.rates import Prefer, Rate


def report(
    force: ForceOpt = None,
    clean: CleanOpt = Path("data/clean"),
    out_dir: ReportsOpt = Path("reports"),
    measure: MeasureOpt = "spo_granted",
    prefer: PreferOpt = "force",
) -> None:
    """Print a force's (or, without --force, the national) report and write the briefing and charts."""
    from rich.table import Table

    from spo_stats.dataset.store import check_output_dir, load_population, load_rows
    from spo_stats.forces import get_force
    from spo_stats.publish import briefing
    from spo_stats.publish import report as lib
    from spo_stats.publish.background import Prewarmed

    with handled(), Prewarmed(*CHART_MODULES) as charts:
        checked_options(measure, prefer)
        check_output_dir(out_dir)  # before anything is printed: an unwritable --out fails first
        if force:
            get_force(force)  # an unknown force is a usage error before any data is read
        rows, population = load_rows(clean), load_population(clean)
        if force:
            rep = lib.build_force_report(rows, force, measure, cast("Prefer", prefer), population)
            charts.submit(briefing.write_force_report, rep, out_dir)
            out().rule(f"{rep.force.name} ({rep.force.slug})")
            _rates(Table, "Rates", rep.rates)
            obs = Table(title="Every figure for this force")
            headers, body = briefing.observation_table(rep.observations)
            for h in headers:
                obs.add_column(h, overflow="fold")
            for row in body:
                obs.add_row(*map(escape, row))
            out().print(obs)
            for s in rep.sentences:
                out().print(f"• {escape(s)}")
        else:
            nat = lib.build_national_report(rows, measure, cast("Prefer", prefer), population)
            charts.submit(briefing.write_national_report, nat, out_dir)
            out().rule("National picture")
            _rates(Table, "Aggregate figures (many forces together)", nat.aggregate_rates)
            _rates(
                Table,
                "League table of forces",
                sorted(nat.force_rates, key=lambda r: (r.start, -r.per_100)),
            )
            for s in nat.sentences:
                out().print(f"• {escape(s)}")
        for p in charts.result():
            err().print(f"wrote {p}")


def _rates(table_cls: type[Table], title: str, rates: list[Rate]) -> None:
    from spo_stats.publish.briefing import rate_rows

    table = table_cls(title=title)
    headers, body = rate_rows(rates)
    for h in headers:
        table.add_column(h, justify="left" if h in ("area", "period") else "right")
    for row in body:
        table.add_row(*row)
    if not body:
        table.add_row("no period has both figures", *[""] * (len(headers) - 1))
    out().print(table)
