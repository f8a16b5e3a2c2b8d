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


def test_a_text_list_beside_a_table_with_labels_of_its_own_is_not_its_labels() -> None:
    # The right-hand table names its own rows: the list beside it is no part of it.
    own_labels: Grid = [
        ["Contents", None, "Year", "2023"],
        ["Stalking offences recorded", None, "SPOs granted", 9],
    ]
    assert figures(own_labels) == {("D2", "spo_granted", "2023", 9, "reported")}


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
        ("2024/25 (Q1)", "2024-04-01", "2024-06-30"),
        ("2024/25: Apr-May", "2024-04-01", "2024-05-31"),
        ("2024/25 - April to May", "2024-04-01", "2024-05-31"),
        ("2024/25 part year (April and May)", "2024-04-01", "2024-05-31"),
        ("2024/25 (to end of February)", "2024-04-01", "2025-02-28"),
        ("2024 (to the end of May)", "2024-01-01", "2024-05-31"),
        ("2024/25 (1 April - 31 May 2024)", "2024-04-01", "2024-05-31"),
        ("2023/24 (1 Dec - 31 Jan 2024)", "2023-12-01", "2024-01-31"),
    ],
)
def test_a_financial_year_with_its_months_is_those_months(text: str, start: str, end: str) -> None:
    p = label_period(text)
    assert p is not None and (p.start.isoformat(), p.end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    "text",
    [
        "2023/24 (Mar-Apr)",
        "2023/24 (Q5)",
        "2023/24 (to 31 Feb)",
        "2024/25 (April and June)",  # not one span of months
        "2024/25 (1 April to 31 May 2025)",  # outside the year
        "2020/21 - 2023/24",
    ],
)
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


def test_explain_shows_what_a_note_gave_for_each_period() -> None:
    reading = read_sheet(_with_notes("SPO breaches: not held"), "Sheet1")
    assert reading.roles[(5, 0)] == (
        "figure",
        "spo_breaches · from a note: 2022/23 not held, 2023/24 not held",
    )


# Spacer columns in every shape (make fuzz's layout:spacer): each class below gave wrong or
# missed figures there.


def test_years_cut_from_their_figures_are_never_counts() -> None:
    # Three blank columns keep the years apart: their column is no table of counts ("2022"
    # under "2021" was read as 2,022 interim orders granted in 2021).
    grid: Grid = [
        ["Interim SPOs granted"],
        [None, None, None, None, "Jan", "Feb"],
        ["2021", None, None, None, "4", "3"],
        ["2022", None, None, None, "10", "31"],
    ]
    assert {f for f in figures(grid) if f[0][0] == "A"} == set()


def test_counts_written_as_text_beyond_a_spacer_are_labelled_by_their_row() -> None:
    # A CSV's counts are text ("4"): they are figures as much as 4 is.
    grid: Grid = [
        ["Interim SPOs granted"],
        [None, None, "Jan", "Feb"],
        ["2021", None, "4", "3"],
        ["2022", None, "10", "31"],
        ["* = fewer than five; the exact number is withheld (s.40)"],
    ]
    assert {(f[0], f[2], f[3]) for f in figures(grid)} == {
        ("C3", "Jan 2021", 4),
        ("D3", "Feb 2021", 3),
        ("C4", "Jan 2022", 10),
        ("D4", "Feb 2022", 31),
    }


FOOTNOTE = "* = fewer than five; exact number withheld (s.40 personal information)."


def test_a_footnote_under_the_labels_keeps_them_with_their_figures() -> None:
    # A second table beside it shares the footnote's row, so the footnote is in the band.
    grid: Grid = [
        ["Breaches of Stalking Protection Orders", None, None, None, None, None, "SPO data"],
        [None, None, "January", "February", None, None, "Year", "Applications for an SPO"],
        ["2022", None, 4, 10, None, None, 2019, 1],
        [2023, None, 7, "*", None, None, 2020, 30],
        [FOOTNOTE, None, None, None, None, None, 2021, 28],
    ]
    assert {(f[0], f[2], f[3], f[4]) for f in figures(grid) if f[0][0] in "CD"} == {
        ("C3", "Jan 2022", 4, "reported"),
        ("D3", "Feb 2022", 10, "reported"),
        ("C4", "Jan 2023", 7, "reported"),
        ("D4", "Feb 2023", None, "suppressed"),
    }


