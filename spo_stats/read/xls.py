"""Legacy .xls workbooks, read by calamine in a child process with a memory ceiling.

An xls (BIFF) gives no extent that can be checked before calamine builds its grid, and a damaged
one makes calamine ask for gigabytes (a cell claiming row and column 65,536: "memory allocation of
137 GB failed", an abort that no Python code can catch) or panic. In a child, either costs this
file alone: the parent reports one line and the run goes on. xls returns are few and small, so
the child (a fork of this process) costs a few milliseconds.
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spo_stats.errors import (
    FileTimeBudgetError,
    PasswordProtectedError,
    ReaderCrashError,
    UnreadableFileError,
)
from spo_stats.read.native import _short, native

if TYPE_CHECKING:
    from spo_stats.read.cells import RawSheet

    # The reader run in the child: read/cells.calamine_sheets, passed in by cells.
    SheetsReader = Callable[[Path, str], tuple[set[str], list[RawSheet]]]

# A full BIFF8 sheet (65,536 x 256 cells) fits; a grid claimed by a damaged file does not.
MEMORY_BYTES = 2 * 1024**3
SECONDS = 60.0


def read_xls(
    path: Path, name: str, read: SheetsReader, seconds: float = SECONDS
) -> tuple[set[str], list[RawSheet]]:
    """read(path, name) (calamine_sheets) run in a child; a crash, abort or overrun fails the file."""
    hidden, sheets = _in_child(path, name, "sheets", seconds, read)
    return hidden, sheets


def xls_sheet_names(path: Path, name: str, seconds: float = SECONDS) -> list[str]:
    """The workbook's sheet names, read in a child as read_xls reads its cells."""
    names: list[str] = _in_child(path, name, "names", seconds)[0]
    return names


def _in_child(
    path: Path, name: str, mode: str, seconds: float, read: SheetsReader | None = None
) -> tuple[Any, ...]:
    # A deadline already set for this file (ingest's budget) bounds the child too.
    seconds = min(seconds, _left_on_timer()) or seconds
    if hasattr(os, "fork"):
        code, out, err = _forked(path, name, mode, seconds, read)
    else:
        code, out, err = _spawned(path, name, mode, seconds)
    if code == 0:
        kind, *payload = pickle.loads(out)
        if kind == "ok":
            return tuple(payload)
        error, reason = payload
        if error == "PasswordProtectedError":
            raise PasswordProtectedError(name)
        raise UnreadableFileError(name, reason)
    if code == -signal.SIGABRT:
        # Rust aborts when an allocation fails; its message is lost with the child's stderr,
        # which native() holds aside.
        detail = f"it aborted asking for more than the {MEMORY_BYTES // 1024**3} GB a return needs"
    elif b"MemoryError" in err:
        detail = f"it needed more than the {MEMORY_BYTES // 1024**3} GB a return needs"
    else:
        detail = f"exit {code}"
    raise ReaderCrashError(name, detail)


def _forked(
    path: Path, name: str, mode: str, seconds: float, read: SheetsReader | None
) -> tuple[int, bytes, bytes]:
    """(exit code or -signal, stdout, stderr) of _child run in a fork of this process.

    A fork starts with calamine already loaded: some 2 ms, where a fresh interpreter took 90 ms a
    file (a tenth of a 5,040-return ingest, one xls in fifty).
    """
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the parent's code
        status = 1
        try:
            os.close(r)
            _ceiling()
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 2)  # calamine's panic text would reach the user's terminal raw
            out = _child(str(path), name, mode, read)
            view = memoryview(out)
            while view:
                view = view[os.write(w, view) :]
            status = 0
        except MemoryError:
            status = 3
        finally:
            os._exit(status)
    os.close(w)
    try:
        out = _read_until(r, time.monotonic() + seconds)
    except TimeoutError as exc:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise FileTimeBudgetError(name, seconds) from exc
    finally:
        os.close(r)
    _, status = os.waitpid(pid, 0)
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    return code, out, b"MemoryError" if code == 3 else b""


def _read_until(fd: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise TimeoutError
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _spawned(path: Path, name: str, mode: str, seconds: float) -> tuple[int, bytes, bytes]:
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "spo_stats.read.xls", str(path), name, mode],
            capture_output=True,
            timeout=seconds,
            preexec_fn=_ceiling,
            env={**os.environ, "RUST_BACKTRACE": "0"},
        )
    except subprocess.TimeoutExpired as exc:
        raise FileTimeBudgetError(name, seconds) from exc
    return proc.returncode, proc.stdout, proc.stderr


def _left_on_timer() -> float:
    return signal.getitimer(signal.ITIMER_REAL)[0]


def _ceiling() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def _child(path: str, name: str, mode: str, read: SheetsReader | None = None) -> bytes:
    try:
        if mode == "names":
            import python_calamine as pc

            with native(name):
                out = pickle.dumps(("ok", pc.CalamineWorkbook.from_path(path).sheet_names))
        else:
            assert read is not None
            out = pickle.dumps(("ok", *read(Path(path), name)))
    except UnreadableFileError as exc:
        out = pickle.dumps(("error", type(exc).__name__, exc.reason))
    except Exception as exc:  # calamine raises several unrelated types for damaged files
        reason = f"the workbook is corrupt or truncated ({_short(exc)}). Open and save it again."
        out = pickle.dumps(("error", type(exc).__name__, reason))
    return out


if __name__ == "__main__":
    # Spawned where there is no fork: a program of its own, so it imports the reader here.
    from spo_stats.read.cells import calamine_sheets

    sys.stdout.buffer.write(_child(sys.argv[1], sys.argv[2], sys.argv[3], calamine_sheets))
