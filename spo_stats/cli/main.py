"""The spo-stats application: global options and the commands."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from spo_stats import __version__
from spo_stats.cli import check, explain, export, fetch, forces, headline, ingest, report
from spo_stats.cli import request as request_cmd
from spo_stats.cli.common import state

app = typer.Typer(
    name="spo-stats",
    help="Stalking Protection Orders and recorded stalking, from police FOI returns to one cited dataset.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        print(f"spo-stats {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
) -> None:
    state["debug"] = debug


app.command("ingest")(ingest.ingest)
app.command("forces")(forces.forces)
app.command("report")(report.report)
app.command("export")(export.export)
app.command("check")(check.check)
app.command("headline")(headline.headline)
app.command("explain")(explain.explain)
app.add_typer(fetch.app, name="fetch")
app.command("request")(request_cmd.request)


def run() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pressed outside any command's own handling
        print("Interrupted.", file=sys.stderr)
        sys.exit(130)
