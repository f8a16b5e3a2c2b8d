"""Rate arithmetic, intervals, period alignment, source precedence, conflicts, coverage and aggregates."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spo_stats.analysis.intervals import poisson_interval, wilson
from spo_stats.analysis.rates import compute
from spo_stats.understand.periods import financial_quarter, month_end
from tests.helpers import row

D = date


def wilson_reference(x: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson's interval from the roots of its quadratic, written independently of the code."""
    a = n + z * z
    b = -(2 * x + z * z)
    c = x * x / n
    disc = math.sqrt(b * b - 4 * a * c)
    return (-b - disc) / (2 * a), (-b + disc) / (2 * a)


@pytest.mark.parametrize(
    ("x", "n", "lo", "hi"),
    [(0, 10, 0.0, 0.2775), (5, 10, 0.2366, 0.7634), (1388, 440000, 0.002993, 0.003325)],
)
def test_wilson_published_values(x: int, n: int, lo: float, hi: float) -> None:
    got = wilson(x, n)
    assert got[0] == pytest.approx(lo, abs=1e-4)
    assert got[1] == pytest.approx(hi, abs=1e-4)


@given(st.integers(min_value=1, max_value=10**6), st.data())
def test_wilson_matches_reference(n: int, data: st.DataObject) -> None:
    x = data.draw(st.integers(min_value=0, max_value=n))
    lo, hi = wilson(x, n)
    rlo, rhi = wilson_reference(x, n)
    assert lo == pytest.approx(max(0.0, rlo), abs=1e-9)
    assert hi == pytest.approx(min(1.0, rhi), abs=1e-9)
    assert lo <= x / n <= hi


def test_wilson_bounds_are_exact_at_the_ends() -> None:
    # Regression: rounding once put the lower bound for 0 of 3 at 5.6e-17, above 0/3.
    assert wilson(0, 3)[0] == 0.0
    assert wilson(3, 3)[1] == 1.0


def test_rate_for_matching_periods() -> None:
    rows = [
        row("cleveland", "spo_granted", D(2021, 1, 1), D(2021, 12, 31), 12),
        row("cleveland", "stalking_offences", D(2021, 1, 1), D(2021, 12, 31), 1635),
    ]
    (rate,) = compute(rows).rates
    assert rate.per_100 == pytest.approx(100 * 12 / 1635)
    lo, hi = poisson_interval(12)  # SPOs are a count over offences, not a proportion of them
    assert (rate.ci_low, rate.ci_high) == (
        pytest.approx(100 * lo / 1635),
        pytest.approx(100 * hi / 1635),
    )


def _quarters(force: str, fy: int, values: list[int]) -> list[dict]:
    out = []
    for q, v in enumerate(values, start=1):
        p = financial_quarter(fy, q)
        out.append(
            row(force, "stalking_offences", p.start, p.end, v, kind="home_office", cell=f"H{q}")
        )
    return out


def test_quarters_sum_to_a_financial_year() -> None:
    rows = [
        row("durham", "spo_granted", D(2022, 4, 1), D(2023, 3, 31), 7),
        *_quarters("durham", 2022, [200, 210, 190, 210]),
    ]
    (rate,) = compute(rows).rates
    assert rate.denominator == 810
    assert "sum of 4 complete periods" in rate.note


def test_quarters_from_two_financial_years_make_a_calendar_year() -> None:
    rows = [
        row("kent", "spo_granted", D(2023, 1, 1), D(2023, 12, 31), 4),
        *_quarters("kent", 2022, [1, 1, 1, 100]),
        *_quarters("kent", 2023, [200, 300, 400, 9]),
    ]
    (rate,) = compute(rows).rates
    assert rate.denominator == 100 + 200 + 300 + 400


def test_incomplete_year_is_never_summed() -> None:
    rows = [
        row("kent", "spo_granted", D(2022, 4, 1), D(2023, 3, 31), 4),
        *_quarters("kent", 2022, [200, 210, 190]),
    ]
    table = compute(rows)
    assert table.rates == []
    assert [u.value for u in table.unmatched] == [4]


