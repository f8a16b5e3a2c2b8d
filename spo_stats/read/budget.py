"""A time budget for reading one file: a file that takes too long fails alone.

Hostile or unlucky files can take minutes in a reader (a grid at every cap, a parser quadratic in
some shape of input); the budget turns that into the file's one line. It is a real-time timer
(SIGALRM), so it works only in the main thread and interrupts Python code, not a native call in
progress: native readers are bounded by their own caps (read/cells.py) or run in a child with a
deadline of their own (read/xls.py, which takes what is left of this budget).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from spo_stats.errors import FileTimeBudgetError

# Far above a genuine return (the Home Office table of half a million rows takes about 3 s).
FILE_SECONDS = 60.0


@contextmanager
def time_budget(name: str, seconds: float | None) -> Iterator[None]:
    """FileTimeBudgetError(name) if the block runs longer than seconds (None or 0: no budget)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: FrameType | None) -> None:
        raise FileTimeBudgetError(name, seconds)

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