def test_a_one_row_table_beyond_a_spacer_keeps_its_label() -> None:
    # Cut off, the label was a line of text: the title of the table below, whose grants it
    # then said were interim and full together.
    grid: Grid = [
        ["Synthetic Constabulary"],
        [None, None, "2022 (Jan-Dec)", "2023"],
        ["SPOs granted incl. interim", None, 7, 15],
        [None],
        ["Period", "Measure", "Number"],
        ["2021/22", "Stalking Protection Orders imposed", 4],
    ]
    assert {(f[0], f[1], f[2], f[3]) for f in figures(grid)} == {
        ("C3", "all_spo_granted", "2022", 7),
        ("D3", "all_spo_granted", "2023", 15),
        ("C6", "spo_granted", "2021/22", 4),
    }


def test_a_count_like_a_year_beyond_a_spacer_is_a_count_not_a_header() -> None:
    # The label column nearest the figures is the blank spacer: the row's own label (a
    # measure) still makes it a row of figures, not a header of years.
    grid: Grid = [
        ["Stalking: 01/04/2021 - 31/03/2022"],
        [None, None, "Total"],
        ["Stalking crimes recorded", None, "2024"],
        ["Number of SPOs granted (interim and full)", None, "30"],
    ]
    assert {(f[0], f[1], f[2], f[3]) for f in figures(grid)} == {
        ("C3", "stalking_offences", "2021/22", 2024),
        ("C4", "all_spo_granted", "2021/22", 30),
    }


def test_a_total_across_periods_takes_no_period_from_a_note_above() -> None:
    # "2022 figures are provisional" says nothing of the period of every figure, and a
    # Grand Total beside 2020/21 and 2021/22 is the sum of both, whatever a title says.
    grid: Grid = [
        ["* 2022 figures are provisional and subject to change."],
        ["Measure", "2020/21", "Apr 2021 to Mar 2022", "Grand Total"],
        ["Applications for interim Stalking Protection Orders", "Nil", 33, 33],
        ["Total stalking crimes recorded", 3480, "Nil", 3480],
    ]
    assert {(f[0], f[2]) for f in figures(grid)} == {
        ("B3", "2020/21"),
        ("C3", "2021/22"),
        ("B4", "2020/21"),
        ("C4", "2021/22"),
    }


def test_a_long_label_beyond_a_spacer_is_a_label_not_a_footnote() -> None:
    # Forty characters and more, but no mark and no sentence: the row's label.
    grid: Grid = [
        ["SPO data"],
        [None, None, "Jan-Dec 2021", "1 Jan 2022 to 31 Dec 2022"],
        ["Interim Stalking Protection Orders imposed", None, 16, 26],
    ]
    assert {(f[0], f[1], f[2]) for f in figures(grid)} == {
        ("C3", "interim_spo_granted", "2021"),
        ("D3", "interim_spo_granted", "2022"),
    }


def test_a_title_over_labels_beyond_a_spacer_does_not_keep_them_apart() -> None:
    # The title shares its row with another table's header, so it sits in the labels' column.
    grid: Grid = [
        ["Joint response from two synthetic forces", None, None, None, None, "Year", "Count"],
        ["Year", None, "Interim SPOs applied for", None, None, 2022, 5],
        ["CY 2021", None, 15, None, None, 2023, 6],
        ["Year ending December 2023", None, 11],
    ]
    assert {(f[0], f[1], f[2]) for f in figures(grid) if f[0][0] == "C"} == {
        ("C3", "interim_spo_applications", "2021"),
        ("C4", "interim_spo_applications", "2023"),
    }
