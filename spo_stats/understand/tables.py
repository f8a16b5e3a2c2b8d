"""Reading each table on a sheet: its label columns and header rows, typed, applied to its figures.

A cell becomes a figure only when everything on its row and column is understood (see
labels.py): its force from a force label, the table's title or the file; its period from its
own labels (composed across the axes: "2021" down the side and "March" across the top), else
from the table's title or the sheet's name; its measure positively identified by its labels and
titles. Every other number is left out with its reason, so a reading can be explained.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Sequence

from spo_stats.forces import forces_in_text
from spo_stats.read.cells import CellValue, Grid, cell_ref
from spo_stats.schema import Measure
from spo_stats.understand import lexicon
from spo_stats.understand.figures import Figure, LeftOut, SheetReading
from spo_stats.understand.hints import ReadHints, normalise_label
from spo_stats.understand.labels import WELSH_ALONE, Label, label_text, type_label, understood
from spo_stats.understand.layout import Block, find_blocks
from spo_stats.understand.measures import (
    classify,
    is_total,
    mentions_stalking,
    signals,
    subject_of,
)
from spo_stats.understand.note_lines import NoteFigure, series_line, status_in_note
from spo_stats.understand.notes import (
    DAYS,
    QUALIFYING,
    SEE_NOTE,
    footnote,
    is_notes,
    legend,
    mentions,
    tied_to,
)
from spo_stats.understand.period_text import (
    PeriodPart,
    compose,
    find_period,
    label_period,
    names_other_period,
    period_part,
    qualified_period,
    stated_end,
    total_period,
)
from spo_stats.understand.period_text import strip_marker as _strip
from spo_stats.understand.periods import Period, plausible_year
from spo_stats.understand.totals import Total, all_breakdowns, check_totals, outline
from spo_stats.understand.values import ParsedValue, is_value, parse_value, split_interim


def is_heading(text: str) -> bool:
    """A short title or a question, not prose: a sentence must not lend its words to a table."""
    return len(text.split()) <= 16 and not text.rstrip().endswith(".")


def _is_label(v: CellValue) -> bool:
    """Text that is not a figure, or a period: the stuff of row labels and headers."""
    if v is None:
        return True
    if label_period(v) is not None:
        return True
    return isinstance(v, str) and not is_value(v)


def read_sheet(
    rows: Grid,
    sheet_name: str,
    hints: ReadHints | None = None,
    hidden_rows: frozenset[int] = frozenset(),
    hidden_cols: frozenset[int] = frozenset(),
    prose: Sequence[str] = (),
) -> SheetReading:
    """Every figure on a sheet with its measure, period and force, and why any number was left out.

    prose: the words of a letter around the table, which may say where a period "to date" ends."""
    hints = hints or ReadHints()
    out = SheetReading()
    grid, rmap, cmap = _kept(rows, sheet_name, hints, hidden_rows, hidden_cols, out)
    blocks, texts = find_blocks(grid)
    out.blocks = blocks
    # Whether the sheet speaks of stalking at all: bare "orders" are SPOs only where it does.
    context = any(isinstance(v, str) and mentions_stalking(v) for row in grid for v in row)
    for t in texts:
        out.roles[(rmap[t.row], cmap[t.col])] = (
            "text",
            "title" if is_heading(t.text) else "prose or note",
        )
        if t.row < 40:
            out.texts.append(t.text)
    explained = legend(grid)
    # Footnotes that start with a mark ("* denotes ...") may sit under another table of the sheet.
    marks = [x.text for x in texts if x.text[:1] in "*†‡^<[("]
    all_texts = [x.text for x in texts]
    # A table with no header of its own, stacked under one with period headers over the same
    # columns, is read under those headers (a second section of the same table).
    above: dict[tuple[int, int], int] = {}
    for i, block in enumerate(blocks):
        table = _Table(grid, block, sheet_name, hints, out, context, rmap, cmap, explained,
                       marks, all_texts, list(prose))  # fmt: skip
        table.filters = _page_filters(grid, blocks[:i], block)
        table.read(above.get((block.left, block.right)))
        # Only a header at the top of its table heads the table below it: a row found as a
        # header further down ("2023 | August" in a table of labels only) heads nothing else.
        if table.header_rows and table.header_rows[-1] <= block.top + 2:
            above[(block.left, block.right)] = table.header_rows[-1]
    return out


def _kept(
    rows: Grid,
    sheet_name: str,
    hints: ReadHints,
    hidden_rows: frozenset[int],
    hidden_cols: frozenset[int],
    out: SheetReading,
) -> tuple[Grid, list[int], list[int]]:
    """The sheet less its hidden and left-out rows and columns, with where each kept row and
    column was. They are taken out, not blanked, so a table stays whole."""
    width = max((len(r) for r in rows), default=0)
    keep_rows: list[int] = []
    for r, row in enumerate(rows):
        if r in hidden_rows:
            _mark(out, r, row, "hidden row: not data")
        elif r + 1 in hints.skip_rows.get(sheet_name, frozenset()):
            _mark(out, r, row, f"row left out by {hints.sidecar or 'the sidecar'}")
        elif _welsh_line(rows, r):
            _mark(out, r, row, "a Welsh label above its English one: the English is read")
        else:
            keep_rows.append(r)
    skip_letters = hints.skip_columns.get(sheet_name, frozenset())
    keep_cols = [
        c for c in range(width) if c not in hidden_cols and cell_ref(0, c)[:-1] not in skip_letters
    ]
    grid: Grid = []
    for r in keep_rows:
        row = list(rows[r]) + [None] * (width - len(rows[r]))
        kept: list[CellValue] = []
        for c in range(width):
            v = row[c]
            if c not in keep_cols:
                if v is not None:
                    out.roles[(r, c)] = ("hidden", "hidden or left-out column: not data")
                continue
            if v is not None and cell_ref(r, c) in hints.skip_cells.get(sheet_name, frozenset()):
                out.roles[(r, c)] = ("hidden", f"left out by {hints.sidecar or 'the sidecar'}")
                v = None
            kept.append(v)
        grid.append(kept)
    return grid, keep_rows, keep_cols


def _mark(out: SheetReading, r: int, row: list[CellValue], why: str) -> None:
    for c, v in enumerate(row):
        if v is not None:
            out.roles[(r, c)] = ("hidden", why)


class _Table:
    def __init__(
        self,
        grid: Grid,
        b: Block,
        sheet: str,
        hints: ReadHints,
        out: SheetReading,
        context: bool,
        rmap: list[int],
        cmap: list[int],
        legend: dict[str, str] | None = None,
        marks: list[str] | None = None,
        sheet_texts: list[str] | None = None,
        prose: list[str] | None = None,
    ) -> None:
        self.grid, self.b, self.sheet, self.hints, self.out = grid, b, sheet, hints, out
        self.context, self.rmap, self.cmap = context, rmap, cmap
        self.legend = legend or {}
        self.row_notes: dict[int, str] = {}
        self.header_rows: list[int] = []
        self.corner: list[str] = []
        self.filters: list[str] = []  # a pivot table's page filters ("HO Class: 8Q - Stalking")
        self.label_cols: list[int] = []
        self.col_axis: dict[int, list[Label]] = {}
        self.row_axis: dict[int, list[Label]] = {}
        self.row_periods: dict[int, Period] = {}
        self.titles = [t.text for t in b.titles if is_heading(t.text)]
        # A legend's lines ("* Value between 1 and 4 suppressed") are notes to every table.
        self.notes = [t.text for t in b.notes] + [f"{k} {v}" for k, v in self.legend.items()]
        # Totals whose footnote says they count more than their parts (cells as the file has them).
        self.exceeding: set[tuple[int, int]] = set()
        self.notes += [m for m in marks or [] if m not in self.notes]
        self.sheet_texts = sheet_texts or []  # every line of words on the sheet
        # Every line of words about the table: its notes and titles, the sheet's other text, and
        # a letter's paragraphs around it.
        self.around = [*self.notes, *(t.text for t in b.titles), *self.sheet_texts, *(prose or [])]
        for t in b.titles:
            if is_heading(t.text):
                out.texts.append(t.text)

    def read(self, inherit: int | None = None) -> None:
        """Read the table; inherit: the header row of a table above it over the same columns."""
        rows = list(self.b.rows)
        if self.titles and _breakdown_title(self.titles[0]):
            self._leave_breakdown(rows)
            return
        label_cols = self._label_cols(rows)
        value_cols = [c for c in self.b.cols if c not in label_cols]
        header_rows = self._header_rows(rows, value_cols, label_cols)
        body = [r for r in rows if r not in header_rows]
        if not header_rows and inherit is not None and value_cols:
            inherited = [type_label(self.grid[inherit][c]) for c in value_cols]
            if _period_headers(inherited):
                header_rows = [inherit]
        alone = [type_label(self.grid[rows[0]][c]) for c in value_cols] if len(rows) == 1 else []
        if alone and _period_headers(alone):
            # A header row alone (a pivot's "Row Labels | 2020/21 | ... | Grand Total", its
            # sections below each under a title of its own): the header of the tables under it.
            self.header_rows = rows
            return
        self.header_rows = header_rows
        value_cols, note_cols = self._note_cols(value_cols, body)
        head = self._head(header_rows, value_cols, body)
        side = self._side(label_cols, value_cols, body)
        typed = self._typed(head, side, label_cols, body)
        self.label_cols = label_cols
        self.col_axis = {c: [typed[(r, c)] for r in body] for c in label_cols}
        self.row_axis = {hr: [typed[(hr, c)] for c in value_cols] for hr in header_rows}
        self._row_notes(body, value_cols, note_cols)
        figures = self._figures(typed, body, label_cols, value_cols)
        figures += self._note_figures(figures)
        self.out.figures.extend(figures)

    def _note_figures(self, figures: list[Figure]) -> list[Figure]:
        """Figures a note under the table gives for a measure the table does not hold: a bare
        status ("SPO breaches: information not held") for each period of the table's figures,
        or a series ("Interim orders: 2020 - 3; 2021 - 9") of those periods only."""
        periods = sorted({f.period for f in figures}, key=lambda p: (p.start, p.end))
        held = {f.measure for f in figures}
        # A note's "orders" are SPOs where the sheet, its name or the table's titles speak of
        # stalking; the titles lend it nothing else (an "Outcome of applications" table's note
        # on interim orders does not count applications).
        context = self.context or any(mentions_stalking(t) for t in [*self.titles, self.sheet])
        out: list[Figure] = []
        for line in self.b.notes if periods else []:
            at = self._at(line.row, line.col)
            force = self._title_force()
            if (said := status_in_note(line.text, context)) is not None:
                found = [NoteFigure(said[0], p, said[1]) for p in _periods_for(said[0], figures)]
            else:
                found = series_line(line.text, context)
                if any(x.period not in periods for x in found):
                    continue  # a series of other periods than the table's is not about it
            found = [x for x in found if x.measure not in held]
            for x in found:
                out.append(Figure(*at, x.measure, x.period, x.parsed, line.text, line.text, force))
            if found:
                gave = ", ".join(f"{x.period.label} {_value_words(x.parsed)}" for x in found[:6])
                more = f" and {len(found) - 6} more" if len(found) > 6 else ""
                self.out.roles[at] = ("figure", f"{found[0].measure} · from a note: {gave}{more}")
        return out

    def _leave_breakdown(self, rows: list[int]) -> None:
        """A table for part of a force (one BCU, one district): every number left out, named."""
        for r in rows:
            for c in self.b.cols:
                v = self.grid[r][c]
                if v is not None and parse_value(v) is not None:
                    self._leave(r, c, f"a table for part of a force ({self.titles[0]})", "")

    def _note_cols(self, value_cols: list[int], body: list[int]) -> tuple[list[int], list[int]]:
        """(value columns, note columns): a column headed "Notes" holds words about its row's
        figures, never figures."""
        g = self.grid
        note_cols = [c for c in value_cols if any(is_notes(g[hr][c]) for hr in self.header_rows)]
        for r in body:
            for c in note_cols:
                if g[r][c] is not None:
                    self.out.roles[self._at(r, c)] = ("text", "a note on its row")
        return [c for c in value_cols if c not in note_cols], note_cols

    def _head(
        self, header_rows: list[int], value_cols: list[int], body: list[int]
    ) -> dict[tuple[int, int], CellValue]:
        """The header rows' labels over each value column."""
        g = self.grid
        # Group headers saved without their merge span to the next group.
        head: dict[tuple[int, int], CellValue] = {}
        for i, hr in enumerate(header_rows):
            last: CellValue = None
            for c in value_cols:
                v = g[hr][c]
                if v is not None:
                    last = v
                head[(hr, c)] = v if (v is not None or i == len(header_rows) - 1) else last
        # "Breaches of SPO" over "recorded" in one column: a header wrapped onto the row under it.
        for upper, lower in itertools.pairwise(header_rows):
            for i, c in enumerate(value_cols):
                top, low = g[upper][c], g[lower][c]
                spread = i + 1 < len(value_cols) and g[upper][value_cols[i + 1]] is None
                if (
                    isinstance(top, str)
                    and isinstance(low, str)
                    and low[:1].islower()
                    and not spread
                ):
                    head[(upper, c)], head[(lower, c)] = None, f"{top.strip()} {low.strip()}"
        # A column of "11 (79%)": its header's "(% of applications)" names the share, not the count.
        for c in value_cols:
            cells = [label_text(g[r][c]) for r in body if g[r][c] is not None]
            if cells and all(lexicon.COUNT_WITH_SHARE.match(x) for x in cells):
                for hr in header_rows:
                    if isinstance(h := head.get((hr, c)), str):
                        head[(hr, c)] = lexicon.without_share(h)
        return head

    def _side(
        self, label_cols: list[int], value_cols: list[int], body: list[int]
    ) -> dict[tuple[int, int], CellValue]:
        """The label columns' labels beside each body row; labels spanning rows fill down."""
        g = self.grid
        side: dict[tuple[int, int], CellValue] = {}
        for j, c in enumerate(label_cols):
            last: CellValue = None
            for r in body:
                v = g[r][c]
                if v is not None:
                    last = v
                side[(r, c)] = v if (v is not None or j == len(label_cols) - 1) else last
        # A row of "11 (85%)" likewise: its label's "(% of applications)" names the share.
        for r in body:
            cells = [label_text(g[r][c]) for c in value_cols if g[r][c] is not None]
            if cells and all(lexicon.COUNT_WITH_SHARE.match(x) for x in cells):
                for c in label_cols:
                    if isinstance(h := side.get((r, c)), str):
                        side[(r, c)] = lexicon.without_share(h)
        return side

    def _typed(
        self,
        head: dict[tuple[int, int], CellValue],
        side: dict[tuple[int, int], CellValue],
        label_cols: list[int],
        body: list[int],
    ) -> dict[tuple[int, int], Label]:
        """Every header and side label typed; the table's corner measure noted."""
        g, header_rows = self.grid, self.header_rows
        typed: dict[tuple[int, int], Label] = {}
        for key, v in [*head.items(), *side.items()]:
            typed[key] = self._type(v)
            if v is not None:
                self.out.roles.setdefault(self._at(*key), ("label", typed[key].kind))
        # A measure in the table's corner (above its row labels) says what all its figures count.
        self.corner = [
            lab.text
            for hr in header_rows
            for c in label_cols
            if (lab := self._type(g[hr][c])).kind == "measure"
        ]
        self._type_codes(typed, label_cols, body)
        # A label column headed "BCU" or "Age" lists breakdowns, whatever its rows say.
        for c in label_cols:
            top = [type_label(g[hr][c]) for hr in header_rows]
            if any(t.kind == "breakdown" for t in top):
                outcomes = any(lexicon.OUTCOME_HEADER.search(t.text.lower()) for t in top)
                for r in body:
                    lab = typed[(r, c)]
                    if lab.kind in ("total", "blank", "period", "part"):
                        continue
                    words = " ".join(lab.text.lower().split())
                    if (
                        outcomes
                        and lexicon.GRANTED_OUTCOME.match(words)
                        and any(_names_orders(typed[(r, x)]) for x in label_cols if x != c)
                    ):
                        # "Granted" under "Outcome" beside "Interim SPO" on its own row: those
                        # orders granted. Under a title alone, the outcomes are applications'.
                        typed[(r, c)] = Label("measure", lab.text)
                    elif lexicon.BREAKDOWN_WHOLE.match(words):
                        # "All age bands" under "Age band": the sum of the bands (checked
                        # against them as any total is), not a band of its own.
                        typed[(r, c)] = Label("total", lab.text)
                    else:
                        typed[(r, c)] = Label("breakdown", lab.text, why="a breakdown row")
        return typed

    def _type_codes(
        self, typed: dict[tuple[int, int], Label], label_cols: list[int], body: list[int]
    ) -> None:
        """Label columns of codes typed by what each code names: 8Q stalking, another offence
        code another offence, one force's code the file's force (no label of its own)."""
        g, header_rows = self.grid, self.header_rows
        for c in label_cols:
            head = g[header_rows[0]][c] if header_rows else None
            if not _code_column(head, [g[r][c] for r in body]):
                continue
            words = " ".join(label_text(head).lower().replace("_", " ").split())
            force_code = lexicon.FORCE_CODE_HEADER.match(words) or lexicon.REFERENCE_HEADER.match(
                words
            )
            for r in body:
                typed[(r, c)] = Label("blank") if force_code else _code_label(g[r][c])

    def _row_notes(self, body: list[int], value_cols: list[int], note_cols: list[int]) -> None:
        """Words beside a row's figures (not a token such as "N/K"): a note on that row."""
        g = self.grid
        for r in body:
            texts = [
                label_text(g[r][c])
                for c in value_cols + note_cols
                if isinstance(g[r][c], str)
                and (c in note_cols or parse_value(g[r][c]) is None)
                and len(str(g[r][c]).split()) >= 3
            ]
            if texts:
                self.row_notes[r] = "; ".join(texts)

    def _figures(
        self,
        typed: dict[tuple[int, int], Label],
        body: list[int],
        label_cols: list[int],
        value_cols: list[int],
    ) -> list[Figure]:
        """Every value cell read under its row's and column's labels; totals checked."""
        header_rows = self.header_rows
        breakdown_col = {c: all_breakdowns([typed[(r, c)] for r in body]) for c in label_cols}
        breakdown_row = {
            hr: all_breakdowns([typed[(hr, c)] for c in value_cols]) for hr in header_rows
        }
        totals: list[Total] = []
        figures: list[Figure] = []
        groups = outline([typed[(r, label_cols[0])] for r in body]) if label_cols else {}
        for i, r in enumerate(body):
            row_labels = [(typed[(r, c)], breakdown_col[c]) for c in label_cols]
            if i in groups:
                # A pivot table in outline form: the year above applies to the rows under it,
                # and the year's own row is their subtotal.
                group = groups[i]
                if group is None:
                    row_labels = [(Label("total", typed[(r, label_cols[0])].text), False)]
                else:
                    row_labels = [*row_labels, (group, False)]
            for c in value_cols:
                cell = self.grid[r][c]
                if cell is None:
                    continue
                col_labels = [(typed[(hr, c)], breakdown_row[hr]) for hr in header_rows]
                self._cell(r, c, cell, row_labels, col_labels, totals, figures)
        totals = [
            t._replace(row=self._at(t.row, t.col)[0], col=self._at(t.row, t.col)[1]) for t in totals
        ]
        for year in check_totals(totals, figures, self.out.warnings, self.sheet, self.exceeding):
            figures.append(year)
            self.out.roles[(year.row, year.col)] = (
                "figure",
                f"{year.measure} · {year.period.label} "
                "(a year's total of the months or quarters beside it)",
            )
        return figures

    def _type(self, v: CellValue) -> Label:
        """A label; a code the sheet's legend explains ("SPO_APP") is typed by its description."""
        code = label_text(v)
        if code in self.legend:
            described = type_label(f"{self.legend[code]}")
            return Label(described.kind, f"{code} ({self.legend[code]})", described.period,
                         described.part, described.force, described.day, described.why)  # fmt: skip
        if isinstance(v, str) and (m := _LOOSE_MARK.search(v)) is not None:
            # "2020 +" or "2023 #" where a note says "+ SPOs were available from ..." or "# 2023
            # figures are provisional": the year and a footnote's mark (elsewhere "65+" is an age
            # band and "2020+" may be "2020 onwards").
            explained = re.compile(rf"(?:^|\s){re.escape(m['mark'])}\s+[a-z0-9]", re.I)
            year = type_label(v[: m.start()])
            if year.kind == "period" and any(explained.search(t) for t in self.around):
                return dataclasses.replace(year, text=label_text(v))
        return type_label(v)

    def _label_cols(self, rows: list[int]) -> list[int]:
        g, b = self.grid, self.b
        cols: list[int] = []
        for c in list(b.cols)[:-1]:
            top = g[rows[0]][c]
            body = [g[r][c] for r in rows[1:]] if len(rows) > 1 else [top]
            if cols and (label_period(top) is not None or period_part(top) is not None):
                break  # periods across the top: the columns under them hold figures
            codes = _code_column(top, body)
            if not all(_is_label(v) for v in body) and not _text_column(top, body) and not codes:
                break
            if cols and _measure_like(top) and not any(isinstance(v, str) for v in body):
                break  # a column of counts under a header such as "Stalking offences"
            cols.append(c)
        return cols

    def _header_rows(
        self, rows: list[int], value_cols: list[int], label_cols: list[int]
    ) -> list[int]:
        out: list[int] = []
        for i, r in enumerate(rows[:-1]):
            # A row labelled with a measure or a force is a row of figures ("Stalking offences |
            # 2006"), not a header of years; only the very first row may hold a measure in its
            # corner, and then only where the rows under it are not measures too.
            own = [self._type(self.grid[r][c]).kind for c in label_cols]
            present = [self.grid[r][c] for c in value_cols if self.grid[r][c] is not None]
            headers = _years(present) or any(
                isinstance(v, str) and not v.strip().isdigit() for v in present
            )
            if any(k in ("measure", "force") for k in own) and not headers:
                # Any label column: the last may be a blank spacer beside the real labels.
                below = [
                    self._type(self.grid[x][c]).kind for x in rows[i + 1 :] for c in label_cols
                ]
                if i > 0 or "measure" in below:
                    break
            cells = [self.grid[r][c] for c in value_cols]
            present = [v for v in cells if v is not None]
            words = any(isinstance(v, str) and _is_label(v) for v in present)
            # "Granted | Refused | Withdrawn": a status word beside other headers is a header.
            if not present or not all(_is_label(v) or (words and _status_word(v)) for v in cells):
                break
            if i > 0 and all(isinstance(v, int | float) for v in present) and not _years(present):
                break  # a row of year-like counts under a header is data
            out.append(r)
        return out

    def _cell(
        self,
        r: int,
        c: int,
        cell: CellValue,
        row_labels: list[tuple[Label, bool]],
        col_labels: list[tuple[Label, bool]],
        totals: list[Total],
        figures: list[Figure],
    ) -> None:
        parsed, split = _parse_split(cell)
        labels = [lab for lab, _ in row_labels + col_labels]
        label = " | ".join(lab.text for lab in labels if lab.text)
        if parsed is None and (said := self._see_note(cell)) is not None:
            parsed = said
        if self._years_down(c, col_labels):
            # A column of years down the side holds periods: its "2021" is a year, never a count.
            return self._leave(r, c, "a column of periods, not counts", label)
        no = _no_figure(cell, parsed, row_labels, col_labels)
        if no is not None or parsed is None:
            if no is not None and no[0]:
                self._leave(r, c, no[0], no[1] or label)
            return
        # A total across breakdowns is the force's figure; a total of figures is checked.
        summed = any(lab.kind == "total" and not bd for lab, bd in row_labels + col_labels)
        # A total's own words still say what it counts ("Total stalking crimes recorded").
        named = [lab for lab in labels if lab.kind == "total"]
        if self._over_stalking(row_labels, col_labels):
            # "Grand Total" across s.2A and s.4A stalking: a total of stalking offences.
            named.append(Label("measure", "stalking"))
        labels = [lab for lab in labels if lab.kind != "total"]
        bad = next((lab for lab in labels if not understood(lab)), None)
        if summed and (own := self._total_of_outcomes(row_labels, col_labels, labels)):
            summed = False  # "Total applications" across Granted / Refused / Withdrawn
            labels = [*labels, own]
        if summed and split is not None:
            return self._leave(r, c, "a total with its interim part: its parts are read", label)
        if summed:
            measure, _ = self._measure(labels)
            totals.append(Total(r, c, parsed, measure, self._total_period(named, labels, measure)))
            self._exceeds((r, c), parsed, [lab for lab, _ in row_labels + col_labels], cell)
            self.out.roles[self._at(r, c)] = ("total", "a total, checked against its parts")
            return
        if bad is not None:
            return self._leave(r, c, bad.why, bad.text)
        forces = {lab.force for lab in labels if lab.kind == "force"}
        if len(forces) > 1:
            return self._leave(r, c, "two forces in its labels", label)
        force = next(iter(forces), None) or self._title_force()
        measure, why = self._measure(labels + named, self.row_notes.get(r, ""))
        if measure is None:
            return self._leave(r, c, why, label)
        if not any(lab.period or lab.part for lab in labels) and self._across_periods(
            row_labels, col_labels
        ):
            # "Grand Total" beside 2020/21 and 2021/22: a sum over periods, whatever a title says.
            return self._leave(r, c, "a total across the periods beside it", label)
        period, why = self._period(labels, measure, r, c)
        if period is None:
            return self._leave(r, c, why, label)
        self.row_periods[r] = period
        parsed, note = footnote(parsed, self.notes, labels, cell)
        if parsed.dash and not self._dash_is_nil:
            self._leave(r, c, DASH_UNKEYED, label)
            return
        if measure == "spo_granted" and parsed.marker and _inclusive(note):
            measure = "all_spo_granted"  # "12*" with "* includes 2 interim orders"
        if r in self.row_notes:
            note = "; ".join(x for x in (note, self.row_notes[r]) if x)
        definition = self._definition(labels)
        at = self._at(r, c)
        figure = Figure(*at, measure, period, parsed, label, note, force, definition)
        if split is not None:
            self._add_parts(figure, split, labels, figures, (r, c))
            return
        figures.append(figure)
        self.out.roles[at] = (
            "figure",
            f"{measure} · {period.label} · {_value_words(parsed)}",
        )

    def _exceeds(
        self, rc: tuple[int, int], parsed: ParsedValue, labels: list[Label], cell: CellValue
    ) -> None:
        """Marks a total whose footnote says it counts more than its parts."""
        if _EXCEEDS_PARTS.search(footnote(parsed, self.notes, labels, cell)[1]):
            self.exceeding.add(self._at(*rc))

    def _add_parts(
        self,
        figure: Figure,
        split: tuple[ParsedValue, ParsedValue],
        labels: list[Label],
        figures: list[Figure],
        rc: tuple[int, int],
    ) -> None:
        """The figures of a cell of orders with their interim part, or why it gives none."""
        parts = self._interim_parts(figure.measure, split, labels)
        if isinstance(parts, str):
            self._leave(*rc, parts, figure.label)
            return
        figures += [dataclasses.replace(figure, measure=m, parsed=v) for m, v in parts]
        words = " and ".join(f"{m} {_value_words(v)}" for m, v in parts)
        self.out.roles[(figure.row, figure.col)] = ("figure", f"{words} · {figure.period.label}")

    def _interim_parts(
        self, measure: Measure, split: tuple[ParsedValue, ParsedValue], labels: list[Label]
    ) -> list[tuple[Measure, ParsedValue]] | str:
        """What a cell of orders with their interim part gives ("6 (2 interim)" under "SPOs
        granted": 6 granted in all, 2 of them interim), or why it gives nothing."""
        whole, part = split
        said = " ".join([*(lab.text for lab in labels), *self.notes]).lower()
        if _BRACKET_APART.search(said) or any(
            signals(lab.text).order_type == "full" for lab in labels
        ):
            # "full orders" over the cell, or a note that the bracket is on top of the number:
            # the whole is not all orders, and nothing says what it is.
            return "a count with interim orders in brackets, said not to include them"
        heads = [
            _PARENTHESISED.sub(" ", lab.text).lower() for lab in labels if lab.kind == "measure"
        ]
        if any("interim" in h for h in heads):
            return "a count of interim orders with interim orders in brackets"
        # Otherwise "interim" in a bracket on the label ("SPOs granted (of which interim)") or in
        # a note ("figures in brackets are interim orders") speaks of the bracket, not the whole.
        measure = _NOT_INTERIM.get(measure, measure)
        if measure in ("spo_granted", "all_spo_granted"):
            return [("all_spo_granted", whole), ("interim_spo_granted", part)]
        if measure == "spo_applications":
            # Applications for both kinds of order have no measure of their own: only the part.
            return [("interim_spo_applications", part)]
        return f"a count with interim orders in brackets, under {measure}"

    def _total_period(
        self, named: list[Label], labels: list[Label], measure: Measure | None
    ) -> Period | None:
        """The period a total says it covers: its own label's ("2024 Total (to 31 May)"), else
        its other labels' ("Total" under "2024*", the note on 2024 saying January to May)."""
        stated = {p for lab in named if (p := total_period(lab.text)) is not None}
        if stated:
            return stated.pop() if len(stated) == 1 else None
        if measure is None or not any(lab.period is not None for lab in labels):
            return None
        return self._period(labels, measure, 0)[0]

    def _see_note(self, cell: CellValue) -> ParsedValue | None:
        """'see note' in a cell: the note it points to, where that note says not held or refused."""
        text = label_text(cell)
        if not SEE_NOTE.match(text):
            return None
        for note in self.notes:
            if note.lower().startswith(text.lower()):
                said = parse_value(note[len(text) :].strip(" :-"))
                if said is not None and said.status in ("not_held", "refused"):
                    return said
        return None

    def _at(self, r: int, c: int) -> tuple[int, int]:
        """A cell's place on the sheet as the file has it (hidden rows and columns included)."""
        return self.rmap[r], self.cmap[c]

    def _over_stalking(
        self, row_labels: list[tuple[Label, bool]], col_labels: list[tuple[Label, bool]]
    ) -> bool:
        """Whether a total sums breakdowns that each name stalking (its parts, s.2A and s.4A)."""
        rows = [
            (x, self.col_axis.get(c, [])) for x, c in zip(row_labels, self.label_cols, strict=False)
        ]
        cols = [
            (x, self.row_axis.get(h, []))
            for x, h in zip(col_labels, self.header_rows, strict=False)
        ]
        for (lab, across_breakdowns), axis in [*rows, *cols]:
            if lab.kind != "total" or not across_breakdowns:
                continue
            parts = [s for s in axis if s.kind not in ("total", "blank")]
            if parts and all(mentions_stalking(s.text) for s in parts):
                return True
        return False

    def _years_down(self, c: int, col_labels: list[tuple[Label, bool]]) -> bool:
        """A column of years one after another under a year ("2021" over 2022, 2023): the
        periods of a table cut from its figures, never counts."""
        if not any(lab.period is not None for lab, _ in col_labels):
            return False
        heads = [self.grid[h][c] for h in self.header_rows]
        body = [v for r in self.b.rows if r not in self.header_rows and (v := self.grid[r][c])]
        return len(body) >= 1 and _years([*heads[-1:], *body])

    def _across_periods(
        self, row_labels: list[tuple[Label, bool]], col_labels: list[tuple[Label, bool]]
    ) -> bool:
        """Whether a total label of the cell stands among periods on its axis."""
        rows = zip(row_labels, self.label_cols, strict=False)
        cols = zip(col_labels, self.header_rows, strict=False)
        axes = [
            *((lab, self.col_axis.get(c, [])) for (lab, _), c in rows),
            *((lab, self.row_axis.get(h, [])) for (lab, _), h in cols),
        ]
        return any(
            lab.kind == "total" and any(s.kind == "period" for s in siblings)
            for lab, siblings in axes
        )

    def _total_of_outcomes(
        self,
        row_labels: list[tuple[Label, bool]],
        col_labels: list[tuple[Label, bool]],
        others: list[Label],
    ) -> Label | None:
        """A total whose own words name a measure that none of the figures beside it counts
        ("Total applications" beside "Granted"; "Total SPOs granted (interim + full)" beside
        interim and full): not their sum but a figure of its own measure, as a label."""
        rows = zip(row_labels, self.label_cols, strict=False)
        cols = zip(col_labels, self.header_rows, strict=False)
        axes = [
            *((lab, self.col_axis.get(c, [])) for (lab, _), c in rows),
            *((lab, self.row_axis.get(h, [])) for (lab, _), h in cols),
        ]
        for lab, siblings in axes:
            if lab.kind != "total":
                continue
            words = _strip(lab.text)[0]
            # Its own words ("Total applications"), or else what the table counts (its title).
            own = [Label("measure", words)] if signals(words).kind is not None else []
            mine, _ = self._measure([*own, *others])
            theirs = {
                self._measure([s, *others])[0]
                for s in siblings
                if s.kind == "measure" and s is not lab
            }
            if mine is not None and theirs and mine not in theirs:
                return own[0] if own else Label("dimension", words)
        return None

    def _leave(self, r: int, c: int, reason: str, label: str) -> None:
        self.out.left_out.append(LeftOut(cell_ref(*self._at(r, c)), reason, label))
        self.out.roles[self._at(r, c)] = ("left_out", reason)

    def _title_force(self) -> str | None:
        """The force the nearest title naming any force names, if it names one only."""
        for t in self.titles:
            if found := forces_in_text(t):
                return next(iter(found)) if len(found) == 1 else None
        return None

    def _period(
        self, labels: list[Label], measure: Measure, r: int, c: int = 0
    ) -> tuple[Period | None, str]:
        wholes: set[Period] = set()
        for lab in labels:
            p = lab.period
            if p is None and lab.kind == "measure":
                p = find_period(lab.text)
                if p is None and _SAME_PERIOD.search(lab.text.lower()):
                    p = next(
                        (
                            self.row_periods[x]
                            for x in sorted(self.row_periods, reverse=True)
                            if x < r
                        ),
                        None,
                    )
            if p is None:
                continue
            if lab.to_date:
                # "2024 to date" ends where the return's words say its figures run to.
                if (end := stated_end(self.around, p)) is None:
                    return None, f"a period to date whose end the return does not give ({lab.text})"
                p = Period(start=p.start, end=end)
            narrowed, unclear = self._noted(lab, p, measure)
            if unclear:
                return None, f"a note on its period is not understood ({lab.text})"
            wholes.add(narrowed or p)
        days = sorted({lab.day for lab in labels if lab.day is not None})
        if days:
            # A start and an end date on the row ("PERIOD_START", "PERIOD_END") bound its period.
            if len(days) != 2:
                return None, "a single date, not a period"
            wholes.add(Period(start=days[0], end=days[1]))
        parts = {lab.part for lab in labels if lab.part is not None}
        if len(wholes) > 1:
            # "Q1 2021/22" under "2021/22": the narrower period, where it lies inside the others.
            inner = min(wholes, key=lambda p: p.days)
            if not all(w.start <= inner.start and inner.end <= w.end for w in wholes):
                return None, "two periods in its labels"
            wholes = {inner}
        whole = next(iter(wholes), None)
        if whole is None:
            # A sidecar's period for this column, then the table's title, sheet and the rest.
            letters = cell_ref(0, self.cmap[c])[:-1]
            whole = self.hints.column_periods.get((self.sheet, letters)) or self._context_period()
            if whole is None:
                if parts:
                    return None, "a month or quarter without its year"
                return None, "no period in its labels, the table's title or the sheet's name"
        if parts:
            return _narrowest_part(whole, parts)
        if whole.kind in ("year", "financial_year") and any(lab.partial for lab in labels):
            return None, f"a part year that does not say which part of {whole.label}"
        return whole, ""

    def _noted(self, lab: Label, p: Period, measure: Measure) -> tuple[Period | None, bool]:
        """A note narrowing a period label ("2020 covers 20 January 2020 to ..."), if any."""
        clean, marker = _strip(lab.text)
        # "2020 (from 20 Jan)" is mentioned in a note as "2020".
        names = {clean, clean.split("(")[0].strip()} - {""}
        for note in self.notes:
            body = note.lstrip()
            if marker and body.startswith(marker.strip("[]()^ ")):
                pass
            elif not any(mentions(DAYS.sub(" ", body), n) for n in names):
                continue
            kind = subject_of(body)
            if kind is not None and (kind == "offences") != (measure == "stalking_offences"):
                continue
            narrowed, unclear = qualified_period(body, p)
            if narrowed is not None or unclear:
                return narrowed, unclear
            if kind is not None and names_other_period(body, p):
                return None, True
        return None, False

    def _context_period(self) -> Period | None:
        """The period of the table's title, else the sheet's name, else what the sidecar says."""
        for t in self.titles:
            if (p := find_period(t)) is not None:
                return p
        if (p := find_period(self.sheet)) is not None:
            return p
        # A line of prose above the table saying what period all its figures cover.
        stated = {
            p
            for line in self.b.titles
            if not is_heading(line.text)
            and _states_period(line.text)
            and (p := find_period(line.text)) is not None
        }
        if len(stated) == 1:
            return next(iter(stated))
        h = self.hints
        for (sheet, ref), p in h.table_periods.items():
            if sheet == self.sheet and _inside(ref, self.b):
                return p
        return h.sheet_periods.get(self.sheet) or h.period

    def _measure(self, labels: list[Label], row_note: str = "") -> tuple[Measure | None, str]:
        for lab in labels:
            if (m := self.hints.label_measures.get(normalise_label(lab.text))) is not None:
                return m, ""
        specific = [
            _strip(lab.text)[0] for lab in labels if lab.kind in ("measure", "force", "total")
        ]
        # A footnote on a measure's label or a note on its row may say which orders it counts.
        qualifiers = [
            n
            for lab in labels
            if lab.kind == "measure" and (mk := _strip(lab.text)[1])
            for n in self.notes
            if n.lstrip().startswith(mk.strip("[]()^ "))
        ]
        if row_note:
            qualifiers.append(row_note)
        # A note about orders granted says nothing of applications, and the other way round.
        own = next((s.action for x in specific if (s := signals(x)).action), None)
        qualifiers = [q for q in qualifiers if signals(q).action in (None, own)]
        # A line saying the grants include interim orders qualifies the granted columns only:
        # of this table, where it names a question or note mark ("Note A: Q3 figures include
        # interim orders" under "Q3. SPOs granted (see note A)").
        texts = [lab.text for lab in labels]
        inclusive = [
            q
            for q in self._inclusive_lines
            if (tied := tied_to(q, self.titles, texts))
            or (tied is None and signals(q).action in (None, "granted"))
        ]
        # A note elsewhere on the sheet naming this table's question or mark applies too.
        inclusive += [
            q
            for q in self._sheet_inclusive
            if q not in inclusive and tied_to(q, self.titles, texts) is True
        ]
        qualifiers += inclusive if own == "granted" else []
        # "... by relationship of suspect to victim": what follows "by" names the breakdown.
        # Under labels that name no action the line is the table's title, as before.
        dropped = inclusive if own is not None else []
        titles = [[_BY.sub("", t)] for t in self.titles if t not in dropped]
        corner = [self.corner + self.filters] if self.corner or self.filters else []
        levels = [specific, *([q] for q in qualifiers), *corner, *titles, [self.sheet]]
        measure, why = classify(levels, self.context)
        if measure is not None and qualifiers:
            plain, _ = classify([specific, *corner, *titles, [self.sheet]], self.context)
            if plain != measure:
                return measure, ""
            for q in qualifiers:
                if QUALIFYING.search(q.lower()) and signals(q).order_type is None:
                    return None, f"a note qualifies what it counts ({q})"
        return measure, why

    @functools.cached_property
    def _inclusive_lines(self) -> list[str]:
        """Lines of prose above or below the table saying its grants count interim orders too
        ("SPOs granted includes interim and full orders"): a note on every granted column."""
        lines = [*self.notes, *(t.text for t in self.b.titles)]
        return [
            q
            for q in lines
            if _inclusive(q) or (signals(q).order_type == "both" and "interim" in q.lower())
        ]

    @functools.cached_property
    def _dash_is_nil(self) -> bool:
        """Whether the words around the table say a dash means nil."""
        return any(lexicon.dash_is_nil(t) for t in self.around)

    @functools.cached_property
    def _sheet_inclusive(self) -> list[str]:
        return [q for q in self.sheet_texts if _inclusive(q)]

    def _definition(self, labels: list[Label]) -> str:
        for lab in labels:
            if (d := self.hints.label_definitions.get(normalise_label(lab.text))) is not None:
                return d
        return ""


