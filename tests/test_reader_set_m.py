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


def test_pivot_sections_titled_by_order_type_under_one_header_of_years() -> None:
    # The header of years (and "Grand Total") stands alone; each order type's rows follow under
    # a title row of its own, the stages of an application numbered as a pivot sorts them.
    grid: Grid = [
        ["Sum of Count", "Column Labels", None, None],
        ["Row Labels", "2021/22", "2022/23", "Grand Total"],
        ["Full SPO", None, None, None],
        ["1 Application made", 12, 9, 21],
        ["2 Order granted", 10, 8, 18],
        ["3 Application refused", 1, 0, 1],
        ["Full SPO Total", 23, 17, 40],
        ["Interim SPO", None, None, None],
        ["1 Application made", 7, 6, 13],
        ["2 Order granted", 5, 6, 11],
        ["Interim SPO Total", 12, 12, 24],
    ]
    assert figures(grid) == {
        ("B4", "spo_applications", "2021-04-01", "2022-03-31", 12, "reported"),
        ("C4", "spo_applications", "2022-04-01", "2023-03-31", 9, "reported"),
        ("B5", "spo_granted", "2021-04-01", "2022-03-31", 10, "reported"),
        ("C5", "spo_granted", "2022-04-01", "2023-03-31", 8, "reported"),
        ("B9", "interim_spo_applications", "2021-04-01", "2022-03-31", 7, "reported"),
        ("C9", "interim_spo_applications", "2022-04-01", "2023-03-31", 6, "reported"),
        ("B10", "interim_spo_granted", "2021-04-01", "2022-03-31", 5, "reported"),
        ("C10", "interim_spo_granted", "2022-04-01", "2023-03-31", 6, "reported"),
    }


def _letter_sentences(*paragraphs: str) -> set[tuple[str, str, str, int | None]]:
    from spo_stats.read.letters import Line
    from spo_stats.understand.answers import read_answers

    paras = [
        [Line(t, "text", f"paragraph {i}, line {k}", i) for k, t in enumerate(text.split("\n"), 1)]
        for i, text in enumerate(paragraphs, 1)
    ]
    reading = read_answers(paras)
    return {
        (f.measure, str(f.period.start), str(f.period.end), f.parsed.value)
        for f in [*reading.sentences, *reading.answers]
    }


def test_answers_in_sentences_under_their_numbers_alone_are_read_as_sentences() -> None:
    # The letter numbers its answers ("Question 2.") but never restates the questions: each
    # answer is prose, read as any sentence of a letter is.
    got = _letter_sentences(
        "You asked for figures for each calendar year from 2021 to 2022.",
        "Question 1. The force recorded 1,204 stalking offences in 2021.",
        "Question 2. In 2022 the force applied for 9 full Stalking Protection Orders, 8 of which "
        "were granted.",
    )
    assert got == {
        ("stalking_offences", "2021-01-01", "2021-12-31", 1204),
        ("spo_applications", "2022-01-01", "2022-12-31", 9),
        ("spo_granted", "2022-01-01", "2022-12-31", 8),
    }


def test_an_answer_in_sentences_takes_the_orders_its_question_names() -> None:
    # The answer says "applications" only; the question above it says of what.
    got = _letter_sentences(
        "2. How many applications for full Stalking Protection Orders were made to court?",
        "In 2021 the force made 11 applications. In 2022 the force made 9 applications.",
        "3. How many people were arrested for stalking?",
        "In 2021 the force made 230 arrests.",
    )
    assert got == {
        ("spo_applications", "2021-01-01", "2021-12-31", 11),
        ("spo_applications", "2022-01-01", "2022-12-31", 9),
    }


def test_a_question_naming_interim_orders_lends_bare_applications_nothing() -> None:
    # "applications" under a question of interim and full orders could be either.
    got = _letter_sentences(
        "2. How many applications for interim and full SPOs were made?",
        "In 2021 the force made 11 applications.",
    )
    assert got == set()


def test_a_value_for_each_action_a_question_names_on_each_period_line() -> None:
    got = _letter_sentences(
        "4. How many interim SPOs were applied for and granted?",
        "2021: applied for 9, granted 6\n2022: applied for fewer than 5, granted fewer than 5",
    )
    assert got == {
        ("interim_spo_applications", "2021-01-01", "2021-12-31", 9),
        ("interim_spo_granted", "2021-01-01", "2021-12-31", 6),
        ("interim_spo_applications", "2022-01-01", "2022-12-31", None),
        ("interim_spo_granted", "2022-01-01", "2022-12-31", None),
    }
    # A part that is an outcome other than a grant leaves its line for a person.
    assert _letter_sentences(
        "4. How many interim SPOs were applied for and granted?",
        "2021: applied for 9, refused 3\n2022: applied for 7, granted 4",
    ) == {
        ("interim_spo_applications", "2022-01-01", "2022-12-31", 7),
        ("interim_spo_granted", "2022-01-01", "2022-12-31", 4),
    }


