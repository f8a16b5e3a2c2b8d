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
    "matplotlib.backends.backend_svg",
    "spo_stats.publish.charts",
    "spo_stats.publish.briefing",
    "spo_stats.publish.national",
)

if TYPE_CHECKING:
    from rich.table import Table

    from spo_stats.analysis.rates import Prefer, Rate
    from spo_stats.publish.html import Stamp
    from spo_stats.publish.report import ForceReport, NationalReport
    from spo_stats.schema import Observation


def report(
    force: ForceOpt = None,
    clean: CleanOpt = Path("data/clean"),
    out_dir: ReportsOpt = Path("reports"),
    measure: MeasureOpt = "spo_granted",
    prefer: PreferOpt = "ranked",
) -> None:
    """Print a force's (or, without --force, the national) report and write its briefing:
    briefing.html, one self-contained page to send or print, and briefing.md."""
    from spo_stats.dataset.generations import current_folder
    from spo_stats.dataset.store import check_output_dir, load_population, load_rows
    from spo_stats.forces import get_force
    from spo_stats.publish import briefing, national
    from spo_stats.publish import report as lib
    from spo_stats.publish.background import Prewarmed

    with handled():
        checked_options(measure, prefer)
        check_output_dir(out_dir)  # before anything is printed: an unwritable --out fails first
        if force:
            get_force(force)  # an unknown force is a usage error before any data is read
        # Started once the options are known good: a usage error never waits for the worker.
        with Prewarmed(*CHART_MODULES) as charts:
            folder = current_folder(clean)  # once: every part from one generation
            rows, population = load_rows(folder), load_population(folder)
            stamp = briefing_stamp(folder, rows)
            if force:
                rep = lib.build_force_report(
                    rows,
                    force,
                    measure,
                    cast("Prefer", prefer),
                    today=stamp.made_on,
                    population=population,
                )
                charts.submit(briefing.write_force_report, rep, out_dir, stamp)
                _print_force(rep, measure)
            else:
                nat = lib.build_national_report(
                    rows,
                    measure,
                    cast("Prefer", prefer),
                    today=stamp.made_on,
                    population=population,
                )
                charts.submit(national.write_national_report, nat, rows, out_dir, stamp)
                _print_national(nat, measure)
            for p in charts.result():
                err().print(f"wrote {escape(str(p))}")


def _print_force(rep: ForceReport, measure: str) -> None:
    from rich.table import Table

    from spo_stats.publish import briefing

    out().rule(f"{rep.force.name} ({rep.force.slug})")
    _rates(Table, "Rates", rep.rates, measure)
    for r in rep.rates:  # how each rate's periods were matched: for the terminal only
        if r.note:
            out().print(f"• Note, {escape(r.label)}: {escape(r.note)}")
    obs = Table(title="Every figure for this force")
    headers, body = briefing.observation_table(rep.observations)
    for h in headers:
        obs.add_column(h, overflow="fold")
    for row in body:
        obs.add_row(*map(escape, row))
    out().print(obs)
    for s in rep.sentences:
        out().print(f"• {escape(s)}")


def _print_national(nat: NationalReport, measure: str) -> None:
    from rich.table import Table

    out().rule("National picture")
    _rates(Table, "Published figures for many forces together", nat.aggregate_rates, measure)
    for _, group in nat.leagues():
        _rates(Table, "Forces with a rate for the same period", group, measure)
    for group in nat.estimated_leagues():
        _rates(
            Table,
            "Forces with an estimated rate, each over its own period (not ranked)",
            group,
            measure,
        )
    for s in nat.sentences:
        out().print(f"• {escape(s)}")


def briefing_stamp(clean: Path, rows: list[Observation]) -> Stamp:
    """Dates, version and the dataset's fingerprint for the briefing's footer."""
    import hashlib
    from datetime import date

    from spo_stats.dataset.store import OBSERVATIONS_CSV
    from spo_stats.publish.briefing import data_dates
    from spo_stats.publish.html import Stamp

    today = date.today()
    digest = hashlib.sha256((clean / OBSERVATIONS_CSV).read_bytes()).hexdigest()
    return Stamp(today, data_dates(rows), digest)


def _rates(table_cls: type[Table], title: str, rates: list[Rate], measure: str) -> None:
    from spo_stats.publish.briefing import rate_rows

    table = table_cls(title=title)
    headers, body = rate_rows(rates, measure, name_col=True)
    for h in headers:
        table.add_column(h, justify="left" if h in ("Area", "Period") else "right")
    for row in body:
        table.add_row(*map(escape, row))
    if not body:
        table.add_row("no period has both figures", *[""] * (len(headers) - 1))
    out().print(table)
