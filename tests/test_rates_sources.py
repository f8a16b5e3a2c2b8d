"""Rates where periods do not line up, sources ranked, the Poisson interval, England and Wales."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest

from spo_stats.analysis.intervals import poisson_interval, rate_interval
from spo_stats.analysis.rates import Prefer, compute
from spo_stats.schema import Observation
from spo_stats.understand.periods import financial_quarter, month_end
from tests.helpers import row

D = date
ROOT = Path(__file__).parent.parent


# --- the interval -------------------------------------------------------------------------------

# Exact (Garwood) 95% limits for a Poisson count as tabulated in public-health guidance (the
# Association of Public Health Observatories' technical briefing on confidence intervals; Ulm
# 1990, Am J Epidemiol 131:373), to the four decimals of the chi-square quantiles behind them
# (lower = chi2(0.025, 2x) / 2, upper = chi2(0.975, 2x + 2) / 2): count, lower, upper.
GARWOOD_TABLE = [
    (0, 0.0, 3.6889),
    (1, 0.0253, 5.5716),
    (2, 0.2422, 7.2247),
    (3, 0.6187, 8.7673),
    (5, 1.6235, 11.6683),
    (10, 4.7954, 18.3904),
    (20, 12.2165, 30.8884),
    (100, 81.3640, 121.6268),
]


@pytest.mark.parametrize(("x", "lo", "hi"), GARWOOD_TABLE)
def test_poisson_interval_matches_published_exact_limits(x: int, lo: float, hi: float) -> None:
    got = poisson_interval(x)
    assert got[0] == pytest.approx(lo, abs=1e-4)
    assert got[1] == pytest.approx(hi, abs=1e-4)


def test_a_rate_interval_is_the_count_interval_over_the_denominator() -> None:
    lo, hi = rate_interval(10, 2000)
    assert (lo, hi) == (
        pytest.approx(100 * 4.7954 / 2000, abs=1e-5),
        pytest.approx(100 * 18.3904 / 2000, abs=1e-5),
    )
    with pytest.raises(ValueError):
        poisson_interval(-1)


def test_large_counts_stay_finite() -> None:
    lo, hi = poisson_interval(5000)
    assert 4860 < lo < 5000 < hi < 5145


# --- rates from part periods ---------------------------------------------------------------------


def _ho_quarters(force: str, values: dict[tuple[int, int], int]) -> list[Observation]:
    out = []
    for (fy, q), v in values.items():
        p = financial_quarter(fy, q)
        out.append(
            row(
                force,
                "stalking_offences",
                p.start,
                p.end,
                v,
                kind="home_office",
                cell=f"H{fy}{q}",
                file="prc.csv",
            )
        )
    return out


# 2019/20 Q4 (Jan-Mar 2020) through 2021/22 Q1 (Apr-Jun 2021): six quarters.
QUARTERS = {
    (2019, 4): 300,
    (2020, 1): 400,
    (2020, 2): 500,
    (2020, 3): 600,
    (2020, 4): 700,
    (2021, 1): 910,
}


def _compiled_count(force: str, end: date, value: int) -> Observation:
    """A compiled table's count of SPOs granted from 20 January 2020 to a force's own date."""
    return row(force, "spo_granted", D(2020, 1, 20), end, value, kind="compiled", file="bbc.csv")


def _bbc_cleveland() -> list[Observation]:
    """A compiled table's count from 20 January 2020 to 6 May 2021, and the quarters around it."""
    return [_compiled_count("cleveland", D(2021, 5, 6), 10), *_ho_quarters("cleveland", QUARTERS)]


def test_a_count_to_6_may_2021_gets_a_rate_estimated_from_the_quarters_around_it() -> None:
    rows = _bbc_cleveland()
    (rate,) = compute(rows).rates
    assert rate.estimated and rate.estimate is not None
    # From 1 January 2020 (no SPO existed before 20 January): Jan 2020 to Mar 2021 whole, 2,500;
    # April to June 2021 overlaps by 36 of its 91 days.
    assert (rate.estimate.floor, rate.estimate.ceiling) == (2500, 3410)
    assert rate.estimate.central == pytest.approx(2500 + 910 * 36 / 91)
    assert rate.per_100 == pytest.approx(100 * 10 / (2500 + 910 * 36 / 91))
    assert rate.per_100_range == (pytest.approx(100 * 10 / 3410), pytest.approx(100 * 10 / 2500))
    # Chance and the part quarter together: never narrower than either alone.
    lo, hi = poisson_interval(10)
    assert rate.ci_low == pytest.approx(100 * lo / 3410)
    assert rate.ci_high == pytest.approx(100 * hi / 2500)
    assert rate.rank is None


