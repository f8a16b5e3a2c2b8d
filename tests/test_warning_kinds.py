"""Warnings carry their kind and their cells as fields: consumers select by kind, and a letter's
table placed below its title moves the cells, never the words. ALL DATA HERE IS SYNTHETIC."""

from __future__ import annotations

import json
from pathlib import Path

from spo_stats.analysis.checks import check
from spo_stats.dataset.store import load_ingest_report, load_rows
from spo_stats.ingest import ingest
from spo_stats.schema import FileReport
from spo_stats.sources.returns import read_file
from tests.fixtures import make_letters as ml


def _letter(path: Path, table: list[list[str]], *paragraphs: str) -> None:
    ml.write_html(
        path,
        [
            ("title", "Kent Police"),
            ("p", ml.MARK),
            *[("p", p) for p in paragraphs],
            ("h", "Stalking Protection Orders granted"),
            ("table", table),
        ],
    )


def test_a_sentence_that_says_does_not_match_the_sum_is_not_a_total_problem(
    tmp_path: Path,
) -> None:
    # check once picked total problems out of the warnings by the words "does not match the
    # sum": a letter's own sentence quoted for a person to read was listed as one.
    raw = tmp_path / "raw"
    _letter(
        raw / "kent" / "reply.html",
        [["Year", "SPOs granted"], ["2020", "4"], ["2021", "5"], ["Total", "12"]],
        "Our 2019 total of 14 orders does not match the sum of the monthly figures.",
    )
    clean = tmp_path / "clean"
    ingest(raw, clean, use_cache=False)
    report = load_ingest_report(clean)
    (line,) = report["files"]
    assert any("does not match the sum of the monthly" in w for w in line["warnings"])
    found = check(load_rows(clean), report).total_problems
    assert found == [
        "kent/reply.html: sheet 'table 1' cell B4: total 12 does not match the sum 9 of B2, B3; "
        "check the return."
    ]


def test_the_report_keeps_each_warning_as_text_and_as_a_record(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _letter(
        raw / "kent" / "reply.html",
        [["Year", "SPOs granted"], ["2020", "4"], ["2021", "5"], ["Total", "12"]],
    )
    clean = tmp_path / "clean"
    first = ingest(raw, clean)
    again = ingest(raw, tmp_path / "again")  # read from nothing cached there: its own cache
    report = json.loads((clean / "ingest-report.json").read_text())
    (line,) = report["files"]
    record = {
        "kind": "total_mismatch",
        "text": line["warnings"][0],
        "sheet": "table 1",
        "cell": "B4",
        "message": "total 12 does not match the sum 9 of ",
        "cells": [["table 1", "B2"], ["table 1", "B3"]],
        "after": "; check the return.",
    }
    assert line["warning_records"] == [record]
    assert FileReport.from_json(line).warnings == first.files[0].warnings == again.files[0].warnings


def test_cells_that_disagree_in_a_letter_are_named_within_their_table(tmp_path: Path) -> None:
    # The warning naming two cells that disagree kept the sheet's rows (the title above the
    # table counted: B6, B8) while the figures and the left-out list counted within the table.
    path = tmp_path / "kent" / "reply.html"
    _letter(path, [["Year", "SPOs granted"], ["2021", "3"], ["2022", "5"], ["2021", "4"]])
    obs, report = read_file(path, tmp_path, None)
    assert [(o.source_cell, o.value) for o in obs] == [("B3", 5)]
    assert [x["cell"] for x in report.left_out] == ["B2", "B4"]
    (conflict,) = [w for w in report.warnings if w.kind == "conflicting_cells"]
    assert conflict.cells == (("table 1", "B2"), ("table 1", "B4"))
    assert conflict.text.startswith("cells table 1!B2, table 1!B4 give different values")
