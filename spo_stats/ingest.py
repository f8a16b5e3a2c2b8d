"""Ingest: every return in the raw folder into one tidy, cited dataset.

Each file is read, its figures found and tied to a force, validated, and cached by content; then
the whole dataset is written atomically. A file that fails is named with its reason and the rest
still ingest.
"""

from __future__ import annotations

import os
import stat
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from spo_stats import __version__
from spo_stats.dataset import cache
from spo_stats.dataset.lock import output_lock
from spo_stats.dataset.store import (
    write_dataset,
)
from spo_stats.dataset.validate import plausibility
from spo_stats.errors import (
    NoObservationsError,
    NotAReturnError,
    RawDirError,
    ReaderCrashError,
    ScannedPdfError,
    SidecarOrphanError,
    SpoStatsError,
    UnsupportedFormatError,
)
from spo_stats.forces import get_force
from spo_stats.read.budget import FILE_SECONDS, time_budget
from spo_stats.schema import Observation
from spo_stats.sources import provenance, sidecar
from spo_stats.sources.population import population_kind
from spo_stats.sources.population_table import PopulationFigure, read_population
from spo_stats.sources.returns import NOT_READ, FileReport, read_file, sha256_of


@dataclass
class IngestResult:
    raw: Path
    out: Path
    observations: list[Observation]
    files: list[FileReport]
    written: bool
    seconds: float
    population: list[PopulationFigure] = field(default_factory=list)

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status in ("failed", "no_observations")]

    @property
    def unsupported(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "unsupported"]

    @property
    def ok(self) -> bool:
        return not self.failed

    def report(self) -> dict[str, Any]:
        return {
            "tool_version": __version__,
            "raw": str(self.raw),
            "files": [asdict(f) for f in self.files],
            "observations": len(self.observations),
            "population_figures": len(self.population),
            "failed": len(self.failed),
        }


def discover(raw: Path) -> list[Path]:
    """Every candidate return under raw, in a stable order (hidden files and notes skipped)."""
    if not raw.exists():
        raise RawDirError(
            str(raw), "no such folder. Put the returns in data/raw/ or name the folder."
        )
    if not raw.is_dir():
        raise RawDirError(str(raw), "not a folder. Name the folder that holds the returns.")
    found = []
    for path in sorted(raw.rglob("*")):
        rel = path.relative_to(raw)
        if any(part.startswith((".", "~$")) for part in rel.parts):
            continue
        if path.is_dir():
            # A folder named like a spreadsheet is almost certainly a mistake worth reporting.
            if path.suffix.lower() in {".xlsx", ".xls", ".ods", ".csv"}:
                found.append(path)
            continue
        if provenance.is_metadata(path):  # <file>.provenance.json, <file>.spo.toml
            continue
        found.append(path)
    return found


def _link_target(path: Path, raw: Path) -> tuple[Path, bool] | None:
    """Where a symlink points, and whether that is outside the raw folder; None for no link."""
    if not path.is_symlink():
        return None
    target = Path(os.path.realpath(path))
    return target, not target.is_relative_to(Path(os.path.realpath(raw)))


def not_a_file(path: Path, link: tuple[Path, bool] | None) -> str | None:
    """Why path is skipped rather than read: a pipe, device, socket or broken link, else None.

    link: _link_target(path, raw). Reading a named pipe blocks until a writer comes and /dev/zero
    never ends, so the kind is told by stat, which opens nothing.
    """
    outside = ", outside the raw folder" if link and link[1] else ""
    try:
        mode = path.stat().st_mode
    except OSError:
        if link is None:
            return None  # the reader says why it cannot be opened
        return f"a broken link (to {link[0]}{outside}): skipped."
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        what = "a named pipe (FIFO), not a file"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "a device, not a file"
    elif stat.S_ISSOCK(mode):
        what = "a socket, not a file"
    else:
        what = "not a regular file"
    where = f" (a link to {link[0]}{outside})" if link else ""
    return f"{what}{where}: skipped."


def ingest(
    raw: Path,
    out: Path,
    force: str | None = None,
    on_file: Callable[[Path], None] | None = None,
    use_cache: bool = True,
    file_seconds: float | None = FILE_SECONDS,
) -> IngestResult:
    """Read every return under raw and write the clean dataset to out (unless every file failed).

    file_seconds: the time one file may take to read before it fails (read/budget.py). The
    output folder is locked for the run: OutputBusyError while another ingest writes it.
    """
    discover(raw)  # a usage error about raw comes before one about out
    with output_lock(out):
        return _ingest(raw, out, force, on_file, use_cache, file_seconds)


