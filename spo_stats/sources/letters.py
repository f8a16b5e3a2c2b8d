"""A reply that came as a letter (PDF, Word, a saved web page) into observations.

Its tables go through the same table reader as a spreadsheet's sheets and are cited to the page
and table ("page 2, table 1", cell B3 counted within that table). Its numbered answers are read
where question, period and answer are clear, cited to the answer's line. Every other sentence
that holds a number is quoted in the file's report, for a person to enter by hand.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from spo_stats.forces import Force
from spo_stats.read.cells import Sheet, cell_ref
from spo_stats.read.formats import BY_NAME, read_letter
from spo_stats.read.letters import (
    Letter,
    LetterKind,
    LetterTable,
    Line,
    force_texts,
    table_sheet,
)
from spo_stats.schema import FileReport, FileWarning, Observation, notes
from spo_stats.sources.foi_return import file_force, return_observations
from spo_stats.sources.observation import observation
from spo_stats.understand.answers import (
    Answer,
    AnswersReading,
    is_numbered_question,
    read_answers,
)
from spo_stats.understand.periods import Period, is_one_year_long
from spo_stats.understand.prose import SentenceFigure
from spo_stats.understand.sentences import MAX_QUOTES
from spo_stats.understand.series_text import series_tables
from spo_stats.understand.tables import read_sheet

KIND = "foi_letter"


def read_letter_file(
    path: Path,
    rel: Path,
    name: str,
    sha: str,
    force_option: Force | None,
    kind: LetterKind,
    report: FileReport,
    data: bytes | None = None,
) -> tuple[list[Observation], FileReport]:
    """Every figure in a letter and its report line; SpoStatsError for a letter that fails.

    data: the whole file where the caller holds it (ingest's peek), so it is not opened again."""
    letter = read_letter(path, name, kind, data)
    report.warnings += notes(letter.notes)
    if kind == "html" and path.suffix.lower() not in BY_NAME["html"].suffixes:
        report.warnings.append(
            FileWarning(
                f"a web page saved as {path.suffix or 'a file without an extension'}, read as "
                "a web page; if it is a download's error page, download the reply again."
            )
        )
    qa = {t.name: paras for t in letter.tables if (paras := qa_paragraphs(t))}
    listed, paragraphs = listed_tables(letter)
    prose = tuple(" ".join(line.text for line in para) for para in letter.paragraphs())
    placed = [
        (replace(sheet, prose=prose), offset)
        for sheet, offset in (table_sheet(t) for t in [*letter.tables, *listed] if t.name not in qa)
    ]
    sheets = [sheet for sheet, _ in placed]
    answers = read_answers(paragraphs)
    texts = force_texts(letter)
    force, labelled = _letter_force(rel, texts, force_option, sheets, answers)
    obs: list[Observation] = []
    if force is not None or labelled:
        # A joint answer's tables name each figure's force (columns "Devon & Cornwall Police",
        # "Dorset Police"); its answers and sentences, which name none, need the file's force.
        obs, report = return_observations(sheets, rel, name, sha, force, report)
        offsets = {sheet.name: (offset, len(sheet.rows)) for sheet, offset in placed}
        obs = _within_tables(obs, offsets)
        report.warnings = [_shift_warning(w, offsets) for w in report.warnings]
        report.left_out = [_shift_left_out(x, offsets) for x in report.left_out]
    if force is not None:
        obs += [
            observation(
                a.period,
                a.parsed,
                force=force.slug,
                measure=a.measure,
                approximate=a.parsed.approximate,
                note="; ".join(
                    x for x in (f"answer to question {a.number}: {a.question}", a.note) if x
                ),
                source_file=name,
                source_sheet=a.line.sheet,
                source_cell=a.line.cell,
                source_label=f"{a.number}. {a.question} | {a.text}",
                source_sha256=sha,
            )
            for a in _beside_tables(answers.answers, obs, report)
        ]
        obs += _sentence_observations(answers, obs, force, name, sha, report)
        obs += _status_observations(answers, obs, force, name, sha, report)
    if (when := letter_date(letter)) is not None:
        obs = [o.model_copy(update={"source_date": when}) for o in obs]
    report.kind = KIND
    report.force = force.slug if force is not None else ""
    report.warnings += notes(answers.warnings)
    quoted = _quoted(answers)
    # With no figure at all, what to do about the sentences is the first thing to say.
    report.warnings = quoted + report.warnings if not obs else report.warnings + quoted
    return obs, report


def listed_tables(letter: Letter) -> tuple[list[LetterTable], list[list[Line]]]:
    """Figures listed by period in the letter's text ("2020/21 - 9 applications; 7 orders
    made"), which are tables written as text for the table reader, and the paragraphs left for
    the answer reader (a question-and-answer table's cells among them)."""
    qa = [p for t in letter.tables for p in qa_paragraphs(t)]
    listed, taken = series_tables(letter.paragraphs() + qa)
    kept = [[line for line in p if line not in taken] for p in letter.paragraphs() + qa]
    return listed, [p for p in kept if p]


def _beside_tables(
    answers: list[Answer], tabled: list[Observation], report: FileReport
) -> list[Answer]:
    """Answers less those whose figure a table of the letter gives (the table's cell is the
    source); one that gives it another value or status is named."""
    given = {(o.measure, o.period_start, o.period_end): o for o in tabled}
    out: list[Answer] = []
    for a in answers:
        o = given.get((a.measure, a.period.start, a.period.end))
        if o is None:
            out.append(a)
        elif (o.status, o.value) != (a.parsed.status, a.parsed.value):
            report.warnings.append(
                FileWarning(
                    f"answer {a.number} gives {a.measure} for {a.period.label} as "
                    f"{a.parsed.value if a.parsed.status == 'reported' else a.parsed.status}, "
                    f"but the letter's table gives {o.value if o.status == 'reported' else o.status}"
                    "; the table's cell is taken: check the letter.",
                    "conflicting_cells",
                    a.line.sheet,
                    a.line.cell,
                )
            )
    return out


def _sentence_observations(
    answers: AnswersReading,
    read: list[Observation],
    force: Force,
    name: str,
    sha: str,
    report: FileReport,
) -> list[Observation]:
    """Figures read from sentences, less any that a table or an answer of the letter gives (a
    letter's text often repeats its table: the table's cell is the source). Sentences that give
    one figure two values, or another value than the table, are left out and named."""
    given = {(o.measure, o.period_start, o.period_end): o.value for o in read}
    by_key: dict[tuple[str, date, date], list[SentenceFigure]] = {}
    for f in answers.sentences:
        by_key.setdefault((f.measure, f.period.start, f.period.end), []).append(f)
    out: list[Observation] = []
    for key, figures in by_key.items():
        values = {f.parsed.value for f in figures} | ({given[key]} if key in given else set())
        if len(values) > 1:
            report.warnings.append(_disagreeing(figures, key in given))
        if len(values) > 1 or key in given:
            continue
        f = figures[0]
        out.append(
            observation(
                f.period,
                f.parsed,
                force=force.slug,
                measure=f.measure,
                note="read from a sentence of the letter",
                source_file=name,
                source_sheet=f.line.sheet,
                source_cell=f.line.cell,
                source_label=f.sentence,
                source_sha256=sha,
            )
        )
    return out


def _status_observations(
    answers: AnswersReading,
    read: list[Observation],
    force: Force,
    name: str,
    sha: str,
    report: FileReport,
) -> list[Observation]:
    """A status said in a sentence naming no period ("Breaches of SPOs are not held"), for each
    year the letter gives its other figures of orders (or of offences) for: only where those are
    whole years of one kind (calendar or financial), and the letter gives no figure of the
    measure itself, which would make it unclear what the sentence leaves out."""
    out: list[Observation] = []
    by_measure: dict[str, set[tuple[date, date]]] = {}
    for o in read:
        by_measure.setdefault(o.measure, set()).add((o.period_start, o.period_end))
    done: set[str] = set()  # one sentence a measure: two saying it give nothing more
    for s in answers.statuses:
        if s.measure in done:
            continue
        done.add(s.measure)
        orders = s.measure != "stalking_offences"
        spans = {
            span
            for measure, found in by_measure.items()
            if (measure != "stalking_offences") == orders and measure != s.measure
            for span in found
        }
        # The whole years; quarters or months (a table by quarter, a part year to date) add
        # none: the status is claimed for no period less than a year.
        years = {(a, b) for a, b in spans if is_one_year_long(a, b)}
        whole = bool(years) and len({(a.month, a.day) for a, _ in years}) == 1
        if not whole or s.measure in by_measure:
            report.warnings.append(
                FileWarning(
                    f'"{s.sentence}" says {s.measure} is {s.parsed.status.replace("_", " ")}, '
                    "but not for which periods the letter's figures make clear: enter it by hand.",
                    "quoted",
                    s.line.sheet,
                    s.line.cell,
                )
            )
            continue
        out += [
            observation(
                Period(start=a, end=b),
                s.parsed,
                force=force.slug,
                measure=s.measure,
                note="read from a sentence of the letter, for each year of its other figures",
                source_file=name,
                source_sheet=s.line.sheet,
                source_cell=s.line.cell,
                source_label=s.sentence,
                source_sha256=sha,
            )
            for a, b in sorted(years)
        ]
    return out


def _disagreeing(figures: list[SentenceFigure], tabled: bool) -> FileWarning:
    first, others = figures[0], tuple((f.line.sheet, f.line.cell) for f in figures[1:])
    other = "a table or answer of the letter" if tabled else "another sentence"
    return FileWarning(
        f"a sentence gives {first.measure} for {first.period.label} as {first.parsed.value}, "
        f"but {other} gives another value, so no sentence's figure is taken"
        + (" (see also " if others else "."),
        "conflicting_cells",
        first.line.sheet,
        first.line.cell,
        others,
        ")." if others else "",
    )


_DATE_LINE = re.compile(
    r"^(?:(?:date|dated|date\s+of\s+(?:reply|response|letter))\s*[:\-]?\s*)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m>[a-z]{3,9})\.?,?\s+(?P<y>(?:19|20)\d{2})$",
    re.I,
)


def letter_date(letter: Letter) -> date | None:
    """The letter's own date: a line at its head that is a date alone or "Date: 14 April 2023".

    None where the head holds no such line or two different dates.
    """
    found: set[date] = set()
    for line in letter.lines[:_DATE_LINES]:
        m = _DATE_LINE.match(line.text.strip())
        if not m:
            continue
        try:
            found.add(datetime.strptime(f"{m['d']} {m['m'][:3]} {m['y']}", "%d %b %Y").date())
        except ValueError:
            continue
    return found.pop() if len(found) == 1 else None


# Lines at the head of a letter where its date is.
_DATE_LINES = 15


def qa_paragraphs(table: LetterTable) -> list[list[Line]]:
    """A table of numbered questions beside their answers, as text for the answer reader.

    Such a table has no period or measure headers for the table reader; each cell becomes a
    paragraph of its own, cited to the table and cell ("table 1", "B2").
    """
    paragraphs: list[list[Line]] = []
    asks = False
    for r, row in enumerate(table.rows):
        cells = [(c, v) for c, v in enumerate(row) if isinstance(v, str) and v.strip()]
        if len(cells) > 2:
            return []
        for c, value in cells:
            paragraphs.append([Line(value, table.name, cell_ref(r, c), _QA_PARA + len(paragraphs))])
        asks = asks or (len(cells) == 2 and is_numbered_question(cells[0][1]))
    return paragraphs if asks else []


# Paragraph numbers of table cells read as text, apart from the letter's own paragraphs.
_QA_PARA = 1_000_000


def _letter_force(
    rel: Path,
    texts: list[str],
    option: Force | None,
    sheets: list[Sheet],
    answers: AnswersReading,
) -> tuple[Force | None, set[str]]:
    """The letter's force (None for a letter with no figure, which needs a person anyway, or a
    joint answer), and the forces its tables' figures name themselves."""
    readings = [read_sheet(s.rows, s.name) for s in sheets]
    labelled = {f.force for r in readings for f in r.figures if f.force}
    has_figures = bool(answers.answers) or any(r.figures for r in readings)
    return file_force(rel, texts, option, labelled=labelled, has_figures=has_figures), labelled


def _quoted(answers: AnswersReading) -> list[FileWarning]:
    if not answers.quotes:
        return []
    shown = answers.quotes[:MAX_QUOTES]
    out = [
        FileWarning(
            f"{len(answers.quotes)} sentence(s) in the letter hold numbers that were not read as "
            "figures (answers in words are not guessed at); if they answer the request, enter "
            "them in the manual-entry format (area, period, measure, value, status, source):"
        )
    ]
    out += [FileWarning(f'"{q.text}"', "quoted", q.line.sheet, q.line.cell) for q in shown]
    if len(answers.quotes) > MAX_QUOTES:
        more = f"... and {len(answers.quotes) - MAX_QUOTES} more sentence(s) with numbers."
        out.append(FileWarning(more))
    return out


def _split_ref(ref: str) -> tuple[str, int] | None:
    m = re.fullmatch(r"([A-Z]{1,3})(\d+)", ref)
    return (m[1], int(m[2])) if m else None


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


# Where each placed table's sheet begins: (title rows above the table, rows of the sheet).
Offsets = dict[str, tuple[int, int]]


def _in_table(sheet: str, cell: str, offsets: Offsets) -> str | None:
    """A cell of a placed table's sheet counted within the table; None for a title row above it.
    A cell of a sheet not placed is its own."""
    placed, split = offsets.get(sheet), _split_ref(cell)
    if placed is None or split is None:
        return cell
    offset, height = placed
    letters, row = split
    if row <= offset or row > height:
        return None
    return cell_ref(row - 1 - offset, _col(letters))


def _within_tables(obs: list[Observation], offsets: Offsets) -> list[Observation]:
    """Cells cited within their table: the title rows above it are not counted."""
    out: list[Observation] = []
    for o in obs:
        new = _in_table(o.source_sheet, o.source_cell, offsets)
        if new is None:
            continue  # a title row is not a figure (titles are text; kept out for safety)
        out.append(o if new == o.source_cell else o.model_copy(update={"source_cell": new}))
    return out


def _shift_left_out(x: dict[str, str], offsets: Offsets) -> dict[str, str]:
    """A left-out cell cited within its table, as figures are."""
    return {**x, "cell": _in_table(x["sheet"], x["cell"], offsets) or x["cell"]}


def _shift_warning(w: FileWarning, offsets: Offsets) -> FileWarning:
    """The same shift in a warning's cells: its fields, so the words around them are untouched."""
    cells = tuple((s, _in_table(s, c, offsets) or c) for s, c in w.cells)
    cell = _in_table(w.sheet, w.cell, offsets) or w.cell if w.cell else ""
    return replace(w, cell=cell, cells=cells)
