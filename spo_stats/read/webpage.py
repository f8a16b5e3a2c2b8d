"""Web pages that hold a reply (a disclosure log's letter saved as HTML): text and tables.

Read with the standard library's html.parser. Where the page marks its main content (<main>, or
role="main"), only that is read, so menus and footers lend the letter no words; scripts, styles,
navigation, forms, footers and sidebars never are. Table cells spanning rows or columns are
unmerged as a spreadsheet's are.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from spo_stats.errors import NotAReturnError, PageTooLargeError, UnreadableFileError
from spo_stats.read.cells import MAX_COLS, MAX_ROWS, Grid, decode, open_error
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

_SKIP = {"script", "style", "noscript", "template", "svg", "nav", "form", "button", "select",
         "iframe", "head", "object", "canvas", "footer", "aside"}  # fmt: skip
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
          "main", "header", "footer", "aside", "blockquote", "pre", "dt", "dd", "dl", "address",
          "hr", "figure", "figcaption", "caption", "body", "html", "table"}  # fmt: skip
_VOID = {"br", "hr", "img", "meta", "link", "input", "wbr", "col", "source", "area", "base"}
MAX_BYTES = 20 * 1024 * 1024


@dataclass
class _Table:
    rows: list[list[tuple[str, int, int]]] = field(default_factory=list)  # text, colspan, rowspan
    cell: list[str] | None = None
    span: tuple[int, int] = (1, 1)
    main: bool = False
    of_terms: bool = False  # a definition list read as a table: <dt> opens a row


@dataclass
class _Paragraph:
    text: str
    main: bool
    pre: bool = False  # in <pre>: its spaces are as typed (a table typed in columns)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[_Paragraph | tuple[list[list[tuple[str, int, int]]], bool]] = []
        self.title: list[str] = []
        self.has_main = False
        self._buf: list[str] = []
        self._skip = 0
        self._main = 0
        self._in_title = False
        self._tables: list[_Table] = []
        self._stack: list[tuple[str, bool]] = []
        # How many of each tag are open: a stray end tag is told in constant time, where a scan
        # of the stack made a page of deeply nested tags quadratic (360 KB: 20 s).
        self._open: Counter[str] = Counter()
        self._lists: list[int] = []  # the last number of each open list; -1 for a bulleted one
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag == "body" and self._open["head"]:  # a head left open must not hide the page
            self._stack = [(t, m) for t, m in self._stack if t != "head"]
            self._open["head"] = 0
            self._skip = sum(1 for t, _ in self._stack if t in _SKIP)
        attr = dict(attrs)
        is_main = tag == "main" or attr.get("role") == "main"
        if tag not in _VOID:
            self._stack.append((tag, is_main))
            self._open[tag] += 1
        if is_main and tag not in _VOID:
            self._main += 1
            self.has_main = True
        if tag in {
            "ol",
            "ul",
        }:  # an ordered list's numbers are drawn by the browser, not in the text
            self._lists.append(_int(attr.get("start")) - 1 if tag == "ol" else -1)
        if tag in _SKIP:
            self._skip += 1
            return
        if self._skip:
            return
        if tag == "br":
            self._text("\n")
        elif tag in {"td", "th"}:
            self._open_cell(_int(attr.get("colspan")), _int(attr.get("rowspan")))
        elif tag == "dl" and not self._tables:
            # A definition list ("<dt>Applications</dt><dd>12</dd>") is a table of label and
            # value, as a disclosure log's template writes an answer.
            self._block()
            self._tables.append(_Table(main=self._main > 0, of_terms=True))
        elif tag == "dt" and self._tables and self._tables[-1].of_terms:
            self._open_row()
            self._open_cell(1, 1)
        elif tag == "dd" and self._tables and self._tables[-1].of_terms:
            self._open_cell(1, 1)
        elif tag == "tr":
            self._open_row()
        elif tag in _BLOCK:
            self._block()
            self._pre += tag == "pre"
            if tag == "table":
                self._tables.append(_Table(main=self._main > 0))
            elif tag == "li" and self._lists and self._lists[-1] >= 0:
                value = attr.get("value")
                self._lists[-1] = _int(value) if value else self._lists[-1] + 1
                self._text(f"{self._lists[-1]}. ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and not self._skip:
            self._text("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if not self._open[tag]:
            return  # a stray end tag
        while self._stack:
            open_tag, is_main = self._stack.pop()
            self._open[open_tag] -= 1
            if open_tag in {"ol", "ul"} and self._lists:
                self._lists.pop()
            self._close(open_tag)
            if open_tag == "pre" and not self._skip:
                self._pre = max(self._pre - 1, 0)
            if is_main:
                self._main = max(self._main - 1, 0)
            if open_tag == tag:
                break

    def _close(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(self._skip - 1, 0)
            return
        if self._skip:
            return
        terms = bool(self._tables) and self._tables[-1].of_terms
        if tag in {"td", "th"} or (terms and tag in {"dt", "dd"}):
            self._close_cell()
        elif (tag == "table" and self._tables and not terms) or (tag == "dl" and terms):
            self._close_cell()
            table = self._tables.pop()
            self.items.append((table.rows, table.main))
        elif tag in _BLOCK:
            self._block()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        if not self._skip:
            self._text(data)

    def _text(self, data: str) -> None:
        table = self._tables[-1] if self._tables else None
        if table is not None and table.cell is not None:
            table.cell.append(data)
        elif table is None:
            self._buf.append(data)

    def _block(self) -> None:
        table = self._tables[-1] if self._tables else None
        if table is not None and table.cell is not None:
            table.cell.append("\n")
            return
        text = "".join(self._buf)
        self._buf = []
        if text.strip():
            self.items.append(_Paragraph(text, self._main > 0, self._pre > 0))

    def _open_row(self) -> None:
        if self._tables:
            self._close_cell()
            self._tables[-1].rows.append([])

    def _open_cell(self, colspan: int, rowspan: int) -> None:
        if not self._tables:
            return
        table = self._tables[-1]
        self._close_cell()
        if not table.rows:
            table.rows.append([])
        table.cell, table.span = [], (colspan, rowspan)

    def _close_cell(self) -> None:
        if not self._tables:
            return
        table = self._tables[-1]
        if table.cell is not None:
            table.rows[-1].append(("".join(table.cell), *table.span))
            table.cell = None


def _int(value: str | None) -> int:
    try:
        return min(max(int(value or 1), 1), MAX_COLS)
    except ValueError:
        return 1


def _table_grid(rows: list[list[tuple[str, int, int]]]) -> Grid:
    """Cells placed on the table's grid, a cell spanning rows or columns unmerged."""
    taken: set[tuple[int, int]] = set()
    placed: dict[tuple[int, int], str | None] = {}
    spans: list[tuple[int, int, int, int]] = []
    for r, row in enumerate(rows[:MAX_ROWS]):
        c = 0
        for text, colspan, rowspan in row:
            while (r, c) in taken:
                c += 1
            if c >= MAX_COLS:
                break
            placed[(r, c)] = clean_text(text) or None
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            if colspan > 1 or rowspan > 1:
                spans.append((r, c, r + rowspan - 1, c + colspan - 1))
            c += colspan
    height = min(len(rows), MAX_ROWS)
    width = min(max((c for _, c in taken), default=-1) + 1, MAX_COLS)
    grid: Grid = [[placed.get((r, c)) for c in range(width)] for r in range(height)]
    _spread(grid, [(r0, c0, min(r1, height - 1), min(c1, width - 1)) for r0, c0, r1, c1 in spans])
    while grid and all(cell is None for cell in grid[-1]):
        grid.pop()
    return grid


