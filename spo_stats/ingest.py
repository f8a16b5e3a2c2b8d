"""Ingest: every return in the raw folder into one tidy, cited dataset.

Each file is read, its figures found and tied to a force, validated, and cached by content; then
the whole dataset is written atomically. A file that fails is named with its reason and the rest
still ingest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from spo_stats import __version__, homeoffice
from spo_stats.cells import Sheet, open_error, read_sheets
from spo_stats.errors import (
    ForceNotIdentifiedError,
    NoObservationsError,
    RawDirError,
    SpoStatsError,
)
from spo_stats.forces import Force, find_force, forces_in_text, get_force
from spo_stats.manual import is_manual, read_manual
from spo_stats.schema import Observation
from spo_stats.store import (
    INGEST_REPORT,
    OBSERVATIONS_CSV,
    OBSERVATIONS_PARQUET,
    atomic_write_json,
    write_dataset,
)
from spo_stats.tables import read_sheet
from spo_stats.validate import plausibility

SKIP_SUFFIXES = {".md", ".txt", ".pdf", ".docx", ".doc", ".json"}
# Above this size a workbook is first peeked at as a possible Home Office table, read by the fast
# Arrow path; smaller files are read cell by cell.
FAST_PATH_BYTES = 2 * 1024 * 1024
CACHE_DIR = ".cache"
FINGERPRINT = "fingerprint.json"


@dataclass
class FileReport:
    file: str
    status: str  # ok, no_observations, failed
    kind: str = ""  # foi_return, home_office, manual
    force: str = ""
    observations: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    cached: bool = False
    seconds: float = 0.0


@dataclass
class IngestResult:
    raw: Path
    out: Path
    observations: list[Observation]
    files: list[FileReport]
    written: bool
    seconds: float

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status != "ok"]

    @property
    def ok(self) -> bool:
        return not self.failed

    def report(self) -> dict[str, Any]:
        return {
            "tool_version": __version__,
            "raw": str(self.raw),
            "files": [asdict(f) for f in self.files],
            "observations": len(self.observations),
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
        if path.suffix.lower() in SKIP_SUFFIXES:
            continue
        found.append(path)
    return found


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _force_from_path(rel: Path) -> Force | None:
    for part in rel.parts[:-1]:
        if (force := find_force(part)) is not None:
            return force
    found = forces_in_text(rel.stem)
    return get_force(found.pop()) if len(found) == 1 else None


def _force_for(rel: Path, texts: list[str], option: Force | None) -> tuple[Force, list[str]]:
    """The force of a return: --force, its folder, its file name, or what its titles say."""
    warnings: list[str] = []
    in_content: set[str] = set()
    for text in texts:
        in_content |= forces_in_text(text)
    if option is not None:
        return option, warnings
    from_path = _force_from_path(rel)
    if from_path is not None:
        if len(in_content) == 1 and from_path.slug not in in_content:
            warnings.append(
                f"the file's folder or name says {from_path.slug}, but its text names "
                f"{next(iter(in_content))}; check it is filed under the right force."
            )
        return from_path, warnings
    if len(in_content) == 1:
        return get_force(in_content.pop()), warnings
    detail = f"its text names {', '.join(sorted(in_content))}" if in_content else ""
    raise ForceNotIdentifiedError(str(rel), detail)


def read_file(
    path: Path, raw: Path, force_option: Force | None
) -> tuple[list[Observation], FileReport]:
    """Every observation in one file and its report line; SpoStatsError for a file that fails."""
    rel = path.relative_to(raw)
    name = rel.as_posix()
    report = FileReport(file=name, status="ok")
    if path.is_dir():
        raise NoObservationsError(name, "a folder named like a spreadsheet, not a file.")
    try:
        sha = sha256_of(path)
        size = path.stat().st_size
    except OSError as exc:
        raise open_error(name, exc) from exc
    if size > FAST_PATH_BYTES and path.suffix.lower() in {".xlsx", ".xlsm", ".ods", ".xls", ".csv"}:
        ho = _try_fast_home_office(path, name)
        if ho is not None:
            return _home_office_observations(ho, name, sha, report)
    fmt, sheets = read_sheets(path, name)
    for sheet in sheets:
        report.warnings += sheet.notes
        if sheet.truncated:
            report.warnings.append(
                f"sheet {sheet.name!r}: only the first rows were read; the sheet claims far more."
            )
    if any(homeoffice.is_header(row) for s in sheets for row in s.rows[:10]):
        return _home_office_observations(_careful_home_office(sheets), name, sha, report)
    if fmt == "csv" and is_manual(sheets[0].rows):
        return _manual_observations(sheets[0], name, sha, report)
    return _return_observations(sheets, rel, name, sha, force_option, report)


def _try_fast_home_office(path: Path, name: str) -> homeoffice.HomeOfficeReading | None:
    if path.suffix.lower() == ".csv":
        with path.open("rb") as fh:
            first = fh.readline(4096).decode("utf-8-sig", "replace").split(",")
        return homeoffice.read_csv(path, name) if homeoffice.is_header(first) else None
    reading = homeoffice.read_workbook(path, name)
    return reading if reading.rows_read else None


def _careful_home_office(sheets: list[Sheet]) -> homeoffice.HomeOfficeReading:
    import pyarrow as pa

    out = homeoffice.HomeOfficeReading()
    for sheet in sheets:
        header_at = next(
            (i for i, r in enumerate(sheet.rows[:10]) if homeoffice.is_header(r)), None
        )
        if header_at is None:
            continue
        header = [str(c or "") for c in sheet.rows[header_at]]
        body = sheet.rows[header_at + 1 :]
        keep = homeoffice.first_columns(header)
        columns = {
            header[i]: pa.array([_as_text(r[i] if i < len(r) else None) for r in body], pa.string())
            for i in keep
        }
        number_col = [h.strip().lower() for h in header].index("number of offences")
        homeoffice.filter_table(pa.table(columns), sheet.name, header_at, number_col, out)
    return out


def _as_text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _home_office_observations(
    ho: homeoffice.HomeOfficeReading, name: str, sha: str, report: FileReport
) -> tuple[list[Observation], FileReport]:
    report.kind = "home_office"
    report.force = "(many)"
    report.warnings += ho.warnings
    obs = [
        Observation(
            force=f.force,
            period_start=f.period.start,
            period_end=f.period.end,
            period_label=f.period.label,
            measure="stalking_offences",
            value=f.parsed.value,
            value_min=f.parsed.value_min,
            value_max=f.parsed.value_max,
            status=f.parsed.status,
            source_kind="home_office",
            source_file=name,
            source_sheet=f.sheet,
            source_cell=f.cell,
            source_label=f.label,
            source_sha256=sha,
        )
        for f in ho.figures
    ]
    return obs, report


def _manual_observations(
    sheet: Sheet, name: str, sha: str, report: FileReport
) -> tuple[list[Observation], FileReport]:
    reading = read_manual(sheet.rows, sheet.name)
    report.kind = "manual"
    report.force = ", ".join(sorted({f.area for f in reading.figures}))[:200]
    report.warnings += reading.warnings
    obs = [
        Observation(
            force=f.area,
            area_type=f.area_type,
            period_start=f.period.start,
            period_end=f.period.end,
            period_label=f.period.label,
            measure=f.measure,
            value=f.parsed.value,
            value_min=f.parsed.value_min,
            value_max=f.parsed.value_max,
            status=f.parsed.status,
            approximate=f.approximate,
            note=f.note,
            source_kind="manual",
            source_file=name,
            source_sheet=sheet.name,
            source_cell=f.cell,
            source_label=f.label,
            source_url=f.source,
            source_sha256=sha,
        )
        for f in reading.figures
    ]
    return obs, report


def _return_observations(
    sheets: list[Sheet],
    rel: Path,
    name: str,
    sha: str,
    force_option: Force | None,
    report: FileReport,
) -> tuple[list[Observation], FileReport]:
    report.kind = "foi_return"
    readings = [(s, read_sheet(s.rows, s.name)) for s in sheets]
    texts = [t for _, r in readings for t in r.texts]
    force, warnings = _force_for(rel, texts, force_option)
    report.force = force.slug
    report.warnings += warnings
    obs: list[Observation] = []
    for sheet, reading in readings:
        report.warnings += reading.warnings
        for f in reading.figures:
            obs.append(
                Observation(
                    force=force.slug,
                    period_start=f.period.start,
                    period_end=f.period.end,
                    period_label=f.period.label,
                    measure=f.measure,
                    value=f.parsed.value,
                    value_min=f.parsed.value_min,
                    value_max=f.parsed.value_max,
                    status=f.parsed.status,
                    approximate=f.parsed.approximate,
                    note=f.note,
                    source_file=name,
                    source_sheet=sheet.name,
                    source_cell=f.ref,
                    source_label=f.label,
                    source_sha256=sha,
                )
            )
    return obs, report


def _cache_key(sha: str, rel: str, force: Force | None) -> str:
    key = f"{__version__}\0{sha}\0{rel}\0{force.slug if force else ''}"
    return hashlib.sha256(key.encode()).hexdigest()


def ingest(
    raw: Path,
    out: Path,
    force: str | None = None,
    on_file: Callable[[Path], None] | None = None,
    use_cache: bool = True,
) -> IngestResult:
    """Read every return under raw and write the clean dataset to out (unless every file failed)."""
    started = time.perf_counter()
    force_option = get_force(force) if force else None
    paths = discover(raw)
    cache = out / CACHE_DIR
    observations: list[Observation] = []
    files: list[FileReport] = []
    used_keys: set[str] = set()
    for path in paths:
        if on_file:
            on_file(path)
        t0 = time.perf_counter()
        name = path.relative_to(raw).as_posix()
        key = None
        if use_cache and path.is_file():
            try:
                key = _cache_key(sha256_of(path), name, force_option)
            except OSError:
                key = None
        cached = _cache_get(cache, key) if key else None
        if cached is not None:
            obs, report = cached
            report.cached = True
        else:
            try:
                obs, report = read_file(path, raw, force_option)
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
            except SpoStatsError as exc:
                obs, report = [], FileReport(file=name, status="failed", error=str(exc))
            except ValidationError as exc:
                obs, report = [], FileReport(file=name, status="failed", error=f"{name}: {exc}")
            except (KeyboardInterrupt, MemoryError):
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
            if key and report.status == "ok":
                _cache_put(cache, key, obs, report)
        if key:
            used_keys.add(key)
        report.observations = len(obs)
        report.seconds = round(time.perf_counter() - t0, 4)
        observations.extend(obs)
        files.append(report)
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
    result = IngestResult(raw, out, observations, files, False, 0.0)
    fingerprint = hashlib.sha256("\0".join(sorted(used_keys)).encode()).hexdigest()
    if use_cache and len(used_keys) == len(paths) and _unchanged(out, fingerprint):
        # Every file came from the cache and the last run wrote exactly this dataset.
        result.written = True
    elif not paths or len(result.failed) < len(files):
        # A run in which every file failed must not replace a good dataset with an empty one.
        write_dataset(out, observations, result.report())
        _cache_prune(cache, used_keys)
        with contextlib.suppress(OSError):
            atomic_write_json(cache / FINGERPRINT, {"fingerprint": fingerprint})
        result.written = True
    result.seconds = time.perf_counter() - started
    return result


def _unchanged(out: Path, fingerprint: str) -> bool:
    """The clean folder holds the dataset built from exactly these files by this version."""
    if not all(
        (out / name).is_file() for name in (OBSERVATIONS_CSV, OBSERVATIONS_PARQUET, INGEST_REPORT)
    ):
        return False
    try:
        saved = json.loads((out / CACHE_DIR / FINGERPRINT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(saved.get("fingerprint") == fingerprint)


def _cache_get(cache: Path, key: str) -> tuple[list[Observation], FileReport] | None:
    path = cache / f"{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        obs = [Observation.model_validate(o) for o in data["observations"]]
        return obs, FileReport(**data["report"])
    except (OSError, ValueError, KeyError, TypeError, ValidationError):
        return None  # no entry, or a damaged one: read the file again


def _cache_put(cache: Path, key: str, obs: list[Observation], report: FileReport) -> None:
    data = {"observations": [o.model_dump(mode="json") for o in obs], "report": asdict(report)}
    # A cache that cannot be written only costs time.
    with contextlib.suppress(OSError):
        atomic_write_json(cache / f"{key}.json", data)


def _cache_prune(cache: Path, keep: set[str]) -> None:
    if not cache.is_dir():
        return
    for path in cache.glob("*.json"):
        if path.stem not in keep and path.name != FINGERPRINT:
            path.unlink(missing_ok=True)