def test_a_plus_or_hash_after_a_year_is_a_footnote_mark_where_a_note_starts_with_it() -> None:
    grid: Grid = [
        ["Year", "Full granted", "Breaches"],
        ["2020 +", 24, 19],
        ["2023 #", 15, 6],
        [None],
        ["+ SPOs were available from 20 January 2020. # 2023 figures are provisional."],
    ]
    assert figures(grid) == {
        ("B2", "spo_granted", "2020-01-01", "2020-12-31", 24, "reported"),
        ("C2", "spo_breaches", "2020-01-01", "2020-12-31", 19, "reported"),
        ("B3", "spo_granted", "2023-01-01", "2023-12-31", 15, "reported"),
        ("C3", "spo_breaches", "2023-01-01", "2023-12-31", 6, "reported"),
    }
    # With no note to say so, "2020+" may be "2020 onwards": no year of its own.
    assert figures(grid[:3]) == set()


def test_a_header_wrapped_onto_the_row_under_it_is_read_whole() -> None:
    # "Breaches of SPO" over "recorded" in a column of its own, beside a group spread over two.
    grid: Grid = [
        ["Financial year", "Full SPOs", None, "Breaches of SPO"],
        [None, "Applied for", "Granted", "recorded"],
        ["2022/23", 26, 22, 11],
    ]
    assert figures(grid) == {
        ("B3", "spo_applications", "2022-04-01", "2023-03-31", 26, "reported"),
        ("C3", "spo_granted", "2022-04-01", "2023-03-31", 22, "reported"),
        ("D3", "spo_breaches", "2022-04-01", "2023-03-31", 11, "reported"),
    }


def _prose(*paragraphs: str) -> set[tuple[str, str, str, int | None]]:
    from spo_stats.read.letters import Line
    from spo_stats.understand.prose import read_prose

    paras = [[Line(text, "text", f"paragraph {i}", i)] for i, text in enumerate(paragraphs, 1)]
    return {
        (f.measure, str(f.period.start), str(f.period.end), f.parsed.value)
        for f in read_prose(paras, set())
    }


def test_interim_orders_in_a_letter_about_spos_alone_are_interim_spos() -> None:
    # The paragraph says "interim orders" only; the letter names SPOs and no other order. Each
    # clause naming an action alone takes the kind of order its sentence named.
    got = _prose(
        "Freedom of Information Act 2000 - Stalking Protection Orders, calendar years",
        "Interim orders are recorded separately. The force applied for 6 interim orders in 2021 "
        "and 5 were granted; in 2022, 9 were applied for and 8 granted.",
    )
    assert got == {
        ("interim_spo_applications", "2021-01-01", "2021-12-31", 6),
        ("interim_spo_granted", "2021-01-01", "2021-12-31", 5),
        ("interim_spo_applications", "2022-01-01", "2022-12-31", 9),
        ("interim_spo_granted", "2022-01-01", "2022-12-31", 8),
    }


def test_the_letters_words_lend_no_kind_to_bare_orders_nor_to_a_letter_of_other_orders() -> None:
    # Bare "orders", by the letter's words alone, could be interim or full.
    assert (
        _prose("You asked about Stalking Protection Orders.", "In 2023, 4 orders were issued.")
        == set()
    )
    # A letter that names another kind of order anywhere lends nothing.
    assert (
        _prose(
            "You asked about Stalking Protection Orders and Domestic Violence Protection Orders.",
            "The force applied for 6 interim orders in 2021.",
        )
        == set()
    )


def test_one_count_beside_words_of_offences_and_of_orders_is_no_figure() -> None:
    got = _prose(
        "You asked about Stalking Protection Orders and stalking offences.",
        "The force recorded 1,635 stalking offences in 2021, and no interim orders were sought.",
    )
    assert ("interim_spo_applications", "2021-01-01", "2021-12-31", 1635) not in got


def test_a_value_in_welsh_and_english_is_read_in_english() -> None:
    grid: Grid = [
        ["Mesur / Measure", "Blwyddyn ariannol / Financial year 2021/22"],
        ["GADS interim a roddwyd / Interim SPOs granted", "llai na 5 / fewer than 5"],
        ["Ceisiadau am GADS llawn / Full SPO applications", "12"],
    ]
    reading = read_sheet(grid, "Sheet1")
    got = {(f.ref, f.measure, f.parsed.status, f.parsed.value_max) for f in reading.figures}
    assert got == {
        ("B2", "interim_spo_granted", "suppressed", 4),
        ("B3", "spo_applications", "reported", None),
    }


def test_a_total_under_a_year_its_note_cuts_short_is_that_part_of_the_year() -> None:
    grid: Grid = [
        ["Recorded stalking offences by month"],
        [None],
        ["Month", "2023", "2024*"],
        ["January", 90, 97],
        ["February", 80, 85],
        ["March", 88, 91],
        ["Total", 258, 273],
        [None],
        ["* 2024 covers 1 January to 31 March 2024 only."],
    ]
    got = figures(grid)
    assert ("C7", "stalking_offences", "2024-01-01", "2024-03-31", 273, "reported") in got
    # The months of 2023 do not make the year: its total is checked, not a figure.
    assert not any(ref == "B7" for ref, *_ in got)
