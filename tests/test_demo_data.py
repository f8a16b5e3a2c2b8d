"""The shipped data: real published figures, each with a source, and a headline computed from them."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spo_stats.analysis.rates import compute
from spo_stats.areas import area_name
from spo_stats.cli.main import app
from spo_stats.dataset.store import load_rows
from spo_stats.ingest import ingest
from spo_stats.publish.report import build_force_report

RAW = Path(__file__).parent.parent / "data" / "raw"


def test_every_row_has_a_source() -> None:
    files = list(RAW.glob("*.csv"))
    assert files
    for f in files:
        rows = list(csv.DictReader(f.open(encoding="utf-8")))
        assert rows
        for i, row in enumerate(rows, start=2):
            assert row["source"].strip(), f"{f.name} row {i} has no source"
            assert "synthetic" not in " ".join(row.values()).lower()


def test_shipped_data_ingests_without_loss(tmp_path: Path) -> None:
    result = ingest(RAW, tmp_path, use_cache=False)
    assert result.ok
    manual = [f for f in result.files if f.kind == "manual"]
    assert manual and sum(len(f.warnings) for f in manual) == 0
    # The BBC's compiled table warns exactly for what its sidecar leaves out (tests/test_bbc_sdu.py).
    assert all(
        f.kind in ("manual", "compiled", "home_office", "population_estimates", "population_lookup")
        for f in result.files
        if f.status == "ok"
    )
    n_rows = sum(len(list(csv.DictReader(f.open(encoding="utf-8")))) for f in RAW.glob("*.csv"))
    assert len([o for o in result.observations if o.source_kind == "manual"]) == n_rows


def _headline(raw: Path, clean: Path) -> dict[str, tuple[int, int, float]]:
    ingest(raw, clean, use_cache=False)
    # The aggregate areas' rates: the national and regional figures.
    return {
        f"{area_name(r.force)} {r.label}": (r.numerator, r.denominator, round(r.per_100, 2))
        for r in compute(load_rows(clean)).rates
        if r.area_type == "aggregate"
    }


def test_headline_figures(tmp_path: Path) -> None:
    got = _headline(RAW, tmp_path)
    assert got["44 UK police forces (BBC FOI, 2025) 2020 to 2023"] == (1388, 440000, 0.32)
    assert got["England and Wales 2020"] == (456, 80000, 0.57)
    assert got["Wales 2020"] == (5, 7000, 0.07)


def test_headline_is_computed_not_printed(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    f = raw / "published-figures.csv"
    f.write_text(f.read_text(encoding="utf-8").replace(",1388,", ",2200,"), encoding="utf-8")
    got = _headline(raw, tmp_path / "clean")
    assert got["44 UK police forces (BBC FOI, 2025) 2020 to 2023"] == (2200, 440000, 0.5)
    runner = CliRunner()
    result = runner.invoke(app, ["headline", "--clean", str(tmp_path / "clean")])
    assert "2,200 SPOs against about 440,000" in result.stdout
    assert "about 0.50 per 100" in result.stdout


def test_cleveland_says_which_periods_have_no_rate(tmp_path: Path) -> None:
    ingest(RAW, tmp_path, use_cache=False)
    rep = build_force_report(load_rows(tmp_path), "cleveland", today=date(2026, 1, 1))
    # The BBC's count (20 January 2020 to 6 May 2021) meets no whole quarters: estimated.
    (rate,) = rep.rates
    assert (rate.start, rate.end, rate.numerator) == (date(2020, 1, 20), date(2021, 5, 6), 1)
    assert rate.estimated and rate.estimate is not None
    assert rate.estimate.floor < rate.estimate.central < rate.estimate.ceiling
    text = " ".join(rep.sentences)
    assert (
        "4 SPOs granted for 2023, but the dataset has no count of recorded stalking offences"
        in text
    )
    # 2021's offences as the precedence chooses them, the Home Office's quarters (the chart's
    # figure); the quoted 1,635 is named only as disagreeing with them.
    assert (
        "1,646 recorded stalking offences in 2021, but the dataset has no SPOs granted figure"
        in text
    )


@pytest.mark.parametrize(
    "area", ["bbc-44-uk-forces", "itv-six-yorkshire-east-midlands", "england-and-wales", "wales"]
)
def test_aggregates_are_labelled(tmp_path: Path, area: str) -> None:
    ingest(RAW, tmp_path, use_cache=False)
    types = {r.area_type for r in load_rows(tmp_path) if r.force == area}
    assert types == {"aggregate"}
