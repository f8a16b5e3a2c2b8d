"""What reading a sheet gives: figures with their meaning, numbers left out and why, and the
role every cell played (for explain)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from spo_stats.read.cells import cell_ref
from spo_stats.schema import FileWarning, Measure
from spo_stats.understand.layout import Block
from spo_stats.understand.periods import Period
from spo_stats.understand.values import ParsedValue

Role = Literal["figure", "left_out", "label", "text", "total", "hidden"]


@dataclass
class Figure:
    """One figure read from a cell; force None where the file's force applies."""

    row: int
    col: int
    measure: Measure
    period: Period
    parsed: ParsedValue
    label: str
    note: str = ""
    force: str | None = None
    definition: str = ""

    @property
    def ref(self) -> str:
        return cell_ref(self.row, self.col)


@dataclass
class LeftOut:
    cell: str
    reason: str
    label: str = ""


@dataclass
class SheetReading:
    figures: list[Figure] = field(default_factory=list)
    warnings: list[FileWarning] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # titles and prose, for finding the force
    # For explain: each cell's role and what the reader made of it (a figure's measure, period
    # and value; its force is the return's to say, once every sheet is read).
    roles: dict[tuple[int, int], tuple[Role, str]] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
