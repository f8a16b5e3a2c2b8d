"""Reader round four (issue 17): the wrong figures of fresh set L, scored before these rules.

Set L (21 returns written by a session that never saw the code, from a description of how
forces answer) scored recall 408/530 (77%) with 17 wrong figures on bf63cb3: a day of a date
read as a count, a key saying "[x]" is suppressed read as not held, and a note tied to a
table by its question number and marker, saying its grants include interim orders, ignored.
Each test here is one such class, built small and synthetic.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from spo_stats.ingest import ingest
from spo_stats.read.cells import Grid
from spo_stats.read.letters import Line
from spo_stats.understand.answers import read_answers
from spo_stats.understand.period_text import label_period
from spo_stats.understand.tables import read_sheet


def figures(grid: Grid) -> set[tuple[str, str, str, int | None, str]]:
    reading = read_sheet(grid, "Sheet1")
    return {
        (f.ref, f.measure, f.period.label, f.parsed.value, f.parsed.status) for f in reading.figures
    }


def _prose(*paragraphs: str) -> set[tuple[str, str, int | None]]:
    lines = [[Line(t, "text", f"paragraph {i}", i)] for i, t in enumerate(paragraphs, start=1)]
    return {(f.measure, f.period.label, f.parsed.value) for f in read_answers(lines).sentences}


_CONTEXT = "Interim Stalking Protection Orders are recorded separately."


@pytest.mark.parametrize(
    "sentence",
    [
        "No interim order was applied for between 20 January and 31 December 2020.",
        "Interim SPOs were applied for from 20 January to the end of 2020.",
        "The force first applied for an interim SPO on the 14th of March 2021.",
        "Between March 3 and the end of 2022 interim SPOs were applied for.",
    ],
)
def test_the_day_of_a_date_is_never_a_count(sentence: str) -> None:
    assert _prose(f"{_CONTEXT} {sentence}") == set()


@pytest.mark.parametrize(
    "sentence",
    [
        "In the first quarter of 2023 the force applied for 5 interim SPOs.",
        "From April 2023 the force applied for 5 interim SPOs.",
        "In Q1 2023 the force applied for 5 interim SPOs.",
        "In the first five months of 2024 the force applied for 5 interim SPOs.",
        "By the end of 2023 the force had applied for 5 interim SPOs.",
        "In the second half of 2023 the force applied for 5 interim SPOs.",
        "In late 2023 the force applied for 5 interim SPOs.",
        "In summer 2023 the force applied for 5 interim SPOs.",
        "On 3 March 2023 the court granted 2 interim SPOs.",
        "In 2023 the force applied for 5 interim SPOs within 28 days of the arrest.",
    ],
)
def test_a_sentence_whose_time_is_narrower_or_more_open_than_its_year_gives_nothing(
    sentence: str,
) -> None:
    assert _prose(f"{_CONTEXT} {sentence}") == set()


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        (
            "Between 1 April and 31 December 2022 the force applied for 6 interim SPOs.",
            "Apr 2022 to Dec 2022",
        ),
        (
            "From 1 January 2024 to 31 May 2024 the force applied for 6 interim SPOs.",
            "Jan 2024 to May 2024",
        ),
        (
            "Between 20 January and 31 December 2020 the force applied for 6 interim SPOs.",
            "2020-01-20 to 2020-12-31",
        ),
        (
            # The day the orders began, set aside between the two days, leaves the period whole.
            "Between 20 January 2020, when the Act came into force, and 31 December 2020, the "
            "force applied for 6 interim orders.",
            "2020-01-20 to 2020-12-31",
        ),
        (
            "During January to May 2024 the force applied for 6 interim SPOs.",
            "Jan 2024 to May 2024",
        ),
        ("In March 2023 the force applied for 6 interim SPOs.", "Mar 2023"),
        (
            "Between 20 January 2020, when the Act came into force, and 31 December 2020, the "
            "force applied for 6 interim SPOs.",
            "2020-01-20 to 2020-12-31",
        ),
    ],
)
def test_a_sentence_naming_days_or_months_gives_its_figure_for_those(
    sentence: str, label: str
) -> None:
    assert _prose(f"{_CONTEXT} {sentence}") == {("interim_spo_applications", label, 6)}


def _bi_long(key: str) -> Grid:
    return [
        ["Period", "Measure", "Value"],
        ["2022", "Full SPOs granted", "[x]"],
        ["2023", "Full SPOs granted", 5],
        [None, None, None],
        [key, None, None],
        ["SYNTHETIC TEST DATA", None, None],
    ]


@pytest.mark.parametrize(
    "key",
    [
        "Key: [x] = suppressed, value between 1 and 4",
        "Symbols: [x] - fewer than five, withheld",
        "Key: [z] = not applicable; [x] = suppressed (1 to 4)",
        "x = suppressed to protect identities",
    ],
)
def test_a_key_saying_the_symbol_is_suppressed_is_suppressed(key: str) -> None:
    got = {(f[0], f[4]) for f in figures(_bi_long(key))}
    assert ("C2", "suppressed") in got


@pytest.mark.parametrize(
    "key",
    ["Key: [x] = not available", "Key: [z] = suppressed; [x] = not recorded", "[c] = suppressed"],
)
def test_a_key_saying_another_symbol_is_suppressed_leaves_this_one_not_held(key: str) -> None:
    got = {(f[0], f[4]) for f in figures(_bi_long(key))}
    assert ("C2", "suppressed") not in got


def _questions(note: str) -> Grid:
    return [
        ["Synthetic Constabulary - FOI request 0001 (SYNTHETIC TEST DATA)", None],
        [None, None],
        ["Q2. Number of applications made to court for a Stalking Protection Order", None],
        ["Financial Year", "Applications"],
        ["2020/21", 14],
        ["2021/22", 19],
        [None, None],
        ["Q3. Number of Stalking Protection Orders granted (see note A)", None],
        ["Financial Year", "Orders granted"],
        ["2020/21", 11],
        ["2021/22", 16],
        [None, None],
        ["Q4. Number of breaches of a Stalking Protection Order", None],
        ["Financial Year", "Breaches"],
        ["2020/21", 3],
        ["2021/22", 6],
        [None, None],
        [note, None],
    ]


@pytest.mark.parametrize(
    "note",
    [
        "Note A: Q3 figures include both interim and full orders; the force does not hold "
        "them separately.",
        "Note A: these figures include interim orders.",
        "The figures given at Q3 include interim orders.",
        "A - includes interim SPOs.",
    ],
)
def test_a_note_tied_to_a_granted_table_saying_it_includes_interim_makes_it_all_granted(
    note: str,
) -> None:
    got = {(f[0], f[1]) for f in figures(_questions(note))}
    assert {("B10", "all_spo_granted"), ("B11", "all_spo_granted")} <= got
    assert ("B5", "spo_applications") in got
    assert not any(m == "spo_granted" for _, m in got)


def test_a_note_tied_to_another_question_leaves_the_granted_table_as_it_was() -> None:
    got = {(f[0], f[1]) for f in figures(_questions("Note B: Q7 figures include interim orders."))}
    assert ("B10", "all_spo_granted") not in got


@pytest.mark.parametrize(
    "label",
    [
        "SPOs granted (excluding interim)",
        "SPOs granted (not including interim orders)",
        "SPOs granted - does not include interim SPOs",
        "SPOs granted (interim orders excluded)",
        "SPOs granted, interim not included",
    ],
)
def test_a_label_leaving_interim_orders_out_counts_full_orders(label: str) -> None:
    grid: Grid = [["Year", label], ["2022", 6], ["2023", 8]]
    assert {(f[0], f[1]) for f in figures(grid)} == {("B2", "spo_granted"), ("B3", "spo_granted")}


def test_a_note_saying_the_grants_do_not_include_interim_orders_leaves_them_full() -> None:
    grid: Grid = [
        ["Year", "SPO applications", "SPOs granted"],
        ["2022/23", 7, 6],
        [None, None, None],
        ["SPO figures do not include interim orders.", None, None],
    ]
    assert ("C2", "spo_granted") in {(f[0], f[1]) for f in figures(grid)}


# Set L's misses, after its wrong figures were made into rules (so these measure tuning).


@pytest.mark.parametrize("corner", ["Category", None])
def test_labels_cut_off_from_their_figures_by_a_spacer_column_are_still_their_labels(
    corner: str | None,
) -> None:
    grid: Grid = [
        ["SYNTHETIC CONSTABULARY (synthetic test data)", None, None, None, None],
        ["Requested: stalking crimes and SPOs, calendar years 2022 - 2023", None, None, None, None],
        [None, None, None, None, None],
        [corner, None, "Calendar Year (Jan - Dec)", "Calendar Year (Jan - Dec)", None],
        [corner, None, "2022", "2023", None],
        ["Crimes recorded - Stalking (HO 8Q)", None, 341, 366, None],
        ["Stalking & Harassment (all HO codes)", None, 1690, 1733, None],
        ["SPOs applied for at court (full order)", None, 12, 14, None],
        ["SPOs granted by court (full order)", None, 10, 11, None],
        [None, None, None, None, None],
        ["Interim SPOs granted", None, 5, 6, None],
        ["DVPOs granted (not SPO)", None, 61, 58, None],
    ]
    assert figures(grid) == {
        ("C6", "stalking_offences", "2022", 341, "reported"),
        ("D6", "stalking_offences", "2023", 366, "reported"),
        ("C8", "spo_applications", "2022", 12, "reported"),
        ("D8", "spo_applications", "2023", 14, "reported"),
        ("C9", "spo_granted", "2022", 10, "reported"),
        ("D9", "spo_granted", "2023", 11, "reported"),
        ("C11", "interim_spo_granted", "2022", 5, "reported"),
        ("D11", "interim_spo_granted", "2023", 6, "reported"),
    }


def test_two_tables_side_by_side_are_still_two_tables() -> None:
    grid: Grid = [
        ["Year", "SPOs granted", None, "Year", "SPO applications"],
        ["2022", 10, None, "2022", 12],
        ["2023", 11, None, "2023", 14],
    ]
    assert figures(grid) == {
        ("B2", "spo_granted", "2022", 10, "reported"),
        ("B3", "spo_granted", "2023", 11, "reported"),
        ("E2", "spo_applications", "2022", 12, "reported"),
        ("E3", "spo_applications", "2023", 14, "reported"),
    }


@pytest.mark.parametrize("label", ["SPO apps to court", "SPO applns made", "Appln. for SPO"])
def test_applications_abbreviated_are_applications(label: str) -> None:
    grid: Grid = [["Year", label], ["2022", 6], ["2023", 8]]
    assert {(f[0], f[1]) for f in figures(grid)} == {
        ("B2", "spo_applications"),
        ("B3", "spo_applications"),
    }


# make fuzz on 8ff11f6 (seed 665400770, 10,000 returns): 17 wrong figures, of these two classes.


def test_a_table_of_figures_above_a_pivot_is_not_its_page_filter() -> None:
    grid: Grid = [
        ["Measure", "Total"],
        ["SPOs made by the court", "12"],
        [None, None],
        ["Stalking crimes recorded", None, None],
        ["Row Labels", "2021", "2022"],
        ["Jan-Mar", "2244", "4743"],
        ["Apr-Jun", "2707", "4882"],
    ]
    got = figures(grid)
    assert not any(m == "spo_granted" and ref != "B2" for ref, m, *_ in got)
    assert ("B6", "stalking_offences", "2021 Q1", 2244, "reported") in got


@pytest.mark.parametrize(
    "label", ["Total since January 2020", "Cumulative total", "Running total to date"]
)
def test_a_total_since_a_date_is_no_figure_of_the_periods_above_it(label: str) -> None:
    grid: Grid = [
        [None, "Interim SPOs issued", "Recorded stalking offences"],
        ["Q1 2023", 26, "Refused (s.12)"],
        ["2023 Q2", 0, 5329],
        ["Jul - Sep 2023", 28, 3191],
        ["Oct - Dec 2023", 18, 2005],
        [label, 37, 26],
    ]
    got = {ref for ref, *_ in figures(grid)}
    assert "B6" not in got and "C6" not in got
    assert "B2" in got


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Quarter 1 2024", "2024-01-01", "2024-03-31"),
        ("Qtr 3 2023", "2023-07-01", "2023-09-30"),
        ("2024 Quarter 2", "2024-04-01", "2024-06-30"),
        ("3rd quarter of 2022", "2022-07-01", "2022-09-30"),
        ("Quarter 2 2023/24", "2023-07-01", "2023-09-30"),
    ],
)
def test_a_quarter_written_out_is_that_quarter(text: str, start: str, end: str) -> None:
    p = label_period(text)
    assert p is not None and (p.start.isoformat(), p.end.isoformat()) == (start, end)


# Set O (21 returns written unseen; 309/384 on bf63cb3, 351/384 with 1 wrong on c6d7855 before
# anyone looked at it): its one wrong figure was a lone "-" read as nil with no key saying so.


@pytest.mark.parametrize(
    ("key", "status"),
    [
        (None, None),
        ("* denotes a figure of fewer than 5, suppressed", None),
        ("- = not available", None),
        ("Key: '-' = nil", ("reported", 0)),
        ("- = dim / nil", ("reported", 0)),
        ("Nil returns are shown as '-'.", ("reported", 0)),
    ],
)
def test_a_lone_dash_is_nil_only_where_the_return_says_so(
    key: str | None, status: tuple[str, int] | None
) -> None:
    grid: Grid = [["Year", "SPO applications", "SPO breaches"], [2020, 11, "-"], [2021, 9, 3]]
    if key is not None:
        grid += [[None, None, None], [key, None, None]]
    got = {f[0]: (f[4], f[3]) for f in figures(grid)}
    assert got.get("C2") == status
    assert got["B2"] == ("reported", 11)


# Set N (21 returns written unseen; 277/449 with 7 wrong on bf63cb3, 304/449 with 0 wrong on
# a4f2967 before tuning).


def test_a_sentence_quoting_a_figure_given_before_and_corrected_gives_nothing() -> None:
    assert _prose(
        "Stalking Protection Orders. In 2022 we applied for 14 full orders and 12 were granted.",
        "In our response to request 23/0876 we said that 11 full orders were granted in 2022. "
        "The figure previously given was wrong; the correct figure is 12, as above.",
    ) == {("spo_applications", "2022", 14), ("spo_granted", "2022", 12)}


# A review of this round's rules (a session reading the change) found these wrong figures.


@pytest.mark.parametrize(
    "note",
    [
        "Total SPOs granted since April 2020: 2022 - 7; 2023 - 12",
        "SPOs granted to date: 2022 - 7; 2023 - 12",
        "Interim SPOs granted: 2022 - 3; 2023 - -",
    ],
)
def test_a_note_series_of_running_totals_or_with_a_bare_dash_gives_nothing(note: str) -> None:
    grid: Grid = [
        ["Measure", "2022", "2023"],
        ["Stalking offences recorded", 900, 1012],
        [None, None, None],
        [note, None, None],
    ]
    assert {f[1] for f in figures(grid)} == {"stalking_offences"}


@pytest.mark.parametrize(
    "key",
    [
        "0 = nil; n/a shown as -",
        "Key: 0 = none, not recorded shown as -",
        "Figures of zero or below 5 are shown as -",
        "- = nil or fewer than 5",
    ],
)
def test_a_key_saying_a_dash_is_nil_or_something_else_leaves_it_out(key: str) -> None:
    grid: Grid = [["Year", "SPO breaches"], [2020, "-"], [2021, 3], [None, None], [key, None]]
    assert "B2" not in {f[0] for f in figures(grid)}


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2023, 9 Stalking Protection Orders were granted, 3 of which were interim orders.",
        "In 2023, 9 Stalking Protection Orders were granted, including 3 interim orders.",
        "In 2023, 9 Stalking Protection Orders were granted; 3 were interim orders.",
    ],
)
def test_a_count_part_of_which_were_interim_orders_is_not_given_as_full_orders(
    sentence: str,
) -> None:
    assert not any(m == "spo_granted" for m, _, _ in _prose(sentence))


def test_a_status_of_breaches_of_one_kind_of_order_is_no_status_of_all_breaches(
    tmp_path: Path,
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "kent_police_foi.html").write_text(
        "<html><head><title>Kent Police FOI response</title></head><body><p>Kent Police</p>"
        "<p>In 2023 the force was granted 6 Stalking Protection Orders.</p><p>Breaches of "
        "interim orders are not recorded separately from breaches of full orders.</p>"
        "<p>SYNTHETIC TEST DATA</p></body></html>",
        encoding="utf-8",
    )
    result = ingest(raw, tmp_path / "clean", use_cache=False)
    assert {(o.measure, o.status) for o in result.observations} == {("spo_granted", "reported")}


def test_breaches_of_the_orders_a_question_before_asked_of_are_no_breaches_of_the_year() -> None:
    from spo_stats.understand.answers import referred_measure

    assert (
        referred_measure(
            "How many of those orders were subsequently breached?",
            "How many SPOs were applied for in 2022 and 2023?",
        )
        is None
    )


@pytest.mark.parametrize(
    "note",
    [
        "Figures for the period 1 January 2024 to 31 March 2024 were previously published.",
        "Figures for 1 January to 31 March 2024 are in our earlier reply.",
    ],
)
def test_a_range_of_days_in_a_note_is_no_end_of_a_to_date_column(note: str) -> None:
    grid: Grid = [
        ["Measure", "2023", "2024 to date"],
        ["SPOs granted", 9, 5],
        [None, None, None],
        ["Data extracted 14 June 2024.", None, None],
        [note, None, None],
    ]
    assert not any(f[0] == "C2" and f[2] == "2024 Q1" for f in figures(grid))


# make fuzz on d9061d4 (seed 2507444108, 10,000 returns): 3 wrong, one return.


def test_a_row_found_as_a_header_low_in_a_table_heads_no_table_below_it() -> None:
    # Its figures' column hidden, the table above is labels only; its "2023 | August" row must
    # not head the breaches below it ('CY 2022 | August' was read as August 2022).
    grid: Grid = [
        ["Avon and Somerset Constabulary (synthetic test data)", None, None],
        [None, None, None],
        ["SPOs (Stalking Protection Act 2019)", None, None],
        ["Year", "Month", "SPOs granted incl. interim"],
        [2023, "April", 20],
        [2023, "May", 18],
        [2023, "August", "Refused (s.12)"],
        [2023, "September", 9],
        [None, None, None],
        [None, "Breaches of an SPO", "Breaches of an SPO"],
        ["CY 2022*", "< 5", "12"],
        ["1/1/2023 - 31/12/2023", "<5", "27"],
        ["1st January 2024 - 31st December 2024", 5, 7],
        ["* CY 2022 figures are provisional and subject to change.", None, None],
    ]
    reading = read_sheet(grid, "Sheet1", hidden_cols=frozenset({2}))
    assert not any(f.period.label.startswith("Aug") for f in reading.figures)


@pytest.mark.parametrize(
    ("said", "measure"),
    [
        ("The figures given at question 2 include interim orders.", {"all_spo_granted"}),
        # Not 'interim and full together' (it was): qualified elsewhere, the answer is left out.
        ("The figures given at question 2 do not include interim orders.", set()),
    ],
)
def test_a_sentence_about_a_questions_figures_says_what_they_include(
    said: str, measure: set[str]
) -> None:
    lines = [
        "I would like the following information for the calendar year 2023:",
        "1. How many applications for Stalking Protection Orders were made?",
        "2. How many Stalking Protection Orders were granted?",
        "Q1. 12",
        "Q2. 9",
        said,
    ]
    paragraphs = [[Line(t, "page 1", f"line {i}", i)] for i, t in enumerate(lines, start=1)]
    got = {a.measure for a in read_answers(paragraphs).answers if a.number == 2}
    assert got == measure
