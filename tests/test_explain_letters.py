"""`explain` reads letters (PDF, Word, saved web pages) as ingest reads them.

Every letter here is synthetic, written by tests/fixtures/make_letters.py into a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from spo_stats.cli.main import app
from spo_stats.dataset.store import load_rows
from spo_stats.ingest import ingest
from spo_stats.sources.explain_letter import TEXT_SHEET, explain_path
from tests.fixtures import make_letters as ml

runner = CliRunner()
WRITERS = {".pdf": ml.write_pdf, ".docx": ml.write_docx, ".html": ml.write_html}
LETTERS = {"table": ml.table_letter, "questions": ml.qa_letter, "sentences": ml.sentences_letter}


def _figures_by_ingest(path: Path, tmp: Path) -> set[tuple[str, str, str]]:
    result = ingest(path.parent.parent, tmp / "clean", use_cache=False)
    if not result.written:
        return set()
    rows = load_rows(tmp / "clean")
    return {(r.source_sheet, r.source_cell, r.measure) for r in rows}


def _figures_by_explain(path: Path) -> set[tuple[str, str, str]]:
    ex = explain_path(path)
    out = set()
    for s in ex.sheets:
        for r, row in enumerate(s.rows):
            for c, cell in enumerate(row):
                if cell.role == "figure":
                    from spo_stats.read.cells import cell_ref

                    sheet, ref = (
                        s.name,
                        cell_ref(r, c) if s.name != TEXT_SHEET else "",
                    )
                    if s.name == TEXT_SHEET:
                        sheet, ref = str(row[0].value).split(", ", 1)
                    out.add((sheet, ref, cell.detail.split()[1]))
    return out


@pytest.mark.parametrize("suffix", sorted(WRITERS))
@pytest.mark.parametrize("letter", sorted(LETTERS))
def test_explain_shows_the_figures_ingest_takes(tmp_path: Path, suffix: str, letter: str) -> None:
    # No force in the folder's name: each letter names its own force in its text.
    path = tmp_path / "raw" / "replies" / f"reply{suffix}"
    path.parent.mkdir(parents=True)
    WRITERS[suffix](path, LETTERS[letter]())
    taken = _figures_by_ingest(path, tmp_path)
    shown = _figures_by_explain(path)
    assert shown == taken
    if letter != "sentences":
        assert taken  # the table and the numbered answers give figures


def test_explain_on_a_pdf_prints_its_reading_not_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "cleveland" / "reply.pdf"
    path.parent.mkdir()
    ml.write_pdf(path, ml.table_letter())
    result = runner.invoke(app, ["explain", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "%PDF" not in result.stdout and "figure(s)" in result.stdout


def test_an_unknown_part_of_a_letter_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "cleveland" / "reply.docx"
    path.parent.mkdir()
    ml.write_docx(path, ml.table_letter())
    result = runner.invoke(app, ["explain", str(path), "--sheet", "Nope"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"Error: {path}: no sheet named 'Nope'; its sheets are 'table 1', 'letter text'."
    )
