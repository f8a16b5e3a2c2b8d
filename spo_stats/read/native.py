"""Calls into the Rust readers (calamine): a panic becomes the file's error, not the run's end."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from spo_stats.errors import ReaderCrashError


@contextmanager
def native(name: str) -> Iterator[None]:
    """Around every call into a Rust reader: a panic becomes this file's ReaderCrashError.

    pyo3 raises a panic as PanicException, a BaseException, so `except Exception` lets it through
    and one damaged file would end the run. Ordinary exceptions pass unchanged for the caller's
    own handling; Ctrl-C and exit are never swallowed. Rust's panic hook writes its message (and,
    with RUST_BACKTRACE set, a backtrace) straight to file descriptor 2, so stderr is held aside
    during the call: dropped after a panic, which the file's one line reports, else passed on.
    """
    with _stderr_held() as held:
        try:
            yield
        except (Exception, KeyboardInterrupt, SystemExit, GeneratorExit):
            raise
        except BaseException as exc:
            held.drop = True
            raise ReaderCrashError(name, _short(exc)) from exc


@dataclass
class _Held:
    drop: bool = False


@contextmanager
def _stderr_held() -> Iterator[_Held]:
    held = _Held()
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield held  # no real stderr (an embedding host): nothing to hold
        return
    with tempfile.TemporaryFile() as aside:
        os.dup2(aside.fileno(), 2)
        try:
            yield held
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            if not held.drop:
                aside.seek(0)
                if text := aside.read():
                    os.write(2, text)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
