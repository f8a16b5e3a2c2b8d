"""Word letters (.docx) through python-docx: paragraphs as numbered lines, tables as cell grids.

Merged cells are unmerged as a spreadsheet's are: a merged label is copied to every cell it
spans, a merged number stays in its first cell (it is one figure).
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Any

from spo_stats.errors import UnreadableFileError
from spo_stats.read.cells import MAX_COLS, MAX_ROWS, Grid
from spo_stats.read.letters import Block, Letter, LetterTable, Line, assemble, clean_text, is_layout
from spo_stats.read.letters import spread_merged as _spread

_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def read_docx(path: Path, name: str) -> Letter:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, zlib.error, KeyError, ValueError) as exc:
        if _ENCRYPTED in path.read_bytes()[: 4 * 1024 * 1024]:
            raise UnreadableFileError(
                name,
                "the Word document is password-protected. Ask the force for an unprotected copy, "
                "or save one without the password.",
            ) from exc
        raise UnreadableFileError(
            name, "not a readable Word document (.docx); open and save it again in Word."
        ) from exc
    except Exception as exc:  # lxml raises its own types for damaged XML
        raise UnreadableFileError(
            name, f"not a readable Word document ({type(exc).__name__}); open and save it again."
        ) from exc
    blocks: list[Block] = []
    para = 0
    tables = 0
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            tables += 1
            grid = _grid(item)
            if grid and not is_layout(grid):
                blocks.append(LetterTable(f"table {tables}", grid))
                continue
            # A table that lays out text: each cell's paragraphs are the letter's paragraphs.
            for text in _cell_paragraphs(item):
                para += 1
                blocks.append(_lines(text, para))
            continue
        if item.text.strip():
            para += 1
            blocks.append(_lines(item.text, para))
    letter = assemble("docx", blocks)
    # The letterhead (force name, reference) is often in the page header.
    header = [
        clean_text(p.text)
        for section in document.sections
        for p in section.header.paragraphs
        if clean_text(p.text)
    ]
    letter.heading_texts = header + letter.heading_texts
    return letter


def _lines(text: str, para: int) -> list[Line]:
    texts = [t for t in (clean_text(x) for x in text.split("\n")) if t]
    suffix = len(texts) > 1
    return [
        Line(t, "text", f"paragraph {para}" + (f", line {i}" if suffix else ""), para)
        for i, t in enumerate(texts, start=1)
    ]


def _cell_paragraphs(table: Any) -> list[str]:
    """The paragraphs in a table's cells, row by row, each merged cell once."""
    from docx.table import _Cell

    out: list[str] = []
    for row in table.rows:
        for tc in row._tr.tc_lst:
            if tc.vMerge == "continue":
                continue
            out += [p.text for p in _Cell(tc, table).paragraphs if p.text.strip()]
    return out


def _grid(table: Any) -> Grid:
    """The table's cells on its grid, merged cells unmerged."""
    from docx.table import _Cell

    grid: Grid = []
    spans: list[tuple[int, int, int, int]] = []
    origin_in_column: dict[int, int] = {}  # column -> index in spans of the merge it continues
    for r, row in enumerate(table.rows):
        if r >= MAX_ROWS:
            break
        tr = row._tr
        cells: list[Any] = [None] * (tr.grid_before or 0)
        for tc in tr.tc_lst:
            col = len(cells)
            span = max(tc.grid_span, 1)
            if tc.vMerge == "continue":
                cells.extend([None] * span)
                if (k := origin_in_column.get(col)) is not None:
                    r0, c0, _, c1 = spans[k]
                    spans[k] = (r0, c0, r, c1)
                continue
            text = clean_text(_Cell(tc, table).text) or None
            cells.append(text)
            cells.extend([None] * (span - 1))
            if span > 1 or tc.vMerge == "restart":
                spans.append((r, col, r, col + span - 1))
                if tc.vMerge == "restart":
                    origin_in_column[col] = len(spans) - 1
            else:
                origin_in_column.pop(col, None)
        grid.append(cells[:MAX_COLS])
    width = max((len(row) for row in grid), default=0)
    for row in grid:
        row.extend([None] * (width - len(row)))
    _spread(grid, spans)
    # Empty rows stay (a citation counts rows as the table shows them); a trailing one goes.
    while grid and all(cell is None for cell in grid[-1]):
        grid.pop()
    return grid
