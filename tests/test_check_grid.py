"""check's coverage grid: each mark says what is known of that calendar year alone."""

from __future__ import annotations

from datetime import date as D

from spo_stats.analysis.checks import SYMBOLS, check
from tests.helpers import row


def _grid(*rows: object) -> dict[int, str]:
    result = check(list(rows), {}, "spo_granted")  # type: ignore[arg-type]
    return {y: SYMBOLS[m] for y, m in result.matrix["kent"].items()}


def test_a_figure_over_several_years_is_its_own_mark_not_r_in_each() -> None:
    grid = _grid(
        row("kent", "spo_granted", D(2020, 1, 20), D(2023, 12, 31), 40),
        row("kent", "spo_granted", D(2024, 1, 1), D(2024, 12, 31), 9),
    )
    assert grid == {2020: "M", 2021: "M", 2022: "M", 2023: "M", 2024: "R"}


def test_a_year_with_its_own_figure_is_r_even_inside_a_span() -> None:
    grid = _grid(
        row("kent", "spo_granted", D(2020, 1, 1), D(2022, 12, 31), 30),
        row("kent", "spo_granted", D(2021, 4, 1), D(2021, 6, 30), 3),  # a quarter of 2021
        row("kent", "spo_granted", D(2022, 1, 1), D(2022, 12, 31), None, status="suppressed"),
    )
    assert grid == {2020: "M", 2021: "R", 2022: "S"}


def test_a_financial_year_is_one_year_not_a_span() -> None:
    grid = _grid(row("kent", "spo_granted", D(2020, 4, 1), D(2021, 3, 31), 5))
    assert grid == {2020: "R", 2021: "R"}


def test_a_span_refused_is_refused_in_each_year() -> None:
    grid = _grid(row("kent", "spo_granted", D(2020, 1, 1), D(2021, 12, 31), None, status="refused"))
    assert grid == {2020: "X", 2021: "X"}