def test_a_window_inside_one_quarter_gets_no_estimate() -> None:
    rows = [
        row("cleveland", "spo_granted", D(2021, 4, 10), D(2021, 5, 6), 1),
        *_ho_quarters("cleveland", QUARTERS),
    ]
    table = compute(rows)
    assert table.rates == [] and [u.value for u in table.unmatched] == [1]


def test_a_gap_in_the_quarters_gives_no_estimate() -> None:
    gappy = {k: v for k, v in QUARTERS.items() if k != (2020, 3)}
    rows = [
        row("cleveland", "spo_granted", D(2020, 1, 20), D(2021, 5, 6), 10),
        *_ho_quarters("cleveland", gappy),
    ]
    assert compute(rows).rates == []


def test_exported_estimated_rates_say_so_and_give_their_range() -> None:
    from spo_stats.publish.tables import bundle

    rows = _bbc_cleveland()
    (rec,) = bundle("rates", rows, compute(rows)).main.records
    assert rec["estimated"] is True
    assert (rec["stalking_offences_floor"], rec["stalking_offences_ceiling"]) == (2500, 3410)
    assert rec["rate_low"] == round(100 * 10 / 3410, 4) and rec["rate_high"] == 0.4
    assert rec["rank"] is None


# --- sources ranked ------------------------------------------------------------------------------


def _twenty_january_rows() -> list[Observation]:
    """A force's own return: SPOs from 20 January 2020 and its own offences, by quarter; the
    Home Office's quarters, which differ; and a newspaper's figure for the same window."""
    out = [row("kent", "spo_granted", D(2020, 1, 20), D(2020, 12, 31), 8, file="kent.xlsx")]
    own = {(2019, 4): 250, (2020, 1): 350, (2020, 2): 450, (2020, 3): 550}
    for (fy, q), v in own.items():
        p = financial_quarter(fy, q)
        out.append(
            row("kent", "stalking_offences", p.start, p.end, v, file="kent.xlsx", cell=f"C{q}")
        )
    out += _ho_quarters("kent", {k: v for k, v in QUARTERS.items() if k[0] < 2021})
    news = row(
        "kent",
        "stalking_offences",
        D(2020, 1, 1),
        D(2020, 12, 31),
        1700,
        kind="manual",
        file="published.csv",
    )
    out.append(news.model_copy(update={"source_date": D(2024, 1, 1)}))
    dated = {"home_office": D(2023, 10, 19)}
    return [
        r.model_copy(update={"source_date": dated[r.source_kind]})
        if r.source_kind in dated
        else r.model_copy(update={"source_date": D(2021, 3, 1)})
        if r.source_file == "kent.xlsx"
        else r
        for r in out
    ]


@pytest.mark.parametrize(
    ("prefer", "denominator", "same_source", "kind"),
    [
        # The default: the SPOs' own return has the offences too, so both come from it.
        ("ranked", 1600, True, "force"),
        # Asked for: the Home Office's quarters, from 1 January 2020.
        ("official", 1800, False, "official"),
        ("force", 1600, True, "force"),
        # The newest source of its own date: the newspaper (2024) over the return (2021).
        ("newest", 1700, False, "quoted"),
    ],
)
def test_prefer_changes_what_it_says_for_a_count_from_20_january(
    prefer: Prefer, denominator: int, same_source: bool, kind: str
) -> None:
    (rate,) = compute(_twenty_january_rows(), prefer=prefer).rates
    assert (rate.denominator, rate.same_source, rate.denominator_type) == (
        denominator,
        same_source,
        kind,
    )
    assert not rate.estimated


def test_a_quarter_is_set_against_the_same_returns_months_not_another_sources_quarter() -> None:
    # Kent 2022 Q2: the Home Office's 1,235 against the return's own months adding to 1,032.
    rows = []
    for m, (spo, off) in zip((4, 5, 6), ((1, 340), (2, 352), (0, 340)), strict=True):
        rows.append(
            row(
                "kent",
                "spo_granted",
                D(2022, m, 1),
                month_end(2022, m),
                spo,
                file="kent.xlsx",
                cell=f"B{m}",
            )
        )
        rows.append(
            row(
                "kent",
                "stalking_offences",
                D(2022, m, 1),
                month_end(2022, m),
                off,
                file="kent.xlsx",
                cell=f"C{m}",
            )
        )
    rows += _ho_quarters("kent", {(2022, 1): 1235})
    quarter = [
        r for r in compute(rows).rates if (r.start, r.end) == (D(2022, 4, 1), D(2022, 6, 30))
    ]
    assert [(r.numerator, r.denominator, r.same_source) for r in quarter] == [(3, 1032, True)]
    official = [
        r
        for r in compute(rows, prefer="official").rates
        if r.start == D(2022, 4, 1) and r.end == D(2022, 6, 30)
    ]
    assert [r.denominator for r in official] == [1235]


