"""Why each cell of a return became what it did: the reading of one file, cell by cell.

`spo-stats explain` shows this as a grid in the terminal or as one self-contained HTML page, so a
researcher can check a new return in seconds: every figure with its force, measure and period,
every number left out with its reason, and the labels that decided.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from spo_stats.errors import SheetNotFoundError
from spo_stats.forces import Force
from spo_stats.read.cells import CellValue, Grid, cell_ref, read_sheets
from spo_stats.sources import sidecar
from spo_stats.sources.foi_return import read_return
from spo_stats.understand.figures import Role
from spo_stats.understand.hints import ReadHints

# Sheets wider or longer than this are explained in their top-left corner only.
MAX_ROWS, MAX_COLS = 200, 40


@dataclass
class CellExplanation:
    value: CellValue
    role: Role | None  # None: an empty cell, or one no table reached
    detail: str = ""


@dataclass
class SheetExplanation:
    name: str
    rows: list[list[CellExplanation]]
    hidden: bool = False
    cut: bool = False  # the sheet was larger than what is shown
    figures: int = 0
    left_out: int = 0


@dataclass
class Explanation:
    file: str
    sheets: list[SheetExplanation] = field(default_factory=list)
    forces: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""  # why the file as a whole gave nothing (e.g. its force cannot be told)


def explain_file(
    path: Path,
    sheet: str | None = None,
    force: Force | None = None,
    hints: ReadHints | None = None,
    rel: Path | None = None,
) -> Explanation:
    """The reading of one return, every cell with its role and reason."""
    _, sheets = read_sheets(path, str(path))
    if sheet is not None:
        chosen = [s for s in sheets if s.name == sheet]
        if not chosen:
            raise SheetNotFoundError(str(path), sheet, [s.name for s in sheets])
        sheets = chosen
    side = sidecar.path_for(path)
    if hints is None and side.is_file():
        # Read as ingest reads it: what the sidecar beside it states applies here too.
        hints = sidecar.hints(sidecar.load(side), [s.name for s in sheets])
        sheets, _ = sidecar.apply_to_sheets(sheets, hints)
    reading = read_return(sheets, rel or path, force, hints, strict=False)
    out = Explanation(str(path), forces=reading.forces, warnings=[w.text for w in reading.warnings])
    out.error = reading.error
    readings = {s.name: r for s, r in reading.sheets}
    kept = {(s.name, f.ref): force for s, f, force in reading.figures}
    why = {(x["sheet"], x["cell"]): x["reason"] for x in reading.left_out}
    for s in sheets:
        r = readings.get(s.name)
        out.sheets.append(_sheet(s.name, s.rows, r.roles if r else {}, s.hidden, kept, why))
    return out


def _sheet(
    name: str,
    rows: Grid,
    roles: dict[tuple[int, int], tuple[Role, str]],
    hidden: bool,
    kept: dict[tuple[str, str], str],
    why: dict[tuple[str, str], str],
) -> SheetExplanation:
    height = min(len(rows), MAX_ROWS)
    width = min(max((len(r) for r in rows), default=0), MAX_COLS)
    grid: list[list[CellExplanation]] = []
    figures = left = 0
    for r in range(height):
        line = []
        for c in range(width):
            v = rows[r][c] if c < len(rows[r]) else None
            role, detail = roles.get((r, c), (None, ""))
            if role == "figure" and (name, cell_ref(r, c)) not in kept:
                # Read from the cells, then left out for the file as a whole (its force, two values).
                role, detail = "left_out", why.get((name, cell_ref(r, c)), "left out")
            elif role == "figure":
                # The reader says what a cell is; its force is the return's reading's (its own
                # label's, or the file's), named here rather than patched into those words.
                detail = f"{kept[(name, cell_ref(r, c))]} · {detail}"
            figures += role == "figure"
            left += role == "left_out"
            line.append(CellExplanation(v, role, detail))
        grid.append(line)
    cut = len(rows) > MAX_ROWS or any(len(r) > MAX_COLS for r in rows)
    return SheetExplanation(name, grid, hidden, cut, figures, left)
