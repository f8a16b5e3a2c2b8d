"""Reading one file into observations: a force's return, the Home Office table, or manual entries."""

from __future__ import annotations

from pathlib import Path

from spo_stats.errors import NoObservationsError, NotAReturnError, UnknownTableForceError
from spo_stats.forces import Force
from spo_stats.read.cells import (
    Grid,
    Peek,
    Sheet,
    mentions_words,
    peek,
    read_sheets,
    refuse_huge_sheets,
)
from spo_stats.read.formats import BY_NAME, SHEET_SUFFIXES
from spo_stats.read.formats import detect as detect_letter
from spo_stats.schema import SOURCES_COLUMNS, FileReport, FileWarning, Observation
from spo_stats.schema import notes as schema_notes
from spo_stats.sources import compiled, homeoffice, provenance, sidecar
from spo_stats.sources.foi_return import return_observations
from spo_stats.sources.letters import read_letter_file
from spo_stats.sources.manual import is_manual, read_manual
from spo_stats.sources.observation import areas_label, observation
from spo_stats.sources.release import Release, release_of, set_aside
from spo_stats.understand.periods import Period

# Above this size a workbook is first peeked at as a possible Home Office table, read by the fast
# Arrow path; smaller files are read cell by cell.
FAST_PATH_BYTES = 2 * 1024 * 1024
# Words any return or table of ours holds somewhere; a large file without them is not read cell by
# cell (a workbook of millions of unrelated numbers would take minutes to say it found nothing).
_RETURN_WORDS = (b"stalk", b"protection order", b" spo", b"spo ", b"spos", b"8q")


def read_file(
    path: Path, raw: Path, force_option: Force | None, sha: str | None = None
) -> tuple[list[Observation], FileReport]:
    """Every observation in one file and its report line; SpoStatsError for a file that fails.

    sha: the file's SHA-256 where the caller has already hashed it (for the cache key). A sidecar
    beside the file (<file>.spo.toml, sources/sidecar.py) says what the file does not; a
    provenance beside a fetched file (sources/provenance.py) cites where it was published.
    """
    side_path = sidecar.path_for(path)
    side = None
    if side_path.is_file():
        side = sidecar.load(side_path, side_path.relative_to(raw).as_posix())
    found = provenance.beside(path)  # loaded once, for the release date and the citation
    obs, report = _read_file(path, raw, force_option, sha, side, found)
    if side is not None:
        obs = sidecar.with_citation(obs, side)
    obs, notes = provenance.cite(path, obs, found)
    report.warnings += schema_notes(notes)
    return obs, report


def _read_file(
    path: Path,
    raw: Path,
    force_option: Force | None,
    sha: str | None,
    side: sidecar.Sidecar | None,
    found: provenance.Beside,
) -> tuple[list[Observation], FileReport]:
    rel = path.relative_to(raw)
    name = rel.as_posix()
    report = FileReport(file=name, status="ok")
    if path.is_dir():
        raise NoObservationsError(name, "a folder named like a spreadsheet, not a file.")
    # One opening of the file for its hash, its format and (a small one) its bytes.
    seen = peek(path, name, with_sha=sha is None)
    sha, size = sha or seen.sha, seen.size
    letter = detect_letter(path, name, seen)
    if letter is not None:
        return read_letter_file(path, rel, name, sha, force_option, letter, report, seen.data)
    if size > FAST_PATH_BYTES and path.suffix.lower() in SHEET_SUFFIXES:
        refuse_huge_sheets(path, name, seen)
        ho = _try_fast_home_office(path, name, seen)
        if ho is not None:
            return _home_office_observations(
                ho, name, sha, report, release_of(path, name, sha, found)
            )
        if not mentions_words(path, _RETURN_WORDS):
            raise NotAReturnError(
                name,
                "not a return: no text in it mentions stalking or Stalking Protection Orders "
                "(a large file, so only its words were read).",
            )
    fmt, sheets = read_sheets(path, name, seen)
    if any(_written_by_spo_stats(s.rows) for s in sheets):
        raise NotAReturnError(
            name,
            "a table spo-stats wrote (a dataset, or the list of sources beside a briefing), "
            "not a return: not read.",
        )
    hints = None
    if side is not None:
        hints = sidecar.hints(side, [s.name for s in sheets])
        sheets, said = sidecar.apply_to_sheets(sheets, hints)
        report.warnings += schema_notes(said)
        if side.spec.compiled is not None:
            report.kind = "compiled"
            obs, report.force, said = compiled.observations(sheets, side, name, sha)
            report.warnings += schema_notes(said)
            return obs, report
    for sheet in sheets:
        report.warnings += schema_notes(sheet.notes)
        if sheet.truncated:
            report.warnings.append(
                FileWarning(
                    f"sheet {sheet.name!r}: only the first rows were read; the sheet claims "
                    "far more."
                )
            )
    if any(homeoffice.is_header(row) for s in sheets for row in s.rows[:10]):
        return _home_office_observations(
            _careful_home_office(sheets), name, sha, report, release_of(path, name, sha, found)
        )
    if fmt == "csv" and is_manual(sheets[0].rows):
        return _manual_observations(sheets[0], name, sha, report)
    return return_observations(sheets, rel, name, sha, force_option, report, hints)


