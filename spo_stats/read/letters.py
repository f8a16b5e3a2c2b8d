"""Replies that come as letters (PDF, Word, a saved web page): their text lines and their tables.

A letter is read into one shape whatever its format: the lines of its text in reading order, each
with where a person finds it ("page 1", "line 14"), and its tables as cell grids with the
paragraphs just above (titles) and just below (footnotes). Each table then goes through the same
table reader as a spreadsheet (see table_sheet); the text is read for numbered answers elsewhere.

Which file is a letter, and which reader reads it, is read/formats.py's to say.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

from spo_stats.read.cells import Grid, Sheet

LetterKind = Literal["pdf", "docx", "html"]

# Paragraphs of text kept above a table (its titles) and below it (its footnotes).
TITLE_PARAGRAPHS = 3
NOTE_PARAGRAPHS = 3
# A paragraph longer than this is prose, never a table's title or footnote.
MAX_TITLE_CHARS = 300


@dataclass(frozen=True)
class Line:
    """One line of a letter's text (outside its tables) and where a person finds it."""

    text: str
    sheet: str  # "page 1" (PDF) or "text" (Word, web page)
    cell: str  # "line 14" (PDF) or "paragraph 3" / "paragraph 3, line 2"
    para: int  # lines of one paragraph share this number
    # Where the line is set apart by wide gaps (a table typed in columns): each part and where it
    # lies across the page, (left, right, text); () for a line of prose.
    fields: tuple[tuple[float, float, str], ...] = ()


@dataclass
class LetterTable:
    name: str  # "page 2, table 1" (PDF) or "table 1"
    rows: Grid
    above: list[str] = field(default_factory=list)  # paragraphs just above, nearest last
    below: list[str] = field(default_factory=list)  # paragraphs just below, nearest first
    # Tables side by side under one line that heads each ("West Mercia Police    Warwickshire
    # Police"): the part of the line over this table, and the whole line.
    heading: str = ""
    across: str = ""


