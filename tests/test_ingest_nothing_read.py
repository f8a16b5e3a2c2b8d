"""Issue 10, "Lost" and "Drowned": reading nothing never replaces the dataset, no file goes unnamed,
and a workbook of unrelated numbers is skipped quickly with its warnings grouped.

The files are synthetic stand-ins (a PDF and a Word letter that only say they are synthetic).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spo_stats.cli.main import app
from tests.conftest import RETURNS

runner = CliRunner()
GOOD = RETURNS / "01-years-as-columns"


def _dataset(clean: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(clean.iterdir()) if p.is_file()}


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    out = tmp_path / "clean"
    assert runner.invoke(app, ["ingest", str(GOOD), "--out", str(out)]).exit_code == 0
    return out


def _letters(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "letter.pdf").write_bytes(b"%PDF-1.4\n% SYNTHETIC TEST DATA: not a real letter\n")
    (folder / "reply.docx").write_bytes(b"PK\x03\x04 SYNTHETIC TEST DATA: not a real letter")
    return folder


def test_empty_folder_leaves_the_dataset_and_exits_1(tmp_path: Path, clean: Path) -> None:
    before = _dataset(clean)
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["ingest", str(tmp_path / "empty"), "--out", str(clean)])
    assert result.exit_code == 1
    assert _dataset(clean) == before


def test_letters_only_leave_the_dataset_and_name_each_file(tmp_path: Path, clean: Path) -> None:
    before = _dataset(clean)
    raw = _letters(tmp_path / "letters")
    result = runner.invoke(app, ["ingest", str(raw), "--out", str(clean)])
    assert result.exit_code == 1
    assert _dataset(clean) == before
    said = result.stdout + result.stderr
    assert "letter.pdf" in said and "reply.docx" in said


def test_every_file_is_in_the_report_with_unsupported_formats_named(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(GOOD, raw)
    _letters(raw)
    out = tmp_path / "clean"
    result = runner.invoke(app, ["ingest", str(raw), "--out", str(out)])
    report = json.loads((out / "ingest-report.json").read_text())
    files = {f["file"]: f for f in report["files"]}
    assert {"letter.pdf", "reply.docx"} <= set(files)
    assert "PDF" in json.dumps(files["letter.pdf"])
    assert "letter.pdf" in result.stdout + result.stderr


def test_a_workbook_of_unrelated_numbers_is_skipped_quickly_and_quietly(tmp_path: Path) -> None:
    import random
    import time

    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(["SYNTHETIC TEST DATA: made-up sensor readings, not a return"])
    ws.append(["Sensor", *[f"Reading {i}" for i in range(1, 61)]])
    rng = random.Random(10)
    for r in range(200):
        ws.append([f"Unit {r}", *[rng.randint(0, 999) for _ in range(60)]])
    raw = tmp_path / "raw"
    (raw / "kent").mkdir(parents=True)
    wb.save(raw / "kent" / "readings.xlsx")
    started = time.perf_counter()
    result = runner.invoke(app, ["ingest", str(raw), "--out", str(tmp_path / "clean")])
    seconds = time.perf_counter() - started
    lines = (result.stdout + result.stderr).splitlines()
    assert len(lines) < 60, f"{len(lines)} lines for one file"
    assert seconds < 3, f"{seconds:.1f} s for 12,000 unrelated numbers"
    assert "readings.xlsx" in result.stdout + result.stderr
