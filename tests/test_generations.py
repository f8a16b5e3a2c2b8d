"""The dataset is wholly old or wholly new whenever and however ingest is stopped (issue 21).

Each run is stopped at a named phase of its write (SPO_STATS_STOP_AT, dataset/stops.py), by
Ctrl-C and by kill -9, in a subprocess: one test per phase and way, chosen, not by chance. The
runs go at once (a handful at a time) so the 32 of them cost a few seconds.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spo_stats.cli.main import app
from spo_stats.dataset import generations
from spo_stats.dataset.stops import PHASES, STOP_AT, STOP_HOW
from spo_stats.dataset.store import PARTS, load_ingest_report, load_rows
from spo_stats.ingest import ingest
from tests.conftest import RETURNS

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[1]
RETURN = RETURNS / "12-force-from-file-name" / "foi_wyp_stalking.csv"
OLD, NEW = 5, 6  # West Yorkshire's SPOs in 2021, before and after the return is corrected
WAYS = ("sigint", "sigkill")
CLI = "from spo_stats.cli.main import run; run()"
# A stop before the rename of .current leaves the old dataset; at it or after, the new one.
FIRST_NEW = PHASES.index("switched")


def _raw(folder: Path, value: int) -> Path:
    folder.mkdir(parents=True)
    text = RETURN.read_text(encoding="utf-8").replace("2021,5", f"2021,{value}")
    (folder / RETURN.name).write_text(text, encoding="utf-8")
    return folder


def _as_plain_files(clean: Path) -> None:
    """The dataset as an older version left it: plain files, no generations."""
    for name in PARTS:
        data = (clean / name).read_bytes()
        (clean / name).unlink()
        (clean / name).write_bytes(data)
    (clean / generations.CURRENT).unlink()
    shutil.rmtree(clean / generations.GENERATIONS)


def _parts(clean: Path) -> dict[str, bytes]:
    return {n: (clean / n).read_bytes() for n in PARTS if (clean / n).is_file()}


def _value(clean: Path) -> set[object]:
    """The 2021 figure as the CSV and Parquet give it, and the raw folder the report names: one
    figure and one folder for a dataset not mixed."""
    import pyarrow.parquet as pq

    in_csv = {o.value for o in load_rows(clean) if o.period_start.year == 2021}
    table = pq.read_table(clean / "observations.parquet").to_pylist()
    in_parquet = {r["value"] for r in table if r["period_start"].year == 2021}
    return in_csv | in_parquet | {Path(load_ingest_report(clean)["raw"]).name}


def _which(clean: Path, old: dict[str, bytes]) -> str:
    """'old' or 'new', or an AssertionError naming the mix."""
    now = _parts(clean)
    if now == old:
        return "old"
    manifest = generations.read_manifest(clean)
    assert manifest is not None, f"parts changed but no manifest: {sorted(now)}"
    listed = {n: m["sha256"] for n, m in manifest["parts"].items()}
    assert {n: hashlib.sha256(d).hexdigest() for n, d in now.items()} == listed, "mixed parts"
    assert _value(clean) == {NEW, "new"}, "the parts say different figures"
    return "new"


def _cases() -> list[tuple[str, str]]:
    return [(phase, how) for phase in PHASES for how in WAYS]


# One process imports the tool once, then forks a child per run (each child a whole ingest, with
# the stop in its own environment): 32 fresh interpreters cost 18 s of start-up on a busy machine.
FORKER = """
import json, os, sys
from spo_stats.cli import main
runs, running, status = json.loads(sys.argv[1]), {}, {}
sys.argv = ["spo-stats", *json.loads(sys.argv[2])]
try:  # one ingest first, so each child inherits the readers and pyarrow already imported
    main.run()
except SystemExit:
    pass
def reap():
    pid, code = os.wait()
    status[running.pop(pid)] = code
