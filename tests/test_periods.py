"""The period parser: every period form FOI returns use becomes inclusive start and end dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spo_stats.understand.period_text import find_period
from spo_stats.understand.periods import financial_quarter, parse_period, period_label

D = date


@pytest.mark.parametrize(
    ("cell", "start", "end"),
    [
        ("2021", D(2021, 1, 1), D(2021, 12, 31)),
        (2021, D(2021, 1, 1), D(2021, 12, 31)),
        ("Jan - Dec 2021", D(2021, 1, 1), D(2021, 12, 31)),
        ("January to December 2021", D(2021, 1, 1), D(2021, 12, 31)),
        ("2021/22", D(2021, 4, 1), D(2022, 3, 31)),
        ("2021-22", D(2021, 4, 1), D(2022, 3, 31)),
        ("2021/2022", D(2021, 4, 1), D(2022, 3, 31)),
        ("FY 2021/22", D(2021, 4, 1), D(2022, 3, 31)),
        ("Financial year 2021-2022", D(2021, 4, 1), D(2022, 3, 31)),
        ("Apr 2021 - Mar 2022", D(2021, 4, 1), D(2022, 3, 31)),
        (datetime(2021, 1, 1), D(2021, 1, 1), D(2021, 1, 31)),
        (datetime(2021, 2, 28), D(2021, 2, 1), D(2021, 2, 28)),
        ("Jan-21", D(2021, 1, 1), D(2021, 1, 31)),
        ("January 2021", D(2021, 1, 1), D(2021, 1, 31)),
        ("2021-01", D(2021, 1, 1), D(2021, 1, 31)),
        ("Jan-Mar 2022", D(2022, 1, 1), D(2022, 3, 31)),
        ("2022 Q1", D(2022, 1, 1), D(2022, 3, 31)),
        ("Q4 2022", D(2022, 10, 1), D(2022, 12, 31)),
        ("2022/23 Q1", D(2022, 4, 1), D(2022, 6, 30)),
        ("2022/23 Q4", D(2023, 1, 1), D(2023, 3, 31)),
        ("1 January 2020 - 1 January 2021", D(2020, 1, 1), D(2021, 1, 1)),
        ("2 January 2021 – 31 January 2022", D(2021, 1, 2), D(2022, 1, 31)),
        ("20/01/2020 - 31/03/2023", D(2020, 1, 20), D(2023, 3, 31)),
        ("2020 to 2023", D(2020, 1, 1), D(2023, 12, 31)),
        ("Apr to Dec 2020", D(2020, 4, 1), D(2020, 12, 31)),
        ("Nov 2020 - Feb 2021", D(2020, 11, 1), D(2021, 2, 28)),
        # Regression: "to" inside "October" once split the range in two.
        ("1 January 2000 - 1 October 2000", D(2000, 1, 1), D(2000, 10, 1)),
        ("Jan to Oct 2024", D(2024, 1, 1), D(2024, 10, 31)),
    ],
)
def test_forms(cell: object, start: date, end: date) -> None:
    p = parse_period(cell)
    assert p is not None, cell
    assert (p.start, p.end) == (start, end)


@pytest.mark.parametrize(
    "cell", ["Applications", "Total", 5, "12 March 2024", "2020 and 2021", None, 1999.5, "Q5 2022"]
)
def test_not_periods(cell: object) -> None:
    assert parse_period(cell) is None


def test_find_period_in_text() -> None:
    p = find_period("SPOs granted 1 January 2020 - 1 January 2021")
    assert p is not None and (p.start, p.end) == (D(2020, 1, 1), D(2021, 1, 1))
    assert find_period("Figures for 2020 and 2021") is None  # two periods: no guess
    assert find_period("Table 2: Interim orders") is None


def test_home_office_quarters() -> None:
    assert (financial_quarter(2022, 1).start, financial_quarter(2022, 1).end) == (
        D(2022, 4, 1),
        D(2022, 6, 30),
    )
    assert (financial_quarter(2022, 4).start, financial_quarter(2022, 4).end) == (
        D(2023, 1, 1),
        D(2023, 3, 31),
    )


@given(st.integers(min_value=2000, max_value=2038))
def test_years_round_trip(y: int) -> None:
    for text in (str(y), f"{y}/{str(y + 1)[2:]}", f"Q1 {y}", f"Jan {y}"):
        p = parse_period(text)
        assert p is not None
        assert parse_period(period_label(p.start, p.end)) == p


@given(st.text(max_size=60))
def test_never_crashes(text: str) -> None:
    p = parse_period(text)
    if p is not None:
        assert p.start <= p.end
    q = find_period(text)
    if q is not None:
        assert q.start <= q.end


@given(
    st.dates(min_value=D(2000, 1, 1), max_value=D(2039, 12, 31)),
    st.dates(min_value=D(2000, 1, 1), max_value=D(2039, 12, 31)),
)
def test_explicit_ranges(a: date, b: date) -> None:
    start, end = min(a, b), max(a, b)
    p = parse_period(f"{start.day} {start:%B %Y} - {end.day} {end:%B %Y}")
    assert p is not None and (p.start, p.end) == (start, end)
