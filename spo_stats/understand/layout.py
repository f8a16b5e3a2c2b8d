"""Finding the tables on a sheet: blocks of cells cut apart at blank rows and blank columns.

Rows that hold one text only (a title, a line of the request, a footnote) are not table rows.
The rest is cut recursively, at fully blank rows and then at fully blank columns within each band,
so two tables side by side are two tables. Text rows above a table (nearest first, in its columns
or spanning the sheet) title it; text rows below it are its notes.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from spo_stats.read.cells import CellValue, Grid
from spo_stats.understand.labels import label_text
from spo_stats.understand.measures import signals
from spo_stats.understand.period_text import label_period, period_part
from spo_stats.understand.periods import parse_period
from spo_stats.understand.values import is_value, parse_value


@dataclass
class TextLine:
    row: int
    col: int
    text: str


@dataclass
class Block:
    top: int
    bottom: int  # inclusive
    left: int
    right: int  # inclusive
    titles: list[TextLine] = field(default_factory=list)  # nearest first
    notes: list[TextLine] = field(default_factory=list)

    @property
    def rows(self) -> range:
        return range(self.top, self.bottom + 1)

    @property
    def cols(self) -> range:
        return range(self.left, self.right + 1)


def single_text(cells: list[CellValue]) -> tuple[int, str] | None:
    """(column, text) where the cells hold one distinct text (merged titles repeat), else None."""
    first: tuple[int, CellValue] | None = None
    values: set[str] = set()
    last = -1
    for c, v in enumerate(cells):
        if v is None:
            continue
        if first is None:
            first = (c, v)
        elif c != last + 1:
            return None  # "Total" over two tables' columns: headers, not one merged title
        last = c
        values.add(label_text(v))
        if len(values) > 1:
            return None
    if first is None or not isinstance(first[1], str):
        return None
    text = next(iter(values))
    if parse_value(first[1]) is not None and len(text) < 40:
        return None  # "5" or "Not held" alone on a row is a figure, not a title
    return first[0], text


def find_blocks(grid: Grid) -> tuple[list[Block], list[TextLine]]:
    """The tables on a sheet, with their titles and notes, and every text row on it."""
    width = max((len(r) for r in grid), default=0)
    texts: list[TextLine] = []
    table_rows: list[int] = []
    for r, row in enumerate(grid):
        if all(v is None for v in row):
            continue
        if (t := single_text(row)) is not None:
            texts.append(TextLine(r, t[0], t[1]))
        else:
            table_rows.append(r)
    blocks: list[Block] = []
    _cut(grid, table_rows, range(width), blocks, depth=0)
    # A block that is one row holding one text (notes side by side under two tables) is text.
    for b in list(blocks):
        if b.top == b.bottom and (t := single_text(grid[b.top][b.left : b.right + 1])):
            blocks.remove(b)
            texts.append(TextLine(b.top, b.left + t[0], t[1]))
    texts.sort(key=lambda x: (x.row, x.col))
    blocks.sort(key=lambda b: (b.top, b.left))
    text_rows = [t.row for t in texts]
    per_row = Counter(text_rows)
    for b, (above, below) in zip(blocks, _neighbours(blocks, width), strict=True):
        _attach_text(b, above, below, texts, text_rows, per_row)
    return blocks, texts


def _neighbours(blocks: list[Block], width: int) -> list[tuple[int, int]]:
    """For each block (sorted by top), the last row of the nearest table above it in its columns
    and the first row of the nearest below (-1 and a row past the sheet where there is none).

    Swept once down and once up the sheet, column by column: tables share no cell, so one that
    reaches a block's columns lies wholly above or wholly below it.
    """
    last_bottom = [-1] * width
    above = []
    for b in blocks:
        above.append(max((last_bottom[c] for c in b.cols), default=-1))
        for c in b.cols:
            last_bottom[c] = max(last_bottom[c], b.bottom)
    past = 1 + max((b.bottom for b in blocks), default=0) + 1_000_000
    next_top = [past] * width
    below = [past] * len(blocks)
    for n in sorted(range(len(blocks)), key=lambda i: -blocks[i].bottom):
        b = blocks[n]
        below[n] = min((next_top[c] for c in b.cols), default=past)
        for c in b.cols:
            next_top[c] = min(next_top[c], b.top)
    return list(zip(above, below, strict=True))


def _blank(grid: Grid, r: int, cols: range) -> bool:
    row = grid[r]
    return all(c >= len(row) or row[c] is None for c in cols)


def _cut(grid: Grid, rows: list[int], cols: range, out: list[Block], depth: int) -> None:
    bands: list[list[int]] = []
    prev = -2
    for r in rows:
        if _blank(grid, r, cols):
            continue
        if r != prev + 1 or not bands:
            bands.append([])
        bands[-1].append(r)
        prev = r
    for band in bands:
        spans: list[range] = []
        start: int | None = None
        # Titles merged across the gap between two tables side by side must not join them: the
        # blank columns are found from the rows that are not titles.
        probe = [r for r in band if not _titles_only(grid[r], cols)] or band
        for c in cols:
            filled = any(c < len(grid[r]) and grid[r][c] is not None for r in probe)
            if filled and start is None:
                start = c
            elif not filled and start is not None:
                spans.append(range(start, c))
                start = None
        if start is not None:
            spans.append(range(start, cols.stop))
        spans = _join_spacers(grid, probe, spans)
        if len(spans) > 1 and depth < 6:
            for span in spans:
                _cut(grid, band, span, out, depth + 1)
            continue
        if not spans:
            continue
        span = spans[0]
        _emit(grid, band, span, out)


def _at(grid: Grid, r: int, c: int) -> CellValue:
    return grid[r][c] if c < len(grid[r]) else None


def _labels_only(grid: Grid, rows: list[int], span: range) -> bool:
    """Cells that are all labels: texts that are no figure, or periods ("2019", "2020/21")."""
    cells = [v for r in rows for c in span if (v := _at(grid, r, c)) is not None]
    return bool(cells) and all(
        label_period(v) is not None or (isinstance(v, str) and not is_value(v)) for v in cells
    )


def _join_spacers(grid: Grid, rows: list[int], spans: list[range]) -> list[range]:
    """Parts of one table kept apart by a blank spacer column or two (a wide label merged over
    the next column, a column left empty for looks, a part year set apart) are joined.

    A part is joined to the one on its left only where it has no labels of its own (its first
    column holds figures under a header), and its rows line up with that part's: the same rows
    as row labels alone (bar a blank corner over its headers), or, beside a table, rows of that
    table from its header row down.
    """
    out: list[range] = []
    for span in spans:
        prev = out[-1] if out else None
        if prev is not None and span.start - prev.stop <= 2 and _figures_first(grid, rows, span):
            lefts, rights = _filled(grid, rows, prev), _filled(grid, rows, span)
            if _labels_only(grid, rows, prev):
                joined = _labels_line_up(lefts, rights)
            else:
                joined = _column_lines_up(lefts, rights)
            if joined:
                out[-1] = range(prev.start, span.stop)
                continue
        if (
            prev is not None
            and span.start - prev.stop <= 2
            and _labels_beside(grid, rows, prev, span)
        ):
            out[-1] = range(prev.start, span.stop)  # a table's second section, headed above
            continue
        out.append(span)
    return out


def _labels_beside(grid: Grid, rows: list[int], left: range, right: range) -> bool:
    """Whether left, a column or two of labels only (words or periods; a footnote's sentence
    under them aside), labels nearly every row of right that holds a figure (a number, or a
    count as a CSV writes it, "4"): the row labels of a section with no header row of its own.
    Two such rows at least, or one where right has no labels of its own (figures first)."""
    if len(left) > 2:
        return False

    def filled(r: int, span: range) -> bool:
        return any(_at(grid, r, c) is not None for c in span)

    # Above the figures' first row, the left's lines are titles ("Joint response from ...",
    # beside another table's header); a footnote's sentence is no label either.
    first = next((r for r in rows if filled(r, right)), None)
    notes = {r for r in rows if any(_sentence(_at(grid, r, c)) for c in left)}
    rows = [r for r in rows if r not in notes and (first is None or r >= first)]
    if not _labels_only(grid, rows, left):
        return False

    if any(filled(r, left) and not filled(r, right) for r in rows):
        return False  # a label with nothing beside it: the two do not line up
    counted = [r for r in rows if any(_bare_figure(_at(grid, r, c)) for c in right)]
    labelled = [r for r in counted if filled(r, left)]
    bare = any(_bare_figure(_at(grid, r, right.start)) for r in counted)
    return len(counted) >= (1 if bare else 2) and len(labelled) >= 0.8 * len(counted)


def _sentence(v: CellValue) -> bool:
    """A footnote's words ("* = fewer than five; exact number withheld"), never a label: long,
    and marked as a note or written as a sentence (a long label, "Interim Stalking Protection
    Orders imposed", is neither)."""
    if not isinstance(v, str) or len(text := " ".join(v.split())) < 40:
        return False
    return bool(_NOTE_LIKE.search(text)) or len(text.split()) > 12


_NOTE_LIKE = re.compile(r"^(?:[*†‡^¹²³]|\(?\d\)|\[\w{1,3}\]|notes?\b)|[;=]|\.$", re.I)


def _figures_first(grid: Grid, rows: list[int], span: range) -> bool:
    """Whether a span's first column is a header over figures alone: a label or two (a year
    under "Calendar year"), then nothing but figures below them, counts among them (a
    footnote, a period or a label such as "Not recorded" alone makes it a table of its own)."""
    filled = [v for r in rows if (v := _at(grid, r, span.start)) is not None]
    head = 0
    while head < len(filled) and head < 2 and _head_label(filled[head]):
        head += 1
    body = filled[head:]
    parsed = [parse_value(v) for v in body]
    return (
        0 < head <= len(body)
        and all(_bare_figure(v) for v in body)
        and any(p is not None and p.status in ("reported", "suppressed") for p in parsed)
    )


def _head_label(v: CellValue) -> bool:
    return label_period(v) is not None or (isinstance(v, str) and not is_value(v))


def _bare_figure(v: CellValue) -> bool:
    if v is None or label_period(v) is not None or period_part(v) is not None:
        return False
    if isinstance(v, str) and len(v.split()) > 4:
        return False  # "* = fewer than five; exact number withheld": a note, not a figure
    return is_value(v)


def _filled(grid: Grid, rows: list[int], span: range) -> list[bool]:
    return [any(_at(grid, r, c) is not None for c in span) for r in rows]


def _labels_line_up(lefts: list[bool], rights: list[bool]) -> bool:
    """Row labels fill the same rows as the figures, the first row or two (a corner) aside."""
    first = lefts.index(True) if True in lefts else len(lefts)
    return first <= 2 and lefts[first:] == rights[first:]


def _column_lines_up(lefts: list[bool], rights: list[bool]) -> bool:
    """A column of figures starts on the table's first row and fills only rows of the table."""
    if True not in rights or lefts.index(True) != rights.index(True):
        return False
    return all(lf for lf, rf in zip(lefts, rights, strict=True) if rf)


def _titles_only(row: list[CellValue], cols: range) -> bool:
    """A row of one or two texts, each repeated along a run of cells (merged titles), no figure."""
    runs: list[str] = []
    for c in cols:
        v = row[c] if c < len(row) else None
        if v is None:
            continue
        if not isinstance(v, str) or parse_value(v) is not None:
            return False
        if not runs or runs[-1] != v:
            runs.append(v)
    return 0 < len(runs) <= 2 and len(set(runs)) == len(runs)


def _title_line(cells: list[CellValue], below: list[CellValue]) -> tuple[int, str] | None:
    """A line of a few texts from the first column on, over a wider row of headers ("West
    Midlands Police;FOI 2024-0033;..." above eight columns, as a CSV export writes a title): a
    title, joined. Periods and measures in it make it a header row instead."""
    filled = [v for v in cells if v is not None]
    heads = [v for v in below if v is not None]
    if len(filled) < 2 or len(filled) >= len(heads) or cells[: len(filled)] != filled:
        return None
    if not all(isinstance(v, str) for v in filled + heads):
        return None
    texts = [label_text(v) for v in filled]
    if any(parse_value(t) is not None or parse_period(t) is not None for t in texts):
        return None
    if any(signals(t).kind is not None or signals(t).action is not None for t in texts):
        return None
    return 0, " - ".join(texts)


def _emit(grid: Grid, band: list[int], span: range, out: list[Block]) -> None:
    """A block, its own leading text rows (a title over one of tables side by side) split off."""
    titles: list[TextLine] = []
    rows = list(band)
    while len(rows) > 1:
        cells = [grid[rows[0]][c] if c < len(grid[rows[0]]) else None for c in span]
        below = [grid[rows[1]][c] if c < len(grid[rows[1]]) else None for c in span]
        t = single_text(cells) or _title_line(cells, below)
        if t is None:
            break
        titles.insert(0, TextLine(rows[0], span.start + t[0], t[1]))
        rows.pop(0)
    notes: list[TextLine] = []
    while len(rows) > 1:
        cells = [grid[rows[-1]][c] if c < len(grid[rows[-1]]) else None for c in span]
        t = single_text(cells)
        if t is None or len(t[1]) < 25:
            break
        notes.insert(0, TextLine(rows[-1], span.start + t[0], t[1]))
        rows.pop()
    if rows != list(range(rows[0], rows[-1] + 1)):
        # Rows of the band were separated by text rows that belong to no table: split there.
        groups: list[list[int]] = [[rows[0]]]
        for r in rows[1:]:
            if r == groups[-1][-1] + 1:
                groups[-1].append(r)
            else:
                groups.append([r])
        for g in groups:
            out.append(Block(g[0], g[-1], span.start, span.stop - 1))
        out[-len(groups)].titles = titles
        out[-1].notes = notes
        return
    out.append(Block(rows[0], rows[-1], span.start, span.stop - 1, titles, notes))


def _attach_text(
    b: Block,
    table_above: int,
    table_below: int,
    texts: list[TextLine],
    text_rows: list[int],
    per_row: Counter[int],
) -> None:
    """Text rows above a block title it and text rows below it are its notes, up to another table.

    table_above, table_below: the nearest rows of other tables in its columns (_neighbours); a
    text row beyond one titles or notes that table. texts sorted by row, text_rows their rows,
    per_row how many share each. Each block looks only at the text rows between it and those
    tables: asked row by row and pair by pair, a mutated CSV of 140 KB (thousands of text rows,
    or of one-row tables) took minutes.
    """

    def in_columns(t: TextLine) -> bool:
        # A title at the left edge spans the sheet, unless another title shares its row (titles
        # of tables side by side): then each titles the table under it.
        return b.left <= t.col <= b.right or (t.col == 0 and per_row[t.row] == 1)

    window = texts[
        bisect.bisect_left(text_rows, table_above) : bisect.bisect_left(text_rows, b.top)
    ]
    above = [t for t in window if in_columns(t)]
    above.sort(key=lambda t: -t.row)
    b.titles.extend(above)
    window = texts[
        bisect.bisect_right(text_rows, b.bottom) : bisect.bisect_right(text_rows, table_below)
    ]
    # The next table down: a text nearer to it than to this one is its title, not a note here
    # ("SPOs granted (including interim orders)" over the second of two stacked tables).
    b.notes.extend(t for t in window if in_columns(t) and table_below - t.row > t.row - b.bottom)
