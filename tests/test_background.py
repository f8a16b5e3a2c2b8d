from __future__ import annotations

import errno
import multiprocessing
import os

import pytest

from spo_stats.errors import OutputWriteError
from spo_stats.publish.background import Prewarmed


def _square(x: int) -> int:
    return x * x


def _fail() -> None:
    raise ValueError("drawing failed")


def _disk_full(path: str) -> None:
    raise OutputWriteError(path, OSError(errno.ENOSPC, "No space left on device"))


def _pid() -> int:
    return os.getpid()


def test_runs_in_a_worker_and_returns() -> None:
    with Prewarmed("json") as bg:
        bg.submit(_pid)
        assert bg.result() != os.getpid()
        bg.submit(_square, 7)
        assert bg.result() == 49


def test_an_error_in_the_worker_is_raised_here_as_itself() -> None:
    # Once returned as a string and raised as RuntimeError: a caller could not tell a bug from
    # a known failure, nor catch the class it expects.
    with Prewarmed() as bg:
        bg.submit(_fail)
        with pytest.raises(ValueError, match=r"^drawing failed$"):
            bg.result()


def test_a_known_failure_in_the_worker_keeps_its_class_and_words() -> None:
    with Prewarmed() as bg:
        bg.submit(_disk_full, "reports/national/briefing.html")
        with pytest.raises(OutputWriteError) as got:
            bg.result()
    assert str(got.value) == (
        "reports/national/briefing.html: the disk is full. Free some space, or write to another "
        "disk, and run again. Nothing was replaced."
    )
    assert got.value.path == "reports/national/briefing.html"


def test_without_fork_runs_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    with Prewarmed("json") as bg:
        assert bg.pool is None
        bg.submit(_pid)
        assert bg.result() == os.getpid()


def test_an_unused_worker_is_gone_after_the_block() -> None:
    with Prewarmed("json") as bg:
        pool = bg.pool
    assert bg.pool is None
    if pool is not None:
        with pytest.raises(RuntimeError):  # shut down: takes no more work
            pool.submit(_square, 2)