def test_a_figure_quoted_in_the_news_is_not_the_forces_own() -> None:
    y = (D(2021, 1, 1), D(2021, 12, 31))
    spo = row("durham", "spo_granted", *y, 5, file="durham.xlsx")
    news = row("durham", "stalking_offences", *y, 1747, kind="manual", file="published.csv")
    disclosure = row(
        "durham",
        "stalking_offences",
        *y,
        2000,
        kind="manual",
        file="published.csv",
        cell="F9",
        source_type="force",
    )
    (rate,) = compute([spo, news], prefer="force").rates
    assert rate.denominator_type == "quoted"
    (rate,) = compute([spo, news, disclosure], prefer="force").rates
    assert (rate.denominator, rate.denominator_type) == (2000, "force")
    ho = _ho_quarters("durham", {(2020, 4): 400, (2021, 1): 500, (2021, 2): 600, (2021, 3): 700})
    (rate,) = compute([spo, news, *ho]).rates
    assert (rate.denominator, rate.denominator_type) == (2200, "official")


# --- a count larger than its denominator ---------------------------------------------------------


def test_a_count_larger_than_its_denominator_is_named_once_as_inconsistent() -> None:
    y = (D(2022, 1, 1), D(2022, 12, 31))
    rows = [row("cleveland", "spo_granted", *y, 10), row("cleveland", "stalking_offences", *y, 5)]
    table = compute(rows)
    assert table.rates == [] and table.unmatched == []
    (bad,) = table.inconsistent
    assert (bad.numerator.value, bad.denominator.value) == (10, 5)


# --- compared with England and Wales -------------------------------------------------------------


def test_each_force_is_compared_with_england_and_wales() -> None:
    from spo_stats.forces import territorial_forces

    y = (D(2022, 1, 1), D(2022, 12, 31))
    rows = []
    slugs = [f.slug for f in territorial_forces()][:35]
    for i, slug in enumerate(slugs):
        n = {0: 60, 1: 0}.get(i, 10)  # one far above the rest, one at nought
        rows += [row(slug, "spo_granted", *y, n), row(slug, "stalking_offences", *y, 1000)]
    by = {r.force: r for r in compute(rows).rates}
    bench = 100 * (60 + 10 * 33) / 35000
    assert all(r.benchmark_per_100 == pytest.approx(bench) for r in by.values())
    assert by[slugs[0]].comparison == "higher"
    assert by[slugs[1]].comparison == "lower"  # 0 of 1,000: the interval tops out at 0.37 per 100
    assert by[slugs[2]].comparison == "similar"
    # Fewer forces than stand for England and Wales: no comparison claimed.
    few = compute(rows[:20])
    assert {r.comparison for r in few.rates} == {""}


# --- the shipped data ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped_clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from spo_stats.cli.main import app

    tmp = tmp_path_factory.mktemp("shipped")
    shutil.copytree(ROOT / "data" / "raw", tmp / "raw")
    result = CliRunner().invoke(app, ["ingest", str(tmp / "raw"), "--out", str(tmp / "clean")])
    assert result.exit_code == 0, result.stderr
    return tmp / "clean"


