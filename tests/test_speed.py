"""Issue 22: reading in a pool of processes gives the same dataset as one process; an unchanged
folder is decided without opening a return and rewrites nothing; a worker that dies is its file's
failure; a run killed mid-way leaves the previous dataset; a long run is summarised on the terminal.
Timings are not tested here: `make bench` measures them."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spo_stats import ingest as ingest_mod
from spo_stats.cli.main import app
from spo_stats.ingest import ingest
from tests.conftest import RETURNS, readable_corpus

ROOT = Path(__file__).resolve().parents[1]
DATA_RAW = ROOT / "data" / "raw"
OUTPUTS = (
    "observations.csv",
    "observations.parquet",
    "population.csv",
    "datapackage.json",
    "ingest-report.json",
)


def _outputs(clean: Path) -> dict[str, bytes]:
    files = {name: (clean / name).read_bytes() for name in OUTPUTS}
    report = json.loads(files["ingest-report.json"])
    for f in report["files"]:
        f["seconds"] = 0  # how long a file took is the one thing that differs from run to run
    files["ingest-report.json"] = json.dumps(report).encode()
    # datapackage.json has no `created`: ingest reads no clock unless told the time (the CLI).
    return files


def test_two_processes_give_the_same_dataset_as_one(tmp_path: Path) -> None:
    raw = readable_corpus(tmp_path / "raw")
    one = ingest(raw, tmp_path / "one", use_cache=False, jobs=1)
    two = ingest(raw, tmp_path / "two", use_cache=False, jobs=2)
    assert one.ok and two.ok and one.observation_count > 100
    assert _outputs(tmp_path / "one") == _outputs(tmp_path / "two")


def test_files_hashed_in_a_pool_give_the_same_dataset_and_index_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With the cache, the files its index does not know are hashed in the pool: the keys, the
    # index and so the dataset are the ones the parent alone would make.
    monkeypatch.setattr(ingest_mod, "POOL_SURVEY_FILES", 2)
    monkeypatch.setattr(ingest_mod.cache, "RACY_SECONDS", 0)  # files copied a moment ago
    raw = readable_corpus(tmp_path / "raw")
    one = ingest(raw, tmp_path / "one", jobs=1)
    two = ingest(raw, tmp_path / "two", jobs=2)
    assert one.ok and two.ok
    assert _outputs(tmp_path / "one") == _outputs(tmp_path / "two")
    index = [
        json.loads((tmp_path / d / ".cache" / "index.json").read_text()) for d in ("one", "two")
    ]
    assert index[0] == index[1] and len(index[0]["files"]) > 20
    keys = [
        sorted(p.name for p in (tmp_path / d / ".cache").glob("*.json")) for d in ("one", "two")
    ]
    assert keys[0] == keys[1]
    again = ingest(raw, tmp_path / "two", jobs=2)  # the index the pool made is used
    assert again.written and all(f.cached for f in again.files if f.status == "ok")


def test_progress_is_told_once_per_file_in_a_pool(tmp_path: Path) -> None:
    raw = readable_corpus(tmp_path / "raw")
    seen: list[Path] = []
    ingest(raw, tmp_path / "clean", use_cache=False, jobs=2, on_file=seen.append)
    assert sorted(seen) == ingest_mod.discover(raw)


def _never(*args: object, **kwargs: object) -> object:
    raise AssertionError(f"opened a file on an unchanged run: {args[:1]}")


def test_unchanged_folder_opens_no_return_and_rewrites_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # data/raw holds ONS population files, which used to be left out of the count of cached
    # files, so every run there rewrote the whole dataset.
    clean = tmp_path / "clean"
    first = ingest(DATA_RAW, clean)
    assert first.written and first.population_count > 0
    before = {p.name: p.stat().st_mtime_ns for p in clean.iterdir() if p.is_file()}
    for name in ("read_file", "peek", "sha256_of", "population_kind", "write_dataset"):
        monkeypatch.setattr(ingest_mod, name, _never)
    monkeypatch.setattr(ingest_mod.cache.Packs, "get", _never)
    again = ingest(DATA_RAW, clean)
    assert again.written and again.observation_count == first.observation_count
    assert {p.name: p.stat().st_mtime_ns for p in clean.iterdir() if p.is_file()} == before
    assert [f.file for f in again.files] == [f.file for f in first.files]


def test_unchanged_run_still_gives_its_observations_when_asked(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    first = ingest(DATA_RAW, clean)
    again = ingest(DATA_RAW, clean)
    assert again.observations == first.observations
    assert again.population == first.population


def test_a_file_changed_with_the_same_size_and_time_is_caught_by_its_inode_or_ctime(
    tmp_path: Path,
) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RETURNS / "12-force-from-file-name", raw)
    csv_file = raw / "foi_wyp_stalking.csv"
    old = csv_file.stat()
    os.utime(csv_file, ns=(old.st_atime_ns - 10**10, old.st_mtime_ns - 10**10))  # not racy
    clean = tmp_path / "clean"
    ingest(raw, clean)
    stamp = csv_file.stat()
    csv_file.write_text(csv_file.read_text().replace("2021,5", "2021,6"))
    os.utime(csv_file, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # same size, same mtime
    again = ingest(raw, clean)
    assert [o.value for o in again.observations if o.period_start.year == 2021] == [6]


def _dies_on_cleveland(path: Path, *args: object, **kwargs: object) -> object:
    if path.name == "cleveland-foi-123-24.xlsx":
        os._exit(3)  # as a segfault or the OOM killer would: no exception, no result
    return REAL_READ(path, *args, **kwargs)  # type: ignore[operator]


REAL_READ = ingest_mod.read_file


def test_a_worker_that_dies_is_that_files_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RETURNS / "01-years-as-columns", raw / "a")
    shutil.copytree(RETURNS / "12-force-from-file-name", raw / "b")
    assert (raw / "a" / "cleveland-foi-123-24.xlsx").is_file()
    monkeypatch.setattr(ingest_mod, "read_file", _dies_on_cleveland)
    result = ingest(raw, tmp_path / "clean", use_cache=False, jobs=2)
    by_file = {f.file: f for f in result.files}
    assert by_file["a/cleveland-foi-123-24.xlsx"].status == "failed"
    assert by_file["a/cleveland-foi-123-24.xlsx"].error == (
        "a/cleveland-foi-123-24.xlsx: the process reading it died (it ended without a result), twice; the "
        "file is probably damaged or far too large. Open and save it again, or run with --jobs 1 "
        "to see more."
    )
    assert all(
        f.status == "ok" for name, f in by_file.items() if name != "a/cleveland-foi-123-24.xlsx"
    )
    assert result.written


def test_killing_the_run_midway_leaves_the_previous_dataset(tmp_path: Path) -> None:
    raw = readable_corpus(tmp_path / "raw")
    clean = tmp_path / "clean"
    ingest(raw, clean)
    before = {p.name: p.read_bytes() for p in clean.iterdir() if p.is_file()}
    for path in raw.rglob("*.csv"):  # every file changed: the run must read them all again
        path.write_bytes(path.read_bytes().replace(b"2021,5", b"2021,7") + b"\n")
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from spo_stats.ingest import ingest
        def told(path):
            print(path, flush=True)
        ingest(Path({str(raw)!r}), Path({str(clean)!r}), use_cache=False, jobs=2, on_file=told)
    """)
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, cwd=ROOT, start_new_session=True
    )
    assert proc.stdout is not None
    for _ in range(5):  # a few files read, most not
        assert proc.stdout.readline()
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, as a power cut would
    proc.wait()
    assert {p.name: p.read_bytes() for p in clean.iterdir() if p.is_file()} == before


