"""Bad input gets a clear error and nothing is ever lost (unreadable files, kills, Ctrl-C, fuzzing)."""

from __future__ import annotations

import io
import random
import shutil
import signal
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spo_stats.analysis.checks import check
from spo_stats.cli.main import app
from spo_stats.dataset.store import load_rows
from spo_stats.ingest import ingest
from tests.conftest import RETURNS

runner = CliRunner()
GOOD = RETURNS / "01-years-as-columns" / "cleveland-foi-123-24.xlsx"
GOOD_ROWS = 12


def _xlsx(cells: dict[str, object], title: str = "Kent Police") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws["A1"] = title
    ws["A2"] = "SYNTHETIC TEST DATA"
    ws["A4"], ws["B4"] = "Year", "SPOs granted"
    ws["A5"], ws["B5"] = 2021, 4
    for ref, v in cells.items():
        ws[ref] = v
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _empty(p: Path) -> None:
    p.write_bytes(b"")


def _garbage(p: Path) -> None:
    rng = random.Random(1)
    p.write_bytes(bytes(rng.randrange(256) for _ in range(5000)))


def _truncated(p: Path) -> None:
    data = GOOD.read_bytes()
    p.write_bytes(data[: len(data) // 2])


def _protected(p: Path) -> None:
    # The shape of an encrypted OOXML file: an OLE compound file holding an EncryptedPackage stream.
    p.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 504
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 2000
    )


def _folder(p: Path) -> None:
    p.mkdir()


def _not_a_workbook_zip(p: Path) -> None:
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("notes.txt", "hello")


BAD: list[tuple[str, Callable[[Path], None], str]] = [
    (
        "empty.xlsx",
        _empty,
        "empty.xlsx: the file is empty (0 bytes). Save the return again and re-run.",
    ),
    (
        "garbage.xlsx",
        _garbage,
        "garbage.xlsx: binary data that is not a spreadsheet (xlsx, xls, ods or csv).",
    ),
    (
        "truncated.xlsx",
        _truncated,
        "truncated.xlsx: the workbook is truncated or corrupt (a damaged zip). Download it again.",
    ),
    ("protected.xlsx", _protected, "protected.xlsx: the workbook is password-protected."),
    ("folder.xlsx", _folder, "folder.xlsx: a folder named like a spreadsheet, not a file."),
    ("archive.xlsx", _not_a_workbook_zip, "archive.xlsx: a zip archive, not a spreadsheet."),
]


@pytest.mark.parametrize(("name", "make", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_file_is_named_and_the_rest_ingest(
    tmp_path: Path, name: str, make: Callable[[Path], None], message: str
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(GOOD, raw / "cleveland.xlsx")
    make(raw / name)
    result = runner.invoke(app, ["ingest", str(raw), "--out", str(tmp_path / "clean")])
    assert result.exit_code == 1
    assert f"Failed: {message}" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert len(load_rows(tmp_path / "clean")) == GOOD_ROWS


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(GOOD, raw / "cleveland.xlsx")
    locked = raw / "locked.xlsx"
    locked.write_bytes(GOOD.read_bytes())
    real_open = Path.open

    def guarded(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.name == "locked.xlsx":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", guarded)
    result = ingest(raw, tmp_path / "clean", use_cache=False)
    errors = [f.error for f in result.files if f.error]
    assert errors == [
        "locked.xlsx: permission denied: make the file readable (chmod +r) and re-run."
    ]


@pytest.mark.parametrize(
    ("name", "content", "expect"),
    [
        ("csv-saved-as.xlsx", b"Year,SPOs granted\n2021,4\n2022,5\n", 2),
        ("utf16.csv", "Year,SPOs granted\n2021,4\n".encode("utf-16"), 1),
        (
            "latin1.csv",
            "Kent Police – données\nYear,SPOs granted\n2021,4\n".encode("latin-1", "replace"),
            1,
        ),
    ],
)
def test_csv_by_content_and_encoding(
    tmp_path: Path, name: str, content: bytes, expect: int
) -> None:
    raw = tmp_path / "kent"
    raw.mkdir()
    (raw / name).write_bytes(content)
    result = ingest(tmp_path, tmp_path / "clean", use_cache=False)
    assert result.ok, [f.error for f in result.files]
    assert len(result.observations) == expect


def test_million_row_claim_and_huge_cells(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "kent.xlsx").write_bytes(_xlsx({"Z1048576": "stray", "D1": "x" * 3_000_000}))
    result = ingest(raw, tmp_path / "clean", use_cache=False)
    assert result.ok and len(result.observations) == 1
    assert any("only the first rows were read" in w for w in result.files[0].texts())


def test_formula_without_cached_value_is_reported(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "kent.xlsx").write_bytes(_xlsx({"A6": 2022, "B6": "=2+2"}))
    result = ingest(raw, tmp_path / "clean", use_cache=False)
    assert len(result.observations) == 1
    assert any("formulas saved without their values (B6)" in w for w in result.files[0].texts())


def test_negative_count_is_a_warning(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "kent.xlsx").write_bytes(_xlsx({"A6": 2022, "B6": -3}))
    result = ingest(raw, tmp_path / "clean", use_cache=False)
    assert len(result.observations) == 1
    left = result.files[0].left_out[0]
    assert (left["cell"], left["reason"]) == ("B6", "a negative count; check the return")


def test_implausible_data_warnings(tmp_path: Path) -> None:
    raw = tmp_path / "kent"
    raw.mkdir()
    (raw / "r.csv").write_text(
        "Year,SPOs granted,Recorded stalking offences\n2019,3,900\n2021,50,20\n"
    )
    result = ingest(tmp_path, tmp_path / "clean", use_cache=False)
    warnings = " ".join(result.files[0].texts())
    assert "an SPO figure for 2019, before SPOs began on 20 January 2020" in warnings
    assert "50 SPOs granted but only 20 stalking offences recorded" in warnings


def test_check_finds_implausible_figures_in_the_data_not_in_the_words_of_warnings(
    tmp_path: Path,
) -> None:
    # check once picked implausible figures out of the ingest report by their words: a return's
    # own note that says "check" and "before SPOs began" was listed as one, and a dataset
    # checked without its ingest report (as headline does) had none.
    raw = tmp_path / "kent"
    raw.mkdir()
    (raw / "r.csv").write_text(
        "Year,SPOs granted,Recorded stalking offences\n2019,3,900\n2021,50,20\n"
    )
    clean = tmp_path / "clean"
    ingest(tmp_path, clean, use_cache=False)
    rows = load_rows(clean)
    note = "note on the return: please check, no orders were made before SPOs began."
    report = {"files": [{"file": "kent/r.csv", "status": "ok", "warnings": [note]}]}
    found = check(rows, report).implausible
    assert note not in found
    assert check(rows, {}).implausible == found
    assert len(found) == 2
    assert "an SPO figure for 2019, before SPOs began on 20 January 2020" in found[0]
    assert "50 SPOs granted but only 20 stalking offences recorded" in found[1]


def _snapshot(clean: Path) -> dict[str, bytes]:
    """The dataset's files (a killed run's hidden temporary file is not part of it)."""
    return {
        p.name: p.read_bytes()
        for p in clean.iterdir()
        if p.is_file() and not p.name.startswith(".")
    }


def test_ctrl_c_leaves_dataset_and_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = tmp_path / "clean"
    ingest(RETURNS / "01-years-as-columns", clean)
    before = _snapshot(clean)

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("spo_stats.ingest.read_file", interrupted)
    result = runner.invoke(app, ["ingest", str(RETURNS), "--out", str(clean), "--no-cache"])
    assert result.exit_code == 130
    assert result.stderr == (
        f"Interrupted: nothing was changed: {clean} holds the dataset from before this run.\n"
    )
    assert _snapshot(clean) == before


KILLER = """
import os, signal, sys
import spo_stats.dataset.store as store
target = sys.argv[1]
real = getattr(os, target)
def kill(*a, **k):
    os.kill(os.getpid(), signal.SIGKILL)
setattr(store.os, target, kill)
from spo_stats.cli.main import app
app(sys.argv[2:])
"""


@pytest.mark.parametrize("where", ["fsync", "replace"])
def test_killed_during_write_leaves_old_dataset(tmp_path: Path, where: str) -> None:
    clean = tmp_path / "clean"
    ingest(RETURNS / "01-years-as-columns", clean)
    before = _snapshot(clean)
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            KILLER,
            where,
            "ingest",
            str(RETURNS),
            "--out",
            str(clean),
            "--no-cache",
            "-q",
        ],
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL
    assert _snapshot(clean) == before, "the old dataset changed"
    # The next run cleans up what the killed one left and writes the new dataset.
    result = ingest(RETURNS, clean)
    assert result.written
    assert not list(clean.glob(".*.tmp"))


def _mutations(src: Path, rng: random.Random) -> list[tuple[str, bytes]]:
    data = src.read_bytes()
    out = [
        ("cut", data[: rng.randrange(1, max(2, len(data)))]),
        ("flip", bytes(b ^ 0xFF if rng.random() < 0.01 else b for b in data)),
    ]
    if src.suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data))
        for ws in wb.worksheets:
            for _ in range(6):
                r, c = rng.randrange(1, ws.max_row + 3), rng.randrange(1, ws.max_column + 3)
                cell = ws.cell(r, c)
                if type(cell).__name__ == "MergedCell":
                    continue  # only a merged range's first cell holds a value
                cell.value = rng.choice(
                    [
                        None,
                        "<5",
                        "Not held",
                        -4,
                        2021,
                        "Total",
                        "2021/22",
                        "x" * 500,
                        3.7,
                        "Interim",
                        "=1/0",
                    ]
                )
        rng.shuffle(wb._sheets)
        buf = io.BytesIO()
        wb.save(buf)
        out.append(("edit", buf.getvalue()))
    else:
        text = bytearray(data)
        for _ in range(10):
            text.insert(rng.randrange(len(text) + 1), rng.choice(b',;\n"<*-0'))
        out.append(("edit", bytes(text)))
    return out


def test_fuzzed_returns_never_crash_ingest(tmp_path: Path) -> None:
    rng = random.Random(20260120)
    raw = tmp_path / "raw"
    count = 0
    for case in sorted(RETURNS.iterdir()):
        if not case.is_dir():
            continue
        for src in case.rglob("*.*"):
            for kind, data in _mutations(src, rng):
                dest = raw / case.name / kind / src.relative_to(case)
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(data)
                count += 1
    assert count >= 60
    result = ingest(raw, tmp_path / "clean", use_cache=False)
    bugs = [f.error for f in result.files if "This is a bug" in f.error]
    assert bugs == []
    for f in result.files:
        assert f.status == "ok" or f.error.startswith(f.file + ":")


@pytest.mark.parametrize("damage", ["version", "name"])
def test_damaged_zip_header_is_an_unreadable_file_not_a_bug(tmp_path: Path, damage: str) -> None:
    data = bytearray(_xlsx({}))
    central = data.find(b"PK\x01\x02")  # the first central-directory entry
    if damage == "version":
        data[central + 6 : central + 8] = (235).to_bytes(2, "little")  # "zip file version 23.5"
    else:
        data[central + 9] |= 0x08  # the name is flagged UTF-8 (bit 11) ...
        data[central + 46] = 0x93  # ... and its first byte is not
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "kent.xlsx").write_bytes(bytes(data))
    result = ingest(raw, tmp_path / "clean", use_cache=False)
    [report] = result.files
    assert report.status == "failed"
    assert "This is a bug" not in report.error
