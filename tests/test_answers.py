"""Numbered answers in letters: read only where question, period and answer are all clear.

The letter texts are synthetic; their shapes copy real FOI replies.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spo_stats.read.letters import Line
from spo_stats.understand.answers import AnswersReading, question_measure, read_answers
from spo_stats.understand.sentences import has_count

PERIOD = "I would like the following information relating to the time period, 20 January 2020 to 31 March 2023:"


def _read(*texts: str) -> AnswersReading:
    paragraphs = [[Line(t, "page 1", f"line {i}", i)] for i, t in enumerate(texts, start=1)]
    return read_answers(paragraphs)


def _got(reading: AnswersReading) -> list[tuple[str, int | None, str, str, str]]:
    return [
        (
            a.measure,
            a.parsed.value,
            a.period.start.isoformat(),
            a.period.end.isoformat(),
            a.line.cell,
        )
        for a in reading.answers
    ]


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("How many Stalking Protection Orders has your Force applied for?", "spo_applications"),
        ("How many Stalking Protection Orders have been granted?", "spo_granted"),
        ("How many SPOs were issued?", "spo_granted"),
        ("How many stalking offences were recorded?", "stalking_offences"),
        ("How many stalking crimes has your force recorded?", "stalking_offences"),
        ("How many interim Stalking Protection Orders were granted?", "interim_spo_granted"),
        ("How many breaches of Stalking Protection Orders were there?", "spo_breaches"),
        ("How many of these were interim orders?", None),
        ("How many SPOs were applied for and how many were granted?", None),
        ("How many stalking offences and SPO applications were there?", None),
        ("How many people were issued with a Stalking Protection Order?", None),
        ("How many SPOs were granted each year?", None),
        ("How many SPOs does the force hold?", None),
        ("How many Stalking Protection Orders were refused?", None),
        ("How many applications were granted?", None),
        # A part of stalking offences (those involving harassment), not the force's count.
        ("How many stalking reports involved harassment?", None),
    ],
)
def test_question_must_name_one_measure(question: str, measure: str | None) -> None:
    assert question_measure(question)[0] == measure


def test_request_period_and_labelled_answers() -> None:
    reading = _read(
        "Date: 3 April 2023",
        "Freedom of Information Act 2000 request 000-23 (synthetic)",
        PERIOD,
        "1. How many Stalking Protection Orders has your Force applied for?",
        "2. How many Stalking Protection Orders have been granted?",
        "Response",
        "Q1. 10",
        "Q2: Nil",
    )
    assert _got(reading) == [
        ("spo_applications", 10, "2020-01-20", "2023-03-31", "line 7"),
        ("spo_granted", 0, "2020-01-20", "2023-03-31", "line 8"),
    ]
    assert reading.warnings == [] and reading.quotes == []


def test_suppressed_answer_keeps_its_bounds() -> None:
    reading = _read(PERIOD, "1. How many SPOs were granted?", "Answer 1: <5")
    (answer,) = reading.answers
    assert answer.parsed.status == "suppressed"
    assert (answer.parsed.value_min, answer.parsed.value_max) == (0, 4)


def test_question_with_its_own_period() -> None:
    reading = _read("1. How many SPOs were granted in 2021?", "Q1. 3")
    assert _got(reading) == [("spo_granted", 3, "2021-01-01", "2021-12-31", "line 2")]


@pytest.mark.parametrize(
    "request_text",
    [
        "Please provide figures for SPOs granted since 2020.",
        "Please provide figures for the last 12 months.",
        "Please provide figures for 2021 and 2022.",
        "Please provide figures from 20 January 2020 to date.",
    ],
)
def test_unclear_period_is_not_guessed(request_text: str) -> None:
    reading = _read(request_text, "1. How many SPOs were granted?", "Q1. 3")
    assert reading.answers == []
    assert "period is unclear" in reading.warnings[0]
    assert reading.warnings[0].endswith(': "3"')


def test_no_period_is_not_guessed() -> None:
    reading = _read("1. How many SPOs were granted?", "Q1. 3")
    assert reading.answers == []
    assert "states no period" in reading.warnings[0]


def test_a_second_period_in_the_reply_stops_the_guess() -> None:
    reading = _read(
        PERIOD,
        "1. How many SPOs were granted?",
        "Q1. 3",
        "Please note the figures we hold cover the period 2021 to 2022 only.",
    )
    assert reading.answers == []
    assert "more than one period" in reading.warnings[0]


def test_answer_in_words_is_quoted_not_read() -> None:
    reading = _read(
        PERIOD, "1. How many SPOs were granted?", "Q1. Ten orders were granted in total."
    )
    assert reading.answers == []
    assert reading.warnings == [
        "page 1, line 3: answer 1 not read as a figure, it is not a single figure: "
        '"Ten orders were granted in total."'
    ]


def test_bare_values_after_all_questions_are_not_matched_to_questions() -> None:
    """Two values under two questions could answer either: neither is read."""
    reading = _read(
        PERIOD,
        "1. How many SPOs were applied for?",
        "2. How many SPOs were granted?",
        "10",
        "8",
    )
    assert reading.answers == []


def test_answer_under_each_question() -> None:
    reading = _read(
        PERIOD,
        "1. How many SPOs were applied for?",
        "10",
        "2. How many SPOs were granted?",
        "Answer: 8",
    )
    assert _got(reading) == [
        ("spo_applications", 10, "2020-01-20", "2023-03-31", "line 3"),
        ("spo_granted", 8, "2020-01-20", "2023-03-31", "line 5"),
    ]


def test_question_answered_twice_differently_is_not_read() -> None:
    reading = _read(PERIOD, "1. How many SPOs were granted?", "Q1. 3", "Q1. 4")
    assert reading.answers == []
    assert "answers question 1 twice" in reading.warnings[0]


def test_answer_without_its_question_is_not_read() -> None:
    reading = _read(PERIOD, "Q4. 12")
    assert reading.answers == []
    assert "no question 4 in the letter" in reading.warnings[0]


@pytest.mark.parametrize(
    ("sentence", "holds"),
    [
        ("4 orders were issued in 2023.", True),
        ("No interim orders were sought.", True),
        ("The force recorded 1,635 stalking offences in 2021.", True),
        ("Stalking Protection Orders came into force on 20 January 2020.", False),
        ("Your request 830-23 about stalking was received on 3 April 2023.", False),
        ("Section 12 of the Freedom of Information Act 2000 applies to stalking data.", False),
        ("Report stalking by calling 101.", False),
    ],
)
def test_sentences_with_counts(sentence: str, holds: bool) -> None:
    assert has_count(sentence) is holds


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=80),
            st.sampled_from(
                [
                    PERIOD,
                    "1. How many SPOs were granted?",
                    "2. How many stalking offences were recorded in 2021?",
                    "Q1. 4",
                    "Q2. 1,201",
                    "4",
                    "since 2020",
                ]
            ),
        ),
        max_size=12,
    )
)
def test_answers_never_fail_and_cite_a_line_holding_the_value(texts: list[str]) -> None:
    reading = _read(*texts)
    for answer in reading.answers:
        assert answer.line.text in texts
        assert answer.period.start >= date(2000, 1, 1)
        if answer.parsed.value is not None:
            # Zero may be written as a word: "Nil", "None", "Zero" (hypothesis found "NIL").
            zero = answer.parsed.value == 0 and re.search(
                r"(?i)\b(?:nil|none|zero|no)\b", answer.line.text
            )
            assert (
                f"{answer.parsed.value:,}" in answer.line.text
                or str(answer.parsed.value) in answer.line.text
                or zero
            )


def test_question_and_response_labels() -> None:
    reading = _read(
        PERIOD,
        "Question 1: How many SPOs has your force applied for?",
        "Response 1: 10",
        "2) How many SPOs were granted?",
        "Q2 - fewer than five",
    )
    assert [(a.measure, a.parsed.status, a.line.cell) for a in reading.answers] == [
        ("spo_applications", "reported", "line 3"),
        ("spo_granted", "suppressed", "line 5"),
    ]


def test_quarter_label_is_not_an_answer() -> None:
    reading = _read(PERIOD, "1. How many SPOs were granted?", "Q1 2021")
    assert reading.answers == [] and reading.warnings == []


def test_answer_on_the_question_line() -> None:
    reading = _read(PERIOD, "1. How many SPOs have been granted? 7")
    assert _got(reading) == [("spo_granted", 7, "2020-01-20", "2023-03-31", "line 2")]


def test_year_alone_under_a_question_is_not_its_answer() -> None:
    reading = _read(PERIOD, "1. How many SPOs were granted?", "2021", "Other text follows.")
    assert reading.answers == []


def test_open_ended_question_is_not_given_the_request_period() -> None:
    reading = _read(PERIOD, "1. How many SPOs were granted since 20 January 2020?", "Q1. 7")
    assert reading.answers == []
    assert "question's period is unclear" in reading.warnings[0]


def test_value_after_a_list_of_questions_is_not_matched() -> None:
    reading = _read(
        PERIOD,
        "1. How many SPOs were applied for?",
        "2. How many SPOs were granted?",
        "10",
        "We hope this helps.",
    )
    assert reading.answers == []


def test_answer_footnotes() -> None:
    reading = _read(
        PERIOD,
        "1. How many SPOs were applied for?",
        "2. How many SPOs were granted?",
        "Q1. 12*",
        "Q2. *",
        "* fewer than 5; the figure includes interim orders",
    )
    first, second = reading.answers
    assert (first.parsed.value, first.note) == (
        12,
        "* fewer than 5; the figure includes interim orders",
    )
    assert (second.parsed.status, second.parsed.value_min, second.parsed.value_max) == (
        "suppressed",
        0,
        4,
    )