# A footnote's mark that is also a word of its own elsewhere: read as a mark only where a note
# on the table starts with it.
_LOOSE_MARK = re.compile(r"\s*(?P<mark>[+#])$")

_PERIOD_HEADER = re.compile(
    r"^(?:the\s+)?(?:calendar\s+|financial\s+)?(?:periods?|years?|dates?|months?|quarters?|"
    r"time\s+period|reporting\s+period)$",
    re.I,
)


def _year_under_period_header(
    parsed: ParsedValue | None, col_labels: list[tuple[Label, bool]]
) -> bool:
    if parsed is None or parsed.value is None or not plausible_year(parsed.value):
        return False
    return any(_PERIOD_HEADER.match(lab.text.strip()) for lab, _ in col_labels)


DASH_UNKEYED = (
    "a dash with no key saying what it means (nil, or not available); if it is nil, say so in "
    'a sidecar ([values] nil = ["-"])'
)


def _no_figure(
    cell: CellValue,
    parsed: ParsedValue | None,
    row_labels: list[tuple[Label, bool]],
    col_labels: list[tuple[Label, bool]],
) -> tuple[str, str] | None:
    """Why a cell gives no figure whatever its labels say (and the label to name), or None.
    An empty reason: a label among the figures, left silently."""
    if _year_under_period_header(parsed, col_labels):
        # A column headed "Period" holds periods: its "2021" is a year, never a count.
        return "a column of periods, not counts", ""
    if (welsh := _welsh_alone(row_labels)) or _welsh_alone(col_labels):
        # Its row or column says what it counts in Welsh only: nothing else may say it.
        return WELSH_ALONE, welsh or ""
    if parsed is not None and parsed.not_applicable:
        return "'N/A' (not applicable or not available) is no figure", ""
    if parsed is None:
        if isinstance(cell, int | float) and not isinstance(cell, bool) and cell < 0:
            return "a negative count; check the return", ""
        if not _is_label(cell) or isinstance(cell, int | float):
            return "not a count", ""
        return "", ""
    if _running_total(row_labels + col_labels):
        return "a running total or a stock, not a period's count", ""
    return None


