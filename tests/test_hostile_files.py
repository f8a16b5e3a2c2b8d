"""Hostile files in the raw folder (issue 21): each fails or is skipped alone, named, quickly."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from spo_stats.cli.main import app
from spo_stats.dataset.store import load_rows
from tests.conftest import RETURNS

runner = CliRunner()
GOOD = RETURNS / "01-years-as-columns" / "cleveland-foi-123-24.xlsx"
GOOD_ROWS = 12
XLS = RETURNS / "08-legacy-xls" / "merseyside.xls"


def _raw_with_good(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(GOOD, raw / "cleveland.xlsx")
    return raw


def test_truncated_xls_that_panics_calamine_fails_alone(tmp_path: Path) -> None:
    raw = _raw_with_good(tmp_path)
    data = XLS.read_bytes()
    # Cut inside a sector the header points at: calamine panics (a BaseException) on this one.
    (raw / "cut.xls").write_bytes(data[: len(data) * 3 // 4])
    result = runner.invoke(app, ["ingest", str(raw), "--out", str(tmp_path / "clean")])
    assert result.exit_code == 1, result.output
    failed = [line for line in result.stderr.splitlines() if line.startswith("Failed:")]
    assert len(failed) == 1 and failed[0].startswith("Failed: cut.xls: "), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert len(load_rows(tmp_path / "clean")) == GOOD_ROWS