def test_months_sum_to_a_year_but_not_with_a_gap() -> None:
    months = [
        row("essex", "stalking_offences", D(2021, m, 1), month_end(2021, m), 100)
        for m in range(1, 13)
    ]
    rows = [row("essex", "spo_granted", D(2021, 1, 1), D(2021, 12, 31), 6), *months]
    assert compute(rows).rates[0].denominator == 1200
    assert compute([rows[0], *months[:6], *months[7:]]).rates == []


def test_suppressed_not_held_and_refused_are_never_zero() -> None:
    months = [
        row("essex", "stalking_offences", D(2021, m, 1), month_end(2021, m), 100)
        for m in range(1, 13)
    ]
    months[3] = row(
        "essex", "stalking_offences", D(2021, 4, 1), D(2021, 4, 30), None, status="suppressed"
    )
    rows = [row("essex", "spo_granted", D(2021, 1, 1), D(2021, 12, 31), 6), *months]
    assert compute(rows).rates == []
    rows = [
        row("essex", "spo_granted", D(2021, 1, 1), D(2021, 12, 31), None, status="refused"),
        row("essex", "stalking_offences", D(2021, 1, 1), D(2021, 12, 31), 900),
    ]
    assert compute(rows).rates == []


def test_conflict_takes_official_by_default_and_the_force_on_request() -> None:
    rows = [
        row("cleveland", "spo_granted", D(2021, 1, 1), D(2021, 12, 31), 10),
        row(
            "cleveland", "stalking_offences", D(2021, 1, 1), D(2021, 12, 31), 1000, file="foi.xlsx"
        ),
        row(
            "cleveland",
            "stalking_offences",
            D(2021, 1, 1),
            D(2021, 12, 31),
            1250,
            kind="home_office",
            file="prc.ods",
        ),
    ]
    ranked = compute(rows)  # the SPOs' own return has no offences: official statistics win
    assert ranked.rates[0].denominator == 1250
    assert len(ranked.conflicts) == 1 and ranked.conflicts[0].chosen == 1250
    assert compute(rows, prefer="official").rates[0].denominator == 1250
    force = compute(rows, prefer="force")
    assert force.rates[0].denominator == 1000 and force.conflicts[0].chosen == 1000


def test_national_totals_with_coverage_and_ranks() -> None:
    y = (D(2021, 1, 1), D(2021, 12, 31))
    rows = [
        row("cleveland", "spo_granted", *y, 10),
        row("cleveland", "stalking_offences", *y, 1000),
        row("durham", "spo_granted", *y, 30),
        row("durham", "stalking_offences", *y, 1000),
        row("kent", "spo_granted", *y, 5),  # no offences: not in the national sum
        row("england-and-wales", "spo_granted", *y, 500, area_type="aggregate"),
        row(
            "england-and-wales",
            "stalking_offences",
            *y,
            90000,
            area_type="aggregate",
            approximate=True,
        ),
    ]
    table = compute(rows)
    (nat,) = table.national
    assert (nat.numerator, nat.denominator, nat.forces, nat.coverage) == (
        40,
        2000,
        2,
        "2 of 43 forces",
    )
    ranks = {r.force: (r.rank, r.of) for r in table.rates if r.area_type == "force"}
    assert ranks == {"durham": (1, 2), "cleveland": (2, 2)}
    aggregate = [r for r in table.rates if r.area_type == "aggregate"]
    assert len(aggregate) == 1 and aggregate[0].approximate and aggregate[0].rank is None