@pytest.fixture(scope="module")
def shipped_rates(shipped_clean: Path) -> list[dict[str, str]]:
    from typer.testing import CliRunner

    from spo_stats.cli.main import app

    tmp = shipped_clean.parent
    runner = CliRunner()
    out = tmp / "rates.csv"
    result = runner.invoke(
        app, ["export", "rates", "--clean", str(tmp / "clean"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    with out.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_shipped_data_gives_at_least_38_forces_a_rate(
    shipped_rates: list[dict[str, str]],
) -> None:
    forces = {r["force"] for r in shipped_rates if r["area_type"] == "force" and r["ons_code"]}
    assert len(forces) >= 38
    estimated = [r for r in shipped_rates if r["estimated"] == "true"]
    assert len({r["force"] for r in estimated}) >= 38
    for r in estimated:
        assert r["rank"] == ""
        assert float(r["rate_low"]) <= float(r["spo_per_100_offences"]) <= float(r["rate_high"])
        assert (
            int(r["stalking_offences_floor"])
            <= int(r["stalking_offences"])
            <= int(r["stalking_offences_ceiling"])
        )
    # The BBC's table stands for England and Wales: every force in it is compared with it.
    bbc = [r for r in estimated if r["numerator_source_type"] == "compiled"]
    assert len(bbc) >= 38
    assert {r["compared_with_england_and_wales"] for r in bbc} <= {"lower", "similar", "higher"}
    assert {r["interim_orders"] for r in bbc} == {"not said"}


def test_the_report_names_an_inconsistent_pair_once_and_lists_neither_as_unmatched() -> None:
    from spo_stats.publish.report import build_force_report

    y = (D(2022, 1, 1), D(2022, 12, 31))
    rows = [row("cleveland", "spo_granted", *y, 10), row("cleveland", "stalking_offences", *y, 5)]
    text = build_force_report(rows, "cleveland", today=D(2026, 1, 1)).sentences
    said = [s for s in text if "cannot be set against each other" in s]
    assert said == [
        "Cleveland Police: 10 SPOs granted for 2022 is more than the count for that period (5 "
        "recorded stalking offences), so the two cannot be set against each other as a rate: "
        "they differ in definition or period, and no rate is given."
    ]
    assert not any("for that exact period, so no rate" in s for s in text)
    assert not any("figure for that period." in s for s in text)


# --- published figures against the official sums they overlap -----------------------------------


def test_a_published_aggregate_is_checked_against_its_members_official_sums() -> None:
    from spo_stats.analysis.rates import disagreements, resolve
    from spo_stats.forces import all_forces

    welsh = [f.slug for f in all_forces() if f.country == "Wales"]
    rows = []
    for slug, v in zip(welsh, (1400, 1450, 1421, 1450), strict=True):
        rows += _ho_quarters(
            slug,
            {(2019, 4): v // 4, (2020, 1): v // 4, (2020, 2): v // 4, (2020, 3): v - 3 * (v // 4)},
        )
    quoted = row(
        "wales",
        "stalking_offences",
        D(2020, 1, 1),
        D(2020, 12, 31),
        7000,
        kind="manual",
        area_type="aggregate",
        approximate=True,
        file="published.csv",
    )
    near = quoted.model_copy(
        update={"value": 6000, "source_cell": "F9", "period_end": D(2020, 12, 31)}
    )
    (found,) = disagreements(resolve([*rows, quoted])[0])
    assert found.reason == (
        "about 7,000 for 2020, but the Home Office table's 16 figures for the same period add up "
        "to 5,721"
    )
    # "about 6,000" is 5,721 rounded to the thousand: no disagreement.
    assert disagreements(resolve([*rows, near])[0]) == []


def test_estimated_rates_are_listed_apart_flagged_and_never_ranked_in_tables() -> None:
    from spo_stats.publish.briefing import rate_rows
    from spo_stats.publish.report import build_national_report

    rows = [*_bbc_cleveland(), _compiled_count("durham", D(2021, 4, 16), 4)]
    rows += _ho_quarters("durham", QUARTERS)
    nat = build_national_report(rows, today=D(2026, 1, 1))
    assert nat.leagues() == []
    (group,) = nat.estimated_leagues()
    assert [r.force for r in group] == ["cleveland", "durham"]
    _, body = rate_rows(group, "spo_granted", name_col=True)
    assert body[0][3].endswith("(estimated)") and body[0][4].startswith("about ")
    assert "(with chance, " in body[0][6] and body[0][7].startswith("estimated, not ranked")


def test_a_figure_read_at_a_copy_is_cited_to_its_publisher_and_the_copy_as_such() -> None:
    from spo_stats.analysis.rates import source_of

    r = row(
        "bbc-44-uk-forces",
        "spo_granted",
        D(2020, 1, 1),
        D(2023, 12, 31),
        1388,
        kind="manual",
        file="published-figures.csv",
        cell="F2",
        source="BBC News (FOI), 2025",
        source_copy_url="https://copy.example/story",
    )
    assert source_of(r) == (
        "BBC News (FOI), 2025; read at a copy, https://copy.example/story (published-figures.csv F2)"
    )


def test_headline_says_an_estimated_rate_is_estimated(shipped_clean: Path) -> None:
    from typer.testing import CliRunner

    from spo_stats.cli.main import app
    from spo_stats.publish.report import rate_words

    rows = _bbc_cleveland()
    (rate,) = compute(rows).rates
    assert rate_words(rate).startswith(
        "about 0.35 per 100, estimated from part periods (between 0.29 and 0.40 as the part "
        "quarters are counted in or out; with chance, "
    )
    result = CliRunner().invoke(app, ["headline", "--clean", str(shipped_clean)])
    assert result.exit_code == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("Cleveland Police, "))
    assert "against about 1,441 recorded stalking offences: about 0.07 per 100, estimated" in line