for n, run in enumerate(runs):
    if len(running) >= 4:
        reap()
    pid = os.fork()
    if pid == 0:
        err = os.open(run["stderr"], os.O_WRONLY | os.O_CREAT, 0o644)
        os.dup2(err, 2)
        os.environ.update(run["env"])
        sys.argv = ["spo-stats", *run["argv"]]
        try:
            main.run()
        except SystemExit as exc:
            os._exit(exc.code if isinstance(exc.code, int) else 1)
        os._exit(0)
    running[pid] = n
while running:
    reap()
print(json.dumps([status[n] for n in range(len(runs))]))
"""


def _prepare(base: Path, old_clean: Path, plain_clean: Path, phase: str, how: str) -> dict:
    here = base / f"{phase}-{how}"
    takeover = phase.startswith("takeover")
    clean = here / "clean"
    shutil.copytree(plain_clean if takeover else old_clean, clean, symlinks=True)
    raw = _raw(here / "new", NEW)
    return {
        "env": {STOP_AT: phase, STOP_HOW: how},
        "argv": ["ingest", str(raw), "--out", str(clean), "-q", "--jobs", "1"],
        "stderr": str(here / "stderr"),
        "clean": clean,
        "raw": raw,
        "takeover": takeover,
    }


@pytest.fixture(scope="module")
def stopped(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict]:
    """Every (phase, way) run, stopped there; with the old dataset each began from."""
    base = tmp_path_factory.mktemp("stops")
    old_clean = base / "old-clean"
    ingest(_raw(base / "old", OLD), old_clean)
    plain_clean = base / "plain-clean"
    shutil.copytree(old_clean, plain_clean, symlinks=True)
    _as_plain_files(plain_clean)
    olds = {False: _parts(old_clean), True: _parts(plain_clean)}
    runs = {case: _prepare(base, old_clean, plain_clean, *case) for case in _cases()}
    jobs = [{k: r[k] for k in ("env", "argv", "stderr")} for r in runs.values()]
    warm = ["ingest", str(base / "old"), "--out", str(base / "warm"), "-q", "--jobs", "1"]
    proc = subprocess.run(
        [sys.executable, "-c", FORKER, json.dumps(jobs), json.dumps(warm)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    for run, code in zip(runs.values(), json.loads(proc.stdout.splitlines()[-1]), strict=True):
        run["status"] = code
        run["old"] = olds[bool(run["takeover"])]
    return runs


@pytest.mark.parametrize(("phase", "how"), _cases())
def test_stopped_at_each_phase_leaves_old_or_new_and_says_which(
    stopped: dict[tuple[str, str], dict[str, object]], phase: str, how: str
) -> None:
    run = stopped[(phase, how)]
    clean, old, status = run["clean"], run["old"], run["status"]
    stderr = Path(run["stderr"]).read_text()
    expected = "new" if PHASES.index(phase) >= FIRST_NEW else "old"
    if how == "sigkill":
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, stderr
    else:
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 130, stderr
        said = {
            "old": f"Interrupted: nothing was changed: {clean} holds the dataset from before",
            "new": f"Interrupted: the new dataset had already been written: {clean} holds this "
            "run's dataset, whole.",
        }[expected]
        assert said in " ".join(stderr.split()), stderr
    assert _which(clean, old) == expected
    # The next run finishes the job and leaves one generation, no temporary file.
    again = ingest(Path(str(run["raw"])), clean)
    assert again.written and _which(clean, old) == "new"
    assert len(list((clean / generations.GENERATIONS).iterdir())) == 1
    assert not [p.name for p in clean.iterdir() if p.name.endswith(".tmp")]


def test_an_older_versions_plain_files_are_taken_over(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    ingest(_raw(tmp_path / "old", OLD), clean)
    _as_plain_files(clean)
    assert load_rows(clean) and not (clean / generations.CURRENT).exists()
    ingest(_raw(tmp_path / "new", NEW), clean)
    assert all((clean / n).is_symlink() for n in PARTS)
    assert _value(clean) == {NEW, "new"}
    assert len(list((clean / generations.GENERATIONS).iterdir())) == 1


def test_unchanged_is_decided_from_the_manifest_on_disk(tmp_path: Path) -> None:
    raw = _raw(tmp_path / "old", OLD)
    clean = tmp_path / "clean"
    ingest(raw, clean)
    first = generations.current_folder(clean)
    ingest(raw, clean)
    assert generations.current_folder(clean) == first  # nothing changed: the dataset is kept
    # A part edited by hand no longer matches its manifest: the next run writes it again.
    (clean / "observations.csv").write_text("force\n")
    ingest(raw, clean)
    assert generations.current_folder(clean) != first and _value(clean) == {OLD, "old"}
    # An old version's fingerprint file beside the cache is no longer trusted, and goes.
    assert not (clean / ".cache" / "fingerprint.json").exists()


def test_a_reader_resolves_the_current_generation_once(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    ingest(_raw(tmp_path / "old", OLD), clean)
    folder = generations.current_folder(clean)
    assert folder.parent.name == generations.GENERATIONS
    ingest(_raw(tmp_path / "new", NEW), clean)
    assert generations.current_folder(clean) != folder
    assert not folder.exists()  # replaced, so removed; a reader that held it read it whole


def test_without_symlinks_a_part_replaced_dataset_is_said_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generations, "_symlinks_work", lambda out: False)
    clean = tmp_path / "clean"
    ingest(_raw(tmp_path / "old", OLD), clean)
    raw = _raw(tmp_path / "new", NEW)
    assert not (clean / generations.CURRENT).exists() and generations.unchanged(
        clean,
        generations.read_manifest(clean)["fingerprint"],  # type: ignore[index]
    )

    def stop(phase: str) -> None:
        if phase == "links":
            raise KeyboardInterrupt

    monkeypatch.setattr(generations, "stop_point", stop)
    result = runner.invoke(app, ["ingest", str(raw), "--out", str(clean), "-q"])
    assert result.exit_code == 130
    assert "may mix old and new files. Run ingest again." in " ".join(result.stderr.split())
    assert generations.read_manifest(clean) is None
    monkeypatch.setattr(generations, "stop_point", lambda phase: None)
    ingest(raw, clean)
    assert _value(clean) == {NEW, "new"} and generations.read_manifest(clean) is not None


def test_a_second_ingest_while_one_is_writing_waits_its_turn(tmp_path: Path) -> None:
    """Two ingests into one --out: the second, while the first is frozen mid-write (holding its
    lock), says the folder is in use and changes nothing; the first then finishes whole."""
    clean = tmp_path / "clean"
    ingest(_raw(tmp_path / "old", OLD), clean)
    old = _parts(clean)
    raw = _raw(tmp_path / "new", NEW)
    env = {**os.environ, STOP_AT: "links", STOP_HOW: "sigstop", "PYTHONPATH": str(ROOT)}
    first = subprocess.Popen(
        [sys.executable, "-c", CLI, "ingest", str(raw), "--out", str(clean), "-q"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_until_stopped(first.pid)
        second = runner.invoke(app, ["ingest", str(raw), "--out", str(clean), "-q"])
        assert second.exit_code == 1
        assert "another spo-stats ingest is writing this folder now" in second.stderr
        assert _which(clean, old) == "old"
    finally:
        os.kill(first.pid, signal.SIGCONT)
        first.wait(timeout=60)
    assert first.returncode == 0
    assert _which(clean, old) == "new"
    with (clean / ".lock").open() as fh:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released


def _wait_until_stopped(pid: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        if state == "T":
            return
        time.sleep(0.02)
    raise AssertionError("the first ingest never reached its stop")


def test_a_kill_point_is_a_real_phase() -> None:
    # A phase the code never reaches would make its test pass by never stopping.
    source = "".join(
        p.read_text() for p in (ROOT / "spo_stats").rglob("*.py") if "stop_point(" in p.read_text()
    )
    for phase in PHASES:
        assert f'stop_point("{phase}")' in source or phase in PARTS, phase
    assert json.dumps(PHASES)
