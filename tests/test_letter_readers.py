"""The letter readers on their own: web pages, Word tables, damaged and protected PDFs.

Every document here is synthetic and written by the test itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spo_stats.errors import UnreadableFileError
from spo_stats.read.letters import Letter, force_texts, table_sheet
from spo_stats.read.pdf import read_pdf
from spo_stats.read.webpage import read_html
from spo_stats.read.word import read_docx
from tests.fixtures.make_letters import MARK


def _html(tmp_path: Path, body: str) -> Letter:
    path = tmp_path / "page.html"
    path.write_text(body, encoding="utf-8")
    return read_html(path, "page.html")


def test_web_page_spans_are_unmerged_labels_only(tmp_path: Path) -> None:
    letter = _html(
        tmp_path,
        "<html><head><title>FOI 1/24</title></head><body><main><h1>Kent Police</h1>"
        f"<p>{MARK}</p><table>"
        "<tr><th rowspan=2>Year</th><th colspan=2>SPOs</th></tr>"
        "<tr><th>applied for</th><th>granted</th></tr>"
        "<tr><td>2021</td><td colspan=2>5</td></tr>"
        "</table></main></body></html>",
    )
    (table,) = letter.tables
    assert table.rows == [
        ["Year", "SPOs", "SPOs"],
        ["Year", "applied for", "granted"],
        ["2021", "5", None],  # a merged number is one figure, in its first cell
    ]
    assert table.above == ["Kent Police", MARK]
    assert letter.heading_texts[0] == "FOI 1/24"


def test_web_page_reads_main_only_and_survives_an_open_head(tmp_path: Path) -> None:
    letter = _html(
        tmp_path,
        "<html><head><title>Disclosure</title><body><nav>Surrey Police home</nav>"
        "<div role='main'><p>Q1. 4<br>Q2. 5</p></div><footer>Sussex Police</footer></body></html>",
    )
    assert [(line.text, line.cell) for line in letter.lines] == [
        ("Q1. 4", "paragraph 1, line 1"),
        ("Q2. 5", "paragraph 1, line 2"),
    ]


def test_web_page_without_main_reads_the_body_without_scripts(tmp_path: Path) -> None:
    letter = _html(
        tmp_path,
        "<p>Cleveland Police</p><script>var n = 'Kent Police 99';</script><p>Reply &amp; more</p>"
        "<aside>Related: Kent Police FOI 12</aside><footer>Surrey Police 2024</footer>",
    )
    assert [line.text for line in letter.lines] == ["Cleveland Police", "Reply & more"]


def test_word_table_merges_and_letterhead(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Essex Police"
    document.add_paragraph(MARK)
    document.add_paragraph("SPOs granted, financial years")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 1).merge(table.cell(0, 2)).text = "SPOs"
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Year"
    table.cell(1, 1).text = "applied for"
    table.cell(1, 2).text = "granted"
    table.cell(2, 0).text = "2021/22"
    table.cell(2, 1).merge(table.cell(2, 2)).text = "7"
    document.add_paragraph("Source: force records")
    path = tmp_path / "reply.docx"
    document.save(str(path))
    letter = read_docx(path, "reply.docx")
    (t,) = letter.tables
    assert t.name == "table 1"
    assert t.rows == [
        ["Year", "SPOs", "SPOs"],
        ["Year", "applied for", "granted"],
        ["2021/22", "7", None],
    ]
    assert "Essex Police" in force_texts(letter)
    sheet, offset = table_sheet(t)
    assert offset == 3  # two paragraphs above and a blank row
    assert sheet.rows[offset] == t.rows[0] and sheet.rows[-1] == ["Source: force records"]


def test_password_protected_pdf(tmp_path: Path) -> None:
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, MARK)
    pdf.set_encryption(
        owner_password="o", user_password="u", encryption_method=EncryptionMethod.RC4
    )
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(UnreadableFileError) as info:
        read_pdf(path, "locked.pdf")
    assert str(info.value).startswith("locked.pdf: the PDF is password-protected.")


def test_pdf_page_without_text_is_noted(tmp_path: Path) -> None:
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "Cleveland Police. " + MARK)
    pdf.add_page()
    pdf.image(Image.new("RGB", (50, 50), "white"), x=10, y=10, w=50)
    path = tmp_path / "mixed.pdf"
    pdf.output(str(path))
    letter = read_pdf(path, "mixed.pdf")
    assert letter.lines[0].sheet == "page 1" and letter.lines[0].cell == "line 1"
    assert letter.notes == [
        "page(s) 2: scanned (no text layer), not read; enter any figures on them by hand in the "
        "manual-entry format."
    ]


_TAGS = st.sampled_from(
    ["<p>", "</p>", "<table>", "</table>", "<tr>", "<td colspan=3>", "<td rowspan=2>", "</td>",
     "<th>", "<br>", "<main>", "</main>", "<script>", "</script>", "<nav>", "<div role=main>",
     "</div>", "<li>", "Q1. 4", "1. How many SPOs were granted?", "2021", "SPOs granted", " "]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_TAGS, st.text(max_size=20)), max_size=40))
def test_any_web_page_reads_or_says_why(
    tmp_path_factory: pytest.TempPathFactory, parts: list[str]
) -> None:
    path = tmp_path_factory.mktemp("html") / "page.html"
    path.write_text("".join(parts), encoding="utf-8")
    try:
        letter = read_html(path, "page.html")
    except UnreadableFileError as exc:
        assert str(exc).startswith("page.html: ")
        return
    for table in letter.tables:
        assert len({len(row) for row in table.rows}) <= 1  # a rectangular grid


def test_layout_or_data() -> None:
    from spo_stats.read.letters import is_layout

    request = "I would like to request the following information relating to the time period, 2020 to 2023"
    assert is_layout([["Request", request], ["Response", "Please see below."]])
    assert is_layout([["Response: the answers to your questions follow."], ["Q1. 10"]])
    long_label = (
        "Number of Stalking Protection Orders granted by the courts on application by the force"
    )
    assert not is_layout([["Year", long_label], ["2021", "5"], ["2022", "7"]])
    assert not is_layout([["Year", "SPOs granted"], ["2021", "5"]])
