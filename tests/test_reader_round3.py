"""Reader round three (issue 17): misses of fresh set G, scored before any of these rules existed.

Set G (20 returns written by a session that never saw the code, from a description of how
forces answer) scored recall 277/429 (65%), wrong 0, on 1b84543. Each test here is one class of
its misses, built small and synthetic.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from spo_stats.read.cells import Grid, _read_csv
from spo_stats.read.letters import Line, assemble, table_sheet
from spo_stats.understand.answers import read_answers
from spo_stats.understand.period_text import label_period
from spo_stats.understand.tables import read_sheet


def figures(grid: Grid) -> set[tuple[str, str, str, int | None, str]]:
    reading = read_sheet(grid, "Sheet1")
    return {
        (f.ref, f.measure, f.period.label, f.parsed.value, f.parsed.status) for f in reading.figures
    }


def test_a_semicolon_csv_with_a_bom_and_comment_lines_is_read(tmp_path: Path) -> None:
    # The sniffer saw the comments' commas and spaces and split on the wrong character.
    path = tmp_path / "synthetic.csv"
    path.write_bytes(
        "\ufeff# Synthetic Police - FOI 2024/1\n"
        "# Stalking offences and SPOs by month, financial year 2023/24, as asked\n"
        "Month;Stalking offences;SPOs granted;DVPNs issued\n"
        "Apr 2023;310;2;40\n"
        "May 2023;283;<5;74\n"
        "# SYNTHETIC TEST FILE\n".encode()
    )
    sheet = _read_csv(path, path.name)
    assert sheet.rows[0] == ["Synthetic Police - FOI 2024/1"]
    assert sheet.rows[2] == ["Month", "Stalking offences", "SPOs granted", "DVPNs issued"]
    assert sheet.rows[-1] == ["SYNTHETIC TEST FILE"]  # in its place: cell references hold
    assert {(f[0], f[1], f[3], f[4]) for f in figures(sheet.rows)} == {
        ("B4", "stalking_offences", 310, "reported"),
        ("C4", "spo_granted", 2, "reported"),
        ("B5", "stalking_offences", 283, "reported"),
        ("C5", "spo_granted", None, "suppressed"),
    }


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2023 Q1 (Jan-Mar)", "2023-01-01", "2023-03-31"),
        ("Q3 2024 (Jul - Sep)", "2024-07-01", "2024-09-30"),
        ("2023/24 Q1 (Apr-Jun)", "2023-04-01", "2023-06-30"),
    ],
)
def test_a_quarter_with_its_months_in_brackets_is_that_quarter(
    text: str, start: str, end: str
) -> None:
    p = label_period(text)
    assert p is not None and (p.start.isoformat(), p.end.isoformat()) == (start, end)


def test_a_quarter_whose_months_contradict_it_is_no_period() -> None:
    assert label_period("2023 Q1 (Apr-Jun)") is None


def _letter(*paragraphs: list[str]) -> list[list[Line]]:
    out: list[list[Line]] = []
    for p, lines in enumerate(paragraphs, start=1):
        out.append(
            [Line(t, "text", f"paragraph {p}, line {k}", p) for k, t in enumerate(lines, start=1)]
        )
    return out


def _answers(paragraphs: list[list[Line]]) -> set[tuple[str, str, int | None, str]]:
    return {
        (a.measure, a.period.label, a.parsed.value, a.parsed.status)
        for a in read_answers(paragraphs).answers
    }


def test_a_series_answer_under_its_question_gives_a_figure_a_line() -> None:
    got = _answers(
        _letter(
            ["1. How many stalking offences were recorded in each of the financial years?"],
            ["2020/21: 388", "2021/22: 452"],
            ["2. How many applications for SPOs (full and interim) were made in those years?"],
            ["Full SPO applications:", "2020/21 - 4", "2021/22 - 7"],
            ["Interim SPO applications:", "2020/21 - 6", "2021/22 - <5"],
            ["3. How many Domestic Violence Protection Orders were granted in each year?"],
            ["2020/21: 141", "2021/22: 163"],
        )
    )
    assert got == {
        ("stalking_offences", "2020/21", 388, "reported"),
        ("stalking_offences", "2021/22", 452, "reported"),
        ("spo_applications", "2020/21", 4, "reported"),
        ("spo_applications", "2021/22", 7, "reported"),
        ("interim_spo_applications", "2020/21", 6, "reported"),
        ("interim_spo_applications", "2021/22", None, "suppressed"),
    }


@pytest.mark.parametrize(
    "lines",
    [
        # A line of words among the figures could change what they mean: the whole is left out.
        ["2020/21: 4", "2021/22: 7", "Figures include interim orders."],
        # "Of those" names no measure of its own; without a label, the lines take none.
        ["2020/21: 4", "2021/22: 7"],
    ],
)
def test_a_series_that_is_more_than_a_series_or_whose_question_refers_back_gives_nothing(
    lines: list[str],
) -> None:
    question = (
        "2. How many of those applications were granted?"
        if len(lines) == 2
        else "2. How many SPOs were granted in each year?"
    )
    got = _answers(_letter(["1. How many SPOs were applied for in each year?"], [question], lines))
    assert got == set()


def test_label_value_lines_run_into_one_pdf_paragraph_are_read_as_a_table() -> None:
    # A PDF's text runs the lines together into one paragraph; a series by period stays text.
    texts = [
        "Synthetic letter: the information we hold is below.",
        "Period: 1 January 2023 to 31 December 2023",
        "Stalking offences recorded: 2,341",
        "Full SPOs granted: 33",
        "Applications refused by court: 8",
        "DVPOs granted: 210",
    ]
    block = [Line(t, "page 1", f"line {i}", 1) for i, t in enumerate(texts, start=1)]
    letter = assemble("pdf", [block])
    got = set()
    for table in letter.tables:
        sheet, _ = table_sheet(table)
        got |= {
            (f.measure, f.period.label, f.parsed.value)
            for f in read_sheet(sheet.rows, sheet.name).figures
        }
    assert got == {("stalking_offences", "2023", 2341), ("spo_granted", "2023", 33)}


def test_a_paragraph_qualifying_a_series_leaves_the_series_out() -> None:
    got = _answers(
        _letter(
            ["1. How many SPOs were granted in each calendar year?"],
            ["2021: 4", "2022: 7"],
            ["The figures above include interim orders."],
        )
    )
    assert got == set()
