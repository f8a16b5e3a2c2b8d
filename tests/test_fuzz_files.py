"""make fuzz-files in small (issue 21): 30 mutations of returns of every format, a fresh seed each run.

The full run (2,000 mutations) is `make fuzz-files`; this one keeps every format's mutations in
the suite. Its seed is printed on failure: python -m tests.fuzz_files --seed N draws them again.
"""

from __future__ import annotations

import random
from pathlib import Path

from tests import fuzz_files


def test_thirty_mutated_returns_each_fail_alone() -> None:
    seed = random.SystemRandom().randrange(2**32)
    outcomes = fuzz_files.fuzz(30, seed)
    assert len(outcomes) == 30
    assert all(o.verdict == "ok" for o in outcomes), fuzz_files.summary(outcomes, seed)


def test_every_format_the_reader_takes_is_mutated(tmp_path: Path) -> None:
    suffixes = {p.suffix for p in fuzz_files.seeds(tmp_path)}
    assert suffixes == {".xlsx", ".xls", ".ods", ".csv", ".pdf", ".docx", ".html"}


def test_a_crash_is_reported_as_one(tmp_path: Path) -> None:
    # The harness must see what it is for: a child killed by a signal is a crash, not a pass.
    import os
    import signal

    pid = os.fork()
    if pid == 0:
        import faulthandler

        faulthandler.disable()  # pytest's would print the abort's stack
        os.kill(os.getpid(), signal.SIGABRT)
    _, status = os.waitpid(pid, 0)
    assert fuzz_files._verdict(status, "", tmp_path, 12, 0) == "crash"
    assert (
        fuzz_files._verdict(0, "Traceback (most recent call last):", tmp_path, 12, 0) == "traceback"
    )
    assert fuzz_files._verdict(0, "", tmp_path / "none", 12, 0) == "good-lost"