def _try_fast_home_office(path: Path, name: str, seen: Peek) -> homeoffice.HomeOfficeReading | None:
    if path.suffix.lower() in BY_NAME["csv"].suffixes:
        line = seen.head[:4096].split(b"\n", 1)[0]  # the header, from the bytes peeked
        first = line.decode("utf-8-sig", "replace").split(",")
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


def _fy_quarter_label(period: Period) -> str:
    """A financial quarter as the Home Office labels it: April to June 2017 is 2017/18 Q1."""
    first = period.start.year if period.start.month >= 4 else period.start.year - 1
    quarter = (period.start.month - 4) % 12 // 3 + 1
    return f"{first}/{str(first + 1)[2:]} Q{quarter}"


def _home_office_observations(
    ho: homeoffice.HomeOfficeReading, name: str, sha: str, report: FileReport, release: Release
) -> tuple[list[Observation], FileReport]:
    if ho.unknown:
        # A force left out would silently lower every national figure: the file fails instead.
        raise UnknownTableForceError(name, ho.unknown)
    report.kind = "home_office"
    report.force = "(many)"
    report.warnings += schema_notes(ho.warnings)
    latest = max((f.period.end for f in ho.figures), default=None)
    if release.date is not None and latest is not None and latest > release.date:
        release = set_aside(
            release,
            f"the release date {release.date} ({release.how}) is before the table's last "
            f"quarter ends ({latest}), so it cannot be the release date; it was not used.",
        )
    if release.warning:
        report.warnings.append(FileWarning(release.warning))
    obs = [
        observation(
            f.period,
            f.parsed,
            period_label=_fy_quarter_label(f.period),
            force=f.force,
            measure="stalking_offences",
            source_kind="home_office",
            source=release.source,
            source_date=release.date,
            source_url=release.url,
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
    report.force = areas_label((f.area for f in reading.figures), "areas")
    report.warnings += schema_notes(reading.warnings)
    obs = [
        observation(
            f.period,
            f.parsed,
            force=f.area,
            area_type=f.area_type,
            measure=f.measure,
            approximate=f.approximate,
            note=f.note,
            definition=f.definition,
            source_kind="manual",
            source_type=f.source_type,
            source_file=name,
            source_sheet=sheet.name,
            source_cell=f.cell,
            source_label=f.label,
            source=f.source,
            source_url=f.url,
            source_copy_url=f.copy_url,
            source_sha256=sha,
        )
        for f in reading.figures
    ]
    return obs, report


# The header rows of tables spo-stats writes: read back as a return, each figure would count
# twice, once from its return and once from our copy of it.
_OWN_HEADERS = (tuple(Observation.model_fields), SOURCES_COLUMNS)


def _written_by_spo_stats(rows: Grid) -> bool:
    first = next((row for row in rows if any(v is not None for v in row)), None)
    if first is None:
        return False
    head = [str(v) if v is not None else "" for v in first]
    while head and not head[-1]:
        head.pop()
    return tuple(head) in _OWN_HEADERS
