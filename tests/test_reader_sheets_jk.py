"""Reader, spreadsheet returns (issue 17): classes of the misses of fresh sets J and K.

Sets J (443/574, 77%) and K (353/522, 68%), written by sessions that never saw the code, were
scored with 0 wrong before any of these rules existed. Each test is one class of their
spreadsheet misses, on a small synthetic return written for it.
"""

from __future__ import annotations

import pytest

from spo_stats.read.cells import Grid
from spo_stats.understand.period_text import label_period
from spo_stats.understand.tables import read_sheet


def figures(grid: Grid) -> set[tuple[str, str, str, int | None, str]]:
    reading = read_sheet(grid, "Sheet1")
    return {
        (f.ref, f.measure, f.period.label, f.parsed.value, f.parsed.status) for f in reading.figures
    }


def test_row_labels_beyond_a_blank_spacer_column_label_the_figures() -> None:
    # The labels sit in A, a column is left blank for looks, the figures start in C.
    grid: Grid = [
        ["Synthetic Constabulary - FOI 0001/24"],
        [None],
        ["Financial year", None, None, "Recorded stalking crimes", "Full SPOs issued"],
        ["2021/22", None, None, 801, 7],
        ["2022/23", None, None, 433, "<5"],
    ]
    assert figures(grid) == {
        ("D4", "stalking_offences", "2021/22", 801, "reported"),
        ("E4", "spo_granted", "2021/22", 7, "reported"),
        ("D5", "stalking_offences", "2022/23", 433, "reported"),
        ("E5", "spo_granted", "2022/23", None, "suppressed"),
    }


def test_measure_labels_beyond_a_spacer_under_a_merged_two_row_year_header() -> None:
    # "Measure" merged down two rows, "Year" merged across the years, a spacer column between.
    grid: Grid = [
        ["Measure", None, "Year", "Year", "Total"],
        ["Measure", None, 2022, 2023, "Total"],
        ["Stalking crimes recorded", None, 120, 140, 260],
        ["Interim SPOs obtained", None, 3, 4, 7],
    ]
    assert figures(grid) == {
        ("C3", "stalking_offences", "2022", 120, "reported"),
        ("D3", "stalking_offences", "2023", 140, "reported"),
        ("C4", "interim_spo_granted", "2022", 3, "reported"),
        ("D4", "interim_spo_granted", "2023", 4, "reported"),
    }


def test_bilingual_labels_beyond_a_spacer_are_read_in_english() -> None:
    grid: Grid = [
        ["Blwyddyn / Year", None, "2021", "2022"],
        ["Troseddau stelcio a gofnodwyd / Stalking offences recorded", None, 75, 81],
        ["Gorchmynion a roddwyd / SPOs granted", None, "<5", 6],
    ]
    assert figures(grid) == {
        ("C2", "stalking_offences", "2021", 75, "reported"),
        ("D2", "stalking_offences", "2022", 81, "reported"),
        ("C3", "spo_granted", "2021", None, "suppressed"),
        ("D3", "spo_granted", "2022", 6, "reported"),
    }


def test_a_text_list_beside_a_table_is_not_its_labels_unless_its_rows_line_up() -> None:
    # The right-hand table names its own rows: the list beside it is no part of it.
    own_labels: Grid = [
        ["Contents", None, "Year", "2023"],
        ["Stalking offences recorded", None, "SPOs granted", 9],
    ]
    assert figures(own_labels) == {("D2", "spo_granted", "2023", 9, "reported")}
    # Years down the left, but a figure column that stops short of them: two things, not one.
    ragged: Grid = [
        ["Year", None, "SPOs granted"],
        ["2022", None, 4],
        ["2023", None, None],
        ["2024", None, 6],
    ]
    assert figures(ragged) == set()


def test_a_part_year_column_beyond_a_spacer_is_read_for_the_months_it_names() -> None:
    grid: Grid = [
        [None, "Financial year", "Financial year", None, "Part year"],
        ["Measure", "2022/23", "2023/24", None, "April to May 2024/25"],
        ["Stalking offences", 903, 988, None, 251],
        ["SPOs applied for", 12, 15, None, "[c]"],
        ["Change on previous year", None, 85, None, None],
    ]
    assert figures(grid) == {
        ("B3", "stalking_offences", "2022/23", 903, "reported"),
        ("C3", "stalking_offences", "2023/24", 988, "reported"),
        ("E3", "stalking_offences", "Apr 2024 to May 2024", 251, "reported"),
        ("B4", "spo_applications", "2022/23", 12, "reported"),
        ("C4", "spo_applications", "2023/24", 15, "reported"),
        ("E4", "spo_applications", "Apr 2024 to May 2024", None, "suppressed"),
    }


