from __future__ import annotations

import multiprocessing

import pytest

from spo_stats.publish.background import Prewarmed


def _square(x: int) -> int:
    return x * x


def _fail() -> None:
    raise ValueError("drawing failed")


def test_runs_in_child_and_returns() -> None:
    with Prewarmed("json") as bg:
        bg.submit(_square, 7)
        assert bg.result() == 49


def test_error_in_child_is_raised_here() -> None:
    with Prewarmed() as bg:
        bg.submit(_fail)
        with pytest.raises(RuntimeError, match="ValueError: drawing failed"):
            bg.result()


def test_without_fork_runs_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    with Prewarmed("json") as bg:
        assert bg._proc is None
        bg.submit(_square, 3)
        assert bg.result() == 9


def test_unused_child_exits() -> None:
    with Prewarmed("json") as bg:
        proc = bg._proc
    assert proc is None or not proc.is_alive()
