"""Why each part of a letter (PDF, Word, saved web page) became what it did.

A letter is read exactly as ingest reads it (sources/letters.py); what comes back is shown as
"sheets" for `spo-stats explain`: each of its tables as a grid cited within the table, and its
text line by line, every figure with its force, measure and period and every number in a
sentence that was left for a person to enter by hand.
"""

from __future__ import annotations

from pathlib import Path

from spo_stats.errors import SheetNotFoundError
from spo_stats.forces import Force
from spo_stats.read.cells import Grid, cell_ref, sha256_of
from spo_stats.read.formats import detect, read_letter
from spo_stats.read.letters import Letter, LetterKind, Line
from spo_stats.schema import FileReport, Observation
from spo_stats.sources.explain import (
    CellExplanation,
    Explanation,
    SheetExplanation,
    explain_file,
)
from spo_stats.sources.letters import listed_tables, qa_paragraphs, read_letter_file
from spo_stats.understand.figures import Role

TEXT_SHEET = "letter text"
_BY_HAND = "a number in a sentence, not read as a figure: enter it by hand if it is one"


def _what(o: Observation) -> str:
    value = o.value if o.status == "reported" else o.status.replace("_", " ")
    return f"{o.force} {o.measure} {o.period_label} = {value}"


def explain_path(path: Path, sheet: str | None = None, force: Force | None = None) -> Explanation:
    """Any file ingest reads, explained as ingest reads it: a letter, or a workbook or CSV."""
    kind = detect(path, path.name)
    if kind is None:
        return explain_file(path, sheet, force)
    return explain_letter(path, kind, path, force, sheet)


def explain_letter(
    path: Path, kind: LetterKind, rel: Path, force: Force | None, sheet: str | None
) -> Explanation:
    """The letter's reading: its tables and its text, with what ingest took from each."""
    name = rel.name
    report = FileReport(file=name, status="ok")
    obs, report = read_letter_file(path, rel, name, sha256_of(path), force, kind, report)
    letter = read_letter(path, name, kind)
    found = {(o.source_sheet, o.source_cell): _what(o) for o in obs}
    why = {(x["sheet"], x["cell"]): x["reason"] for x in report.left_out}
    out = Explanation(str(path), forces=sorted({o.force for o in obs}), warnings=report.texts())
    if not obs:
        out.error = report.error or "no figure was read from this letter"
    qa = {t.name for t in letter.tables if qa_paragraphs(t)}
    listed, _ = listed_tables(letter)
    for table in [*letter.tables, *listed]:
        if table.name not in qa:
            out.sheets.append(_table(table.name, table.rows, found, why))
    quoted = {(w.sheet, w.cell) for w in report.warnings if w.kind == "quoted"}
    out.sheets.append(_text(letter, found, quoted))
    if sheet is not None:
        chosen = [s for s in out.sheets if s.name == sheet]
        if not chosen:
            raise SheetNotFoundError(str(path), sheet, [s.name for s in out.sheets])
        out.sheets = chosen
    return out


def _table(
    name: str, rows: Grid, found: dict[tuple[str, str], str], why: dict[tuple[str, str], str]
) -> SheetExplanation:
    grid: list[list[CellExplanation]] = []
    figures = left = 0
    for r, row in enumerate(rows):
        line = []
        for c, value in enumerate(row):
            ref = cell_ref(r, c)
            role: Role | None = None
            detail = ""
            if (name, ref) in found:
                role, detail = "figure", found[(name, ref)]
            elif (name, ref) in why:
                role, detail = "left_out", why[(name, ref)]
            figures += role == "figure"
            left += role == "left_out"
            line.append(CellExplanation(value, role, detail))
        grid.append(line)
    return SheetExplanation(name, grid, figures=figures, left_out=left)


def _text(
    letter: Letter, found: dict[tuple[str, str], str], quoted: set[tuple[str, str]]
) -> SheetExplanation:
    """One row per line of text: where it is, and the line."""
    lines: list[Line] = list(letter.lines)
    for table in letter.tables:
        lines += [line for para in qa_paragraphs(table) for line in para]
    grid: list[list[CellExplanation]] = []
    figures = left = 0
    for line in lines:
        where = f"{line.sheet}, {line.cell}"
        role: Role = "text"
        detail = ""
        if (line.sheet, line.cell) in found:
            role, detail = "figure", found[(line.sheet, line.cell)]
        elif (line.sheet, line.cell) in quoted:
            role, detail = "left_out", _BY_HAND
        figures += role == "figure"
        left += role == "left_out"
        grid.append([CellExplanation(where, "label"), CellExplanation(line.text, role, detail)])
    return SheetExplanation(TEXT_SHEET, grid, figures=figures, left_out=left)