def test_a_part_year_header_over_a_whole_year_gives_no_period() -> None:
    # Which part of 2024/25 the column covers is not said: its figures have no period.
    grid: Grid = [
        ["Measure", "2023/24", "Part year"],
        ["Measure", "2023/24", "2024/25"],
        ["Stalking offences", 988, 251],
    ]
    assert figures(grid) == {("B3", "stalking_offences", "2023/24", 988, "reported")}


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024/25 (Apr-May)", "2024-04-01", "2024-05-31"),
        ("April to May 2024/25", "2024-04-01", "2024-05-31"),
        ("2023/24 (part year: April - September)", "2023-04-01", "2023-09-30"),
        ("2023/24 (Jan-Mar)", "2024-01-01", "2024-03-31"),
        ("2023-24 (to 31 Jan)", "2023-04-01", "2024-01-31"),
        ("2023/24 (from 5 May)", "2023-05-05", "2024-03-31"),
    ],
)
def test_a_financial_year_with_its_months_is_those_months(text: str, start: str, end: str) -> None:
    p = label_period(text)
    assert p is not None and (p.start.isoformat(), p.end.isoformat()) == (start, end)


@pytest.mark.parametrize("text", ["2023/24 (Mar-Apr)", "2023/24 (Q5)", "2023/24 (to 31 Feb)"])
def test_months_that_do_not_fit_a_financial_year_give_no_period(text: str) -> None:
    assert label_period(text) is None


def _with_notes(*notes: str) -> Grid:
    return [
        ["Synthetic Police - stalking protection orders by financial year"],
        ["Financial year", "SPO applications", "Full SPOs granted"],
        ["2022/23", 14, 11],
        ["2023/24", 19, 16],
        [None],
        *([n] for n in notes),
    ]


def test_a_note_giving_a_measure_the_table_lacks_a_status_gives_it_for_each_period() -> None:
    got = figures(
        _with_notes("Breaches of an SPO - not recorded", "Interim orders granted: Not held.")
    )
    assert {f for f in got if f[4] != "reported"} == {
        ("A6", "spo_breaches", "2022/23", None, "not_held"),
        ("A6", "spo_breaches", "2023/24", None, "not_held"),
        ("A7", "interim_spo_granted", "2022/23", None, "not_held"),
        ("A7", "interim_spo_granted", "2023/24", None, "not_held"),
    }


def test_a_status_note_that_qualifies_or_contradicts_the_table_gives_nothing() -> None:
    got = figures(
        _with_notes(
            "SPO breaches: not held before April 2023",
            "Full SPOs granted: information not held",  # the table holds them
            "DVPO breaches: not held",
            "Interim SPO applications: not held for 2022/23",
            "Interim SPOs granted: not held (only recorded since 2023)",
        )
    )
    assert {f for f in got if f[4] != "reported"} == set()


def test_a_note_giving_another_measure_as_a_series_of_the_tables_periods_is_read() -> None:
    got = figures(_with_notes("Interim SPOs granted: 2022/23 – 4; 2023/24 – 1,006."))
    assert {f for f in got if f[1] == "interim_spo_granted"} == {
        ("A6", "interim_spo_granted", "2022/23", 4, "reported"),
        ("A6", "interim_spo_granted", "2023/24", 1006, "reported"),
    }


def test_a_series_label_without_an_action_takes_it_from_the_contrast_before_it() -> None:
    # "... are full orders. Interim: ..." says the series counts the same action's interim orders.
    got = figures(
        _with_notes("The applications shown are full orders. Interim: 2022/23 - 2, 2023/24 - <5")
    )
    assert {f for f in got if f[1].startswith("interim")} == {
        ("A6", "interim_spo_applications", "2022/23", 2, "reported"),
        ("A6", "interim_spo_applications", "2023/24", None, "suppressed"),
    }


@pytest.mark.parametrize(
    "note",
    [
        "Interim orders: 2022/23 - 2; 2023/24 - 3",  # which count of interim orders?
        "Interim SPOs granted: 2021/22 - 2; 2022/23 - 3",  # a period the table does not cover
        "Interim SPOs granted (included above): 2022/23 - 2; 2023/24 - 3",
        "Interim SPOs granted: 2022/23 - 2; 2023/24 - 3 (provisional)",
        "Full SPOs granted: 2022/23 - 12; 2023/24 - 17",  # the table holds them
        "DVPOs granted: 2022/23 - 40; 2023/24 - 52",
    ],
)
def test_a_note_series_that_is_unclear_or_not_the_tables_gives_nothing(note: str) -> None:
    got = figures(_with_notes(note))
    assert {f[0] for f in got} == {"B3", "C3", "B4", "C4"}


