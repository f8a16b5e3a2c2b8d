"""Replies as letters: PDF, Word and web pages, through the library and `spo-stats ingest`.

Every letter here is synthetic, written by tests/fixtures/make_letters.py into a temporary folder.
"""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spo_stats.cli.main import app
from spo_stats.dataset.store import load_rows
from spo_stats.errors import ScannedPdfError, UnreadableFileError, UnsupportedFormatError
from spo_stats.ingest import ingest
from spo_stats.schema import Observation
from spo_stats.sources.returns import read_file
from tests.fixtures import make_letters as ml
from tests.fixtures.make_returns import write_xlsx

runner = CliRunner()

Writer = Callable[[Path, ml.Blocks], None]
WRITERS: dict[str, Writer] = {
    "letter.pdf": ml.write_pdf,
    "letter.docx": ml.write_docx,
    "letter.html": ml.write_html,
}


def _figures(obs: list[Observation]) -> set[tuple[object, ...]]:
    return {
        (
            o.force,
            o.period_start,
            o.period_end,
            o.measure,
            o.status,
            o.value,
            o.value_min,
            o.value_max,
        )
        for o in obs
    }


def _read(path: Path, raw: Path) -> tuple[list[Observation], list[str]]:
    obs, report = read_file(path, raw, None)
    return obs, report.texts()


@pytest.fixture(scope="module")
def xlsx_figures(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[object, ...]]:
    raw = tmp_path_factory.mktemp("xlsx")
    path = raw / "cleveland" / "return.xlsx"
    write_xlsx(path, {"Sheet1": ml.table_workbook_grid()})
    obs, _ = _read(path, raw)
    assert len(obs) == 6
    return _figures(obs)


@pytest.mark.parametrize("name", list(WRITERS))
def test_letter_table_gives_the_same_figures_as_the_xlsx(
    tmp_path: Path, name: str, xlsx_figures: set[tuple[object, ...]]
) -> None:
    path = tmp_path / "cleveland" / name
    WRITERS[name](path, ml.table_letter())
    obs, warnings = _read(path, tmp_path)
    assert _figures(obs) == xlsx_figures
    assert warnings == []
    sheet = "page 2, table 1" if name.endswith(".pdf") else "table 1"
    cited = {(o.measure, o.period_label): (o.source_sheet, o.source_cell) for o in obs}
    # The cell within the table as a person counts it: the header is row 1.
    assert cited[("stalking_offences", "2020")] == (sheet, "B2")
    assert cited[("spo_granted", "2022")] == (sheet, "C4")
    suppressed = next(o for o in obs if o.status == "suppressed")
    assert suppressed.note == ml.FOOTNOTE and suppressed.value_max == 4
    assert all(o.source_kind == "foi_return" and o.source_file == f"cleveland/{name}" for o in obs)


def test_three_page_pdf_letter_reads_fast(tmp_path: Path) -> None:
    path = tmp_path / "cleveland" / "letter.pdf"
    ml.write_pdf(path, ml.table_letter())
    read_file(path, tmp_path, None)  # the first read also imports pdfplumber
    started = time.perf_counter()
    obs, _ = read_file(path, tmp_path, None)
    assert time.perf_counter() - started < 1.0
    assert len(obs) == 6


QA_EXPECTED = {
    ("spo_applications", 12),
    ("spo_granted", 9),
}