def _ingest(
    raw: Path,
    out: Path,
    force: str | None,
    on_file: Callable[[Path], None] | None,
    use_cache: bool,
    file_seconds: float | None,
) -> IngestResult:
    started = time.perf_counter()
    force_option = get_force(force) if force else None
    paths = discover(raw)
    cache_dir = out / cache.CACHE_DIR
    observations: list[Observation] = []
    files: list[FileReport] = []
    used_keys: set[str] = set()
    population_files: list[tuple[Path, str, str, str]] = []
    cache_failed = False
    for path in paths:
        if on_file:
            on_file(path)
        t0 = time.perf_counter()
        name = path.relative_to(raw).as_posix()
        link = _link_target(path, raw)
        if (skip := not_a_file(path, link)) is not None:
            files.append(FileReport(file=name, status="skipped", error=f"{name}: {skip}"))
            continue
        kind = population_kind(path) if path.is_file() else None
        if kind is not None:
            # ONS population files feed the population table, not observations (read below).
            population_files.append((path, name, sha256_of(path), kind))
            continue
        key = sha = None
        if use_cache and path.is_file():
            try:
                sha = sha256_of(path)
                # A changed provenance or sidecar changes what the file says: it is in the key.
                key = cache.key(
                    sha, name + sidecar.fingerprint(path), force_option, provenance.stamp(path)
                )
            except OSError:
                key = sha = None
        cached = cache.get(cache_dir, key) if key else None
        obs: list[Observation] = []
        if (why := NOT_READ.get(path.suffix.lower())) is not None and not path.is_dir():
            # Notes (a README) are listed as skipped; other formats as not read, with what to do.
            notes = path.suffix.lower() == ".md"
            report = FileReport(
                file=name,
                status="skipped" if notes else "unsupported",
                kind="notes" if notes else "",
                error=f"{name}: {why}",
            )
        elif cached is not None:
            obs, report = cached
            report.cached = True
        else:
            try:
                with time_budget(name, file_seconds):
                    obs, report = read_file(path, raw, force_option, sha)
                if not obs:
                    report.status = "no_observations"
                    hint = f" First warning: {report.warnings[0]}" if report.warnings else ""
                    report.error = str(
                        NoObservationsError(
                            name,
                            "no figure recognised: no table of SPOs or stalking offences found."
                            + hint,
                        )
                    )
            except NotAReturnError as exc:
                obs, report = [], FileReport(file=name, status="skipped", error=str(exc))
            except (UnsupportedFormatError, ScannedPdfError) as exc:
                # Named, with what to do; not a failure of the run.
                obs, report = [], FileReport(file=name, status="unsupported", error=str(exc))
            except SpoStatsError as exc:
                obs, report = [], FileReport(file=name, status="failed", error=str(exc))
            except ValidationError as exc:
                obs, report = [], FileReport(file=name, status="failed", error=f"{name}: {exc}")
            except (KeyboardInterrupt, MemoryError, SystemExit, GeneratorExit):
                raise
            except Exception as exc:
                # A bug must cost one file, not the run; the message asks for a report.
                obs, report = (
                    [],
                    FileReport(
                        file=name,
                        status="failed",
                        error=f"{name}: could not be read ({type(exc).__name__}: {str(exc)[:200]}). "
                        "This is a bug in spo-stats: please report it with the file.",
                    ),
                )
            except BaseException as exc:
                # A native reader's panic not caught where it was called (a reader added
                # later): still this file's failure, not the run's.
                error = str(ReaderCrashError(name, str(exc)[:160] or type(exc).__name__))
                obs, report = [], FileReport(file=name, status="failed", error=error)
            stored = cache_failed or not key or report.status != "ok"
            if not stored and (why := cache.put(cache_dir, key or "", obs, report)) is not None:
                # Said once, on the first file: the cache only saves the next run time.
                cache_failed = True
                report.warnings.append(
                    f"the cache in {cache_dir} could not be written ({why}); ingest goes on "
                    "without it, and the next run reads every file again."
                )
        if key:
            used_keys.add(key)
        if link is not None and link[1]:
            # Worth knowing: the figures come from a file someone else may move or change.
            report.warnings.append(f"a link to {link[0]}, outside the raw folder: read from there.")
        report.observations = len(obs)
        report.seconds = round(time.perf_counter() - t0, 4)
        observations.extend(obs)
        files.append(report)
    population, population_reports = read_population(population_files)
    files += population_reports
    for side, expected in sidecar.orphans(raw):
        error = str(SidecarOrphanError(side, expected))
        files.append(FileReport(file=side, status="failed", kind="sidecar", error=error))
    for file, warnings in plausibility(observations).items():
        for report in files:
            if report.file == file:
                report.warnings += warnings
    observations.sort(
        key=lambda o: (
            o.area_type,
            o.force,
            o.measure,
            o.period_start,
            o.period_end,
            o.source_file,
            o.source_cell,
        )
    )
    result = IngestResult(raw, out, observations, files, False, 0.0, population)
    fingerprint = cache.fingerprint_of(used_keys)
    if use_cache and len(used_keys) == len(paths) and cache.unchanged(out, fingerprint):
        # Every file came from the cache and the last run wrote exactly this dataset.
        result.written = True
    elif observations or population:
        # A run in which no file gave a figure must not replace a good dataset with an empty one.
        write_dataset(out, observations, result.report(), population)
        cache.prune(cache_dir, used_keys)
        cache.save_fingerprint(cache_dir, fingerprint)
        result.written = True
    result.seconds = time.perf_counter() - started
    return result


# The full list of numbers left out, cell by cell, is in ingest-report.json; the terminal gets
# one line per file and reason, so a workbook of a million unrelated numbers gives a few lines.
SHOWN_CELLS = 4


def left_out_lines(file: str, left_out: list[dict[str, str]]) -> list[str]:
    """'file: 12 numbers left out: a breakdown ('bcu') (Sheet1!B5, B6, B7, B8 ...)' per reason."""
    by_reason: dict[str, list[str]] = defaultdict(list)
    for x in left_out:
        by_reason[x["reason"]].append(f"{x['sheet']}!{x['cell']}")
    lines = []
    for reason, cells in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
        shown = ", ".join(cells[:SHOWN_CELLS]) + (" ..." if len(cells) > SHOWN_CELLS else "")
        n = len(cells)
        lines.append(f"{file}: {n} number{'s' if n != 1 else ''} left out: {reason} ({shown})")
    return lines
