"""Draw a report in a second process that imports the drawing modules while the command computes.

A report spends a third of its time importing matplotlib and drawing. A worker forked when the
command starts (before it has loaded any data, or started any thread) imports those modules on
the other core while this process loads the dataset and computes, then draws what it is sent:
0.25 s off a 1.25 s report where a core is free. It is a plain process pool, so an exception in
the worker is raised here as itself, with the worker's traceback as its cause. Where fork is not
available the call runs in this process (a spawned worker would start a fresh interpreter and
import everything again: slower than drawing here).
"""

from __future__ import annotations

import importlib
import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import Any

# Long enough for any chart, short enough that a wedged worker cannot hang a command for good.
TIMEOUT_S = 120


def _import(modules: tuple[str, ...]) -> None:
    for name in modules:
        importlib.import_module(name)


class Prewarmed:
    """`with Prewarmed("matplotlib.figure") as bg:` ... `bg.submit(fn, *args)` ... `bg.result()`."""

    def __init__(self, *modules: str) -> None:
        self.modules = modules
        self.pool: ProcessPoolExecutor | None = None
        self._future: Future[Any] | None = None
        self._job: tuple[Callable[..., Any], tuple[Any, ...]] = (lambda: None, ())

    def __enter__(self) -> Prewarmed:
        if "fork" in multiprocessing.get_all_start_methods():
            self.pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_import,
                initargs=(self.modules,),
            )
            self.pool.submit(int)  # start the worker now: its imports overlap this process's work
        return self

    def submit(self, fn: Callable[..., Any], *args: Any) -> None:
        """Start fn(*args) in the worker (fn must be a module-level function)."""
        self._job = (fn, args)
        if self.pool is not None:
            self._future = self.pool.submit(fn, *args)

    def result(self) -> Any:
        """The submitted call's result, or its exception raised here; run here without a worker."""
        if self._future is None:
            fn, args = self._job
            return fn(*args)
        return self._future.result(timeout=TIMEOUT_S)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
