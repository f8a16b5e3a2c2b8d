"""make fuzz-files: mutated returns of every format the reader takes, each beside a good return.

Each mutation (bit flips, cuts, inserted and repeated bytes, boundary numbers, and for the zipped
formats a mutation of one XML part, zipped again) is ingested beside a good return in a process
of its own, with a ceiling of 3 GB of address space and 10 s. Counted as failures: a crash (a
signal, a native abort, an exit code other than 0 or 1), a traceback or panic on the terminal, a
hang (past 10 s), memory over the ceiling (MemoryError, or a peak past it), and the good return's
figures missing. A fresh seed each run, printed; --seed N draws the same mutations again.

    python -m tests.fuzz_files --mutations 2000 [--seed N] [--keep DIR]

One process imports spo-stats and reads a good return once, then forks a child per mutation, so
a mutation costs its own reading, not an interpreter's start-up.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RETURNS = ROOT / "tests" / "fixtures" / "returns"
GOOD = RETURNS / "01-years-as-columns" / "cleveland-foi-123-24.xlsx"
MEMORY = 3 * 1024**3
SECONDS = 10.0
ZIPPED = (".xlsx", ".ods", ".docx")


def seeds(folder: Path) -> list[Path]:
    """One good file of each format: the fixtures' own, and letters written now."""
    from tests.fixtures import make_letters as letters

    found = [
        RETURNS / "03-merged-two-level-header",
        RETURNS / "08-legacy-xls",
        RETURNS / "07-quarters-ods",
        RETURNS / "02-years-as-rows-csv-bom",
    ]
    files = [
        next(p for p in sorted(d.rglob("*")) if p.is_file() and p.suffix != ".md") for d in found
    ]
    blocks = letters.table_letter()
    for suffix, write in (
        (".pdf", letters.write_pdf),
        (".docx", letters.write_docx),
        (".html", letters.write_html),
    ):
        path = folder / f"letter{suffix}"
        write(path, blocks)
        files.append(path)
    return files


# Byte mutations: what a cut download, a bad disk or a hostile writer gives.
_BOUNDARY = [
    b"\xff\xff\xff\xff",
    b"\x7f\xff\xff\xff",
    b"\x00\x00\x00\x80",
    b"\x00" * 4,
    b"\xfe\xff",
]