@pytest.mark.parametrize(
    ("name", "under", "cells"),
    [
        ("qa.pdf", False, ("page 1", ["line 12", "line 13"])),
        ("qa-under.pdf", True, ("page 1", ["line 13", "line 15"])),
        ("qa.docx", False, ("text", ["paragraph 11", "paragraph 12"])),
        ("qa-under.docx", True, ("text", ["paragraph 12", "paragraph 14"])),
        ("qa.html", False, ("text", ["paragraph 11", "paragraph 12"])),
    ],
)
def test_numbered_answers_are_read_and_cited_to_their_lines(
    tmp_path: Path, name: str, under: bool, cells: tuple[str, list[str]]
) -> None:
    path = tmp_path / "avon-and-somerset" / name
    writer = {".pdf": ml.write_pdf, ".docx": ml.write_docx, ".html": ml.write_html}[path.suffix]
    writer(path, ml.qa_letter(answers_under_questions=under))
    obs, warnings = _read(path, tmp_path)
    assert {(o.measure, o.value) for o in obs} == QA_EXPECTED
    assert {(o.period_start.isoformat(), o.period_end.isoformat()) for o in obs} == {
        ("2020-01-20", "2023-03-31")
    }
    assert {o.force for o in obs} == {"avon-and-somerset"}
    assert {o.source_date for o in obs} == {date(2023, 4, 14)}  # "Date: 14 April 2023"
    sheet, lines = cells
    assert [(o.source_sheet, o.source_cell) for o in sorted(obs, key=lambda o: o.value or 0)] == [
        (sheet, lines[1]),
        (sheet, lines[0]),
    ]
    assert any(
        "How many Stalking Protection Orders has your Force applied for?" in o.source_label
        for o in obs
    )
    # "How many of these were interim orders?" does not itself say what is counted.
    assert len(warnings) == 1
    assert "answer 3 not read as a figure, question 3 refers to another question" in warnings[0]
    assert warnings[0].endswith(': "4"')


def test_sentences_only_letter_gives_no_figure_and_quotes_its_numbers(tmp_path: Path) -> None:
    path = tmp_path / "durham" / "reply.pdf"
    ml.write_pdf(path, ml.sentences_letter())
    obs, warnings = _read(path, tmp_path)
    assert obs == []
    assert warnings[0].startswith("2 sentence(s) in the letter hold numbers that were not read")
    assert warnings[1:] == [
        'page 1, line 6: "I can confirm that 4 orders were issued in 2023."',
        'page 1, line 6: "The force recorded 1,635 stalking offences in 2021, and no interim '
        'orders were sought."',
    ]


def test_sentences_letter_needs_no_force(tmp_path: Path) -> None:
    """A letter with nothing to read is reported with its sentences, not failed for its force."""
    path = tmp_path / "replies" / "reply.docx"
    blocks = [b for b in ml.sentences_letter() if b[1] != "Durham Constabulary"]
    ml.write_docx(path, blocks)
    obs, report = read_file(path, tmp_path, None)
    assert obs == [] and report.force == ""
    assert any("4 orders were issued in 2023" in w for w in report.texts())


def test_table_without_rules_is_reported_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "cleveland" / "unruled.pdf"
    ml.write_pdf(path, ml.unruled_table_letter())
    obs, warnings = _read(path, tmp_path)
    assert obs == []
    assert warnings == [
        "page 1, line 5 to line 7: looks like a table without ruled lines, not read as figures; "
        'enter them by hand if they answer the request: "2020 1,201 4" / "2021 1,635 *" / '
        '"2022 1,702 7"'
    ]


def test_scanned_pdf_is_named_as_scanned(tmp_path: Path) -> None:
    path = tmp_path / "cleveland" / "scan.pdf"
    ml.write_scanned_pdf(path)
    with pytest.raises(ScannedPdfError) as info:
        read_file(path, tmp_path, None)
    assert str(info.value).startswith("cleveland/scan.pdf: scanned: enter its figures by hand")


def _ole(path: Path) -> None:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)


def _png(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)


def _zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("reply.pdf", "not really")


def _pptx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("ppt/presentation.xml", "<p:presentation/>")


UNSUPPORTED = [
    (
        "reply.doc",
        _ole,
        "DOC: not read; save it as .docx or enter its figures in the manual-entry format.",
    ),
    ("reply.msg", _ole, "MSG: an Outlook e-mail, not read;"),
    ("scan.png", _png, "PNG: an image, not read (spo-stats does no OCR);"),
    ("photo.jpg", lambda p: p.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 50), "JPEG: an image"),
    ("bundle.zip", _zip, "ZIP: an archive, not read; unpack it into the folder and re-run."),
    ("reply.odt", _zip, "ODT: not read; save it as .docx or enter its figures"),
    ("archive", _zip, "ZIP: an archive, not read;"),
    ("slides.pptx", _pptx, "PPTX: a presentation, not read; save it as PDF or enter"),
    # A presentation is told by its members whatever its name.
    ("slides", _pptx, "PPTX: a presentation, not read;"),
    (
        "bundle.7z",
        lambda p: p.write_bytes(b"7z\xbc\xaf\x27\x1c" + b"\x00" * 50),
        "7Z: an archive, not read;",
    ),
    (
        "bundle.rar",
        lambda p: p.write_bytes(b"Rar!\x1a\x07\x00" + b"\x00" * 50),
        "RAR: an archive, not read;",
    ),
]


