"""One ingest at a time into one output folder.

Two ingests into one --out deleted each other's staged files and, one run in 40, left a dataset
without its report, population table or data package. An ingest holds an exclusive lock on a
hidden file in the folder for its whole run; a second one is told the folder is in use. The lock
is the kernel's (flock), so a run that is killed, even by kill -9, leaves no stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from spo_stats.errors import OutputBusyError

LOCK_FILE = ".lock"


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the output folder's lock for the block; OutputBusyError if another run holds it."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        # A folder that takes no files: the dataset's own write says why, and nothing can race.
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputBusyError(str(out)) from None
        yield
    finally:
        os.close(fd)  # closing releases the lock
