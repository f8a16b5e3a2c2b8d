"""Files people can share, and one clear line when an output cannot be written."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spo_stats.cli.main import app
from spo_stats.dataset.store import write_dataset
from tests.conftest import RETURNS

runner = CliRunner()
CLEVELAND = RETURNS / "01-years-as-columns"


@pytest.fixture(scope="module")
def corpus_clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clean = tmp_path_factory.mktemp("clean")
    result = runner.invoke(app, ["ingest", str(RETURNS), "--out", str(clean)])
    assert result.exit_code == 0, result.stderr
    return clean


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and ".cache" not in p.parts]


def test_every_output_is_readable_by_others_under_umask_022(
    tmp_path: Path, umask_022: None
) -> None:
    clean, out = tmp_path / "clean", tmp_path / "out"
    out.mkdir()
    assert runner.invoke(app, ["ingest", str(RETURNS), "--out", str(clean)]).exit_code == 0
    for what, name in [
        ("rates", "r.csv"),
        ("rates", "r.xlsx"),
        ("rates", "r.parquet"),
        ("rates", "r.json"),
        ("observations", "o.sqlite"),
    ]:
        result = runner.invoke(
            app, ["export", what, "--clean", str(clean), "--out", str(out / name)]
        )
        assert result.exit_code == 0, result.stderr
    result = runner.invoke(
        app, ["export", "rates", "--clean", str(clean), "--package", str(out / "pkg")]
    )
    assert result.exit_code == 0, result.stderr
    for args in (["--force", "cleveland"], []):
        result = runner.invoke(
            app, ["report", *args, "--clean", str(clean), "--out", str(out / "reports")]
        )
        assert result.exit_code == 0, result.stderr
    files = _files(clean) + _files(out)
    names = {p.name for p in files}
    assert {"observations.csv", "datapackage.json", "o.sqlite.metadata.json"} <= names
    assert {"briefing.md", "briefing.html", "r.xlsx.dictionary.csv"} <= names
    for p in files:
        mode = stat.S_IMODE(p.stat().st_mode)
        assert mode == 0o644, f"{p} is {oct(mode)}"


def test_a_private_umask_is_respected(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        result = runner.invoke(app, ["ingest", str(CLEVELAND), "--out", str(tmp_path)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE((tmp_path / "observations.csv").stat().st_mode) == 0o600


def _export(clean: Path, target: Path) -> object:
    return runner.invoke(app, ["export", "rates", "--clean", str(clean), "--out", str(target)])


def test_export_into_a_missing_folder(corpus_clean: Path, tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "rates.csv"
    result = _export(corpus_clean, target)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr == (  # type: ignore[attr-defined]
        f"Error: {target}: the folder {target.parent} does not exist. Create it first, or "
        "write elsewhere.\n"
    )
    assert result.stdout == ""  # type: ignore[attr-defined]


def test_export_to_a_folder_or_under_a_file(corpus_clean: Path, tmp_path: Path) -> None:
    result = _export(corpus_clean, tmp_path / "x.csv")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    folder = tmp_path / "looks-like.csv"
    folder.mkdir()
    result = _export(corpus_clean, folder)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr == (  # type: ignore[attr-defined]
        f"Error: {folder}: is a folder, not a file. Give a file name, e.g. rates.csv.\n"
    )
    under_file = tmp_path / "x.csv" / "rates.csv"
    result = _export(corpus_clean, under_file)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr == (  # type: ignore[attr-defined]
        f"Error: {under_file}: {tmp_path / 'x.csv'} is a file, not a folder. Write elsewhere.\n"
    )


def test_export_to_a_pipe_is_refused(corpus_clean: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "rates.csv"
    os.mkfifo(fifo)
    result = _export(corpus_clean, fifo)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "is not an ordinary file (a device or a pipe)" in result.stderr  # type: ignore[attr-defined]
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # never replaced


def _deny_new_files(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """A folder nobody may add files to: chmod, and for root (whom chmod does not stop) a refusal
    from the file system, the same error the kernel gives."""
    folder.chmod(0o555)
    real = os.open

    def refuse(path: str | os.PathLike[str], flags: int, *args: object, **kw: object) -> int:
        target = Path(os.fsdecode(path))
        tmpfile = getattr(os, "O_TMPFILE", 0)
        creates = flags & os.O_CREAT or (tmpfile and flags & tmpfile == tmpfile)
        if creates and (target == folder or folder in target.parents):
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))
        return real(path, flags, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)


def test_export_into_an_unwritable_folder(
    corpus_clean: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    _deny_new_files(monkeypatch, locked)
    target = locked / "rates.xlsx"
    try:
        result = _export(corpus_clean, target)
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr == (  # type: ignore[attr-defined]
        f"Error: {target}: permission denied. Choose a folder you can write to, or change its "
        "permissions. Nothing was replaced.\n"
    )
    assert list(locked.iterdir()) == []


def test_report_into_an_unwritable_folder_prints_nothing_first(
    corpus_clean: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "reports"
    locked.mkdir()
    _deny_new_files(monkeypatch, locked)
    try:
        result = runner.invoke(
            app,
            ["report", "--force", "cleveland", "--clean", str(corpus_clean), "--out", str(locked)],
        )
    finally:
        locked.chmod(0o755)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {locked}: permission denied.")
    assert "Internal error" not in result.stderr and result.stderr.count("\n") == 1


def test_report_out_is_a_file(corpus_clean: Path, tmp_path: Path) -> None:
    a_file = tmp_path / "reports"
    a_file.write_text("not a folder")
    result = runner.invoke(app, ["report", "--clean", str(corpus_clean), "--out", str(a_file)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: {a_file}: is a file, not a folder. Give a folder to write into.\n"
    )


def test_ingest_out_is_a_file(tmp_path: Path) -> None:
    a_file = tmp_path / "clean"
    a_file.write_text("not a folder")
    result = runner.invoke(app, ["ingest", str(CLEVELAND), "--out", str(a_file)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {a_file}: is a file, not a folder. Give a folder to write into.\n"
    )


def _disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)


def test_export_on_a_full_disk_names_the_users_file(
    corpus_clean: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "rates.csv"
    target.write_text("the previous export\n")
    _disk_full(monkeypatch)
    result = _export(corpus_clean, target)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert result.stderr == (  # type: ignore[attr-defined]
        f"Error: {target}: the disk is full. Free some space, or write to another disk, and run "
        "again. Nothing was replaced.\n"
    )
    assert target.read_text() == "the previous export\n"
    assert [p.name for p in tmp_path.iterdir()] == ["rates.csv"]  # no temporary file left


def test_ingest_on_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _disk_full(monkeypatch)
    result = runner.invoke(
        app, ["ingest", str(CLEVELAND), "--out", str(tmp_path / "clean"), "--no-cache"]
    )
    assert result.exit_code == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"Error: {tmp_path / 'clean'}/") and "the disk is full" in last
    assert "Internal error" not in result.stderr and ".tmp" not in result.stderr


def test_report_on_a_full_disk_is_one_line_not_a_bug_report(
    corpus_clean: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _disk_full(monkeypatch)  # the chart process forked from this one inherits the full disk
    result = runner.invoke(
        app,
        ["report", "--force", "cleveland", "--clean", str(corpus_clean), "--out", str(tmp_path)],
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tmp_path / 'cleveland'}/")
    assert "the disk is full" in result.stderr and "Internal error" not in result.stderr


def test_check_and_headline_on_an_empty_dataset(tmp_path: Path) -> None:
    write_dataset(tmp_path, [], {})
    for command in ("check", "headline"):
        result = runner.invoke(app, [command, "--clean", str(tmp_path)])
        assert result.exit_code == 1, command
        assert result.stderr == (
            f"Error: {tmp_path}: the dataset is empty (no figures at all). Run 'spo-stats "
            "ingest' on a folder of returns that hold figures, then run this again.\n"
        )
        assert "0 problem" not in result.stdout


def test_headline_lists_every_rate_export_rates_lists(corpus_clean: Path) -> None:
    import csv
    import io

    rates = runner.invoke(app, ["export", "rates", "--clean", str(corpus_clean)])
    records = list(csv.DictReader(io.StringIO(rates.stdout)))
    assert len(records) >= 10
    result = runner.invoke(app, ["headline", "--clean", str(corpus_clean)])
    assert result.exit_code == 0
    assert "No area" not in result.stdout
    for r in records:
        assert f"{r['force_name']}, {r['period_label']}: " in result.stdout
    assert (
        "Cleveland Police, 2023: 4 SPOs against 410 recorded stalking offences: 0.98 per 100"
        in result.stdout
    )
    assert (
        "Cumbria Constabulary: SPOs granted for 2020, 2021, but no count of recorded stalking "
        "offences at all." in result.stdout
    )


def test_headline_without_any_rate_says_what_is_missing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(CLEVELAND), "--out", str(tmp_path)])
    assert result.exit_code == 0
    result = runner.invoke(app, ["headline", "--clean", str(tmp_path)])
    assert result.exit_code == 0
    assert "No area has both a count of SPOs granted and a count of recorded stalking" in (
        result.stdout
    )
    assert (
        "Cleveland Police: SPOs granted for 2020, 2021, 2022, 2023, but no count of recorded "
        "stalking offences at all." in result.stdout
    )
    assert "The dataset holds no count of recorded stalking offences" in result.stdout


def test_a_dataset_with_a_very_long_text_cell_reads_back(tmp_path: Path) -> None:
    # Found by make fuzz-files: a return's cell of 200 KB of text went into observations.csv,
    # past the csv module's 128 KB field limit, and every command reading the dataset stopped
    # with "_csv.Error: field larger than field limit". What ingest writes, the tool reads.
    import csv

    from spo_stats.dataset.store import load_rows, write_dataset
    from spo_stats.ingest import ingest

    limit = csv.field_size_limit()
    first = ingest(RETURNS / "01-years-as-columns", tmp_path / "first", use_cache=False)
    long = first.observations[0].model_copy(
        update={"source_label": "SPOs granted " + "x" * 200_000}
    )
    write_dataset(tmp_path / "clean", [long, *first.observations[1:]], {"files": []})
    rows = load_rows(tmp_path / "clean")
    assert len(rows) == len(first.observations) and len(rows[0].source_label) == 200_013
    assert csv.field_size_limit() == limit  # put back for the readers of returns
    result = runner.invoke(app, ["check", "--clean", str(tmp_path / "clean")])
    assert "Traceback" not in result.output and "field larger" not in result.output