@dataclass
class Letter:
    kind: LetterKind
    lines: list[Line] = field(default_factory=list)
    tables: list[LetterTable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader could not read
    heading_texts: list[str] = field(default_factory=list)  # letterhead, page title

    def paragraphs(self) -> list[list[Line]]:
        out: list[list[Line]] = []
        for line in self.lines:
            if out and out[-1][0].para == line.para:
                out[-1].append(line)
            else:
                out.append([line])
        return out


# What is read and written while a letter is assembled: paragraphs and tables in reading order.
Block = list[Line] | LetterTable


def assemble(kind: LetterKind, blocks: list[Block], notes: list[str] | None = None) -> Letter:
    """A letter from its blocks in reading order: each table gets the paragraphs around it."""
    letter = Letter(kind, notes=list(notes or []))
    blocks = _label_value_tables(text_tables(blocks))
    for i, block in enumerate(blocks):
        if isinstance(block, LetterTable):
            block.above = _near(blocks[:i][::-1], TITLE_PARAGRAPHS)[::-1]
            block.below = _near(blocks[i + 1 :], NOTE_PARAGRAPHS)
            # A table broken across pages repeats its header: what was said above its first part
            # (its title, "granted includes interim orders") is said of every part.
            first = next((t for t in letter.tables if _continues(t, block)), None)
            if first is not None and not block.heading:
                block.above = [x for x in first.above if x not in block.above] + block.above
            if block.heading:
                _headed(block, letter.tables[-1] if letter.tables else None)
            letter.tables.append(block)
        else:
            letter.lines.extend(block)
    letter.heading_texts = [line.text for line in letter.lines[:HEADING_LINES]]
    return letter


# "Recorded stalking offences: 3,412", a paragraph each: an answer written as a list of labels
# and figures, which is a table of one column. A line "Period: 1 April 2022 to 31 March 2023"
# just above heads the column.
# A label that starts with a figure ("2020/21: 388") is a period: a series, which the answer
# reader takes with the question above it.
_LABEL_VALUE = re.compile(
    r"^(?P<label>(?!\s*\d)[^:]{3,90}?)\s*:\s*(?P<value>(?:[<>]\s*)?\d[\d,]*|\*|nil|not\s+held|\[c\]|"
    r"\d{1,2}\s*[-–]\s*\d{1,2}|(?:fewer|less)\s+than\s+(?:\d{1,2}|five|ten))\.?$",
    re.I,
)
_HEADED = re.compile(
    r"^(?:period|year|financial\s+year|calendar\s+year|dates?)\s*:\s*(?P<p>.+)$", re.I
)


def _label_value_tables(blocks: list[Block]) -> list[Block]:
    """Runs of two or more "label: figure" paragraphs made into tables (label | figure)."""
    out: list[Block] = []
    run: list[Line] = []

    def flush() -> None:
        if len(run) < 2:
            out.extend([line] for line in run)
        else:
            head = out[-1] if out and not isinstance(out[-1], LetterTable) else None
            period = _HEADED.match(head[-1].text) if head and len(head) == 1 else None
            rows: Grid = [[None, period["p"]]] if period else []
            rows += [[m["label"], m["value"]] for x in run if (m := _LABEL_VALUE.match(x.text))]
            name = f"{run[0].sheet}, {run[0].cell} to {run[-1].cell}"
            out.append(LetterTable(name, rows))
        run.clear()

    for block in [b for whole in blocks for b in _split_runs(whole)]:
        if isinstance(block, list) and len(block) == 1 and _LABEL_VALUE.match(block[0].text):
            run.append(block[0])
            continue
        flush()
        out.append(block)
    flush()
    return out


def _split_runs(block: Block) -> list[Block]:
    """A paragraph holding "label: figure" lines (a PDF runs them into one) split so that each
    such line, and a "Period: ..." line heading them, is a paragraph of its own."""
    if isinstance(block, LetterTable) or sum(1 for x in block if _LABEL_VALUE.match(x.text)) < 2:
        return [block]
    out: list[list[Line]] = []
    for line in block:
        alone = bool(_LABEL_VALUE.match(line.text) or _HEADED.match(line.text))
        if alone or not out or _standalone(out[-1]):
            out.append([line])
        else:
            out[-1].append(line)
    return list(out)


def _standalone(lines: list[Line]) -> bool:
    return len(lines) == 1 and bool(
        _LABEL_VALUE.match(lines[0].text) or _HEADED.match(lines[0].text)
    )


def _headed(table: LetterTable, previous: LetterTable | None) -> None:
    """A table with a heading of its own over it, one of several side by side: what is said
    above the row of tables, without the line that heads them all, then its own heading."""
    above = table.above
    if previous is not None and previous.across == table.across and not above:
        above = previous.above[:-1]  # the table beside it: the same text above, its own heading
    out = []
    for text in above:
        if text.endswith(table.across):
            text = text[: -len(table.across)].strip()  # the heading line, joined to a paragraph
        if text:
            out.append(text)
    table.above = [*out, table.heading]


def _continues(first: LetterTable, later: LetterTable) -> bool:
    """Whether a later table repeats an earlier one's header row: the same table, continued."""
    if not first.rows or not later.rows:
        return False
    header = [v for v in first.rows[0] if v not in (None, "")]
    return len(header) >= 2 and header == [v for v in later.rows[0] if v not in (None, "")]


# Lines at the top of a letter: its letterhead, reference and title, which name the force.
HEADING_LINES = 8
# Every FOI letter gives the Information Commissioner's address (Wilmslow, Cheshire): it names
# no force that answered.
_BOILERPLATE = re.compile(r"information\s+commissioner|wilmslow|wycliffe\s+house|\bico\b", re.I)


def force_texts(letter: Letter) -> list[str]:
    """The texts that may name the letter's force: its heading lines and its tables' titles."""
    texts = letter.heading_texts + [text for t in letter.tables for text in t.above]
    return [t for t in texts if not _BOILERPLATE.search(t)]


def _near(blocks: list[Block], n: int) -> list[str]:
    """Up to n short paragraphs, stopping at the next table."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, LetterTable) or len(out) >= n:
            break
        text = " ".join(line.text for line in block)
        # A paragraph of figures alone is not a title: the table reader would read it as a table.
        if len(text) <= MAX_TITLE_CHARS and re.search(r"[^\W\d_]", text):
            out.append(text)
    return out


# A cell this long is prose: its table is the letter's layout (a boxed request or response).
LAYOUT_WORDS = 15


def is_layout(grid: Grid) -> bool:
    """A table used to lay out the letter's text, not to hold figures: read it as text.

    Either a cell holds prose, or each row holds one text and some of it runs to a sentence.
    """
    texts = [v for row in grid for v in row if isinstance(v, str)]
    if sum(1 for v in texts if _NUMBER_LIKE.match(v)) >= 2:
        return False  # cells of figures: a table of data, however long its labels
    if any(len(v.split()) >= LAYOUT_WORDS for v in texts):
        return True
    single = all(len({v for v in row if v is not None}) <= 1 for row in grid)
    return single and any(len(v.split()) >= 6 for v in texts)


def table_sheet(table: LetterTable) -> tuple[Sheet, int]:
    """The table as a sheet for the table reader, titles above and footnotes below.

    Returns the sheet and how many rows the titles take, so that a cell can be cited within the
    table itself ("B3" is the table's third row, as a person counts it on the page).
    """
    rows: Grid = [[text] for text in table.above]
    if rows:
        rows.append([None])
    offset = len(rows)
    rows.extend(table.rows)
    if table.below:
        rows.append([None])
        rows.extend([text] for text in table.below)
    return Sheet(table.name, rows), offset


def clean_text(text: str | None) -> str:
    """Text as a person reads it: runs of spaces, tabs and line breaks as one space."""
    return " ".join((text or "").replace("\u00a0", " ").split())


_NUMBER_LIKE = re.compile(r"^[\d\s,.<>≤*~%()\-–]+$")


def spread_merged(rows: Grid, spans: list[tuple[int, int, int, int]]) -> None:
    """A merged label is copied to every cell it spans; a merged number stays in its first cell.

    spans: (top row, left column, bottom row, right column), inclusive, 0-based.
    """
    for r0, c0, r1, c1 in spans:
        value = rows[r0][c0]
        if not isinstance(value, str) or _NUMBER_LIKE.match(value):
            continue
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) != (r0, c0) and r < len(rows) and c < len(rows[r]):
                    rows[r][c] = rows[r][c] or value


# A typed table is a letter's table: more parts on a line, or more rows in a run, is something
# else (and a hostile file's hundred thousand tabs must not cost a pass over every part).
MAX_FIELDS = 40
MAX_TYPED_ROWS = 400

# A rule typed between a table's rows: "-----", "+-----+-----+", "===== =====".
_RULE = re.compile(r"^[\s|+]*[-=_]{3,}[-=_\s|+]*$")
# A row of a table boxed in typed characters: "| 2020/21 | 2,011 |".
_BOXED = re.compile(r"^\|.*\|.*\|$")


def spaced_fields(raw: str) -> tuple[tuple[float, float, str], ...]:
    """A line's parts set apart by tabs or by two spaces or more, with where each lies (in
    characters, or by count of tabs); () where the line has fewer than two parts."""
    raw = raw.replace("\u00a0", " ").rstrip()
    if "\t" in raw.strip():
        # Tabs part cells whatever their stops: a part is placed by its count of tabs, so that
        # "Stalking offences<tab>702" and "SPOs<tab>3" line up.
        cells = [(k, clean_text(t)) for k, t in enumerate(raw.split("\t"))]
        parts = [(k * 1000, k * 1000 + 1, t) for k, t in cells if t]
    else:
        parts = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+(?: \S+)*", raw)]
    return (
        tuple((float(a), float(b), t) for a, b, t in parts) if 2 <= len(parts) <= MAX_FIELDS else ()
    )


def text_tables(blocks: list[Block]) -> list[Block]:
    """Tables typed as lines of text made into tables: rows boxed in "|" characters, or rows
    whose parts are set in columns by wide gaps (a fixed-width font, tab stops).

    Only the layout decides here: whether the table's labels say what it counts is the table
    reader's to say, as for any other table. Lines that do not line up stay text.
    """
    out: list[Block] = []
    run: list[list[Line]] = []
    for block in [*blocks, None]:
        if isinstance(block, list):
            run.append(block)
            continue
        if run:
            out += _typed_tables(run)
            run = []
        if block is not None:
            out.append(block)
    return out


def _typed_tables(paragraphs: list[list[Line]]) -> list[Block]:
    lines = [line for para in paragraphs for line in para]
    tables: dict[int, LetterTable] = {}
    taken: set[int] = set()
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and _row_kind(lines[end]) and lines[end].sheet == lines[start].sheet:
            end += 1
        if end == start:
            start += 1
            continue
        grid = _typed_grid(lines[start:end])
        if grid is not None:
            first, last = lines[start], lines[end - 1]
            tables[start] = LetterTable(f"{first.sheet}, {first.cell} to {last.cell}", grid)
            taken.update(range(start, end))
        start = end
    if not tables:
        return list(paragraphs)
    out: list[Block] = []
    for k, line in enumerate(lines):
        if k in tables:
            out.append(tables[k])
        if k in taken:
            continue
        last_block = out[-1] if out else None
        if isinstance(last_block, list) and last_block[-1].para == line.para:
            last_block.append(line)
        else:
            out.append([line])
    return out


def _row_kind(line: Line) -> str:
    if _RULE.match(line.text):
        return "rule"
    if _BOXED.match(line.text):
        return "boxed"
    return "fields" if len(line.fields) >= 2 else ""


def _typed_grid(lines: list[Line]) -> Grid | None:
    """The grid of a run of typed rows, or None where they do not make a table: rows of one kind
    (all boxed or all in columns), two or more with a figure beyond the first column."""
    rows = [line for line in lines if _row_kind(line) != "rule"]
    kinds = {_row_kind(line) for line in rows}
    if not 2 <= len(rows) <= MAX_TYPED_ROWS or len(kinds) != 1:
        return None
    if kinds == {"boxed"}:
        grid: Grid = [
            [clean_text(c) or None for c in line.text.strip().strip("|").split("|")]
            for line in rows
        ]
    else:
        columns = _columns([line.fields for line in rows])
        if columns is None or len(columns) > MAX_FIELDS:
            return None
        starts = [a for a, _ in columns]
        grid = []
        for line in rows:
            cells: list[str | None] = [None] * len(columns)
            for x0, _, text in line.fields:
                cells[_column_of(starts, x0)] = clean_text(text)
            grid.append(list(cells))
    width = max(len(row) for row in grid)
    # Two rows of figures at least: a letterhead set in two columns ("PO Box 12 ... Tel 0123")
    # is no table, and its lines must stay where the force's name is looked for.
    figures = sum(
        any(isinstance(v, str) and _NUMBER_LIKE.match(v) for v in row[1:]) for row in grid
    )
    if width < 2 or figures < 2:
        return None
    return [row + [None] * (width - len(row)) for row in grid]


def _columns(
    rows: list[tuple[tuple[float, float, str], ...]],
) -> list[tuple[float, float]] | None:
    """Where the columns lie: the spans of the rows' parts, those that overlap merged. None where
    a row has two parts in one column (its parts do not line up with the others')."""
    spans: list[tuple[float, float]] = []
    for a, b in sorted((x0, x1) for fields in rows for x0, x1, _ in fields):
        if spans and a < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], b))
        else:
            spans.append((a, b))
    starts = [a for a, _ in spans]
    for fields in rows:
        hit = [_column_of(starts, x0) for x0, _, _ in fields]
        if len(set(hit)) != len(hit):
            return None
    return spans


def _column_of(starts: list[float], x0: float) -> int:
    """The column a part starts in, given where the columns (sorted, disjoint spans, each part
    inside one) start."""
    return max(bisect_right(starts, x0) - 1, 0)