def flip(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        i = rng.randrange(len(b))
        b[i] ^= 1 << rng.randrange(8)
    return bytes(b)


def cut(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(1, max(2, len(data)))]


def insert(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.randbytes(rng.randint(1, 512)) + data[i:]


def repeat(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data))
    piece = data[i : i + rng.randint(1, 64)]
    return data[:i] + piece * rng.randint(2, 20_000) + data[i:]


def boundary(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        value = rng.choice(_BOUNDARY)
        i = rng.randrange(max(1, len(b) - len(value)))
        b[i : i + len(value)] = value
    return bytes(b)


BYTES: list[Callable[[random.Random, bytes], bytes]] = [flip, cut, insert, repeat, boundary]


# Text mutations of one XML part (or a CSV or page): far cells, huge numbers, deep nesting,
# long runs, broken markup, control characters.
def _text(rng: random.Random, text: str) -> str:
    choice = rng.randrange(9)
    if choice == 0:  # a cell reference or repeat count at the edge of the grid
        return re.sub(r'r="[A-Z]+(\d+)"', lambda m: 'r="XFD1048576"', text, count=1)
    if choice == 1:
        return re.sub(
            r"(number-columns-repeated|number-rows-repeated)=\"\d+\"", r'\1="1048576"', text
        )
    if choice == 2:  # a number no return holds
        return re.sub(r"\b\d+\b", lambda m: str(rng.choice([10**30, -1, 2**63, 0])), text, count=5)
    if choice == 3:  # deep nesting
        depth = rng.randint(100, 20_000)
        i = rng.randrange(len(text) + 1)
        return text[:i] + "<x>" * depth + "</x>" * depth + text[i:]
    if choice == 4:  # a long run
        i = rng.randrange(len(text) + 1)
        return (
            text[:i]
            + rng.choice(["A", "9", " ", "&amp;", "<!-- -->"]) * rng.randint(1, 300_000)
            + text[i:]
        )
    if choice == 5:  # cut mid-tag
        return text[: rng.randrange(1, max(2, len(text)))]
    if choice == 6:  # control characters and odd code points
        i = rng.randrange(len(text) + 1)
        junk = "".join(rng.choice("\x00\x1b\r\n\u202e\u2028\ufffe\ud7ff,\"'<>&") for _ in range(40))
        return text[:i] + junk + text[i:]
    if choice == 7:  # an element repeated
        m = re.search(r"<(\w[\w:]*)[^>]*>[^<]*</\1>", text)
        if m:
            return text[: m.start()] + m.group(0) * rng.randint(2, 5000) + text[m.start() :]
        return text
    # an entity reference that goes nowhere, or a doctype
    return text.replace("?>", '?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', 1) + "&a;&undefined;"


def zipped(rng: random.Random, data: bytes) -> bytes:
    """One part of a zipped file (xlsx, ods, docx) mutated, the rest kept, zipped again."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = {i.filename: zf.read(i) for i in zf.infolist()}
    except zipfile.BadZipFile:
        return flip(rng, data)
    xml = [n for n in members if n.endswith(".xml")] or list(members)
    name = rng.choice(xml)
    if rng.random() < 0.8:
        members[name] = _text(rng, members[name].decode("utf-8", "replace")).encode("utf-8")
    else:
        members[name] = rng.choice(BYTES)(rng, members[name] or b" ")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in members.items():
            zf.writestr(n, d)
    return buf.getvalue()


def textual(rng: random.Random, data: bytes) -> bytes:
    return _text(rng, data.decode("utf-8", "replace")).encode("utf-8")


def mutate(rng: random.Random, seed: Path) -> tuple[str, bytes]:
    data = seed.read_bytes()
    kinds: list[Callable[[random.Random, bytes], bytes]] = list(BYTES)
    if seed.suffix in ZIPPED:
        kinds += [zipped] * 4
    if seed.suffix in (".csv", ".html"):
        kinds += [textual] * 3
    how = rng.choice(kinds)
    return how.__name__, how(rng, data)


@dataclass
class Outcome:
    case: int
    file: str
    how: str
    verdict: str  # ok, or crash, traceback, hang, memory, good-lost
    seconds: float
    peak_mb: float
    detail: str


def _child(raw: Path, clean: Path, out: Path) -> None:
    """In the forked child: the ceiling, then one ingest through the CLI."""
    from spo_stats.cli import main

    os.setpgid(0, 0)  # a group of its own: a hang is killed with whatever it started
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.environ["RUST_BACKTRACE"] = "0"
    # One process, so a native crash or a balloon shows as what it is (a pool would isolate it
    # as a failed file) and the peak measured is the reader's own.
    sys.argv = ["spo-stats", "ingest", str(raw), "--out", str(clean), "--no-cache", "-q"]
    sys.argv += ["--jobs", "1", "--file-seconds", str(SECONDS)]
    try:
        main.run()
    except SystemExit as exc:
        os._exit(exc.code if isinstance(exc.code, int) else 1)
    os._exit(0)


def run_one(case: int, seed: Path, rng: random.Random, work: Path, good_rows: int) -> Outcome:
    how, data = mutate(rng, seed)
    here = work / f"case-{case}"
    raw = here / "raw"
    raw.mkdir(parents=True)
    shutil.copy(GOOD, raw / "good.xlsx")
    name = f"mutated{seed.suffix}"
    (raw / name).write_bytes(data)
    out = here / "output.txt"
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            _child(raw, here / "clean", out)
        finally:
            os._exit(70)
    verdict, status, usage = "", 0, None
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() - started > SECONDS + 5:  # start-up and the good return's share
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
            _, status, usage = os.wait4(pid, 0)
            verdict = "hang"
            break
        time.sleep(0.02)
    seconds = time.monotonic() - started
    peak = (usage.ru_maxrss / 1024) if usage else 0.0
    text = out.read_text(errors="replace") if out.exists() else ""
    verdict = verdict or _verdict(status, text, here / "clean", good_rows, peak)
    detail = "" if verdict == "ok" else _tail(text)
    return Outcome(case, seed.name, how, verdict, round(seconds, 2), round(peak), detail)


def _verdict(status: int, text: str, clean: Path, good_rows: int, peak_mb: float) -> str:
    if os.WIFSIGNALED(status):
        return "crash"
    code = os.WEXITSTATUS(status)
    if "MemoryError" in text or "memory allocation" in text or peak_mb * 1024**2 > MEMORY:
        return "memory"
    if "Traceback" in text or "panicked" in text or "PanicException" in text:
        return "traceback"
    if code not in (0, 1):
        return "crash"
    from spo_stats.dataset.store import load_rows
    from spo_stats.errors import SpoStatsError

    try:
        rows = [o for o in load_rows(clean) if o.source_file == "good.xlsx"]
    except (SpoStatsError, OSError):
        return "good-lost"
    except Exception:  # the dataset written cannot be read back: a bug of its own
        return "dataset-unreadable"
    return "ok" if len(rows) == good_rows else "good-lost"


def _tail(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return " | ".join(lines[-4:])[:400]


def _good_rows(work: Path) -> int:
    """Read the good return once here: its figure count, and every reader imported for the forks."""
    from spo_stats.ingest import ingest

    raw = work / "good"
    raw.mkdir()
    shutil.copy(GOOD, raw / "good.xlsx")
    return ingest(raw, work / "good-clean", use_cache=False, jobs=1).observation_count


def fuzz(mutations: int, seed: int, keep: Path | None = None) -> list[Outcome]:
    rng = random.Random(seed)
    work = Path(tempfile.mkdtemp(prefix="spo-fuzz-files-"))
    try:
        files = seeds(work)
        good_rows = _good_rows(work)
        outcomes = []
        for case in range(mutations):
            outcome = run_one(case, rng.choice(files), rng, work, good_rows)
            outcomes.append(outcome)
            if outcome.verdict == "ok":
                shutil.rmtree(work / f"case-{case}", ignore_errors=True)
            elif keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                src = work / f"case-{case}" / "raw"
                for p in src.glob("mutated*"):
                    shutil.copy(p, keep / f"case-{case}-{outcome.verdict}{p.suffix}")
        return outcomes
    finally:
        shutil.rmtree(work, ignore_errors=True)


def summary(outcomes: list[Outcome], seed: int) -> str:
    verdicts = Counter(o.verdict for o in outcomes)
    by_format: dict[str, Counter[str]] = {}
    for o in outcomes:
        by_format.setdefault(Path(o.file).suffix, Counter())[o.verdict] += 1
    slowest = max(outcomes, key=lambda o: o.seconds)
    biggest = max(outcomes, key=lambda o: o.peak_mb)
    lines = [
        f"seed {seed}: {len(outcomes)} mutations; "
        + ", ".join(f"{v} {n}" for v, n in sorted(verdicts.items())),
        "by format: " + "; ".join(f"{f} {dict(c)}" for f, c in sorted(by_format.items())),
        f"slowest {slowest.seconds} s ({slowest.file}, {slowest.how}); "
        f"peak {biggest.peak_mb:.0f} MB ({biggest.file}, {biggest.how})",
    ]
    for o in outcomes:
        if o.verdict != "ok":
            lines.append(f"  case {o.case} {o.verdict} {o.file} {o.how} {o.seconds} s: {o.detail}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutations", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", type=Path, default=None, help="folder to copy failing files to")
    parser.add_argument("--json", type=Path, default=None, help="write every outcome here")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    print(f"fuzz-files: seed {seed} (--seed {seed} draws the same mutations again)", flush=True)
    outcomes = fuzz(args.mutations, seed, args.keep)
    print(summary(outcomes, seed))
    if args.json:
        args.json.write_text(json.dumps([o.__dict__ for o in outcomes], indent=1))
    return 0 if all(o.verdict == "ok" for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
