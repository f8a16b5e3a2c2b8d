"""The spo-stats application: global options and the commands."""

from __future__ import annotations

import sys
from collections.abc import Iterator, MutableMapping
from importlib import import_module
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core
import typer.main

from spo_stats import __version__

if TYPE_CHECKING:  # typer's own click, which its groups are typed with
    from typer._click import Context, HelpFormatter

# Each command's name and the first sentence of its help, in the order `--help` lists them. The
# modules are imported when a command is run or its own help is shown, so `spo-stats --help`
# builds no command's options and imports none of what they need (ten commands' signatures were
# a third of its start-up). tests/test_cli.py checks these against the commands' own help.
SUMMARIES = {
    "ingest": "Read every return under RAW and write observations.csv, .parquet, "
    "ingest-report.json and datapackage.json.",
    "forces": "List the police forces (slug, name, ONS code, country, aliases) and aggregate "
    "areas.",
    "report": "Print a force's (or, without --force, the national) report and write its briefing: "
    "briefing.html, one self-contained page to send or print, and briefing.md.",
    "export": "Export the rates or the observations for Datawrapper, Excel, Datasette or code.",
    "check": "Coverage matrix of forces by year, conflicts between sources, totals that do not "
    "add up.",
    "headline": "SPOs per 100 recorded stalking offences: aggregate areas (England and Wales, "
    "...), then forces.",
    "explain": "Show each sheet (or a letter's tables and text) as a grid: every figure with its "
    "force, measure and period, every number left out with its reason, and the labels that "
    "decided.",
    "request": "Print a Freedom of Information request for the force's missing figures and save "
    "it beside its briefing (reports/<force>/foi-request.txt).",
    "fetch": "Download sources from the web into the raw folder, each with its provenance.",
}
GROUPS = ("fetch",)  # a Typer app of subcommands (its module's `app`), not one function


def load(name: str) -> typer.core.TyperCommand | typer.core.TyperGroup:
    """The click command of spo_stats.cli.<name>, built as the one Typer app would build it."""
    module = import_module(f"spo_stats.cli.{name}")
    if name in GROUPS:
        return typer.main.get_group(module.app)
    one = typer.Typer(rich_markup_mode=None, add_completion=False, pretty_exceptions_enable=False)
    one.command(name)(getattr(module, name))
    command = typer.main.get_command(one)
    assert isinstance(command, typer.core.TyperCommand)
    return command


class _Commands(MutableMapping[str, Any]):
    """The group's commands by name: every name known, each command built on first use."""

    def __init__(self) -> None:
        self.loaded: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self.loaded:
            if name not in SUMMARIES:
                raise KeyError(name)
            self.loaded[name] = load(name)
        return self.loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self.loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(SUMMARIES)

    def __len__(self) -> int:
        return len(SUMMARIES)


class LazyGroup(typer.core.TyperGroup):
    """The top-level group: its listing from SUMMARIES, a command imported when it is needed
    (click's documented lazy-loading pattern); a typo is still matched against every name."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands()

    def list_commands(self, ctx: Context) -> list[str]:
        return list(SUMMARIES)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        commands = self.commands
        assert isinstance(commands, _Commands)
        limit = formatter.width - 6 - max(map(len, SUMMARIES))
        rows = [
            (
                name,
                commands.loaded[name].get_short_help_str(limit)
                if name in commands.loaded
                else typer.core.TyperCommand(name, help=summary).get_short_help_str(limit),
            )
            for name, summary in SUMMARIES.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="spo-stats",
    help="Stalking Protection Orders and recorded stalking, from police FOI returns to one cited dataset.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=LazyGroup,
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
    from spo_stats.cli.common import state

    state["debug"] = debug


def run() -> None:
    try:
        app()
    except KeyboardInterrupt:  # pressed outside any command's own handling
        print("Interrupted.", file=sys.stderr)
        sys.exit(130)
