"""spo-stats ingest: the raw folder of returns into the clean dataset."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from spo_stats.cli.common import ForceOpt, err, escape, handled, out, warn


def ingest(
    raw: Annotated[Path, typer.Argument(help="Folder of FOI returns.")] = Path("data/raw"),
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the clean dataset.")] = Path(
        "data/clean"
    ),
    force: ForceOpt = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Read every file again.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No warnings, only the summary.")
    ] = False,
    file_seconds: Annotated[
        float,
        typer.Option(
            "--file-seconds",
            min=0,
            help="Seconds one file may take to read before it fails alone (0: no limit).",
        ),
    ] = 60.0,
) -> None:
    """Read every return under RAW and write observations.csv, .parquet, ingest-report.json and datapackage.json."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from spo_stats.dataset.store import check_output_dir
    from spo_stats.errors import NothingIngestedError
    from spo_stats.forces import get_force
    from spo_stats.ingest import discover
    from spo_stats.ingest import ingest as run_ingest

    with handled():
        if force:
            get_force(force)  # a usage error before any file is read
        total = len(discover(raw))
        check_output_dir(out_dir)  # an unwritable --out fails now, not after reading every file
        progress = Progress(
            TextColumn("Reading"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=err(),
            transient=True,
            disable=not err().is_terminal,
        )
        with progress:
            task = progress.add_task("", total=total)

            def step(path: Path) -> None:
                progress.update(task, advance=1, description=escape(path.name[:40]))

            result = run_ingest(
                raw,
                out_dir,
                force=force,
                on_file=step,
                use_cache=not no_cache,
                file_seconds=file_seconds or None,
            )
        _summary(result, quiet)
        if not result.written:
            raise NothingIngestedError(str(raw), len(result.files))
        if result.failed:
            raise typer.Exit(1)


def _summary(result: object, quiet: bool) -> None:
    from rich.table import Table

    from spo_stats.ingest import IngestResult, left_out_lines

    assert isinstance(result, IngestResult)
    table = Table(title=f"Ingested {escape(str(result.raw))}")
    for col in ("file", "kind", "force", "observations", "warnings", "status"):
        table.add_column(col, justify="right" if col in ("observations", "warnings") else "left")
    for f in result.files:
        status = "[green]ok[/green]" if f.status == "ok" else f"[red]{f.status}[/red]"
        table.add_row(
            escape(f.file), f.kind, f.force, str(f.observations), str(len(f.warnings)), status
        )
    out().print(table)
    for f in result.files:
        if f.kind == "notes":
            pass  # a README beside the returns: listed in the table, nothing to say
        elif f.status in ("skipped", "unsupported"):
            warn(f.error)
        elif f.error:
            err().print(f"[red]Failed:[/red] {escape(f.error)}")
        if not quiet:
            for w in f.warnings:
                warn(f"{f.file}: {w}")
            for line in left_out_lines(f.file, f.left_out):
                err().print(f"[dim]{escape(line)}[/dim]")
    if not result.written:
        return
    out().print(
        f"{len(result.observations)} observations from {len(result.files) - len(result.failed)} of "
        f"{len(result.files)} files in {result.seconds:.2f} s; written to {escape(str(result.out))}/"
    )
    if result.population:
        out().print(
            f"{len(result.population)} population figures written to "
            f"{escape(str(result.out))}/population.csv"
        )