def _running_total(labels: list[tuple[Label, bool]]) -> bool:
    """Whether a total's own words make it a running total or a stock ("Total since January
    2020", "Cumulative total")."""
    return any(lab.kind == "total" and lexicon.stock_or_since(lab.text) for lab, _ in labels)


# A note that a bracketed interim count is on top of the number before it, not part of it.
_BRACKET_APART = re.compile(
    r"\b(?:not\s+included\s+in|in\s+addition\s+to|additional\s+to|on\s+top\s+of|"
    r"excluded\s+from|are\s+not\s+part\s+of|plus)\b"
)


_PARENTHESISED = re.compile(r"[(\[][^)\]]*[)\]]")
_NOT_INTERIM: dict[Measure, Measure] = {
    "interim_spo_granted": "spo_granted",
    "interim_spo_applications": "spo_applications",
}


# A total's footnote saying it counts more than its parts: "totals include offences with no
# recorded date ... therefore exceed the sum of the quarters".
_EXCEEDS_PARTS = re.compile(
    r"\bexceeds?\s+the\s+sum\b|\b(?:is|are)\s+(?:therefore\s+)?(?:greater|more)\s+than\s+the\s+sum\b|"
    r"\b(?:is|are)\s+not\s+the\s+sum\b.*\bincludes?\b",
    re.I,
)


