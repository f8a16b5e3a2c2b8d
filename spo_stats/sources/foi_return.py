"""A force's own return: its sheets read into figures, each figure given its force, and checked.

The force is per figure: a force named in a figure's labels or its table's title is that figure's
force; the others take the file's force (a sidecar, the folder or file name, or the one force the
file's titles name; --force only where none of those tells). A file never gives two values for
one force, period and measure: such cells are left out and named.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from spo_stats.errors import (
    ForceConflictError,
    ForceNotIdentifiedError,
    SidecarForceConflictError,
    SpoStatsError,
)
from spo_stats.forces import Force, find_force, forces_in_name, forces_in_text, get_force
from spo_stats.read.cells import Sheet
from spo_stats.schema import FileReport, FileWarning, Observation
from spo_stats.sources.observation import areas_label, observation
from spo_stats.understand.figures import Figure, LeftOut, SheetReading
from spo_stats.understand.hints import ReadHints
from spo_stats.understand.question_sheets import question_sheet_figures
from spo_stats.understand.tables import is_heading, read_sheet


@dataclass
class ReturnReading:
    figures: list[tuple[Sheet, Figure, str]] = field(default_factory=list)  # sheet, figure, force
    left_out: list[dict[str, str]] = field(default_factory=list)
    warnings: list[FileWarning] = field(default_factory=list)
    forces: list[str] = field(default_factory=list)
    sheets: list[tuple[Sheet, SheetReading]] = field(default_factory=list)  # for explain
    error: str = ""


def force_from_path(rel: Path) -> Force | None:
    for part in rel.parts[:-1]:
        if (force := find_force(part)) is not None:
            return force
    found = forces_in_name(rel.stem)
    return get_force(found.pop()) if len(found) == 1 else None


# Reading a sheet's tables costs tens of microseconds a cell: a grid filled to the reader's caps
# (4 million cells) took minutes. A return's tables hold hundreds of cells, a large one a few
# thousand; a sheet or file far beyond that is not read cell by cell, and says so.
MAX_SHEET_CELLS = 60_000
MAX_FILE_CELLS = 100_000


def read_return(
    sheets: list[Sheet],
    rel: Path,
    option: Force | None,
    hints: ReadHints | None = None,
    strict: bool = True,
) -> ReturnReading:
    """The figures of a return with their forces; strict=False keeps going where the file's force
    cannot be told (for explain), leaving its unlabelled figures out and saying why in `error`."""
    hints = hints or ReadHints()
    out = ReturnReading()
    readings: list[tuple[Sheet, SheetReading]] = []
    read_cells = 0
    for sheet in sheets:
        if sheet.hidden:
            out.warnings.append(FileWarning(f"sheet {sheet.name!r} is hidden: not read as data."))
            continue
        if sheet.name in hints.skip_sheets:
            continue
        filled = sum(1 for row in sheet.rows for v in row if v is not None)
        if filled > MAX_SHEET_CELLS or read_cells + filled > MAX_FILE_CELLS:
            out.warnings.append(
                FileWarning(
                    f"sheet {sheet.name!r} holds {filled:,} filled cells, far more than a "
                    "return's tables: not read (a compiled table is read through a sidecar; "
                    "see README)."
                )
            )
            continue
        read_cells += filled
        reading = read_sheet(
            sheet.rows, sheet.name, hints, sheet.hidden_rows, sheet.hidden_cols, sheet.prose
        )
        if sheet.hidden_rows or sheet.hidden_cols:
            out.warnings.append(
                FileWarning(
                    f"sheet {sheet.name!r}: {len(sheet.hidden_rows)} hidden row(s) and "
                    f"{len(sheet.hidden_cols)} hidden column(s) not read as data."
                )
            )
        readings.append((sheet, reading))
        out.sheets.append((sheet, reading))
        out.warnings += reading.warnings
        out.left_out += [_left(sheet.name, x) for x in reading.left_out]
    worded = question_sheet_figures([(s.name, s.rows, r) for s, r in readings])
    for sheet, reading in readings:
        reading.figures += worded.get(sheet.name, [])
    try:
        file_force = _file_force(rel, readings, option, hints)
    except SpoStatsError as exc:
        if strict:
            raise
        file_force, out.error = None, str(exc)
    keyed: dict[tuple[str, object, str], list[tuple[Sheet, Figure, str]]] = defaultdict(list)
    for sheet, reading in readings:
        for f in reading.figures:
            force = f.force or (file_force.slug if file_force else None)
            if force is None:
                out.left_out.append(
                    _left(sheet.name, LeftOut(f.ref, "no force: the file holds several", f.label))
                )
                continue
            if option is not None and f.force and f.force != option.slug:
                raise ForceConflictError(str(rel), option.slug, f.force, f"{sheet.name}!{f.ref}")
            keyed[(force, f.period, f.measure)].append((sheet, f, force))
    for (force, period, measure), found in keyed.items():
        values = {
            (f.parsed.status, f.parsed.value, f.parsed.value_min, f.parsed.value_max)
            for _, f, _ in found
        }
        if len(values) > 1:
            _leave_out_conflict(
                out, found, f"{force}, {measure}, {getattr(period, 'label', period)}"
            )
            continue
        out.figures.append(found[0])
    out.forces = sorted({force for _, _, force in out.figures})
    return out


def _leave_out_conflict(
    out: ReturnReading, found: list[tuple[Sheet, Figure, str]], what: str
) -> None:
    """Cells that give one figure different values: each left out under its own labels, and a
    warning naming the cells together (as fields, so that a letter's table placed below its
    title shifts them)."""
    for s, f, _ in found:
        reason = "one file gives two values for one figure"
        out.left_out.append(_left(s.name, LeftOut(f.ref, reason, f.label)))
    out.warnings.append(
        FileWarning(
            "cells ",
            "conflicting_cells",
            cells=tuple((s.name, f.ref) for s, f, _ in found),
            after=f" give different values for {what}: all left out; check the return.",
        )
    )


def _left(sheet: str, x: LeftOut) -> dict[str, str]:
    return {"sheet": sheet, "cell": x.cell, "reason": x.reason, "label": x.label}


def _file_force(
    rel: Path, readings: list[tuple[Sheet, SheetReading]], option: Force | None, hints: ReadHints
) -> Force | None:
    """The force of figures that name none; None where the file holds several forces' figures."""
    texts = [t for sheet, reading in readings for t in (sheet.name, *reading.texts)]
    labelled = {f.force for _, r in readings for f in r.figures if f.force}
    has_figures = any(r.figures for _, r in readings)
    return file_force(rel, texts, option, hints, labelled, has_figures)


