"""The library reads no clock: when a dataset or export was made, and the year a check runs in,
are passed in by the CLI (the one place that knows the time of the run)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from spo_stats import __version__
from spo_stats.analysis.checks import check
from spo_stats.analysis.rates import compute
from spo_stats.cli.main import app
from spo_stats.dataset.store import load_rows
from spo_stats.ingest import ingest
from spo_stats.publish.exports import export
from spo_stats.publish.tables import bundle
from tests.conftest import RETURNS

runner = CliRunner()
MADE = datetime(2024, 5, 6, 7, 8, 9, 123, tzinfo=UTC)


def _package(clean: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((clean / "datapackage.json").read_text())
    return data


def test_the_dataset_is_stamped_with_the_time_it_is_given(tmp_path: Path) -> None:
    raw = RETURNS / "01-years-as-columns"
    ingest(raw, tmp_path / "given", use_cache=False, made_at=MADE)
    assert _package(tmp_path / "given")["created"] == "2024-05-06T07:08:09Z"
    ingest(raw, tmp_path / "none", use_cache=False)
    assert "created" not in _package(tmp_path / "none")


def test_the_cli_stamps_the_dataset_with_the_time_of_the_run(tmp_path: Path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    result = runner.invoke(
        app, ["ingest", str(RETURNS / "01-years-as-columns"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.stderr
    created = datetime.fromisoformat(str(_package(tmp_path)["created"]))
    assert before <= created <= datetime.now(UTC)


def test_an_xlsx_export_says_when_it_was_made_as_told(tmp_path: Path) -> None:
    ingest(RETURNS / "01-years-as-columns", tmp_path / "clean", use_cache=False)
    rows = load_rows(tmp_path / "clean")
    tables = bundle("rates", rows, compute(rows, "spo_granted"))
    export(replace(tables, made_at=MADE), tmp_path / "given.xlsx")
    export(tables, tmp_path / "none.xlsx")
    given = load_workbook(tmp_path / "given.xlsx")
    assert (
        given["README"]["A2"].value == f"Made by spo-stats {__version__} on 2024-05-06 07:08 UTC."
    )
    assert given.properties.created == datetime(2024, 5, 6, 7, 8, 9)
    none = load_workbook(tmp_path / "none.xlsx")
    assert none["README"]["A2"].value == f"Made by spo-stats {__version__}."


def test_check_ends_the_matrix_at_the_year_it_is_told_when_no_row_gives_the_measure(
    tmp_path: Path,
) -> None:
    ingest(RETURNS / "01-years-as-columns", tmp_path, use_cache=False)
    # Once date.today()'s year: the matrix of a measure no row gives ran to the clock's year.
    rows = [r for r in load_rows(tmp_path) if r.measure != "spo_breaches"]
    assert check(rows, {}, "spo_breaches").years == [2020]
    assert check(rows, {}, "spo_breaches", this_year=2023).years == [2020, 2021, 2022, 2023]
    assert check(rows, {}, "spo_granted", this_year=2030).years[-1] < 2030


def test_the_cli_stamps_an_xlsx_export_with_the_time_of_the_run(tmp_path: Path) -> None:
    ingest(RETURNS / "01-years-as-columns", tmp_path / "clean", use_cache=False)
    before = datetime.now(UTC).replace(second=0, microsecond=0)
    target = tmp_path / "rates.xlsx"
    result = runner.invoke(
        app, ["export", "rates", "--clean", str(tmp_path / "clean"), "--out", str(target)]
    )
    assert result.exit_code == 0, result.stderr
    said = str(load_workbook(target)["README"]["A2"].value)
    stamp = said.removeprefix(f"Made by spo-stats {__version__} on ").removesuffix(" UTC.")
    made = datetime.strptime(stamp, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    assert before <= made <= datetime.now(UTC)