def _parse_split(
    cell: CellValue,
) -> tuple[ParsedValue | None, tuple[ParsedValue, ParsedValue] | None]:
    """A cell's value, and its whole and interim part where it gives both ("6 (2 interim)")."""
    parsed = _parse_cell(cell)
    split = split_interim(cell) if parsed is None else None
    return (split[0] if split else parsed), split


def _inclusive(note: str) -> bool:
    return lexicon.adds_interim(note)


def _page_filters(grid: Grid, before: list[Block], b: Block) -> list[str]:
    """A pivot table's page filters: rows of "field | value" just above it, where the table has
    a pivot's own words ("Row Labels", "Count of ..."). They say what all its figures count."""
    cells = [label_text(grid[r][c]).lower() for r in b.rows for c in b.cols if grid[r][c]]
    if not any(lexicon.PIVOT_CHROME.search(t) or lexicon.PIVOT_FIELD.search(t) for t in cells):
        return []
    if footer := _applied_filters(grid, b):
        return footer
    above = [x for x in before if x.bottom < b.top and b.top - x.bottom <= 3]
    if len(above) != 1 or above[0].right - above[0].left != 1 or len(above[0].rows) > 6:
        return []
    f = above[0]
    if any(f.bottom < t.row < b.top for t in b.titles):
        return []  # the pivot has a title of its own: what is above it is another table
    pairs = [(grid[r][f.left], grid[r][f.right]) for r in f.rows]
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in pairs):
        return []
    if any(parse_value(v) is not None for _, v in pairs):
        return []  # "SPOs made by the court | 12": a table of figures, not a filter
    return [f"{label_text(k)}: {label_text(v)}" for k, v in pairs]


