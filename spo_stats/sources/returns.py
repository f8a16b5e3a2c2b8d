"""Reading one file into observations: a force's return, the Home Office table, or manual entries."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spo_stats.errors import (
    ForceNotIdentifiedError,
    NoObservationsError,
)
from spo_stats.forces import Force, find_force, forces_in_text, get_force
from spo_stats.read.cells import Sheet, open_error, read_sheets
from spo_stats.read.letters import detect as detect_letter
from spo_stats.schema import Observation
from spo_stats.sources import homeoffice
from spo_stats.sources.manual import is_manual, read_manual
from spo_stats.understand.periods import Period
from spo_stats.understand.tables import read_sheet
from spo_stats.understand.values import ParsedValue

# Above this size a workbook is first peeked at as a possible Home Office table, read by the fast
# Arrow path; smaller files are read cell by cell.
FAST_PATH_BYTES = 2 * 1024 * 1024


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
    path: Path, raw: Path, force_option: Force | None, sha: str | None = None
) -> tuple[list[Observation], FileReport]:
    """Every observation in one file and its report line; SpoStatsError for a file that fails.

    sha: the file's SHA-256 where the caller has already hashed it (for the cache key).
    """
    rel = path.relative_to(raw)
    name = rel.as_posix()
    report = FileReport(file=name, status="ok")
    if path.is_dir():
        raise NoObservationsError(name, "a folder named like a spreadsheet, not a file.")
    try:
        sha = sha or sha256_of(path)
        size = path.stat().st_size
    except OSError as exc:
        raise open_error(name, exc) from exc
    letter = detect_letter(path, name)
    if letter is not None:
        from spo_stats.sources.letters import read_letter_file

        return read_letter_file(path, rel, name, sha, force_option, letter, report)
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


def _observation(period: Period, parsed: ParsedValue, **fields: Any) -> Observation:
    """An observation of a figure: the period's dates and the parsed value's status and bounds."""
    return Observation(
        period_start=period.start,
        period_end=period.end,
        period_label=period.label,
        value=parsed.value,
        value_min=parsed.value_min,
        value_max=parsed.value_max,
        status=parsed.status,
        **fields,
    )


def _home_office_observations(
    ho: homeoffice.HomeOfficeReading, name: str, sha: str, report: FileReport
) -> tuple[list[Observation], FileReport]:
    report.kind = "home_office"
    report.force = "(many)"
    report.warnings += ho.warnings
    obs = [
        _observation(
            f.period,
            f.parsed,
            force=f.force,
            measure="stalking_offences",
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
    areas = sorted({f.area for f in reading.figures})
    report.force = areas[0] if len(areas) == 1 else f"({len(areas)} areas)"
    report.warnings += reading.warnings
    obs = [
        _observation(
            f.period,
            f.parsed,
            force=f.area,
            area_type=f.area_type,
            measure=f.measure,
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
                _observation(
                    f.period,
                    f.parsed,
                    force=force.slug,
                    measure=f.measure,
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
