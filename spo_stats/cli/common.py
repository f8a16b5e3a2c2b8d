"""What every command shares: options defined once, the consoles, and turning errors into exits."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spo_stats.errors import SpoStatsError
from spo_stats.measures import RATE_KEYS

if TYPE_CHECKING:
    from rich.console import Console


# Consoles are made on first use: importing rich's console costs a third of `--help`'s start-up.
# Piped or captured output gets a wide page instead of rich's 80 columns, so tables stay readable.
@cache
def out() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)


@cache
def err() -> Console:
    from rich.console import Console

    return Console(
        stderr=True, highlight=False, soft_wrap=True, width=None if sys.stderr.isatty() else 160
    )


state = {"debug": False}

CleanOpt = Annotated[
    Path, typer.Option("--clean", help="Folder of the ingested dataset.", show_default=True)
]
ReportsOpt = Annotated[Path, typer.Option("--out", help="Folder to write reports under.")]
ForceOpt = Annotated[
    str | None,
    typer.Option(
        "--force", "-f", help="Force slug, name or alias (e.g. cleveland, 'Avon & Somerset', MPS)."
    ),
]


@contextmanager
def handled() -> Iterator[None]:
    """Known errors become one red line on stderr and an exit code; --debug shows the traceback."""
    try:
        yield
    except SpoStatsError as exc:
        if state["debug"]:
            raise
        err().print(f"[red]Error:[/red] {escape(str(exc))}")
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        if state["debug"]:
            raise
        err().print("[red]Interrupted[/red]: nothing was changed.")
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort):
        raise
    except OSError as exc:
        if state["debug"]:
            raise
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        err().print(
            f"[red]Error:[/red] {escape(where + (exc.strerror or str(exc)))}. Check the path and permissions."
        )
        raise typer.Exit(1) from None
    except Exception as exc:
        # A bug: one line and a way to see more, never a traceback by surprise.
        if state["debug"]:
            raise
        err().print(
            f"[red]Internal error:[/red] {escape(type(exc).__name__ + ': ' + str(exc).splitlines()[0] if str(exc) else type(exc).__name__)}. "
            "Run again with --debug for the traceback, and please report it."
        )
        raise typer.Exit(1) from None


# Control codes shown as escapes: a file name or cell holding ESC[2K or a carriage return would
# otherwise rewrite the terminal's line (rich drops CR and BEL itself, but passes ESC through),
# and a newline, NEL or U+2028/2029 start a line that looks like the tool's own. So: C0 but tab,
# DEL, C1, the line and paragraph separators, and the bidirectional controls, which reorder what
# follows them on the line (U+202E shows "xslx.exe" as "exe.xlsx").
_SHOWN_AS_X = (*range(0x20), 0x7F, *range(0x80, 0xA0))
_SHOWN_AS_U = (
    0x061C,
    0x200E,
    0x200F,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    0x2028,
    0x2029,
)
_CONTROLS = {
    **{c: {10: "\\n", 13: "\\r"}.get(c, f"\\x{c:02x}") for c in _SHOWN_AS_X if c != 9},
    **{c: f"\\u{c:04x}" for c in _SHOWN_AS_U},
}


def escape(text: str) -> str:
    """Text from a file (its name, its cells) made safe to print: no markup, no control codes.

    The one way anything that came from outside (a file, a page, a cell, an address) reaches the
    terminal; every command prints such text only through it."""
    from rich.markup import escape as _escape

    return _escape(text.translate(_CONTROLS))


def warn(text: str) -> None:
    err().print(f"[yellow]Warning:[/yellow] {escape(text)}")


MeasureOpt = Annotated[
    str,
    typer.Option(
        "--measure",
        help=f"Numerator: {', '.join(RATE_KEYS[:-1])} or {RATE_KEYS[-1]} (per 100 recorded "
        "stalking offences; grant_ratio: granted per 100 applications).",
    ),
]
PreferOpt = Annotated[
    str,
    typer.Option(
        "--prefer",
        help="When sources disagree: ranked (the default: official statistics, then the force's "
        "own return, then a compiled table, then a figure quoted in the news; a rate's two counts "
        "come from one source where one source has both), official (the Home Office first), force "
        "(the force's own return first), or newest (the source with the latest date of its own).",
    ),
]


def checked_options(measure: str, prefer: str) -> None:
    """Usage errors for option values, before any work is done."""
    from spo_stats.analysis.rates import PREFER_CHOICES, RATE_MEASURES
    from spo_stats.errors import UsageError

    if measure not in RATE_MEASURES:
        raise UsageError(f"--measure {measure!r} is not one of: {', '.join(RATE_MEASURES)}.")
    if prefer not in PREFER_CHOICES:
        raise UsageError(f"--prefer {prefer!r} must be ranked, official, force or newest.")
