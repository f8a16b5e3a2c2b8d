"""The generator's data: a truth figure, a rendered table (Block), a sheet, a file, a return."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

Key = tuple[str, str, date, date]  # force, measure, period start, period end


@dataclass(frozen=True)
class Truth:
    """A figure a correct reader may give; required ones it must give."""

    force: str
    measure: str
    start: date
    end: date
    status: str  # reported, suppressed, not_held, refused
    value: int | None = None
    lo: int | None = None
    hi: int | None = None
    required: bool = True
    tags: tuple[str, ...] = ()
    where: str = ""  # file, sheet and cell, once placed

    @property
    def key(self) -> Key:
        return (self.force, self.measure, self.start, self.end)

    def show(self) -> str:
        v = self.value if self.status == "reported" else self.status
        b = f" [{self.lo}..{self.hi}]" if self.lo is not None or self.hi is not None else ""
        return f"{self.force} {self.measure} {self.start}..{self.end} = {v}{b} at {self.where}"


@dataclass
class Block:
    """One table as a small grid; positions are 0-based inside the block."""

    rows: list[list[Any]]
    figures: dict[tuple[int, int], Truth] = field(default_factory=dict)
    decoys: dict[tuple[int, int], str] = field(default_factory=dict)  # numbers to leave out: why
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    sheet: str | None = None  # the block's own sheet, named for its period (sheet_per_period)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class SheetSpec:
    name: str
    rows: list[list[Any]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    hidden: bool = False
    figures: dict[tuple[int, int], Truth] = field(default_factory=dict)
    decoys: dict[tuple[int, int], str] = field(default_factory=dict)

    def place(self, block: Block, top: int, left: int) -> None:
        for r, row in enumerate(block.rows):
            while len(self.rows) <= top + r:
                self.rows.append([])
            target = self.rows[top + r]
            for c, v in enumerate(row):
                if v is None:
                    continue
                while len(target) <= left + c:
                    target.append(None)
                target[left + c] = v
        self.merges += [(top + a, left + b, top + c, left + d) for a, b, c, d in block.merges]
        self.hidden_rows |= {top + r for r in block.hidden_rows}
        self.hidden_cols |= {left + c for c in block.hidden_cols}
        for (r, c), t in block.figures.items():
            self.figures[(top + r, left + c)] = t
        for (r, c), why in block.decoys.items():
            self.decoys[(top + r, left + c)] = why

    def append(self, block: Block, gap: int = 1) -> None:
        """Below what is there, after gap blank rows."""
        top = len(self.rows) + gap if self.rows else 0
        self.place(block, top, 0)

    def text(self, line: str) -> None:
        self.rows.append([line])


@dataclass
class FileSpec:
    path: str  # relative to the raw folder
    fmt: str  # xlsx, xls, ods, csv
    sheets: list[SheetSpec]


@dataclass
class GeneratedReturn:
    files: list[FileSpec]
    truth: list[Truth]
    tags: set[str]
    # Numbers a correct reader leaves out, by "file!sheet!cell": why (decoys, breakdown parts).
    left_out: dict[str, str] = field(default_factory=dict)
    force_option: str | None = None  # the ingest's --force, if the return is read with one

    def __repr__(self) -> str:
        # What Hypothesis prints for a falsifying example; the failure message has the cells.
        return f"<return {', '.join(f.path for f in self.files)}: {', '.join(sorted(self.tags))}>"

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(repr(self))

    @property
    def required(self) -> list[Truth]:
        return [t for t in self.truth if t.required]

    def describe(self) -> str:
        """The return as text, for a failure message that explains itself."""
        from spo_stats.read.cells import cell_ref

        out = [f"transforms: {', '.join(sorted(self.tags))}"]
        if self.force_option:
            out.append(f"ingested with --force {self.force_option}")
        for f in self.files:
            for s in f.sheets:
                hidden = " (hidden sheet)" if s.hidden else ""
                out.append(f"--- {f.path} [{f.fmt}] sheet {s.name!r}{hidden}")
                for r, row in enumerate(s.rows):
                    if not any(v is not None for v in row):
                        continue
                    mark = " (hidden row)" if r in s.hidden_rows else ""
                    cells = [f"{cell_ref(r, c)}={v!r}" for c, v in enumerate(row) if v is not None]
                    out.append("  " + "  ".join(cells) + mark)
                if s.hidden_cols:
                    out.append(f"  hidden columns: {sorted(s.hidden_cols)}")
        return "\n".join(out)
