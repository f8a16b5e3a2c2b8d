"""The reader's rules, one class of return at a time (issue: right or silent on any layout).

Each grid is a small synthetic return; each test says what a careful analyst reads from it, and
that nothing else comes out.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from spo_stats.read.cells import Grid
from spo_stats.understand.period_text import find_period, label_period
from spo_stats.understand.periods import calendar_year, financial_year
from spo_stats.understand.tables import read_sheet
from spo_stats.understand.values import parse_value

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


def figures(
    grid: list[list[object]], sheet: str = "Sheet1"
) -> set[tuple[str, str, str, int | None]]:
    """(cell, measure, period label, value) of every figure read."""
    reading = read_sheet(grid, sheet)  # type: ignore[arg-type]
    return {(f.ref, f.measure, f.period.label, f.parsed.value) for f in reading.figures}


def test_years_down_months_across_are_months_never_years() -> None:
    grid: Grid = [
        ["Recorded stalking offences"],
        ["Year", *MONTHS[:3]],
        [2021, 10, 11, 12],
        [2022, 20, 21, 22],
    ]
    got = figures(grid)
    assert ("B3", "stalking_offences", "Jan 2021", 10) in got
    assert ("D4", "stalking_offences", "Mar 2022", 22) in got
    assert len(got) == 6 and not any(label in ("2021", "2022") for _, _, label, _ in got)


def test_months_down_years_across_as_pivot_tables_export() -> None:
    grid: Grid = [
        ["SPOs granted"],
        ["Month", "2021", "2022"],
        *[[m, i, i + 1] for i, m in enumerate(MONTHS)],
    ]
    got = figures(grid)
    assert len(got) == 24
    assert ("C14", "spo_granted", "Dec 2022", 12) in got


def test_financial_year_months_land_in_the_right_calendar_year() -> None:
    grid: Grid = [["Stalking crimes recorded"], ["Month", "FY21/22"], ["April", 5], ["January", 7]]
    assert figures(grid) == {
        ("B3", "stalking_offences", "Apr 2021", 5),
        ("B4", "stalking_offences", "Jan 2022", 7),
    }


def test_a_reference_number_is_never_a_period() -> None:
    grid: Grid = [["FOI 2022-125: Stalking Protection Orders"], ["SPOs granted", 4]]
    assert figures(grid) == set()
    assert find_period("Our ref: FOI 2022-125") is None
    assert find_period("Ref 004412") is None
    assert find_period("Request 900-24") is None


def test_counts_of_other_things_are_not_stalking_or_spos() -> None:
    grid: Grid = [
        ["Stalking FOI response"],
        ["Measure", "2021"],
        ["Harassment crimes recorded", 900],
        ["Calls to 101 about stalking", 300],
        ["Training sessions on stalking", 12],
        ["Arrests made for stalking", 40],
        ["Police dogs", 3],
        ["Stalking offences recorded", 500],
    ]
    assert figures(grid) == {("B8", "stalking_offences", "2021", 500)}


def test_breakdown_rows_with_a_total_give_the_total_only() -> None:
    grid: Grid = [["SPOs granted"], ["BCU", "2021"], ["North", 2], ["South", 3], ["Total", 5]]
    assert figures(grid) == {("B5", "spo_granted", "2021", 5)}
    without_total = grid[:4]
    assert figures(without_total) == set()


def test_court_outcomes_are_a_breakdown_of_applications() -> None:
    grid: Grid = [
        ["SPO applications, 2022"],
        ["Court outcome", "Number"],
        ["Granted", 6],
        ["Refused", 1],
        ["Withdrawn", 1],
        ["Total", 8],
    ]
    assert figures(grid) == {("B6", "spo_applications", "2022", 8)}


def test_a_table_titled_by_a_bcu_is_part_of_a_force() -> None:
    grid: Grid = [
        ["North BCU"],
        ["Year", "Stalking offences recorded"],
        [2021, 40],
        [None],
        ["Force total"],
        ["Year", "Stalking offences recorded"],
        [2021, 100],
    ]
    assert figures(grid) == {("B7", "stalking_offences", "2021", 100)}


def test_joint_answer_gives_each_force_its_own_figures() -> None:
    grid: Grid = [
        [None, "Norfolk Constabulary", None, "Suffolk Constabulary", None],
        ["Measure", "2021", "2022", "2021", "2022"],
        ["SPOs granted", 1, 2, 3, 4],
    ]
    reading = read_sheet(grid, "S")  # type: ignore[arg-type]
    assert {(f.force, f.period.label, f.parsed.value) for f in reading.figures} == {
        ("norfolk", "2021", 1),
        ("norfolk", "2022", 2),
        ("suffolk", "2021", 3),
        ("suffolk", "2022", 4),
    }


def test_compiled_table_one_row_per_force_with_a_total_left_out() -> None:
    grid: Grid = [
        ["SPOs granted, 2022"],
        ["Force", "SPOs granted"],
        ["Durham Constabulary", 5],
        ["Cleveland Police", 3],
        ["Total", 8],
    ]
    reading = read_sheet(grid, "S")  # type: ignore[arg-type]
    assert {(f.force, f.parsed.value) for f in reading.figures} == {("durham", 5), ("cleveland", 3)}


def test_tables_side_by_side_keep_their_own_periods() -> None:
    grid: Grid = [
        ["SPOs granted", None, None, "Stalking offences recorded", None],
        ["Year", "Number", None, "Financial year", "Number"],
        [2021, 3, None, "2021/22", 400],
    ]
    assert figures(grid) == {
        ("B3", "spo_granted", "2021", 3),
        ("E3", "stalking_offences", "2021/22", 400),
    }


def test_labels_as_forces_write_them() -> None:
    assert label_period("2023*") == calendar_year(2023)
    assert label_period("FY21/22") == financial_year(2021)
    part = label_period("2024 (January to April)")
    assert part is not None and (part.start, part.end) == (date(2024, 1, 1), date(2024, 4, 30))
    assert label_period("2024 (to date)") is None  # a part-year whose end is not said
    provisional = parse_value("15 (provisional)")
    assert provisional is not None and (provisional.value, provisional.qualifier) == (
        15,
        "provisional",
    )


def test_footnotes_reach_the_figure() -> None:
    grid: Grid = [
        ["Interim SPOs granted"],
        ["Year", "Number"],
        ["2022", "*"],
        ["2023*", 15],
        ["* between 1 and 4; 2023 figures are provisional"],
    ]
    reading = read_sheet(grid, "S")  # type: ignore[arg-type]
    by = {f.ref: f for f in reading.figures}
    assert (by["B3"].parsed.value_min, by["B3"].parsed.value_max) == (1, 4)
    assert "provisional" in by["B4"].note


def test_a_note_that_narrows_a_period_label() -> None:
    grid: Grid = [
        ["Full SPOs granted"],
        ["Year", "Number"],
        [2020, 4],
        [2021, 6],
        ["SPO figures for 2020 are from 20 January 2020."],
    ]
    reading = read_sheet(grid, "S")  # type: ignore[arg-type]
    first = next(f for f in reading.figures if f.ref == "B3")
    assert (first.period.start, first.period.end) == (date(2020, 1, 20), date(2020, 12, 31))


def test_pivot_outline_years_are_subtotals_not_figures() -> None:
    grid: Grid = [
        ["Row Labels", "Sum of Orders Granted"],
        [2021, 13],
        ["Full SPO", 5],
        ["Interim SPO", 8],
        [2022, 19],
        ["Full SPO", 7],
        ["Interim SPO", 12],
        ["Grand Total", 32],
    ]
    assert figures(grid, "SPO pivot") == {
        ("B3", "spo_granted", "2021", 5),
        ("B4", "interim_spo_granted", "2021", 8),
        ("B6", "spo_granted", "2022", 7),
        ("B7", "interim_spo_granted", "2022", 12),
    }


def test_orders_on_a_sheet_that_never_speaks_of_stalking_are_not_spos() -> None:
    assert figures([["Year", "Orders granted"], [2021, 3]]) == set()
    assert figures([["Stalking"], ["Year", "Orders granted"], [2021, 3]]) == {
        ("B3", "spo_granted", "2021", 3)
    }
    dvpo = [["Domestic Violence Protection Orders"], ["Year", "Orders granted"], [2021, 300]]
    assert figures(dvpo) == set()


def test_hidden_rows_and_columns_are_not_data() -> None:
    grid: Grid = [["SPOs granted"], ["Year", "Number"], [2021, 3], ["2021 draft", 9], [2022, 4]]
    reading = read_sheet(grid, "S", hidden_rows=frozenset({3}))  # type: ignore[arg-type]
    assert {(f.ref, f.parsed.value) for f in reading.figures} == {("B3", 3), ("B5", 4)}


@given(
    st.integers(2000, 2039), st.sampled_from(["*", "**", " [note 3]", "(1)", "†", " (provisional)"])
)
def test_a_marker_never_changes_a_year(year: int, marker: str) -> None:
    assert label_period(f"{year}{marker}") == calendar_year(year)


@given(st.integers(2000, 2039), st.integers(1, 99999))
def test_reference_numbers_never_become_periods(year: int, n: int) -> None:
    for text in (f"FOI {year}-{n:03d}", f"Our ref: {year}/{n:04d}", f"Request No. {n:05d}"):
        assert find_period(text) is None, text


def test_one_file_never_gives_two_values_for_one_figure(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from spo_stats.ingest import ingest

    raw = tmp_path / "raw" / "kent"
    raw.mkdir(parents=True)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in (["SYNTHETIC TEST DATA"], ["SPOs granted"], ["Year", "Number"], [2021, 3], [None],
                ["SPOs granted"], ["Year", "Number"], [2021, 5], [2022, 6]):  # fmt: skip
        ws.append(row)
    wb.save(raw / "response.xlsx")
    result = ingest(tmp_path / "raw", tmp_path / "clean", use_cache=False)
    assert {(o.period_label, o.value) for o in result.observations} == {("2022", 6)}
    reasons = {x["reason"] for x in result.files[0].left_out}
    assert "one file gives two values for one figure" in reasons


def test_a_financial_year_inside_a_header_is_a_period() -> None:
    grid: Grid = [
        ["Force", "SPOs granted 2021/22", "Stalking offences 2022/23"],
        ["Cumbria Constabulary", 6, 742],
    ]
    reading = read_sheet(grid, "S")  # type: ignore[arg-type]
    assert {(f.force, f.measure, f.period.label, f.parsed.value) for f in reading.figures} == {
        ("cumbria", "spo_granted", "2021/22", 6),
        ("cumbria", "stalking_offences", "2022/23", 742),
    }


def test_a_system_export_with_codes_explained_in_a_legend() -> None:
    grid: Grid = [
        ["FORCE_NAME", "PERIOD_START", "PERIOD_END", "MEASURE_CODE", "COUNT"],
        ["KENT POLICE", "2021-04-01", "2022-03-31", "SPO_APP", "19"],
        ["KENT POLICE", "2021-04-01", "2022-03-31", "STALK_8Q_REC", "1822"],
        ["KENT POLICE", "2021-04-01", "2022-03-31", "HARASS_8L_REC", "5398"],
        ["KENT POLICE", "2021-04-01", "2022-03-31", "SPO_BREACH", "*"],
        [None],
        ["LEGEND", None, None, "SPO_APP", "Applications for a Stalking Protection Order"],
        [
            "LEGEND",
            None,
            None,
            "STALK_8Q_REC",
            "Recorded crimes of stalking (code 8Q; s.2A and s.4A)",
        ],
        ["LEGEND", None, None, "HARASS_8L_REC", "Recorded crimes of harassment (code 8L)"],
        ["LEGEND", None, None, "SPO_BREACH", "Recorded breaches of an interim or full SPO"],
        ["LEGEND", None, None, "*", "Value between 1 and 4 suppressed"],
    ]
    reading = read_sheet(grid, "S")  # type: ignore[arg-type]
    got = {(f.measure, f.period.label, f.parsed.value, f.parsed.value_min) for f in reading.figures}
    assert got == {
        ("spo_applications", "2021/22", 19, None),
        ("stalking_offences", "2021/22", 1822, None),
        ("spo_breaches", "2021/22", None, 1),
    }


def test_see_note_takes_the_notes_refusal_and_a_question_titles_its_table() -> None:
    grid: Grid = [
        ["Q4. How many applications for Stalking Protection Orders were made in 2022?"],
        ["2022", "see note"],
        ["see note: withheld under section 22 (information intended for future publication)."],
    ]
    reading = read_sheet(grid, "S")  # type: ignore[arg-type]
    assert [(f.measure, f.parsed.status) for f in reading.figures] == [
        ("spo_applications", "refused")
    ]


def test_a_section_without_headers_takes_the_period_headers_above() -> None:
    grid: Grid = [
        ["North Yorkshire Police: stalking"],
        [None, "Apr 2021 - Mar 2022", "Apr 2022 - Mar 2023"],
        ["Stalking (s.2A)", 310, 352],
        ["Stalking involving fear of violence (s.4A)", 88, 97],
        ["Total stalking crimes recorded", 398, 449],
        [None],
        ["Full SPOs obtained", 5, 7],
    ]
    assert figures(grid) == {
        ("B5", "stalking_offences", "2021/22", 398),
        ("C5", "stalking_offences", "2022/23", 449),
        ("B7", "spo_granted", "2021/22", 5),
        ("C7", "spo_granted", "2022/23", 7),
    }


def test_the_reader_honours_what_a_sidecar_states() -> None:
    from spo_stats.understand.hints import ReadHints
    from spo_stats.understand.periods import calendar_year

    grid: Grid = [["Force response"], ["Measure", "Figure"], ["Orders", 4], ["Stalking", 300]]
    assert figures(grid) == set()  # nothing says which orders, or when
    hints = ReadHints(
        column_periods={("S", "B"): calendar_year(2021)},
        label_measures={"orders": "spo_granted", "stalking": "stalking_offences"},
    )
    reading = read_sheet(grid, "S", hints)  # type: ignore[arg-type]
    assert {(f.measure, f.period.label, f.parsed.value) for f in reading.figures} == {
        ("spo_granted", "2021", 4),
        ("stalking_offences", "2021", 300),
    }


def test_a_year_like_count_is_a_figure_and_years_across_are_a_header() -> None:
    # "2006" offences under a "Count" header is a count, never the period of the rows below it.
    grid: Grid = [
        ["Stalking: 1 January 2023 to 31 December 2023"],
        ["Measure", "Count"],
        ["Stalking offences", "2006"],
        ["Full SPOs granted", "32"],
    ]
    assert figures(grid) == {
        ("B3", "stalking_offences", "2023", 2006),
        ("B4", "spo_granted", "2023", 32),
    }
    # Years across under a corner that names offences in general are the header.
    grid = [
        ["Offence (Home Office classification)", "2020", "2021"],
        ["Stalking (8Q)", 4120, 5386],
        ["Harassment (8L)", 10544, 11930],
    ]
    assert figures(grid) == {
        ("B2", "stalking_offences", "2020", 4120),
        ("C2", "stalking_offences", "2021", 5386),
    }


def test_an_offence_label_that_names_another_offence_is_not_stalking() -> None:
    grid: Grid = [
        ["Stalking FOI response, 2022"],
        ["Measure", "Number"],
        ["Sexual offences recorded", 900],
        ["Malicious communications offences", 40],
        ["Offences recorded", 300],
    ]
    assert figures(grid) == {("B5", "stalking_offences", "2022", 300)}


def test_titles_merged_across_the_gap_do_not_join_tables_side_by_side() -> None:
    title_a, title_b = (
        "Stalking: 01/04/2023 - 31/03/2024",
        "Stalking Protection Orders: calendar year 2023",
    )
    grid: Grid = [
        [title_a, title_a, title_a, title_b, title_b],  # merged titles, saved unmerged
        [None, "Total", None, None, "Total"],
        ["Recorded crimes of stalking", 8424, None, "Full SPOs granted", 13],
    ]
    assert figures(grid) == {
        ("B3", "stalking_offences", "2023/24", 8424),
        ("E3", "spo_granted", "2023", 13),
    }


def test_grand_total_over_stalking_parts_and_an_interim_plus_full_total() -> None:
    pivot: Grid = [
        ["Count of Crime Reference", "Column Labels"],
        [
            "Row Labels",
            "Stalking (s.2A)",
            "Stalking involving fear of violence (s.4A)",
            "Grand Total",
        ],
        [2021, 612, 188, 800],
    ]
    assert figures(pivot, "Crime Pivot") == {("D3", "stalking_offences", "2021", 800)}
    kent: Grid = [
        [
            "Financial year",
            "Interim SPOs granted",
            "Full SPOs granted",
            "Total SPOs granted (interim + full)",
        ],
        ["2020/21", 7, 4, 11],
    ]
    assert ("D2", "all_spo_granted", "2020/21", 11) in figures(kent)
