"""spo-stats fetch: the latest Home Office table from GOV.UK, and FOI reply pages, into data/raw."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from spo_stats.cli.common import err, escape, handled, out, warn

app = typer.Typer(
    name="fetch",
    help="Download sources from the web into the raw folder, each with its provenance.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        min=0.01,
        help="Seconds to wait for the server (default: SPO_STATS_HTTP_TIMEOUT, else 30).",
    ),
]
DeadlineOpt = Annotated[
    float,
    typer.Option(
        "--deadline", min=0.01, help="Seconds the whole fetch may take, every page and file."
    ),
]
AllowRedirectsOpt = Annotated[
    bool,
    typer.Option(
        "--allow-redirects",
        help="Follow a redirect to another host (it is named, and recorded in the provenance).",
    ),
]


def _redirects(redirects: list[object]) -> None:
    """Every redirect followed, said: the provenance names where the bytes came from."""
    from spo_stats.fetch.http import Redirect

    for r in redirects:
        assert isinstance(r, Redirect)
        where = "to another host, as --allow-redirects allows" if r.other_host else "same host"
        warn(f"{r.source} redirected to {r.target} ({where}); the provenance names it.")


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int | None], None]]:
    """A download bar on stderr, fed by the library's progress callback."""
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=err(),
        transient=True,
        disable=not err().is_terminal,
    )
    tasks: dict[str, object] = {}

    def step(name: str, done: int, total: int | None) -> None:
        if name not in tasks:
            tasks[name] = progress.add_task(escape(name[:48]), total=total)
        progress.update(tasks[name], completed=done, total=total)  # type: ignore[arg-type]

    with progress:
        yield step


@app.command("home-office")
def home_office(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to save the table in.")] = Path(
        "data/raw/home-office"
    ),
    timeout: TimeoutOpt = None,
    deadline: DeadlineOpt = 900.0,
    allow_redirects: AllowRedirectsOpt = False,
) -> None:
    """Download the latest Home Office police force area table (GOV.UK; SPO_STATS_GOVUK_URL for a mirror)."""
    from spo_stats.fetch.govuk import fetch_home_office

    with handled(), _progress() as step:
        result = fetch_home_office(
            out_dir,
            timeout=timeout,
            on_progress=step,
            deadline=deadline,
            allow_redirects=allow_redirects,
        )
    _redirects(list(result.redirects))
    prov = result.provenance
    released = (
        f"released {prov.release_date:%-d %B %Y}" if prov.release_date else "release date unknown"
    )
    if result.downloaded:
        out().print(
            f"Downloaded {escape(str(result.path))} ({prov.size:,} bytes, {released}) "
            f"from {escape(prov.cited_url)}"
        )
    else:
        out().print(
            f"Already up to date: {escape(str(result.path))} ({released}); nothing downloaded."
        )
    if result.date_warning:
        warn(result.date_warning)
    for older in result.older:
        out().print(
            f"An earlier release is also here: {escape(str(older))}. Releases revise earlier "
            "figures: remove it unless you mean to keep both."
        )


@app.command("foi")
def foi(
    url: Annotated[
        str, typer.Argument(help="A disclosure-log page or WhatDoTheyKnow request page.")
    ],
    force: Annotated[
        str | None,
        typer.Option(
            "--force", "-f", help="The force that answered (else read from the page's title)."
        ),
    ] = None,
    raw: Annotated[
        Path, typer.Option("--out", help="Raw folder; files go in <out>/<force>/.")
    ] = Path("data/raw"),
    timeout: TimeoutOpt = None,
    deadline: DeadlineOpt = 900.0,
    allow_redirects: AllowRedirectsOpt = False,
) -> None:
    """Download the returns an FOI reply page links to (or keep the page itself) with provenance."""
    from spo_stats.fetch.foi import fetch_foi

    with handled(), _progress() as step:
        result = fetch_foi(
            url,
            raw,
            force=force,
            timeout=timeout,
            on_progress=step,
            deadline=deadline,
            allow_redirects=allow_redirects,
        )
    _redirects(list(result.redirects))
    title = f" ({escape(result.page_title)})" if result.page_title else ""
    out().print(f"{escape(result.page_url)}{title}: {result.force.name}, from {result.force_from}.")
    attachments = [f for f in result.files if f.kind == "attachment"]
    if not attachments:
        out().print("No return file is linked from the page.")
    for f in result.files:
        what = "Saved" if f.downloaded else "Unchanged"
        if f.kind == "page":
            out().print(
                f"{what} {escape(str(f.path))}: the page itself ({f.size:,} bytes), "
                "to be read as a letter."
            )
        else:
            out().print(f"{what} {escape(str(f.path))} ({f.size:,} bytes) from {escape(f.url)}")
    for link in result.not_downloaded:
        out().print(
            f"Not downloaded (spo-stats cannot read {link.suffix} files): {escape(link.url)}"
        )
    if result.files and not any(f.downloaded for f in result.files):
        out().print("Nothing new: every file was already here.")
