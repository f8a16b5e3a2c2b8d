"""No cell of a CSV or xlsx the tool writes is a formula (issue 21): text from a return that
begins with =, +, -, @, a tab or a carriage return is neutralised as OWASP advises."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import openpyxl

from spo_stats.dataset.columns import Column
from spo_stats.dataset.store import (
    csv_text,
    load_rows,
    neutralise,
    observation_rows,
    unneutralise,
    write_dataset,
)
from spo_stats.publish.tables import Bundle, Table
from spo_stats.publish.xlsx import xlsx_bytes
from spo_stats.schema import Observation

HOSTILE = ['=HYPERLINK("http://example.invalid","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


def test_csv_text_cells_never_start_a_formula_and_numbers_are_untouched() -> None:
    rows = [{"note": h, "value": -0, "n": 5} for h in HOSTILE]
    out = list(csv.DictReader(io.StringIO(csv_text(rows, ["note", "value", "n"]))))
    assert [r["note"] for r in out] == ["'" + h for h in HOSTILE]
    assert {r["n"] for r in out} == {"5"}
    assert [unneutralise(r["note"]) for r in out] == HOSTILE


def test_plain_text_and_an_apostrophe_of_its_own_are_left_alone() -> None:
    assert neutralise("Cleveland Police") == "Cleveland Police"
    assert unneutralise("'tis so") == "'tis so"


def test_a_text_that_begins_with_its_own_apostrophe_comes_back_as_it_was() -> None:
    # A return's note "'-' means nil" was written as it is and read back as "-' means nil":
    # the reader took the note's own apostrophe for the one written before a formula.
    for text in ("'-' means nil", "''=x", "'tis so", "-1", "=A1", "plain"):
        assert unneutralise(neutralise(text)) == text, text
    assert neutralise("'-' means nil") == "''-' means nil"


def test_the_datasets_csv_is_csv_text_of_its_rows_and_reads_back_the_same(
    tmp_path: Path,
) -> None:
    # The dataset's CSV is written a column at a time, not through csv_text: the same bytes,
    # every risky text neutralised, and every text, flag and empty count read back as it was.
    texts = [*HOSTILE, "'-' means nil", "'tis so", "", "plain", "''=x"]
    obs = [
        Observation(
            force="cleveland",
            period_start=date(2022, 1, 1),
            period_end=date(2022, 12, 31),
            period_label="2022",
            measure="spo_granted",
            value=None if n % 3 == 0 else n,
            value_min=0 if n % 3 == 0 else None,
            value_max=4 if n % 3 == 0 else None,
            status="suppressed" if n % 3 == 0 else "reported",
            approximate=n % 2 == 0,
            note=text,
            source_label=text,
            source_date=date(2023, 1, n + 1) if n % 2 else None,
            source_file="synthetic.csv",
            source_sheet="synthetic",
            source_cell=f"B{n + 2}",
            source_sha256="0" * 64,
        )
        for n, text in enumerate(texts)
    ]
    write_dataset(tmp_path, obs, {"synthetic": True})
    written = (tmp_path / "observations.csv").read_bytes()
    assert written == csv_text(observation_rows(obs)).encode("utf-8")
    assert load_rows(tmp_path) == obs


def test_a_text_with_a_lone_carriage_return_keeps_its_row_in_the_csv(tmp_path: Path) -> None:
    # With "\n" line ends the csv module left a bare "\r" unquoted: a reader ended the row there.
    texts = ["line one\rline two", "a\r\nb", "plain"]
    obs = [
        Observation(
            force="cleveland",
            period_start=date(2022, 1, 1),
            period_end=date(2022, 12, 31),
            period_label="2022",
            measure="spo_granted",
            value=n,
            status="reported",
            note=text,
            source_file="synthetic.csv",
            source_sheet="synthetic",
            source_cell=f"B{n + 2}",
            source_sha256="0" * 64,
        )
        for n, text in enumerate(texts)
    ]
    write_dataset(tmp_path, obs, {"synthetic": True})
    written = (tmp_path / "observations.csv").read_bytes()
    assert written == csv_text(observation_rows(obs)).encode("utf-8")
    rows = list(csv.DictReader(io.StringIO(written.decode("utf-8"), newline="")))
    assert [r["note"] for r in rows] == texts
    assert [r["value"] for r in rows] == ["0", "1", "2"]


def test_xlsx_readme_and_data_sheets_hold_text_not_formulas() -> None:
    table = Table(
        "observations",
        "Observations",
        "synthetic",
        [Column("note", "string", "a note")],
        [{"note": h} for h in HOSTILE],
    )
    bundle = Bundle([table], sources=[{"title": h, "path": h} for h in HOSTILE])
    wb = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(bundle)))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
