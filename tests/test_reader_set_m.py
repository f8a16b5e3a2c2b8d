"""Reader (issue 17): classes of the misses of fresh set M.

Set M (448/771 on bf63cb3, 468/771 on 8ff11f6), written by someone who never saw the code, was
scored with 0 wrong before any of these rules existed. Each test is one class of its misses, on
a small synthetic return written for it.
"""

from __future__ import annotations

from spo_stats.read.cells import Grid
from spo_stats.understand.tables import read_sheet


def figures(grid: Grid) -> set[tuple[str, str, str, str, int | None, str]]:
    reading = read_sheet(grid, "Sheet1")
    return {
        (
            f.ref,
            f.measure,
            f.period.start.isoformat(),
            f.period.end.isoformat(),
            f.parsed.value,
            f.parsed.status,
        )
        for f in reading.figures
    }


def test_a_tidy_extract_with_a_reference_column_and_period_bounds() -> None:
    # One row a figure, the request's reference on every row, the period given by its kind, its
    # label and its first and last days. A stock on a date and a rolling year are no period's count.
    grid: Grid = [
        ["FOI reference", "Indicator", "Frequency", "Period", "Date from", "Date to", "Count"],
        ["FOI/0042/24", "Stalking crimes recorded", "Calendar year", "2021", "2021-01-01",
         "2021-12-31", "310"],
        ["FOI/0042/24", "Stalking crimes recorded", "Calendar year", "2022 (to 30 Sep)",
         "2022-01-01", "2022-09-30", "250"],
        ["FOI/0042/24", "Full SPOs granted", "Quarter", "Q1 2021", "2021-01-01", "2021-03-31", "4"],
        ["FOI/0042/24", "Live SPOs (as at end of period)", "Point in time", "31/12/2021",
         "2021-12-31", "2021-12-31", "19"],
        ["FOI/0042/24", "Interim SPOs granted", "Rolling 12 months", "Jul 2021 - Jun 2022",
         "2021-07-01", "2022-06-30", "9"],
    ]  # fmt: skip
    assert figures(grid) == {
        ("G2", "stalking_offences", "2021-01-01", "2021-12-31", 310, "reported"),
        ("G3", "stalking_offences", "2022-01-01", "2022-09-30", 250, "reported"),
        ("G4", "spo_granted", "2021-01-01", "2021-03-31", 4, "reported"),
    }


def test_numeric_request_ids_and_the_extract_date_are_no_labels() -> None:
    ids: Grid = [
        ["Request ID", "Measure", "Start date", "End date", "Value"],
        [38812, "Stalking offences", "01/04/2021", "31/03/2022", 880],
        [38812, "SPO applications", "01/04/2021", "31/03/2022", 12],
    ]
    assert figures(ids) == {
        ("E2", "stalking_offences", "2021-04-01", "2022-03-31", 880, "reported"),
        ("E3", "spo_applications", "2021-04-01", "2022-03-31", 12, "reported"),
    }
    run: Grid = [
        ["extract_date", "measure", "period_start", "period_end", "value"],
        ["2024-06-03", "Stalking offences", "2021-04-01", "2022-03-31", 880],
        ["2024-06-03", "SPO breaches", "2021-04-01", "2022-03-31", 6],
    ]
    assert figures(run) == {
        ("E2", "stalking_offences", "2021-04-01", "2022-03-31", 880, "reported"),
        ("E3", "spo_breaches", "2021-04-01", "2022-03-31", 6, "reported"),
    }


def test_a_pivot_outline_of_quarters_under_their_years_with_year_total_rows() -> None:
    # A BI pivot in outline form: each year on its own row, its quarters under it, then its
    # "Year Total" row; the last year is part of one, its last quarter cut short.
    grid: Grid = [
        ["Row Labels", "Sum of Full SPO Applied", "Sum of Full SPO Granted"],
        ["2022", None, None],
        ["Qtr1", 3, 2],
        ["Qtr2", 4, 4],
        ["Qtr3", 1, 0],
        ["Qtr4", 5, 3],
        ["2022 Total", 13, 9],
        ["2023", None, None],
        ["Qtr1", 6, 5],
        ["Qtr2 (Apr-May only)", 2, 1],
        ["2023 Total (to 31 May)", 8, 6],
        ["Grand Total", 21, 15],
    ]
    got = figures(grid)
    assert ("B7", "spo_applications", "2022-01-01", "2022-12-31", 13, "reported") in got
    assert ("C7", "spo_granted", "2022-01-01", "2022-12-31", 9, "reported") in got
    assert ("B3", "spo_applications", "2022-01-01", "2022-03-31", 3, "reported") in got
    assert ("C6", "spo_granted", "2022-10-01", "2022-12-31", 3, "reported") in got
    assert ("B10", "spo_applications", "2023-04-01", "2023-05-31", 2, "reported") in got
    assert ("C11", "spo_granted", "2023-01-01", "2023-05-31", 6, "reported") in got
    assert len(got) == 16  # the grand total spans years: it is checked, not a figure


def test_a_total_naming_a_period_its_parts_do_not_make_is_no_figure() -> None:
    # "2023 Total (to 30 June)" over the first quarter alone: the parts do not make its period.
    grid: Grid = [
        ["Row Labels", "Sum of Full SPO Granted"],
        ["2023", None],
        ["Qtr1", 5],
        ["2023 Total (to 30 June)", 7],
    ]
    assert figures(grid) == {("B3", "spo_granted", "2023-01-01", "2023-03-31", 5, "reported")}
