"""Every fixture return (tests/fixtures, synthetic) normalises to exactly its expected observations."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from spo_stats.ingest import ingest
from tests.conftest import EXPECTED, RETURNS
from tests.fixtures.make_returns import EXPECTED_COLUMNS

CASES = sorted(p.name for p in RETURNS.iterdir() if p.is_dir())
KEY = EXPECTED_COLUMNS

# Cases the reader gets wrong today (issue 10), with why: remove a case when the reader is fixed.
_GRID = "a year by {} grid: each cell read as the whole year's figure"
_OTHER = "{} read as recorded stalking offences or SPOs"
_PARTS = "rows per {} read as the force's own figures"
EXPECTED_FAILURES: dict[str, str] = {}


def _cases() -> list:  # type: ignore[type-arg]
    return [
        pytest.param(c, marks=pytest.mark.xfail(strict=False, reason=EXPECTED_FAILURES[c]))
        if c in EXPECTED_FAILURES
        else c
        for c in CASES
    ]


def _expected(case: str) -> set[tuple[str, ...]]:
    with (EXPECTED / f"{case}.csv").open() as fh:
        return {tuple(row[k] for k in KEY) for row in csv.DictReader(fh)}


def _actual(clean: Path) -> set[tuple[str, ...]]:
    with (clean / "observations.csv").open() as fh:
        return {tuple(row[k] for k in KEY) for row in csv.DictReader(fh)}


def test_every_case_has_expectations() -> None:
    assert len(CASES) >= 15
    assert {p.stem for p in EXPECTED.glob("*.csv")} == set(CASES)


@pytest.mark.parametrize("case", _cases())
def test_case_normalises_to_expected(case: str, tmp_path: Path) -> None:
    result = ingest(RETURNS / case, tmp_path, use_cache=False)
    assert [f.error for f in result.files if f.error] == []
    actual, expected = _actual(tmp_path), _expected(case)
    assert actual - expected == set(), "observations that should not be there"
    assert expected - actual == set(), "observations missing"


def test_every_observation_names_its_source(tmp_path: Path) -> None:
    ingest(RETURNS, tmp_path, use_cache=False)
    with (tmp_path / "observations.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for row in rows:
        assert (RETURNS / row["source_file"]).is_file()
        assert row["source_sheet"] and row["source_cell"] and len(row["source_sha256"]) == 64


def test_force_option_relabels_nothing_that_names_its_own_force(tmp_path: Path) -> None:
    """--force applies only where a file's force cannot be told; it never relabels another's."""
    case = "56-several-forces-folder"
    result = ingest(RETURNS / case, tmp_path, force="cleveland", use_cache=False)
    relabelled = [
        (o.source_file, o.source_cell)
        for o in result.observations
        if o.force == "cleveland" and not o.source_file.startswith("cleveland/")
    ]
    assert relabelled == []
