"""What every command shares: options defined once, the consoles, and turning errors into exits."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from spo_stats.errors import SpoStatsError

# Piped or captured output gets a wide page instead of rich's 80 columns, so tables stay readable.
_WIDTH = None if sys.stdout.isatty() else 160
out = Console(highlight=False, soft_wrap=True, width=_WIDTH)
err = Console(stderr=True, highlight=False, soft_wrap=True, width=None if sys.stderr.isatty() else 160)

state = {"debug": False}

CleanOpt = Annotated[
    Path, typer.Option("--clean", help="Folder of the ingested dataset.", show_default=True)
]
ReportsOpt = Annotated[Path, typer.Option("--out", help="Folder to write reports under.")]
ForceOpt = Annotated[
    str | None,
    typer.Option("--force", "-f", help="Force slug, name or alias (e.g. cleveland, 'Avon & Somerset', MPS)."),
]


@contextmanager
def handled() -> Iterator[None]:
    """Known errors become one red line on stderr and an exit code; --debug shows the traceback."""
    try:
        yield
    except SpoStatsError as exc:
        if state["debug"]:
            raise
        err.print(f"[red]Error:[/red] {escape(str(exc))}")
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        if state["debug"]:
            raise
        err.print("[red]Interrupted[/red]: nothing was changed.")
        raise typer.Exit(130) from None
    except OSError as exc:
        if state["debug"]:
            raise
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        err.print(f"[red]Error:[/red] {escape(where + (exc.strerror or str(exc)))}. Check the path and permissions.")
        raise typer.Exit(1) from None


def escape(text: str) -> str:
    from rich.markup import escape as _escape

    return _escape(text)


def warn(text: str) -> None:
    err.print(f"[yellow]Warning:[/yellow] {escape(text)}")


def is_tty() -> bool:
    return sys.stderr.isatty()
