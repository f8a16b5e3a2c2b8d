"""Word letters (.docx) through python-docx: paragraphs as numbered lines, tables as cell grids.

Merged cells are unmerged as a spreadsheet's are: a merged label is copied to every cell it
spans, a merged number stays in its first cell (it is one figure).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spo_stats.errors import UnreadableFileError
from spo_stats.read.cells import MAX_COLS, MAX_ROWS, Grid
from spo_stats.read.letters import (
    Block,
    Letter,
    LetterTable,
    Line,
    assemble,
    clean_text,
    is_layout,
    spaced_fields,
)
from spo_stats.read.letters import spread_merged as _spread

_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


# A reply letter runs to a few hundred paragraphs; reading one costs about half a millisecond, so
# a document of 30,000 took 12 s. Past this many, the rest is not read, and the letter says so.
MAX_PARAGRAPHS = 5_000


def read_docx(path: Path, name: str, data: bytes | None = None) -> Letter:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data) if data is not None else str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, zlib.error, KeyError, ValueError) as exc:
        if _ENCRYPTED in (data if data is not None else path.read_bytes())[: 4 * 1024 * 1024]:
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
    number = _list_numbers(document)
    notes: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            tables += 1
            grid = _grid(item)
            if grid and not is_layout(grid):
                blocks.append(LetterTable(f"table {tables}", grid))
                continue
            # A table that lays out text: each cell's paragraphs are the letter's paragraphs,
            # and a table inside a cell (a Q/R letter's answer set out as a table) a table.
            for inner in _cell_contents(item):
                if isinstance(inner, str):
                    para += 1
                    blocks.append(_lines(inner, para))
                elif (grid := _grid(inner)) and not is_layout(grid):
                    tables += 1
                    blocks.append(LetterTable(f"table {tables}", grid))
            continue
        if para >= MAX_PARAGRAPHS:
            notes.append(f"only the first {MAX_PARAGRAPHS:,} paragraphs were read.")
            break
        if (text := item.text).strip():
            para += 1
            blocks.append(_lines(number(item) + text, para))
    letter = assemble("docx", blocks, notes)
    # The letterhead (force name, reference) is often in the page header.
    header = [
        clean_text(p.text)
        for section in document.sections
        for p in section.header.paragraphs
        if clean_text(p.text)
    ]
    letter.heading_texts = header + letter.heading_texts
    return letter


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _list_numbers(document: Any) -> Callable[[Any], str]:
    """Word draws a numbered list's numbers ("1.") itself; they are not in the paragraph's text.

    Returns a function giving a paragraph the number Word shows before it ("1. "), for decimal
    lists at their first level, and "" for any other paragraph. Only a list that runs unbroken
    is numbered: where a list's definition is taken up again after other paragraphs, Word may
    restart or continue it, and a wrong number would pair a question with another's answer.
    """
    try:
        numbering = document.part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError):
        return lambda paragraph: ""
    levels: dict[str, tuple[str, int, str]] = {}  # abstract id -> (format, start, text) of level 0
    for abstract in numbering.findall(f"{_W}abstractNum"):
        for lvl in abstract.findall(f"{_W}lvl"):
            if lvl.get(f"{_W}ilvl") == "0":
                fmt, start, text = (
                    lvl.find(f"{_W}{tag}") for tag in ("numFmt", "start", "lvlText")
                )
                levels[abstract.get(f"{_W}abstractNumId", "")] = (
                    fmt.get(f"{_W}val", "") if fmt is not None else "",
                    int(start.get(f"{_W}val", "1")) if start is not None else 1,
                    text.get(f"{_W}val", "%1.") if text is not None else "%1.",
                )
    nums: dict[str, tuple[str, int | None]] = {}  # num id -> (abstract id, restart at)
    for num in numbering.findall(f"{_W}num"):
        ref = num.find(f"{_W}abstractNumId")
        restart = num.find(f"{_W}lvlOverride/{_W}startOverride")
        nums[num.get(f"{_W}numId", "")] = (
            ref.get(f"{_W}val", "") if ref is not None else "",
            int(restart.get(f"{_W}val", "1")) if restart is not None else None,
        )
    # abstract id -> its runs of consecutive paragraphs: (paragraph, num id, level)
    runs: dict[str, list[list[tuple[Any, str, int]]]] = {}
    previous: str | None = None
    styles: dict[str | None, list[Any]] = {}
    for paragraph in document.paragraphs:
        num_id, ilvl = _num_pr(paragraph, styles)
        if num_id is None or num_id not in nums:
            if paragraph.text.strip():
                previous = None
            continue
        abstract = nums[num_id][0]
        if abstract != previous:
            runs.setdefault(abstract, []).append([])
        runs[abstract][-1].append((paragraph._p, num_id, ilvl))
        previous = abstract
    shown: dict[Any, str] = {}
    for abstract, found in runs.items():
        fmt, start, text = levels.get(abstract, ("", 1, ""))
        if len(found) != 1 or len({n for _, n, _ in found[0]}) != 1:
            continue  # taken up again, or restarted part-way: Word's number is not certain
        if fmt != "decimal" or "%1" not in text:
            continue
        restart = nums[found[0][0][1]][1]
        count = (restart if restart is not None else start) - 1
        for element, _, ilvl in found[0]:
            if ilvl == 0:
                count += 1
                shown[element] = text.replace("%1", str(count)) + " "
    return lambda paragraph: shown.get(paragraph._p, "")


def _num_pr(paragraph: Any, styles: dict[str | None, list[Any]]) -> tuple[str | None, int]:
    """The list (numId) and level of a paragraph, set on it or on its style.

    styles: each style id's chain of paragraph properties, filled as styles are met. python-docx
    finds a paragraph's style by scanning every style, which made a letter of 30,000 paragraphs
    take a minute; a letter has a few styles, each looked up once.
    """
    style_id = paragraph._p.style
    if style_id not in styles:
        chain = []
        style = paragraph.style
        while style is not None:
            chain.append(style.element.pPr)
            style = style.base_style
        styles[style_id] = chain
    for ppr in [paragraph._p.pPr, *styles[style_id]]:
        num_pr = ppr.find(f"{_W}numPr") if ppr is not None else None
        if num_pr is None:
            continue
        num_id, ilvl = num_pr.find(f"{_W}numId"), num_pr.find(f"{_W}ilvl")
        if num_id is None:
            continue
        level = int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0
        return num_id.get(f"{_W}val"), level
    return None, 0


def _lines(text: str, para: int) -> list[Line]:
    # Tabs and runs of spaces in a Word paragraph are what the reader sees: a table typed in
    # columns keeps them as its fields.
    texts = [(t, spaced_fields(x)) for x in text.split("\n") if (t := clean_text(x))]
    suffix = len(texts) > 1
    return [
        Line(t, "text", f"paragraph {para}" + (f", line {i}" if suffix else ""), para, fields)
        for i, (t, fields) in enumerate(texts, start=1)
    ]


def _cell_contents(table: Any) -> list[Any]:
    """The paragraphs' texts and the tables in a table's cells, row by row, each merged cell
    once; a table inside a cell that itself lays out text gives its own contents."""
    from docx.table import Table, _Cell

    out: list[Any] = []
    for row in table.rows:
        for tc in row._tr.tc_lst:
            if tc.vMerge == "continue":
                continue
            for inner in _Cell(tc, table).iter_inner_content():
                if not isinstance(inner, Table):
                    out += [inner.text] if inner.text.strip() else []
                elif (grid := _grid(inner)) and not is_layout(grid):
                    out.append(inner)
                else:
                    out += _cell_contents(inner)
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
