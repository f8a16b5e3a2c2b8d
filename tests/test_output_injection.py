"""Text from a force's return is data in every output, never markup or a formula.

A return can hold anything its sender typed: a `<script>` in a label or a citation, a cell that
begins `=HYPERLINK(`. Ingested and published, it must show as the same text and do nothing: no
element in an HTML page or in Markdown rendered as GitHub renders it, no formula in a CSV or
workbook a journalist opens.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from openpyxl import load_workbook
from typer.testing import CliRunner

from spo_stats.cli.main import app
from spo_stats.dataset.store import FORMULA_STARTS
from spo_stats.publish.html import Stamp, Table
from spo_stats.publish.templates import md_escape, render

runner = CliRunner()
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example","click")'
RETURN = f'''Kent Police - Freedom of Information request {SCRIPT}
measure,period,count
"{FORMULA.replace('"', '""')} SPOs granted",2021,4
"Recorded stalking offences {SCRIPT}",2021,"4,512"
'''
MANUAL = f"""area,period,period_start,period_end,measure,value,status,approximate,source,note
Kent,2023,,,spo_granted,6,,,"{FORMULA.replace('"', '""')} {SCRIPT}","{FORMULA.replace('"', '""')}"
Kent,2023,,,stalking_offences,5000,,,"{SCRIPT} Kent Messenger",note
"""


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [v or "" for k, v in attrs if k in ("href", "src")]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(html: str) -> _Elements:
    p = _Elements()
    p.feed(html)
    return p


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    raw, clean, out = root / "raw", root / "clean", root / "out"
    (raw / "kent").mkdir(parents=True)
    (raw / "kent" / "kent <script> return.csv").write_text(RETURN, encoding="utf-8")
    (raw / "manual-figures.csv").write_text(MANUAL, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(raw), "--out", str(clean)])
    assert result.exit_code == 0, result.stderr
    for args in (["--force", "kent"], []):
        result = runner.invoke(app, ["report", *args, "--clean", str(clean), "--out", str(out)])
        assert result.exit_code == 0, result.stderr
    for what, name in [
        ("observations", "o.csv"),
        ("observations", "o.xlsx"),
        ("rates", "r.csv"),
        ("rates", "r.xlsx"),
    ]:
        result = runner.invoke(
            app, ["export", what, "--clean", str(clean), "--out", str(out / name)]
        )
        assert result.exit_code == 0, result.stderr
    returned = raw / "kent" / "kent <script> return.csv"
    result = runner.invoke(app, ["explain", str(returned), "--html", str(out / "explain.html")])
    assert result.exit_code == 0, result.stderr
    return root


def _all(root: Path, suffix: str) -> list[Path]:
    found = sorted(
        p
        for folder in ("clean", "out")  # not raw: the return itself is what is being tested
        for p in (root / folder).rglob(f"*{suffix}")
        if ".cache" not in p.parts
    )
    assert found, f"no {suffix} output to check"
    return found


def test_no_script_runs_in_any_html_page(outputs: Path) -> None:
    shown = ""
    for page in _all(outputs, ".html"):
        parsed = _parsed(page.read_text(encoding="utf-8"))
        assert "script" not in parsed.tags, page
        assert not any(h.lower().startswith(("javascript:", "vbscript:")) for h in parsed.hrefs)
        shown += "".join(parsed.text)
    assert SCRIPT in shown  # shown as the text it is, so the check above had something to find


def test_no_script_runs_in_markdown_rendered_with_html_allowed(outputs: Path) -> None:
    shown = ""
    for page in _all(outputs, ".md"):
        parsed = _parsed(MarkdownIt("commonmark").enable("table").render(page.read_text()))
        assert "script" not in parsed.tags, page
        shown += "".join(parsed.text)
    assert SCRIPT in shown


def _csv_cells(path: Path) -> list[str]:
    return [c for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))) for c in row]


def test_no_csv_cell_is_a_formula(outputs: Path) -> None:
    cells = [c for p in _all(outputs, ".csv") for c in _csv_cells(p)]
    live = [c for c in cells if c.startswith(FORMULA_STARTS) and not re.fullmatch(r"-[\d.]+", c)]
    assert live == []
    assert any(c.startswith("'" + FORMULA) for c in cells)  # the text is there, made inert


def test_no_workbook_cell_is_a_formula(outputs: Path) -> None:
    texts = []
    for book in _all(outputs, ".xlsx"):
        for ws in load_workbook(book).worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", f"{book.name} {cell.coordinate}: {cell.value}"
                    texts.append(str(cell.value))
    assert any(FORMULA in t for t in texts)


def test_the_request_letter_carries_none_of_the_returns_text(outputs: Path) -> None:
    for letter in _all(outputs, ".txt"):
        text = letter.read_text(encoding="utf-8")
        assert "<script" not in text and "=HYPERLINK(" not in text


def test_markdown_escape_keeps_the_data() -> None:
    """`|` stays `|` (it once became `/`), and Markdown's own marks read as themselves."""
    value = "a | b *c* _d_ [e](f) `g` <b>h</b> &amp; # i"
    md = render(
        "briefing.md.j2",
        title="t",
        blocks=[Table("Caption", ("Area", "Note"), (("Kent", value),))],
        stamp=Stamp(date(2026, 1, 1), "data", "0" * 64),
        chart_note="",
    )
    html = MarkdownIt("commonmark").enable("table").render(md)
    parsed = _parsed(html)
    assert parsed.tags.count("td") == 2 and "b" not in parsed.tags and "a" not in parsed.tags
    assert value in parsed.text
    assert md_escape("- 1. starts a list") == "\\- 1. starts a list"