# Briefings and explain previews say who made them; saved into a returns folder, they are ours.
_OURS = re.compile(rb"""<meta\s+name=["']generator["']\s+content=["']spo-stats\b""", re.I)


def read_html(path: Path, name: str, whole: bytes | None = None) -> Letter:
    try:
        if whole is not None:  # the peek's bytes: a small file, read whole already
            data = whole
        else:
            with path.open("rb") as fh:
                data = fh.read(MAX_BYTES + 1)  # never the whole of a page of gigabytes
        if len(data) > MAX_BYTES:
            size = path.stat().st_size
            raise PageTooLargeError(name, size / (1024 * 1024), MAX_BYTES // (1024 * 1024))
    except OSError as exc:
        raise open_error(name, exc) from exc
    if _OURS.search(data[:4096]):
        raise NotAReturnError(
            name,
            "a page spo-stats wrote (a briefing or an explain preview), not a return: not read.",
        )
    parser = _Parser()
    try:
        parser.feed(decode(data))
        parser.close()
    except (AssertionError, ValueError) as exc:  # html.parser's own complaints
        raise UnreadableFileError(name, f"not a readable web page ({exc}).") from exc
    parser._block()
    blocks: list[Block] = []
    para = 0
    tables = 0
    for item in parser.items:
        main = item.main if isinstance(item, _Paragraph) else item[1]
        if parser.has_main and not main:
            continue
        pre = isinstance(item, _Paragraph) and item.pre
        if isinstance(item, _Paragraph):
            texts = [item.text]
        else:
            tables += 1
            grid = _table_grid(item[0])
            if not is_layout(grid):
                if grid:
                    blocks.append(LetterTable(f"table {tables}", grid))
                continue
            # A table that lays out text: each cell is a paragraph of the letter.
            texts = [text for row in item[0] for text, _, _ in row]
        for text in texts:
            lines = [
                (t, spaced_fields(x) if pre else ())
                for x in text.split("\n")
                if (t := clean_text(x))
            ]
            if not lines:
                continue
            para += 1
            suffix = len(lines) > 1
            blocks.append(
                [
                    Line(
                        t, "text", f"paragraph {para}" + (f", line {i}" if suffix else ""), para, f
                    )
                    for i, (t, f) in enumerate(lines, start=1)
                ]
            )
    if not blocks:
        raise UnreadableFileError(name, "a web page with no text; nothing to read.")
    letter = assemble("html", blocks)
    title = clean_text("".join(parser.title))
    if title:
        letter.heading_texts.insert(0, title)
    return letter