_APPLIED_FILTERS = re.compile(r"^(?:applied\s+)?filters?(?:\s+applied)?\s*:?$")
_FILTER_IS = re.compile(r"^(?P<field>.+?)\s+(?:is|equals|=)\s+(?P<value>.+)$", re.I)


def _applied_filters(grid: Grid, b: Block) -> list[str]:
    """A business-intelligence export's footer, "Applied filters:" then "HO Offence Code is 8Q"
    a line each: what every figure of the table above it counts."""
    rows = range(b.bottom + 1, min(len(grid), b.bottom + 6))
    start = next(
        (r for r in rows if _APPLIED_FILTERS.match(label_text(grid[r][b.left]).lower())), None
    )
    if start is None:
        return []
    out: list[str] = []
    for r in range(start + 1, min(len(grid), start + 12)):
        text = label_text(grid[r][b.left])
        if not text:
            break
        if m := _FILTER_IS.match(text):
            out.append(f"{m['field']}: {m['value']}")
    return out


def _welsh_line(rows: Grid, r: int) -> bool:
    """A row holding only a Welsh label, over a row with its English translation and figures
    (bilingual returns in alternate rows): taken out so that the table stays whole."""
    texts = [v for v in rows[r] if v is not None and v != ""]
    if len(texts) != 1 or not isinstance(texts[0], str) or not lexicon.is_welsh(texts[0]):
        return False
    if lexicon.english_side(texts[0]) != texts[0] or r + 1 >= len(rows):
        return False
    below = [v for v in rows[r + 1] if v is not None and v != ""]
    return (
        len(below) >= 2
        and isinstance(below[0], str)
        and not lexicon.is_welsh(below[0])
        and any(parse_value(v) is not None for v in below[1:])
    )