runner = CliRunner()


def test_many_files_are_summarised_on_the_terminal(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    for i in range(45):
        shutil.copytree(RETURNS / "01-years-as-columns", raw / f"copy{i:02d}")
    res = runner.invoke(app, ["ingest", str(raw), "--out", str(tmp_path / "clean"), "-q"])
    assert res.exit_code == 0, res.output
    assert "copy00/cleveland-foi-123-24.xlsx" not in res.output
    assert f"Ingested {raw} (a row per file: --verbose)" in res.output
    assert "│ ok     │    45 │          540 │" in res.output
    loud = runner.invoke(app, ["ingest", str(raw), "--out", str(tmp_path / "clean"), "-v"])
    assert loud.exit_code == 0
    assert all(f"copy{i:02d}/cleveland-foi-123-24.xlsx" in loud.output for i in range(45))


def test_jobs_must_be_at_least_one(tmp_path: Path) -> None:
    res = runner.invoke(app, ["ingest", str(RETURNS), "--out", str(tmp_path), "--jobs", "0"])
    assert res.exit_code == 2


def test_ctrl_c_in_a_pool_is_an_interruption_not_an_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Regression: stopping the pool after Ctrl-C read pool._processes after shutdown had set it
    # to None, and the run ended in "Internal error: AttributeError" instead of exit 130.
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("spo_stats.ingest.read_file", interrupted)
    result = runner.invoke(
        app, ["ingest", str(RETURNS), "--out", str(tmp_path / "clean"), "--no-cache", "--jobs", "2"]
    )
    assert result.exit_code == 130, result.stderr
    assert "Internal error" not in result.stderr


def test_the_ingest_report_is_a_line_a_file_and_reads_back_whole(tmp_path: Path) -> None:
    # Laid out a line a file (json's C encoder writes each), not indented at every level.
    raw = readable_corpus(tmp_path / "raw")
    result = ingest(raw, tmp_path / "clean")
    text = (tmp_path / "clean" / "ingest-report.json").read_text(encoding="utf-8")
    assert json.loads(text) == json.loads(json.dumps(result.report()))
    lines = text.splitlines()
    assert len(lines) == len(result.files) + len(result.report()) + 3
    assert all(line.startswith('    {"file": ') for line in lines[4 : 4 + len(result.files)])


def test_ingest_gives_back_the_cycle_collector_as_it_found_it(tmp_path: Path) -> None:
    # Held off while a run builds its observations: a library caller's setting is restored.
    import gc

    assert gc.isenabled()
    ingest(RETURNS / "01-years-as-columns", tmp_path / "a", jobs=2)
    assert gc.isenabled()
    gc.disable()
    try:
        ingest(RETURNS / "01-years-as-columns", tmp_path / "b")
        assert not gc.isenabled()
    finally:
        gc.enable()
