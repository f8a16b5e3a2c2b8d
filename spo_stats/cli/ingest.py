"""spo-stats ingest: the raw folder of returns into the clean dataset."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spo_stats.cli.common import ForceOpt, err, escape, handled, out, warn

if TYPE_CHECKING:
    from rich.progress import Progress


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
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="A row per file and every warning, however many files."
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Processes reading files at once [default: the cores]."
        ),
    ] = None,
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
    from spo_stats.dataset.store import check_output_dir
    from spo_stats.errors import NothingIngestedError
    from spo_stats.forces import get_force
    from spo_stats.ingest import check_raw, discover
    from spo_stats.ingest import ingest as run_ingest
    from spo_stats.workers import collector, default_jobs

    # Held off to the end, summary included: turned on as ingest returns, the collector's first
    # pass went over every observation of the run (0.1 s of one file added to 5,040).
    with handled(), collector(on=False):
        if force:
            get_force(force)  # a usage error before any file is read
        check_raw(raw)
        # The bar's length: counted only where there is a bar (a walk of 5,040 returns is a
        # tenth of a run that finds nothing changed).
        total = len(discover(raw)) if err().is_terminal else None
        check_output_dir(out_dir)  # an unwritable --out fails now, not after reading every file
        progress = _progress()
        with progress:
            task = progress.add_task("", total=total)

            def step(path: Path) -> None:
                progress.update(task, advance=1, description=escape(path.name[:40]))

            with _interrupt_says_what_is_on_disk(out_dir, progress.stop):
                result = run_ingest(
                    raw,
                    out_dir,
                    force=force,
                    # No bar, no step: a hidden bar's update was 0.1 s of 5,040 cached files.
                    on_file=step if total is not None else None,
                    use_cache=not no_cache,
                    jobs=jobs or default_jobs(),
                    file_seconds=file_seconds or None,
                    made_at=datetime.now(UTC),
                )
        _summary(result, quiet, verbose)
        if not result.written:
            raise NothingIngestedError(str(raw), len(result.files))
        if result.failed:
            raise typer.Exit(1)


def _progress() -> Progress:
    """The bar on stderr, only where stderr is a terminal; gone when the run ends."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(
        TextColumn("Reading"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err(),
        transient=True,
        disable=not err().is_terminal,
    )


@contextmanager
def _interrupt_says_what_is_on_disk(
    out_dir: Path, stop_progress: Callable[[], None]
) -> Iterator[None]:
    """Ctrl-C in the block is said from what is on disk then, not from where the run had got to."""
    from spo_stats.dataset.generations import interrupted
    from spo_stats.dataset.store import dataset_state

    before = dataset_state(out_dir)
    try:
        yield
    except KeyboardInterrupt:
        stop_progress()
        said = interrupted(before, dataset_state(out_dir), out_dir)
        err().print(f"[red]Interrupted[/red]: {escape(said)}")
        raise typer.Exit(130) from None


# Past this many files the terminal gets counts by status instead of a row per file (the rows are
# all in ingest-report.json, and --verbose prints them).
SCREENFUL = 40


def _summary(result: object, quiet: bool, verbose: bool) -> None:
    from spo_stats.ingest import IngestResult

    assert isinstance(result, IngestResult)
    brief = len(result.files) > SCREENFUL and not verbose
    if brief:
        _counts(result)
    else:
        _rows(result)
    noted = 0
    for f in result.files:
        if f.kind == "notes":
            pass  # a README beside the returns: listed in the table, nothing to say
        elif f.status in ("skipped", "unsupported"):
            warn(f.error)
        elif f.error:
            err().print(f"[red]Failed:[/red] {escape(f.error)}")
        if not quiet:
            noted += _notes(f, brief)
    if noted:
        err().print(
            f"[dim]{noted} files have warnings or numbers left out: see "
            f"{escape(str(result.out))}/ingest-report.json, or run with --verbose.[/dim]"
        )
    if not result.written:
        return
    out().print(
        f"{result.observation_count} observations from {len(result.files) - len(result.failed)} "
        f"of {len(result.files)} files in {result.seconds:.2f} s; written to "
        f"{escape(str(result.out))}/"
    )
    if result.population_count:
        out().print(
            f"{result.population_count} population figures written to "
            f"{escape(str(result.out))}/population.csv"
        )


def _notes(f: object, brief: bool) -> int:
    """A file's warnings and numbers left out, printed; or 1 if it has some and brief, else 0."""
    from spo_stats.ingest import left_out_lines
    from spo_stats.schema import FileReport

    assert isinstance(f, FileReport)
    if brief:
        return int(bool(f.warnings or f.left_out))
    for w in f.texts():
        warn(f"{f.file}: {w}")
    for line in left_out_lines(f.file, f.left_out):
        err().print(f"[dim]{escape(line)}[/dim]")
    return 0


def _rows(result: object) -> None:
    from rich.table import Table

    from spo_stats.ingest import IngestResult

    assert isinstance(result, IngestResult)
    table = Table(title=f"Ingested {escape(str(result.raw))}")
    for col in ("file", "kind", "force", "observations", "warnings", "status"):
        table.add_column(col, justify="right" if col in ("observations", "warnings") else "left")
    for f in result.files:
        status = "[green]ok[/green]" if f.status == "ok" else f"[red]{f.status}[/red]"
        table.add_row(
            escape(f.file),
            escape(f.kind),
            escape(f.force),
            str(f.observations),
            str(len(f.warnings)),
            status,
        )
    out().print(table)


def _counts(result: object) -> None:
    """Files by status, with the observations each status gave."""
    from collections import Counter

    from rich.table import Table

    from spo_stats.ingest import IngestResult

    assert isinstance(result, IngestResult)
    files: Counter[str] = Counter(f.status for f in result.files)
    figures: Counter[str] = Counter()
    for f in result.files:
        figures[f.status] += f.observations
    table = Table(title=f"Ingested {escape(str(result.raw))} (a row per file: --verbose)")
    for col in ("status", "files", "observations"):
        table.add_column(col, justify="left" if col == "status" else "right")
    for status in sorted(files, key=lambda s: (s != "ok", s)):
        shown = "[green]ok[/green]" if status == "ok" else f"[red]{status}[/red]"
        table.add_row(shown, str(files[status]), str(figures[status]))
    out().print(table)