def _welsh_alone(axis: list[tuple[Label, bool]]) -> str:
    """The Welsh label of a row or column whose labels say nothing else, or ""."""
    welsh = [lab.text for lab, _ in axis if lab.why == WELSH_ALONE]
    if welsh and all(lab.kind == "blank" for lab, _ in axis):
        return welsh[0]
    return ""


def _narrowest_part(whole: Period, parts: set[PeriodPart]) -> tuple[Period | None, str]:
    """A year read with its parts from the other labels; where a quarter and a month are both
    given (a BI export's Year / Quarter / Month columns), the month, if it lies in the quarter."""
    composed = [compose(whole, part) for part in parts]
    if any(p is None for p in composed):
        return None, f"a part of a period that does not fit {whole.label}"
    periods = [p for p in composed if p is not None]
    inner = min(periods, key=lambda p: p.days)
    if not all(p.start <= inner.start and inner.end <= p.end for p in periods):
        return None, "two parts of a period in its labels that do not agree"
    return inner, ""


def _periods_for(measure: Measure, figures: list[Figure]) -> list[Period]:
    """The periods a status for measure applies to: those of the table's figures of its kind
    (orders, or offences), where it has any (a year before SPOs began has offences only)."""
    offences = measure == "stalking_offences"
    alike = [f for f in figures if (f.measure == "stalking_offences") == offences] or figures
    periods = sorted({f.period for f in alike}, key=lambda p: (p.start, p.end))
    # A status is said of what was asked, most often years: of a table by quarter or month it
    # does not say which periods it covers (the years, the quarters or both), so none.
    if any(p.kind not in ("year", "financial_year") for p in periods):
        return []
    return periods