@pytest.mark.parametrize(("name", "make", "message"), UNSUPPORTED, ids=[u[0] for u in UNSUPPORTED])
def test_unsupported_formats_are_named(
    tmp_path: Path, name: str, make: Callable[[Path], None], message: str
) -> None:
    path = tmp_path / "cleveland" / name
    path.parent.mkdir()
    make(path)
    with pytest.raises(UnsupportedFormatError) as info:
        read_file(path, tmp_path, None)
    assert str(info.value).startswith(f"cleveland/{name}: {message}")


def test_damaged_letters_are_named(tmp_path: Path) -> None:
    folder = tmp_path / "cleveland"
    folder.mkdir()
    (folder / "cut.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    (folder / "cut.docx").write_bytes(b"PK\x03\x04 damaged")
    for name, start in [
        ("cut.pdf", "cleveland/cut.pdf: "),
        ("cut.docx", "cleveland/cut.docx: the Word document is truncated or corrupt"),
    ]:
        with pytest.raises(UnreadableFileError) as info:
            read_file(folder / name, tmp_path, None)
        assert str(info.value).startswith(start)


def test_word_doc_saved_as_web_page_is_read(tmp_path: Path) -> None:
    """Some systems export "Word" replies as HTML with a .doc name: read as the page it is."""
    path = tmp_path / "cleveland" / "reply.doc"
    ml.write_html(path, ml.table_letter())
    obs, warnings = _read(path, tmp_path)
    assert len(obs) == 6
    assert warnings == [
        "a web page saved as .doc, read as a web page; if it is a download's error page, "
        "download the reply again."
    ]


def test_ingest_cli_reads_every_kind_and_reports_each(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    ml.write_pdf(raw / "cleveland" / "letter.pdf", ml.table_letter())
    ml.write_docx(raw / "cleveland" / "letter.docx", ml.table_letter())
    write_xlsx(raw / "cleveland" / "return.xlsx", {"Sheet1": ml.table_workbook_grid()})
    ml.write_pdf(raw / "avon-and-somerset" / "qa.pdf", ml.qa_letter())
    ml.write_pdf(raw / "durham" / "sentences.pdf", ml.sentences_letter())
    ml.write_scanned_pdf(raw / "cleveland" / "scan.pdf")
    _ole(raw / "cleveland" / "old.doc")
    clean = tmp_path / "clean"
    result = runner.invoke(app, ["ingest", str(raw), "--out", str(clean)])
    assert result.exit_code == 1  # the sentences need a person; the scan and the .doc are named
    assert "Traceback" not in result.stdout + result.stderr
    assert (
        "Warning: cleveland/scan.pdf: scanned: enter its figures by hand (a PDF with no text layer"
        in result.stderr
    )
    assert (
        "Warning: cleveland/old.doc: DOC: not read; save it as .docx or enter its figures in the "
        "manual-entry format." in result.stderr
    )
    assert (
        'durham/sentences.pdf: page 1, line 6: "I can confirm that 4 orders were issued in 2023."'
        in result.stderr
    )
    report = json.loads((clean / "ingest-report.json").read_text())
    by_file = {f["file"]: f for f in report["files"]}
    assert by_file["durham/sentences.pdf"]["status"] == "no_observations"
    assert any("1,635 stalking offences" in w for w in by_file["durham/sentences.pdf"]["warnings"])
    assert by_file["cleveland/letter.pdf"]["kind"] == "foi_letter"
    assert by_file["cleveland/scan.pdf"]["status"] == "unsupported"
    rows = load_rows(clean)
    assert len(rows) == 6 + 6 + 6 + 2
    library = ingest(raw, tmp_path / "clean2", use_cache=False)
    assert len(library.observations) == len(rows)
    by_source = {}
    for row in rows:
        by_source.setdefault(row.source_file, set()).add(
            (
                row.measure,
                str(row.period_start),
                str(row.period_end),
                row.status,
                row.value,
            )
        )
    assert by_source["cleveland/letter.pdf"] == by_source["cleveland/return.xlsx"]
    assert by_source["cleveland/letter.docx"] == by_source["cleveland/return.xlsx"]
    qa = {
        (r.measure, r.source_sheet, r.source_cell)
        for r in rows
        if r.source_file == "avon-and-somerset/qa.pdf"
    }
    assert qa == {("spo_applications", "page 1", "line 12"), ("spo_granted", "page 1", "line 13")}


def test_table_of_questions_and_answers(tmp_path: Path) -> None:
    """A two-column table of numbered questions and answers is read as the answers it holds."""
    path = tmp_path / "kent" / "reply.docx"
    ml.write_docx(
        path,
        [
            ("title", "Kent Police"),
            ("p", ml.MARK),
            ("p", ml.REQUEST),  # the request and its period
            (
                "table",
                [
                    ["Question", "Answer"],
                    ["1. How many Stalking Protection Orders has your Force applied for?", "10"],
                    ["2. How many Stalking Protection Orders have been granted?", "<5"],
                ],
            ),
        ],
    )
    obs, warnings = _read(path, tmp_path)
    assert warnings == []
    got = {(o.measure, o.status, o.value, o.value_max, o.source_sheet, o.source_cell) for o in obs}
    assert got == {
        ("spo_applications", "reported", 10, None, "table 1", "B2"),
        ("spo_granted", "suppressed", None, 4, "table 1", "B3"),
    }


def test_page_number_under_the_last_question_is_not_its_answer(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for text in ["Kent Police", ml.MARK, ml.REQUEST, "1. How many SPOs were granted?"]:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(-15)
    pdf.cell(0, 6, "1", align="C")  # the page number
    path = tmp_path / "kent" / "request.pdf"
    path.parent.mkdir()
    pdf.output(str(path))
    obs, _ = _read(path, tmp_path)
    assert obs == []


def test_request_and_response_in_layout_boxes(tmp_path: Path) -> None:
    """Letter templates box the request and the response in tables: their text is read as text."""
    request = ml.REQUEST
    blocks: ml.Blocks = [
        ("title", "Kent Police"),
        ("p", ml.MARK),
        ("table", [["Request", request]]),
        ("table", [[q] for q in ml.QUESTIONS[:2]]),
        (
            "table",
            [["Response: the force's answers to the questions are below."], ["Q1. 10"], ["Q2. 8"]],
        ),
    ]
    for name, writer in [
        ("boxed.docx", ml.write_docx),
        ("boxed.pdf", ml.write_pdf),
        ("boxed.html", ml.write_html),
    ]:
        path = tmp_path / "kent" / name
        writer(path, blocks)
        obs, warnings = _read(path, tmp_path)
        assert {(o.measure, o.value) for o in obs} == {
            ("spo_applications", 10),
            ("spo_granted", 8),
        }, name
        assert warnings == [], name


@pytest.mark.parametrize("name", list(WRITERS))
def test_period_from_the_heading_and_force_from_the_letterhead(tmp_path: Path, name: str) -> None:
    """As on a spreadsheet: a table without periods takes the period its title names."""
    path = tmp_path / "replies" / name  # a folder that names no force
    WRITERS[name](
        path,
        [
            ("title", "Kent Police"),
            ("p", ml.MARK),
            ("p", "Please find our response to your request below."),
            ("h", "Stalking Protection Orders, 2021"),
            ("table", [["Measure", "Count"], ["SPOs applied for", "5"], ["SPOs granted", "3"]]),
        ],
    )
    obs, warnings = _read(path, tmp_path)
    assert warnings == []
    assert {(o.force, o.measure, o.period_label, o.value, o.source_cell) for o in obs} == {
        ("kent", "spo_applications", "2021", 5, "B2"),
        ("kent", "spo_granted", "2021", 3, "B3"),
    }


def test_pdf_table_with_merged_header_cells(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Kent Police", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, ml.MARK, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(num_heading_rows=2) as table:
        row = table.row()
        row.cell("Year", rowspan=2)
        row.cell("Stalking Protection Orders", colspan=2)
        row = table.row()
        row.cell("Applied for")
        row.cell("Granted")
        for values in [("2021/22", "5", "3"), ("2022/23", "6", "<5")]:
            row = table.row()
            for value in values:
                row.cell(value)
    path = tmp_path / "kent" / "merged.pdf"
    path.parent.mkdir()
    pdf.output(str(path))
    obs, warnings = _read(path, tmp_path)
    assert warnings == []
    assert {(o.measure, o.period_label, o.status, o.value, o.source_cell) for o in obs} == {
        ("spo_applications", "2021/22", "reported", 5, "B3"),
        ("spo_granted", "2021/22", "reported", 3, "C3"),
        ("spo_applications", "2022/23", "reported", 6, "B4"),
        ("spo_granted", "2022/23", "suppressed", None, "C4"),
    }


def test_letter_date_needs_a_date_line_at_the_head() -> None:
    from spo_stats.read.letters import Letter, Line
    from spo_stats.sources.letters import letter_date

    def letter(*texts: str) -> Letter:
        return Letter("pdf", [Line(t, "page 1", f"line {i}", i) for i, t in enumerate(texts)])

    assert letter_date(letter("Kent Police", "Date: 14 April 2023")) == date(2023, 4, 14)
    assert letter_date(letter("Kent Police", "Tuesday, 2nd May 2023")) == date(2023, 5, 2)
    assert letter_date(letter("We received your request on 3 April 2023.")) is None
    assert letter_date(letter("Date: 14 April 2023", "Date: 15 April 2023")) is None


def test_web_page_numbered_list_of_questions(tmp_path: Path) -> None:
    """Disclosure logs list the questions in <ol>: the browser draws the numbers, not the text."""
    path = tmp_path / "kent" / "foi.html"
    path.parent.mkdir()
    path.write_text(
        f"<html><body><main><h1>Kent Police</h1><p>{ml.MARK}</p><p>{ml.REQUEST}</p><ol>"
        "<li>How many Stalking Protection Orders has your Force applied for?</li>"
        "<li>How many Stalking Protection Orders have been granted?</li></ol>"
        "<ul><li>Q1. 10</li><li>Q2. 8</li></ul></main></body></html>",
        encoding="utf-8",
    )
    obs, warnings = _read(path, tmp_path)
    assert warnings == []
    assert {(o.measure, o.value, o.source_cell) for o in obs} == {
        ("spo_applications", 10, "paragraph 6"),
        ("spo_granted", 8, "paragraph 7"),
    }


def _word_list_letter(path: Path, interrupted: bool) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Kent Police", level=1)
    document.add_paragraph(ml.MARK)
    document.add_paragraph(ml.REQUEST)
    for question in ml.QUESTIONS[:2]:
        document.add_paragraph(question.split(". ", 1)[1], style="List Number")
    document.add_paragraph("Response")
    if interrupted:  # the questions listed again: Word may restart or continue the numbers
        for question in ml.QUESTIONS[:2]:
            document.add_paragraph(question.split(". ", 1)[1], style="List Number")
    document.add_paragraph("Q1. 10")
    document.add_paragraph("Q2. 8")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


def test_word_numbered_list_of_questions(tmp_path: Path) -> None:
    """Word draws a numbered list's numbers; an unbroken list is numbered as Word shows it."""
    path = tmp_path / "kent" / "reply.docx"
    _word_list_letter(path, interrupted=False)
    obs, warnings = _read(path, tmp_path)
    assert warnings == []
    assert {(o.measure, o.value) for o in obs} == {("spo_applications", 10), ("spo_granted", 8)}


def test_word_list_taken_up_again_is_not_numbered(tmp_path: Path) -> None:
    path = tmp_path / "kent" / "reply.docx"
    _word_list_letter(path, interrupted=True)
    obs, warnings = _read(path, tmp_path)
    assert obs == []
    assert len(warnings) == 2
    assert all("not read as a figure, no question" in w for w in warnings)
