"""Legacy .xls workbooks, read by calamine in a child process with a memory ceiling.

An xls (BIFF) gives no extent that can be checked before calamine builds its grid, and a damaged
one makes calamine ask for gigabytes (a cell claiming row and column 65,536: "memory allocation of
137 GB failed", an abort that no Python code can catch) or panic. In a child, either costs this
file alone: the parent reports one line and the run goes on. xls returns are few and small, so
the child's start (a fraction of a second) is paid rarely. The child is read/xls_child.py.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spo_stats.errors import (
    FileTimeBudgetError,
    PasswordProtectedError,
    ReaderCrashError,
    UnreadableFileError,
)

if TYPE_CHECKING:
    from spo_stats.read.cells import RawSheet

# A full BIFF8 sheet (65,536 x 256 cells) fits; a grid claimed by a damaged file does not.
MEMORY_BYTES = 2 * 1024**3
SECONDS = 60.0


def read_xls(path: Path, name: str, seconds: float = SECONDS) -> tuple[set[str], list[RawSheet]]:
    """calamine_sheets(path) run in a child; a crash, abort or overrun fails the file."""
    hidden, sheets = _in_child(path, name, "sheets", seconds)
    return hidden, sheets


def xls_sheet_names(path: Path, name: str, seconds: float = SECONDS) -> list[str]:
    """The workbook's sheet names, read in a child as read_xls reads its cells."""
    names: list[str] = _in_child(path, name, "names", seconds)[0]
    return names


def _in_child(path: Path, name: str, mode: str, seconds: float) -> tuple[Any, ...]:
    # A deadline already set for this file (ingest's budget) bounds the child too.
    seconds = min(seconds, _left_on_timer()) or seconds
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "spo_stats.read.xls_child", str(path), name, mode],
            capture_output=True,
            timeout=seconds,
            preexec_fn=_ceiling,
            env={**os.environ, "RUST_BACKTRACE": "0"},
        )
    except subprocess.TimeoutExpired as exc:
        raise FileTimeBudgetError(name, seconds) from exc
    if proc.returncode == 0:
        kind, *payload = pickle.loads(proc.stdout)
        if kind == "ok":
            return tuple(payload)
        error, reason = payload
        if error == "PasswordProtectedError":
            raise PasswordProtectedError(name)
        raise UnreadableFileError(name, reason)
    if proc.returncode == -signal.SIGABRT:
        # Rust aborts when an allocation fails; its message is lost with the child's stderr,
        # which native() holds aside.
        detail = f"it aborted asking for more than the {MEMORY_BYTES // 1024**3} GB a return needs"
    elif b"MemoryError" in proc.stderr:
        detail = f"it needed more than the {MEMORY_BYTES // 1024**3} GB a return needs"
    else:
        detail = f"exit {proc.returncode}"
    raise ReaderCrashError(name, detail)


def _left_on_timer() -> float:
    return signal.getitimer(signal.ITIMER_REAL)[0]


def _ceiling() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
