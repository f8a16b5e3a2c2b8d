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
EXPECTED_FAILURES: dict[str, str] = {
    "40-years-down-months-across": _GRID.format("month"),
    "41-months-down-years-across-pivot": _GRID.format("month (pivot export)"),
    "43-unrelated-return-police-dogs": _OTHER.format("police dog counts"),
    "44-harassment-beside-stalking": _OTHER.format("harassment and malicious communications"),
    "45-calls-101-999": _OTHER.format("101 and 999 calls"),
    "46-training-sessions": _OTHER.format("training sessions (the request mentions stalking)"),
    "47-arrests-not-orders": _OTHER.format("'Arrests made' and arrests for breach"),
    "48-breakdown-area-with-total": _PARTS.format("area command") + "; the total is missed",
    "49-breakdown-age-no-total": _PARTS.format("age band"),
    "50-breakdown-borough-with-total": _PARTS.format("borough") + "; the total is missed",
    "51-court-outcomes": "Granted / Refused / Withdrawn each read as applications",
    "52-joint-answer-two-forces": "a joint answer for two forces is refused (one force per file)",
    "53-compiled-table-per-force": "a table with one row per force is refused (one force per file)",
    "54-tables-side-by-side": "the right-hand of two side-by-side tables is lost",
    "55-hidden-row-and-sheet": "hidden rows and hidden sheets read as data",
    "57-period-label-footnote-marker": "a footnote marker on a period label ('2023*') loses the table",
    "58-fy-short-labels": "'FY21/22' not understood",
    "59-part-year": "'2024 (January to April)' read as the whole of 2024",
    "60-provisional-counts": "'15 (provisional)' not read",
    "61-star-between-one-and-four": "'*' loses the bounds its footnote gives ('between 1 and 4')",
    "62-fy-by-quarter-grid": _GRID.format("quarter (financial years)"),
    "63-other-protective-orders": _OTHER.format(
        "restraining orders, DVPOs and non-molestation orders"
    ),
    "64-table-per-force-under-its-name": "a table per force under the force's name is refused "
    "(one force per file)",
    "66-one-column-headed-total": "a table's one column of figures headed 'Total' is dropped",
    "67-percentage-beside-counts": "'% of applications granted' read as SPOs granted",
    "68-year-to-date": "'2024 to date' read as the whole of 2024",
}


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


@pytest.mark.xfail(
    strict=False, reason="--force relabels every file, even one that names its own force (issue 10)"
)
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