def test_other_measures_and_grant_ratio() -> None:
    y = (D(2020, 1, 1), D(2023, 12, 31))
    rows = [row("derbyshire", "spo_applications", *y, 73), row("derbyshire", "spo_granted", *y, 43)]
    (ratio,) = compute(rows, "grant_ratio").rates
    assert ratio.per_100 == pytest.approx(100 * 43 / 73)
    assert (ratio.numerator_measure, ratio.denominator_measure) == (
        "spo_granted",
        "spo_applications",
    )
    with pytest.raises(ValueError):
        compute(rows, "nonsense")


def test_months_on_both_sides_give_a_yearly_rate_ranked_only_with_years() -> None:
    # Regression: twelve monthly rates and no yearly one; the force left the year's league.
    rows = [
        *[
            row("essex", m, D(2021, k, 1), month_end(2021, k), v)
            for k in range(1, 13)
            for m, v in (("spo_granted", 1), ("stalking_offences", 100))
        ],
        row("kent", "spo_granted", D(2021, 1, 1), D(2021, 12, 31), 30),
        row("kent", "stalking_offences", D(2021, 1, 1), D(2021, 12, 31), 1000),
    ]
    table = compute(rows)
    (year,) = [r for r in table.rates if r.force == "essex" and r.label == "2021"]
    assert (year.numerator, year.denominator) == (12, 1200)
    assert (year.rank, year.of) == (2, 2)
    monthly = [r for r in table.rates if r.force == "essex" and r.label != "2021"]
    assert len(monthly) == 12 and all(r.of == 1 for r in monthly)
    (nat,) = [n for n in table.national if n.label == "2021"]
    assert (nat.numerator, nat.denominator, nat.forces) == (42, 2200, 2)


def test_exact_rates_of_one_period_are_ranked_and_estimated_ones_never() -> None:
    rows = []
    for force, n in (("kent", 10), ("essex", 11), ("durham", 12), ("surrey", 90)):
        rows += [
            row(force, "spo_granted", D(2021, 1, 1), D(2021, 12, 31), n),
            row(force, "stalking_offences", D(2021, 1, 1), D(2021, 12, 31), 1000),
        ]
    # A fifth force whose count runs to 6 May: estimated from quarters, so never ranked.
    rows.append(row("suffolk", "spo_granted", D(2021, 1, 1), D(2021, 5, 6), 3))
    rows += _quarters("suffolk", 2020, [100, 100, 100, 100]) + _quarters("suffolk", 2021, [100] * 4)
    by = {r.force: r for r in compute(rows).rates}
    assert by["surrey"].rank == 1 and by["surrey"].rank_means_something
    assert [by[f].rank for f in ("durham", "essex", "kent")] == [2, 3, 4]
    assert all(by[f].of == 4 for f in ("durham", "essex", "kent", "surrey"))
    assert by["suffolk"].estimated and by["suffolk"].rank is None


def test_an_estimated_denominator_has_no_interval() -> None:
    rows = [
        row(
            "england-and-wales",
            "spo_granted",
            D(2020, 1, 1),
            D(2020, 12, 31),
            456,
            area_type="aggregate",
        ),
        row(
            "england-and-wales",
            "stalking_offences",
            D(2020, 1, 1),
            D(2020, 12, 31),
            80000,
            area_type="aggregate",
            approximate=True,
        ),
    ]
    (rate,) = compute(rows).rates
    assert not rate.has_interval


def test_a_longer_period_with_fewer_orders_is_a_disagreement() -> None:
    # England and Wales: 456 SPOs in 2020, yet 189 from 20 January 2020 to February 2021.
    ew = "england-and-wales"
    rows = [
        row(ew, "spo_granted", D(2020, 1, 1), D(2020, 12, 31), 456, area_type="aggregate"),
        row(ew, "spo_granted", D(2020, 1, 20), D(2021, 2, 28), 189, area_type="aggregate"),
        row(ew, "spo_granted", D(2021, 1, 1), D(2021, 12, 31), 100, area_type="aggregate"),
    ]
    (d,) = compute(rows).disagreements
    assert (d.inner.value, d.outer.value) == (456, 189)
    assert "a longer period cannot hold fewer" in d.reason
