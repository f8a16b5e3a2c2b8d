"""`make demo` on an unchanged data/raw rewrites nothing: no file's time stamp moves.

The second ingest takes the unchanged-folder fast path (the population files' keys counted with
the returns'), and every report writes only what differs from the file already there.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spo_stats.cli.main import app
from spo_stats.dataset import cache

RAW = Path(__file__).parent.parent / "data" / "raw"
runner = CliRunner()


def _demo(root: Path) -> None:
    clean, reports = str(root / "clean"), str(root / "reports")
    for args in (
        ["ingest", str(root / "raw"), "--out", clean],
        ["headline", "--clean", clean],
        ["report", "--clean", clean, "--out", reports],
        ["report", "--force", "cleveland", "--clean", clean, "--out", reports],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)


def _stamps(root: Path) -> dict[str, int]:
    return {
        p.relative_to(root).as_posix(): p.stat().st_mtime_ns
        for folder in ("clean", "reports")
        for p in (root / folder).rglob("*")
        if p.is_file()
    }


def test_the_demo_twice_rewrites_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(RAW, tmp_path / "raw")
    # A checkout as make demo finds it: files older than the cache's racy window (a file
    # changed within it is hashed again next time, so its index entry waits for a later run).
    monkeypatch.setattr(cache, "RACY_SECONDS", 0.0)
    _demo(tmp_path)
    first = _stamps(tmp_path)
    assert any(name.startswith("reports/cleveland/") for name in first)
    assert "clean/observations.csv" in first
    _demo(tmp_path)
    assert _stamps(tmp_path) == first
