"""Ingest: every return in the raw folder into one tidy, cited dataset.

Each file is read, its figures found and tied to a force, validated, and cached by content; then
the whole dataset is written atomically. A file that fails is named with its reason and the rest
still ingest.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from spo_stats import __version__, workers
from spo_stats.dataset import cache, generations
from spo_stats.dataset.lock import output_lock
from spo_stats.dataset.stops import stop_point
from spo_stats.dataset.store import (
    load_ingest_report,
    load_population,
    load_rows,
    observation_lines,
    write_dataset,
)
from spo_stats.dataset.validate import plausibility
from spo_stats.errors import (
    NoObservationsError,
    NotAReturnError,
    RawDirError,
    ReaderCrashError,
    ReaderDiedError,
    ScannedPdfError,
    SidecarOrphanError,
    SpoStatsError,
    UnreadableFileError,
    UnsupportedFormatError,
)
from spo_stats.forces import Force, get_force
from spo_stats.read.budget import FILE_SECONDS, time_budget
from spo_stats.read.cells import peek, sha256_of
from spo_stats.read.formats import SHEET_SUFFIXES, named_by_suffix
from spo_stats.schema import FileReport, FileWarning, Observation, PopulationFigure
from spo_stats.sources import provenance, sidecar
from spo_stats.sources.population import population_kind
from spo_stats.sources.population_table import read_population
from spo_stats.sources.returns import read_file
from spo_stats.workers import collector


@dataclass
class IngestResult:
    """What a run did. After a run that found nothing changed, observations and population are
    loaded from the cache and the clean folder only when asked for (nothing else needs them)."""

    raw: Path
    out: Path
    files: list[FileReport]
    written: bool
    seconds: float
    _observations: list[Observation] | None = None
    _population: list[PopulationFigure] | None = None
    observation_count: int = 0
    population_count: int = 0
    load_observations: Callable[[], list[Observation]] | None = None

    def __post_init__(self) -> None:
        if self._observations is not None:
            self.observation_count = len(self._observations)
        if self._population is not None:
            self.population_count = len(self._population)

    @property
    def observations(self) -> list[Observation]:
        if self._observations is None:
            self._observations = self.load_observations() if self.load_observations else []
        return self._observations

    @property
    def population(self) -> list[PopulationFigure]:
        if self._population is None:
            self._population = load_population(self.out) if self.population_count else []
        return self._population

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
            "files": [f.to_json() for f in self.files],
            "observations": self.observation_count,
            "population_figures": self.population_count,
            "failed": len(self.failed),
        }


def discover(raw: Path) -> list[Path]:
    """Every candidate return under raw, in a stable order (hidden files and notes skipped)."""
    return _walk(raw).returns


@dataclass
class _Found:
    returns: list[Path]
    metadata: set[str]  # lower-cased paths of the sidecars and provenance files under raw


def _walk(raw: Path) -> _Found:
    """One walk of raw: the candidate returns in sorted(raw.rglob("*")) order, and the metadata.

    os.walk, not Path.rglob: rglob costs some 1.5 ms a file in a folder of thousands (profiled).
    Like rglob it does not descend into links to folders; unlike it, not into hidden folders, whose
    files are skipped anyway.
    """
    check_raw(raw)
    found: list[Path] = []
    metadata: set[str] = set()
    for folder, dirs, names in os.walk(raw):
        here = Path(folder)
        for name in dirs:
            # A folder named like a spreadsheet is almost certainly a mistake worth reporting.
            if not name.startswith((".", "~$")) and Path(name).suffix.lower() in SHEET_SUFFIXES:
                found.append(here / name)
        dirs[:] = [d for d in dirs if not d.startswith((".", "~$"))]
        for name in names:
            path = here / name
            if name.startswith((".", "~$")):
                continue
            if provenance.is_metadata(path):  # <file>.provenance.json, <file>.spo.toml
                metadata.add(str(path).lower())
                continue
            found.append(path)
    found.sort()
    return _Found(found, metadata)


def check_raw(raw: Path) -> None:
    """RawDirError unless raw is a folder (a usage error, said before any other)."""
    if not raw.exists():
        raise RawDirError(
            str(raw), "no such folder. Put the returns in data/raw/ or name the folder."
        )
    if not raw.is_dir():
        raise RawDirError(str(raw), "not a folder. Name the folder that holds the returns.")


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


@dataclass
class _Item:
    """One discovered path and what is known of it before it is read."""

    path: Path
    name: str
    link: tuple[Path, bool] | None
    skip: str | None = None  # why it is not read at all (a pipe, a broken link)
    kind: str | None = None  # "estimates" or "lookup" for an ONS population file
    sha: str | None = None
    key: str | None = None  # the cache key; None for a file not cached
    deferred: bool = False  # not yet hashed: _survey_all has it hashed in a pool


def _survey(
    path: Path,
    raw: Path,
    force_option: Force | None,
    index: dict[str, cache.Known],
    use_cache: bool,
    walked: _Found,
    defer: bool = False,
) -> tuple[_Item, cache.Known | None]:
    """What a path is and its cache key, from one stat() where the index already knows the file;
    with what the index is to know of it next time (None: hash it again then).

    defer: a file the index does not know is left unopened, its item marked `deferred`, for
    _survey_all to hash with the others in a pool of processes.
    """
    name = path.relative_to(raw).as_posix()
    link = _link_target(path, raw)
    item = _Item(path, name, link, skip=not_a_file(path, link))
    if item.skip is not None:
        if use_cache:  # the same skip next time is no change
            item.key = cache.key("", f"skipped\0{name}\0{item.skip}", None)
        return item, None
    try:
        st = path.stat()
    except OSError:
        return item, None  # the reader says why it cannot be opened
    if not stat.S_ISREG(st.st_mode):
        return item, None
    known = index.get(name) if use_cache else None
    if known is not None and known.stat == cache.stat_of(st):
        item.sha, item.kind = known.sha, known.kind or None
    elif defer:
        item.deferred = True
        return item, None
    else:
        try:
            # With the cache, one opening gives the key's hash and what the population
            # sniffer asks; without it, the sniffer opens only what may be ONS's.
            seen = peek(path, name, with_sha=True, whole=False) if use_cache else None
            item.kind = population_kind(path, seen)
            item.sha = seen.sha if seen else sha256_of(path) if item.kind is not None else None
        except (UnreadableFileError, OSError):
            return item, None  # the reader says why it cannot be opened
    if not use_cache or item.sha is None:
        return item, None
    with contextlib.suppress(OSError):
        # A changed provenance or sidecar changes what the file says: it is in the key.
        if item.kind is not None:
            item.key = cache.key(item.sha, f"{name}\0population\0{item.kind}", None)
        else:
            # Most returns have neither: the walk says so without trying to open them.
            side = sidecar.fingerprint(path) if _beside(path, sidecar.SUFFIX, walked) else ""
            stamp = provenance.stamp(path) if _beside(path, provenance.SUFFIX, walked) else ""
            item.key = cache.key(item.sha, name + side, force_option, stamp)
    racy = cache.is_racy(st)
    return item, None if racy else cache.Known(cache.stat_of(st), item.sha, item.kind or "")


# Below this many files to hash, the parent hashes them itself: a pool costs more to start.
POOL_SURVEY_FILES = 64


def _survey_all(
    paths: list[Path],
    raw: Path,
    force_option: Force | None,
    index: dict[str, cache.Known],
    use_cache: bool,
    walked: _Found,
    jobs: int,
) -> tuple[list[_Item], dict[str, cache.Known]]:
    """Every path's item, and the index of this run: the files the index does not know (all of
    them on a first run) are hashed in a pool of `jobs` processes where there are many."""
    defer = use_cache and jobs > 1
    surveyed = [_survey(p, raw, force_option, index, use_cache, walked, defer) for p in paths]
    deferred = [n for n, (item, _) in enumerate(surveyed) if item.deferred]
    if deferred:
        # Each worker is given the metadata it needs, not the walk's list of every file.
        few = _Found([], walked.metadata)
        work = partial(_survey, raw=raw, force_option=force_option, index={}, walked=few)
        work = partial(work, use_cache=use_cache)
        left = [surveyed[n][0].path for n in deferred]
        many = len(left) >= POOL_SURVEY_FILES
        done = (workers.map_in_pool(work, left, jobs) if many else None) or map(work, left)
        for n, res in zip(deferred, done, strict=True):
            surveyed[n] = res
    new_index = {item.name: known for item, known in surveyed if known is not None}
    return [item for item, _ in surveyed], new_index


def _beside(path: Path, suffix: str, walked: _Found) -> bool:
    return f"{path}{suffix}".lower() in walked.metadata


def read_one(
    path: Path,
    raw: Path,
    force_option: Force | None,
    sha: str | None,
    file_seconds: float | None = FILE_SECONDS,
) -> tuple[list[Observation], FileReport]:
    """One file read, any failure of it turned into its report line (the work of one worker)."""
    t0 = time.perf_counter()
    name = path.relative_to(raw).as_posix()
    try:
        with time_budget(name, file_seconds):
            obs, report = read_file(path, raw, force_option, sha)
        if not obs:
            report.status = "no_observations"
            hint = f" First warning: {report.warnings[0].text}" if report.warnings else ""
            report.error = str(
                NoObservationsError(
                    name,
                    "no figure recognised: no table of SPOs or stalking offences found." + hint,
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
        error = (
            f"{name}: could not be read ({type(exc).__name__}: {str(exc)[:200]}). "
            "This is a bug in spo-stats: please report it with the file."
        )
        obs, report = [], FileReport(file=name, status="failed", error=error)
    except BaseException as exc:
        # A native reader's panic not caught where it was called (a reader added
        # later): still this file's failure, not the run's.
        error = str(ReaderCrashError(name, str(exc)[:160] or type(exc).__name__))
        obs, report = [], FileReport(file=name, status="failed", error=error)
    report.seconds = round(time.perf_counter() - t0, 4)
    return obs, report


def _not_read(item: _Item) -> FileReport | None:
    """The report of a file listed but never opened: a pipe or broken link, notes, other formats."""
    if item.skip is not None:
        return FileReport(file=item.name, status="skipped", error=f"{item.name}: {item.skip}")
    fmt = named_by_suffix(item.path)
    if fmt is None or item.path.is_dir():
        return None
    # Notes (a README) are listed as skipped; other formats as not read, with what to do.
    return FileReport(
        file=item.name,
        status="skipped" if fmt.notes else "unsupported",
        kind="notes" if fmt.notes else "",
        error=f"{item.name}: {fmt.why_not}",
    )


# A file's reading: its observations, its report line and each observation's line of the
# dataset's CSV (store.observation_lines), made where the file is read.
Read = tuple[list[Observation], FileReport, list[str]]


def read_and_keep(
    path: Path,
    raw: Path,
    force_option: Force | None,
    sha: str | None,
    key: str | None,
    file_seconds: float | None = FILE_SECONDS,
) -> tuple[Read, str | None]:
    """read_one, its CSV lines, and its reading as a cache entry where it is to be kept under
    key (else None): a worker's work.

    The worker makes the lines and the entry, not the parent: the parent, which takes every
    result in turn, is one core (its writing the entries, a file each, was 2.2 s of a 12 s cold
    ingest of 5,040 returns). The parent writes the entries of the files read as one pack.
    """
    obs, report = read_one(path, raw, force_option, sha, file_seconds)
    lines = observation_lines(obs)
    keep = key is not None and report.status == "ok"
    return (obs, report, lines), cache.entry_text(obs, report, lines) if keep else None


# Up to this many files the parent reads itself with the cycle collector off (see _read_all).
FEW_FILES = 16


def _read_all(
    items: list[_Item],
    raw: Path,
    force_option: Force | None,
    packs: cache.Packs | None,
    jobs: int,
    on_file: Callable[[Path], None] | None,
    file_seconds: float | None = FILE_SECONDS,
) -> list[Read | None]:
    """Each item's observations and report, in the items' order (None for population files).

    Files the cache does not hold are read in a pool of `jobs` processes; the rest here.
    """
    results: list[Read | None] = [None] * len(items)
    pending: list[int] = []
    for n, item in enumerate(items):
        if item.kind is not None:
            pass  # ONS population files feed the population table, not observations
        elif (report := _not_read(item)) is not None:
            results[n] = ([], report, [])
        elif item.key and packs and (hit := packs.get(item.key)) is not None:
            hit[1].cached = True
            results[n] = hit
        else:
            pending.append(n)
            continue
        if on_file:
            on_file(item.path)

    entries: dict[int, str] = {}

    def done(n: int, res: tuple[Read, str | None]) -> None:
        results[n], entry = res
        if entry is not None:
            entries[n] = entry
        if on_file:
            on_file(items[n].path)

    work = [(items[n].path, items[n].sha, items[n].key) for n in pending]
    read = partial(read_and_keep, file_seconds=file_seconds)
    if jobs > 1 and len(work) > 1:

        def died(i: int, detail: str) -> tuple[Read, None]:
            name = items[pending[i]].name
            error = str(ReaderDiedError(name, detail))
            return ([], FileReport(file=name, status="failed", error=error), []), None

        workers.read_in_pool(
            read, work, raw, force_option, jobs, lambda i, r: done(pending[i], r), died
        )
    else:
        # Many files read here are read with the collector on (their garbage collected as it
        # goes); a few are not, where turning it on costs a pass over everything made so far.
        with collector(on=len(work) > FEW_FILES):
            for i, (path, sha, key) in enumerate(work):
                done(pending[i], read(path, raw, force_option, sha, key))
    if packs is not None:
        _keep(packs, items, entries, results)
    return results


def _keep(
    packs: cache.Packs, items: list[_Item], entries: dict[int, str], results: list[Read | None]
) -> None:
    """The entries of the files read, written as one pack; where it cannot be, said once, on
    the first of them: the cache only saves the next run time."""
    texts = {items[n].key or "": entries[n] for n in sorted(entries)}
    why = cache.write_pack(packs, texts)
    if why is not None and (first := results[min(entries)]) is not None:
        first[1].warnings.append(
            FileWarning(
                f"the cache in {packs.folder} could not be written ({why}); ingest goes on "
                "without it, and the next run reads every file again."
            )
        )


# The dataset's order: by area, force, measure, period, then where each figure was read.
_ORDER = (
    "area_type",
    "force",
    "measure",
    "period_start",
    "period_end",
    "source_file",
    "source_cell",
)


def _in_order(
    observations: list[Observation], lines: list[str]
) -> tuple[list[Observation], list[str]]:
    """The observations in the dataset's order, with their CSV lines; stable, so ties keep the
    order of the files."""
    keys = list(map(attrgetter(*_ORDER), observations))
    places = sorted(range(len(keys)), key=keys.__getitem__)
    return [observations[n] for n in places], [lines[n] for n in places]


def ingest(
    raw: Path,
    out: Path,
    force: str | None = None,
    on_file: Callable[[Path], None] | None = None,
    use_cache: bool = True,
    jobs: int = 1,
    file_seconds: float | None = FILE_SECONDS,
    made_at: datetime | None = None,
) -> IngestResult:
    """Read every return under raw and write the clean dataset to out (unless every file failed).

    jobs: how many processes read files at once. The output is the same whatever the number.
    file_seconds: the time one file may take to read before it fails (read/budget.py). The
    output folder is locked for the run: OutputBusyError while another ingest writes it.
    made_at: when the dataset is made, its data package's `created` (the CLI passes the time it
    runs; none given, none written: nothing here reads the clock).
    """
    check_raw(raw)  # a usage error about raw comes before one about out
    with output_lock(out), collector(on=False):
        return _ingest(raw, out, force, on_file, use_cache, jobs, file_seconds, made_at)


def _ingest(
    raw: Path,
    out: Path,
    force: str | None,
    on_file: Callable[[Path], None] | None,
    use_cache: bool,
    jobs: int,
    file_seconds: float | None,
    made_at: datetime | None,
) -> IngestResult:
    started = time.perf_counter()
    force_option = get_force(force) if force else None
    walked = _walk(raw)
    paths = walked.returns
    cache_dir = out / cache.CACHE_DIR
    index = cache.load_index(cache_dir) if use_cache else {}
    items, new_index = _survey_all(paths, raw, force_option, index, use_cache, walked, jobs)
    orphans = sidecar.orphans(raw) if walked.metadata else []
    keys = {i.key for i in items if i.key}
    fingerprint = (
        cache.fingerprint_of(keys | {f"orphan\0{s}\0{e}" for s, e in orphans})
        if use_cache and len(keys) == len(items)
        else None  # a file without a key: no run can be known to have read the same
    )
    if use_cache and new_index != index:
        cache.save_index(cache_dir, new_index)
    if fingerprint is not None:
        same = _unchanged_result(raw, out, items, fingerprint, started)
        if same is not None:
            generations.remove_unused(out)  # what a run stopped after its switch left behind
            if on_file:
                for path in paths:
                    on_file(path)
            return same
    packs = cache.load_packs(cache_dir) if use_cache else None
    reads = _read_all(items, raw, force_option, packs, jobs, on_file, file_seconds)
    observations, lines, files = _assembled(items, reads)
    population_files = [(i.path, i.name, i.sha or "", i.kind) for i in items if i.kind]
    population, population_reports = read_population(population_files)
    files += population_reports
    for side, expected in orphans:
        error = str(SidecarOrphanError(side, expected))
        files.append(FileReport(file=side, status="failed", kind="sidecar", error=error))
    for file, warnings in plausibility(observations).items():
        for report in files:
            if report.file == file:
                report.warnings += [FileWarning(w, "implausible") for w in warnings]
    observations, lines = _in_order(observations, lines)
    result = IngestResult(raw, out, files, False, 0.0, observations, population)
    stop_point("read")
    if observations or population:
        # A run in which no file gave a figure must not replace a good dataset with an empty one.
        said = result.report()
        write_dataset(out, observations, said, population, made_at, fingerprint, lines)
        if packs is not None:
            cache.save_packs(packs, keys)
        stop_point("cache")
        result.written = True
    result.seconds = time.perf_counter() - started
    return result


def _assembled(
    items: list[_Item], reads: list[Read | None]
) -> tuple[list[Observation], list[str], list[FileReport]]:
    """The files' observations and CSV lines in the files' order, and their report lines."""
    observations: list[Observation] = []
    lines: list[str] = []
    files: list[FileReport] = []
    for item, res in zip(items, reads, strict=True):
        if res is None:
            continue
        obs, report, file_lines = res
        if item.link is not None and item.link[1]:
            # Worth knowing: the figures come from a file someone else may move or change.
            report.warnings.append(
                FileWarning(f"a link to {item.link[0]}, outside the raw folder: read from there.")
            )
        report.observations = len(obs)
        observations.extend(obs)
        lines.extend(file_lines)
        files.append(report)
    return observations, lines, files


def _unchanged_result(
    raw: Path, out: Path, items: list[_Item], fingerprint: str, started: float
) -> IngestResult | None:
    """The last run's result, where it wrote the dataset from exactly these files; else None.

    Decided from the keys alone (the index gives them from each file's stat), so nothing is read
    and nothing written; the observations are loaded from the cache only if asked for.
    """
    if not generations.unchanged(out, fingerprint):
        return None
    packs = cache.load_packs(out / cache.CACHE_DIR)
    try:
        saved = load_ingest_report(out)
        files = [FileReport.from_json(f) for f in saved["files"]]
        count = int(saved["observations"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    by_name = {i.name: i for i in items}
    for report in files:
        item = by_name.get(report.file)
        if item is not None and item.key and item.kind is None and report.status == "ok":
            if not packs.has(item.key):
                return None  # an entry removed by hand: read again
            report.cached = True

    folder = generations.current_folder(out)  # the generation just checked, whatever comes later

    def observations() -> list[Observation]:
        # From the dataset the manifest vouched for, not the cache (an entry may be damaged).
        return load_rows(folder)

    result = IngestResult(raw, out, files, True, 0.0, None, None, count)
    result.load_observations = observations
    result.population_count = int(saved.get("population_figures", 0))
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