def file_force(
    rel: Path,
    texts: list[str],
    option: Force | None,
    hints: ReadHints | None = None,
    labelled: set[str] | None = None,
    has_figures: bool = True,
) -> Force | None:
    """A file's force from a sidecar, its folder or name, its titles or its text; --force only
    where none of those tells, and an error where they name another force.

    labelled: forces its figures name themselves (a joint answer, a compiled table), which need
    no file force; has_figures False: a file with nothing to attribute gets None, not an error.
    """
    hints = hints or ReadHints()
    labelled = labelled or set()
    titled: set[str] = set()
    named: set[str] = set()
    for text in texts:
        found = forces_in_text(text)
        named |= found
        if is_heading(text):
            titled |= found
    if hints.force:
        # A person's statement about this file wins over its path, but not over its own words.
        stated = get_force(hints.force)
        if named and stated.slug not in named:
            raise SidecarForceConflictError(
                str(rel), hints.sidecar, stated.slug, ", ".join(sorted(named))
            )
        return stated
    from_path = force_from_path(rel)
    told = from_path.slug if from_path else (next(iter(titled)) if len(titled) == 1 else None)
    if told is None and len(named) == 1 and not labelled:
        told = next(iter(named))
    if option is not None:
        if told is not None and told != option.slug:
            raise ForceConflictError(str(rel), option.slug, told, "its folder, name or titles")
        return option
    if from_path is not None:
        if len(titled) == 1 and from_path.slug not in titled and not labelled:
            raise ForceConflictError(str(rel), from_path.slug, next(iter(titled)), "its titles")
        return from_path
    if told is not None:
        return get_force(told)
    if labelled or not has_figures:
        return None  # a joint answer or a compiled table (every figure names its force), or none
    detail = f"its text names {', '.join(sorted(named))}" if named else ""
    raise ForceNotIdentifiedError(str(rel), detail)


def return_observations(
    sheets: list[Sheet],
    rel: Path,
    name: str,
    sha: str,
    force_option: Force | None,
    report: FileReport,
    hints: ReadHints | None = None,
) -> tuple[list[Observation], FileReport]:
    """A return's figures as observations, and its report line filled in."""
    report.kind = "foi_return"
    reading = read_return(sheets, rel, force_option, hints)
    report.force = areas_label(reading.forces)
    report.warnings += reading.warnings
    report.left_out += reading.left_out
    obs: list[Observation] = []
    for sheet, f, force in reading.figures:
        obs.append(
            observation(
                f.period,
                f.parsed,
                force=force,
                measure=f.measure,
                approximate=f.parsed.approximate,
                note=f.note,
                definition=f.definition,
                source_file=name,
                source_sheet=sheet.name,
                source_cell=f.ref,
                source_label=f.label,
                source_sha256=sha,
            )
        )
    return obs, report