def test_a_status_note_on_orders_covers_the_years_of_the_tables_orders_only() -> None:
    # 2019 has offences only (SPOs began in 2020): breaches "not held" is no claim about it.
    grid: Grid = [
        ["Year", "Stalking offences", "SPOs granted"],
        ["2019", 610, "N/A"],
        ["2020", 702, 5],
        [None],
        ["SPO breaches: not held"],
    ]
    assert {f for f in figures(grid) if f[1] == "spo_breaches"} == {
        ("A5", "spo_breaches", "2020", None, "not_held"),
    }


@pytest.mark.parametrize(
    "right",
    [
        # A breakdown's own labels, the last of which reads like a status.
        ["Sex of victim", "Female", "Male", "Not recorded"],
        # Parts of a year, then a footnote that starts like a suppressed figure.
        [
            "SPOs granted",
            "Jan-Mar",
            "Apr-Jun",
            "* = fewer than five; the exact number is withheld (s.40)",
        ],
    ],
)
def test_a_table_beside_another_with_labels_of_its_own_is_not_joined(right: list[str]) -> None:
    grid: Grid = [["Stalking: financial year 2021/22"]]
    left = [
        [None, "Total"],
        ["Applications for an interim SPO", 16],
        ["Number of SPOs issued", "Nil"],
        ["Breaches of an SPO", 5],
    ]
    beside: list[str | int | None] = ["2023", 7, 7, None if right[-1].startswith("*") else 7]
    for row, label, value in zip(left, right, beside, strict=True):
        grid.append([*row, None, label, value])
    # The table on the left keeps its figures (the one on the right is read as its own).
    assert {(f[0], f[1], f[3]) for f in figures(grid) if f[0][0] == "B"} == {
        ("B3", "interim_spo_applications", 16),
        ("B4", "spo_granted", 0),
        ("B5", "spo_breaches", 5),
    }


TITLE = "Gorchmynion Diogelu rhag Stelcio / Stalking Protection Orders granted"


@pytest.mark.parametrize(
    ("offences", "granted"),
    [
        (
            "Troseddau stelcio a gofnodwyd – Recorded stalking offences",
            "GDS a roddwyd – SPOs granted",
        ),
        (
            "Troseddau stelcio a gofnodwyd\nRecorded stalking offences",
            "GDS a roddwyd\nSPOs granted",
        ),
        ("Recorded stalking offences | Troseddau stelcio", "SPOs granted | GDS a roddwyd"),
    ],
)
def test_a_bilingual_label_is_read_in_english_whatever_sets_its_halves_apart(
    offences: str, granted: str
) -> None:
    # Read whole, the Welsh made the label say nothing, and the title's measure took its rows.
    grid: Grid = [[TITLE], ["Blwyddyn / Year", "2021", "2022"], [offences, 402, 466]]
    grid.append([granted, 4, 6])
    assert {(f[0], f[1], f[3]) for f in figures(grid)} == {
        ("B3", "stalking_offences", 402),
        ("C3", "stalking_offences", 466),
        ("B4", "spo_granted", 4),
        ("C4", "spo_granted", 6),
    }


def test_a_row_labelled_in_welsh_alone_gives_nothing_whatever_the_title_says() -> None:
    grid: Grid = [
        [TITLE],
        ["Blwyddyn / Year", "2021", "2022"],
        ["Troseddau stelcio a gofnodwyd", 402, 466],
        ["Gorchmynion Diogelu rhag Trais Domestig", 81, 90],
    ]
    reading = read_sheet(grid, "Sheet1")
    assert reading.figures == []
    assert {x.reason for x in reading.left_out} == {"a label in Welsh with no English beside it"}


def test_welsh_labels_in_a_column_beside_the_english_are_read_in_english() -> None:
    grid: Grid = [
        ["Mesur", "Measure", "2021", "2022"],
        ["Troseddau stelcio a gofnodwyd", "Recorded stalking offences", 402, 466],
        ["Gorchmynion a roddwyd", "SPOs granted", 4, 6],
    ]
    assert {(f[0], f[1]) for f in figures(grid)} == {
        ("C2", "stalking_offences"),
        ("D2", "stalking_offences"),
        ("C3", "spo_granted"),
        ("D3", "spo_granted"),
    }