_BY = re.compile(r"\s+by\s+\w.*$", re.I)
# "All figures are for financial year 2022/23", "Figures cover 1 April 2023 to 31 March 2024":
# the period of every figure. "2023 figures are provisional", "figures are correct as at 30/04"
# say nothing of it.
_ALL_FIGURES = re.compile(
    r"\bfigures\s+(?:(?:are|is)\s+(?:for|from|by)|cover(?:s|ing)?|relate\s+to|refer\s+to)\b|"
    # "Figures for 2023 are set out below": the period of the table that follows.
    r"\bfigures\s+for(?=\s[^.]{1,40}?\s(?:are|is)\s+(?:set\s+out|shown|given|provided|listed)\s+"
    r"(?:below|in\s+the\s+table\s+below)\b)",
    re.I,
)


def _states_period(line: str) -> bool:
    """Whether a line says what period all the figures cover, and not one period's figures
    ("The 2023/24 figures are for the first half of the year", "2024 figures cover ...")."""
    m = _ALL_FIGURES.search(line)
    return m is not None and find_period(line[: m.start()]) is None


_SAME_PERIOD = re.compile(r"\b(?:same|that|this)\s+period\b|\bthose\b")
_AREA_TITLE = re.compile(
    r"\b(?:bcus?|boroughs?|districts?|divisions?|neighbourhoods?|local\s+(?:authority|policing\s+area)|"
    r"lpas?|command\s+units?|wards?|sectors?)\b",
    re.I,
)


