""" "Is this period a year?" and "is this number a year?" each have one answer, in understand/periods."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import spo_stats
from spo_stats.understand import periods
from spo_stats.understand.period_text import find_period
from spo_stats.understand.periods import is_one_year_long, is_year_or_longer, plausible_year
from spo_stats.understand.tables import _years

PACKAGE = Path(spo_stats.__file__).parent


def test_a_year_is_a_year_or_longer_and_one_year_long_wherever_it_starts() -> None:
    assert is_year_or_longer(date(2021, 4, 1), date(2022, 3, 31))
    assert is_one_year_long(date(2021, 4, 1), date(2022, 3, 31))
    assert is_one_year_long(date(2020, 1, 1), date(2020, 12, 31))  # 366 days
    # A year less a few days leads a report; it is not one year's rate per resident.
    assert is_year_or_longer(date(2021, 1, 1), date(2021, 12, 27))
    assert not is_one_year_long(date(2021, 1, 1), date(2021, 12, 27))
    # Two years: longer than a year, not one year long.
    assert is_year_or_longer(date(2020, 1, 1), date(2021, 12, 31))
    assert not is_one_year_long(date(2020, 1, 1), date(2021, 12, 31))
    assert not is_year_or_longer(date(2021, 1, 1), date(2021, 6, 30))


def test_the_years_a_figure_can_belong_to_are_the_same_for_text_and_headers() -> None:
    assert plausible_year(periods.MIN_YEAR) and plausible_year(periods.MAX_YEAR)
    assert not plausible_year(periods.MAX_YEAR + 1) and not plausible_year(periods.MIN_YEAR - 1)
    last = periods.MAX_YEAR
    assert find_period(str(last)) is not None
    assert find_period(str(last + 1)) is None
    # A header row of consecutive years is told by the same bounds.
    assert _years([last - 1, last])
    assert not _years([last, last + 1])


def test_no_other_module_counts_a_years_days() -> None:
    """360, 365 and 366 days are said once: a new "is it a year?" asks understand/periods."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "periods.py" and path.parent.name == "understand":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in (360, 365, 366, 2039):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert found == []
