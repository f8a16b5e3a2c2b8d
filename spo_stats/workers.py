"""Reading files in a pool of processes: returns are independent until the dataset is assembled.

The results come back by each file's place in the list, so the caller assembles them in the same
order whatever the number of processes; the output does not depend on which worker finished first.
A worker that dies (killed, out of memory, a crash in native code) costs the files it was given
another try each, alone in a fresh process; a file that kills that process too fails alone.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

R = TypeVar("R")
T = TypeVar("T")
Opt = TypeVar("Opt")
# A file, its SHA-256 where already known, and its cache key where its reading is to be kept.
Task = tuple[Path, str | None, str | None]
Reader = Callable[[Path, Path, Opt, str | None, str | None], R]


def default_jobs() -> int:
    """The cores this process may run on (a container's or taskset's limit, not the machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext:
    # fork: a worker starts with the modules already imported (spawn would import them again,
    # some 0.5 s a worker); the parent runs no threads of its own while workers are made.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else methods[0])


def _worker_start() -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent alone handles it, and the
    # workers end when it shuts the pool down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.enable()  # a worker reads files: their garbage is collected as it goes (see collector)


@contextmanager
def collector(on: bool) -> Iterator[None]:
    """Python's cycle collector on or off for the block, as it was after.

    Ingest holds it off while it builds the tens of thousands of observations and reports that
    live the whole run, none in a cycle: its passes over them, each over every one, were 0.4 of
    the 1.8 CPU seconds of a run that read one file of 5,040. Reading is done with it on: a
    reader's parsers and workbooks do make cycles, which would otherwise pile up.
    """
    was = gc.isenabled()
    if on:
        gc.enable()
    else:
        gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


def read_in_pool(
    read: Reader[Opt, R],
    tasks: list[Task],
    raw: Path,
    option: Opt,
    jobs: int,
    done: Callable[[int, R], None],
    died: Callable[[int, str], R],
) -> None:
    """done(i, read(path, raw, option, sha, key)) for every task i, as each finishes, in `jobs`
    processes.

    died(i, detail) makes the result of a file whose process died twice.
    """
    lost = _run(read, tasks, list(range(len(tasks))), raw, option, jobs, done)
    for i in lost:
        # Which file of the broken pool killed its worker is not known: each is tried alone.
        if _run(read, tasks, [i], raw, option, 1, done):
            done(i, died(i, "it ended without a result"))


# Files go to a worker some at a time, not one by one: each task costs the parent, which takes
# every result in turn, some 0.1 ms however small the file (a fifth of a core over 5,040 returns).
# A few tasks a worker per round keep the workers evenly busy to the end.
_MOST_A_TASK = 32


def chunks(which: list[int], jobs: int) -> list[list[int]]:
    size = max(1, min(_MOST_A_TASK, len(which) // (jobs * 4)))
    return [which[n : n + size] for n in range(0, len(which), size)]


def _read_some(read: Reader[Opt, R], tasks: list[Task], raw: Path, option: Opt) -> list[R]:
    return [read(task[0], raw, option, *task[1:]) for task in tasks]


def _run(
    read: Reader[Opt, R],
    tasks: list[Task],
    which: list[int],
    raw: Path,
    option: Opt,
    jobs: int,
    done: Callable[[int, R], None],
) -> list[int]:
    """Run the tasks `which`; the ones lost to a worker's death, in order."""
    lost: list[int] = []
    with _pool(min(jobs, len(which))) as pool:
        futures: dict[Future[list[R]], list[int]] = {
            pool.submit(_read_some, read, [tasks[i] for i in some], raw, option): some
            for some in chunks(which, jobs)
        }
        for future in as_completed(futures):
            try:
                results = future.result()
            except (BrokenProcessPool, Exception):  # a death, or a result that would not pickle
                lost.extend(futures[future])
                continue
            for i, result in zip(futures[future], results, strict=True):
                done(i, result)
    return sorted(lost)


def map_in_pool(work: Callable[[T], R], items: list[T], jobs: int) -> list[R] | None:
    """[work(x) for x in items] in `jobs` processes, in order; None where a worker died (the
    caller does the work itself, where a failure is its own)."""
    with _pool(jobs) as pool:
        some = chunks(list(range(len(items))), jobs)
        futures = [pool.submit(_map_some, work, [items[i] for i in part]) for part in some]
        try:
            return [r for future in futures for r in future.result()]
        except (BrokenProcessPool, Exception):
            return None


def _map_some(work: Callable[[T], R], items: list[T]) -> list[R]:
    return [work(x) for x in items]


@contextmanager
def _pool(jobs: int) -> Iterator[ProcessPoolExecutor]:
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_worker_start)
    try:
        yield pool
    except BaseException:
        # Ctrl-C or a failure of the parent: no worker goes on reading after it.
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        raise
    pool.shutdown(wait=True)