def _parse_cell(cell: CellValue) -> ParsedValue | None:
    """A cell's value; one written in Welsh and English ("llai na 5 / fewer than 5") in English."""
    parsed = parse_value(cell)
    if parsed is None and isinstance(cell, str) and (english := lexicon.english_side(cell)) != cell:
        return parse_value(english)
    return parsed


def _period_headers(labels: list[Label]) -> bool:
    """Periods across the top, and perhaps their total ("Grand Total"): a header row of years."""
    kinds = {lab.kind for lab in labels}
    return bool(kinds & {"period", "part"}) and kinds <= {"period", "part", "total"}


def _breakdown_title(title: str) -> bool:
    """A table titled by an area below the force ("North BCU"): its figures are parts."""
    return (
        len(title.split()) <= 5
        and _AREA_TITLE.search(title) is not None
        and signals(title).kind is None
        and not is_total(title)
    )


def _text_column(top: CellValue, body: list[CellValue]) -> bool:
    """A column of text (age bands "18-24") under a header naming a dimension or breakdown."""
    return (
        isinstance(top, str)
        and type_label(top).kind in ("dimension", "breakdown")
        and not lexicon.COUNT_HEADER.match(" ".join(top.lower().split()))
        and all(isinstance(v, str) or v is None for v in body)
        and not _mostly_counts(body)
    )


def _mostly_counts(body: list[CellValue]) -> bool:
    """Cells most of which are counts: figures under a spanning header ("Financial year" over
    2020/21, 2021/22 on a web page, where every cell is text), not a column of text."""
    cells = [v for v in body if v is not None and label_period(v) is None]
    return sum(1 for v in cells if is_value(v)) * 2 > len(cells)


def _names_orders(label: Label) -> bool:
    """A row label naming a kind of order and no action ("Interim SPO", "Full SPO")."""
    s = signals(label.text)
    return label.kind == "measure" and s.kind == "spo" and s.action is None


def _code_column(top: CellValue, body: list[CellValue]) -> bool:
    """A column of Home Office offence codes ("8Q", "8L") under a header saying so: labels, not
    counts ("8L" is no 8 with a footnote l)."""
    words = " ".join(label_text(top).lower().replace("_", " ").split())
    cells = [label_text(v).lower() for v in body if v is not None and label_text(v)]
    if cells and lexicon.REFERENCE_HEADER.match(words):
        return True
    if cells and lexicon.FORCE_CODE_HEADER.match(words):
        return len(set(cells)) == 1
    return (
        bool(cells)
        and lexicon.OFFENCE_CODE_HEADER.search(words) is not None
        and all(lexicon.OFFENCE_CODE.match(x) for x in cells)
    )


def _code_label(v: CellValue) -> Label:
    """8Q names stalking; a dash or nothing names nothing; any other code another offence."""
    text = label_text(v)
    if lexicon.STALKING_CODE.match(text.lower()):
        return Label("measure", text)
    if not text or not lexicon.OFFENCE_CODE.match(text.lower()) or text in "-–—":
        return Label("blank")
    return Label("breakdown", text, why=f"another offence's Home Office code ({text})")


def _value_words(parsed: ParsedValue) -> str:
    """What a cell was read as, for explain: "0", "suppressed (0 to 4)", "not held"."""
    if parsed.status == "reported":
        return f"{parsed.value:,}"
    if parsed.status == "suppressed" and parsed.value_min is not None:
        return f"suppressed ({parsed.value_min} to {parsed.value_max})"
    return parsed.status.replace("_", " ")


def _status_word(v: CellValue) -> bool:
    """A word that could be a cell's status ("Refused", "Withdrawn"), with no number in it."""
    return isinstance(v, str) and not re.search(r"\d", v) and len(v.split()) <= 3


def _years(values: Sequence[CellValue]) -> bool:
    """Consecutive years across a row (2022, 2023): a header of years, as pivot tables give it;
    or the same run again under each column group (2022, 2023, 2022, 2023 under two forces)."""
    years = [
        int(float(v))
        for v in values
        if (isinstance(v, int | float) and float(v).is_integer())
        or (isinstance(v, str) and v.strip().isdigit())
    ]
    if len(years) < 2 or len(years) != len(values) or not all(plausible_year(y) for y in years):
        return False
    runs: list[list[int]] = [[years[0]]]
    for a, b in itertools.pairwise(years):
        if b == a + 1:
            runs[-1].append(b)
        else:
            runs.append([b])
    return len(runs[0]) >= 2 and all(run == runs[0] for run in runs)


def _measure_like(v: CellValue) -> bool:
    return isinstance(v, str) and type_label(v).kind == "measure"


def _inside(ref: str, b: Block) -> bool:
    letters = ref.rstrip("0123456789").upper()
    digits = ref[len(letters) :]
    if not letters or not digits.isdigit():
        return False
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return b.top <= int(digits) - 1 <= b.bottom and b.left <= col - 1 <= b.right
