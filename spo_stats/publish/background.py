"""Run one slow call in a forked process that has already imported what the call needs.

Reports spend most of their time importing matplotlib (about 0.8 s) and drawing. A child forked
when the command starts imports it on the second core while the parent loads and computes, then
draws what the parent sends. Where fork is not available the call simply runs in-process.
"""

from __future__ import annotations

import importlib
import multiprocessing
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any

from spo_stats.errors import SpoStatsError

# Long enough for any chart, short enough that a wedged child cannot hang a command for good.
TIMEOUT_S = 120


def _serve(conn: Connection, parent_end: Connection, modules: tuple[str, ...]) -> None:
    # The fork copied the parent's end of the pipe: close it, or recv() never sees EOF.
    parent_end.close()
    for name in modules:
        importlib.import_module(name)
    try:
        fn, args = conn.recv()
    except EOFError:
        return  # the parent finished without needing us
    try:
        conn.send(("ok", fn(*args)))
    except SpoStatsError as exc:  # a known failure (a full disk): its one line, not a bug report
        conn.send(("known", str(exc)))
    except BaseException as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))


class Prewarmed:
    """`with Prewarmed("matplotlib.figure") as bg:` ... `bg.submit(fn, *args)` ... `bg.result()`."""

    def __init__(self, *modules: str) -> None:
        self.modules = modules
        self._conn: Connection | None = None
        self._proc: Any = None
        self._job: tuple[Callable[..., Any], tuple[Any, ...]] = (lambda: None, ())

    def __enter__(self) -> Prewarmed:
        if "fork" in multiprocessing.get_all_start_methods():
            ctx = multiprocessing.get_context("fork")
            self._conn, child = ctx.Pipe()
            self._proc = ctx.Process(
                target=_serve, args=(child, self._conn, self.modules), daemon=True
            )
            self._proc.start()
            child.close()
        return self

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        """Start fn(*args) in the child (fn must be a module-level function)."""
        self._job = (fn, args)
        if self._conn is not None:
            self._conn.send((fn, args))

    def result(self) -> Any:
        """The submitted call's result; it runs here if there is no child."""
        fn, args = self._job
        if self._conn is None:
            return fn(*args)
        conn, self._conn = self._conn, None
        try:
            if not conn.poll(TIMEOUT_S):
                raise TimeoutError(f"{fn.__name__} took more than {TIMEOUT_S} s")
            status, value = conn.recv()
        except EOFError as exc:
            raise RuntimeError(f"the process running {fn.__name__} died") from exc
        finally:
            conn.close()
        if status == "known":
            raise SpoStatsError(value)
        if status != "ok":
            raise RuntimeError(value)
        return value

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._conn is not None:
            # Nothing was collected (an error, or nothing to draw): the child's work is unwanted.
            self._conn.close()
            self._conn = None
            if self._proc is not None:
                self._proc.terminate()
        if self._proc is not None:
            self._proc.join(timeout=5)
            if self._proc.is_alive():
                self._proc.kill()
                self._proc.join()
            self._proc = None
