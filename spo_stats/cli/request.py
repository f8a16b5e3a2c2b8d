"""spo-stats request: draft an FOI request for the figures the dataset lacks for one force."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from spo_stats.cli.common import CleanOpt, ReportsOpt, err, escape, handled


def request(
    force: Annotated[
        str,
        typer.Option(
            "--force",
            "-f",
            help="Force slug, name or alias (e.g. cleveland, 'Avon & Somerset', MPS).",
        ),
    ],
    clean: CleanOpt = Path("data/clean"),
    out_dir: ReportsOpt = Path("reports"),
) -> None:
    """Print a Freedom of Information request for the force's missing figures and save it beside
    its briefing (reports/<force>/foi-request.txt)."""
    from datetime import date

    from spo_stats.dataset.store import atomic_write_text, load_rows
    from spo_stats.forces import get_force
    from spo_stats.publish.request import REQUEST_FILE, draft_request

    with handled():
        f = get_force(force)  # an unknown force is a usage error before any data is read
        rows = load_rows(clean)
        _, letter = draft_request(rows, f.slug, date.today())
        path = out_dir / f.slug / REQUEST_FILE
        atomic_write_text(path, letter)
        sys.stdout.write(letter)
        err().print(f"wrote {escape(str(path))}")
