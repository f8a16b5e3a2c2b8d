"""spo-stats explain: how one return was read, cell by cell."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from spo_stats.cli.common import ForceOpt, escape, handled, out

# Terminal styles per role: the same meaning as the HTML page's colours.
STYLES = {
    "figure": "bold black on green3",
    "left_out": "black on orange1",
    "total": "black on sky_blue1",
    "label": "cyan",
    "text": "dim",
    "hidden": "magenta",
}


def explain(
    file: Annotated[
        Path,
        typer.Argument(
            help="One return: xlsx, xls, ods or csv, or a letter (PDF, Word .docx, saved web page)."
        ),
    ],
    sheet: Annotated[str | None, typer.Option("--sheet", help="Only this sheet.")] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write the reading as one HTML page.")
    ] = None,
    force: ForceOpt = None,
) -> None:
    """Show each sheet (or a letter's tables and text) as a grid: every figure with its force,
    measure and period, every number left out with its reason, and the labels that decided."""
    from rich.table import Table

    from spo_stats.errors import RawDirError
    from spo_stats.forces import get_force
    from spo_stats.read.cells import cell_ref
    from spo_stats.sources.explain_letter import explain_path
    from spo_stats.understand.labels import label_text

    with handled():
        if not file.is_file():
            raise RawDirError(str(file), "no such file. Name one return to explain.")
        ex = explain_path(file, sheet, get_force(force) if force else None)
        console = out()
        if ex.error:
            console.print(f"[red]{escape(ex.error)}[/red]")
        for s in ex.sheets:
            table = Table(
                title=f"{escape(s.name)}: {s.figures} figure(s), {s.left_out} left out"
                + (" (hidden sheet: not read)" if s.hidden else ""),
                show_lines=False,
            )
            width = max((len(r) for r in s.rows), default=0)
            table.add_column("")
            for c in range(width):
                table.add_column(cell_ref(0, c)[:-1], overflow="ellipsis", max_width=28)
            for r, row in enumerate(s.rows):
                cells = [str(r + 1)]
                for cell in row:
                    text = escape(label_text(cell.value))
                    style = STYLES.get(cell.role or "")
                    cells.append(f"[{style}]{text}[/]" if style and text else text)
                table.add_row(*cells)
            console.print(table)
            for r, row in enumerate(s.rows):
                for c, cell in enumerate(row):
                    if cell.role in ("figure", "left_out", "total"):
                        mark = {"figure": "[green]✓[/]", "left_out": "[red]✗[/]", "total": "Σ"}
                        console.print(
                            f" {mark[cell.role]} {cell_ref(r, c)} {escape(label_text(cell.value))}: "
                            f"{escape(cell.detail)}"
                        )
        for w in ex.warnings:
            console.print(f"[yellow]Note:[/yellow] {escape(w)}")
        if html is not None:
            from spo_stats.dataset.store import atomic_write_text
            from spo_stats.publish.explain_html import render

            atomic_write_text(html, render(ex, datetime.now()))
            console.print(f"Written {escape(str(html))}")
