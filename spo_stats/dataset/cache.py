"""The ingest cache: each file's observations, keyed by its content, path, --force and version.

A re-run reads only files whose key is new; the cache is never trusted over a changed file,
because a changed file has a new key. A damaged entry is ignored and the file read again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spo_stats import __version__
from spo_stats.dataset.store import DATE_COLUMNS, new_file_mode
from spo_stats.errors import OutputPathError, OutputWriteError
from spo_stats.schema import COLUMNS, WARNING_KINDS, FileReport, Observation

if TYPE_CHECKING:
    from spo_stats.forces import Force

CACHE_DIR = ".cache"


def key(sha: str, rel: str, force: Force | None, provenance: str = "") -> str:
    # The columns and the warning kinds are in the key so an entry written before a column or a
    # kind was added is read again.
    columns = ",".join(COLUMNS) + ";" + ",".join(WARNING_KINDS)
    key = f"{__version__}\0{columns}\0{sha}\0{rel}\0{force.slug if force else ''}\0{provenance}"
    return hashlib.sha256(key.encode()).hexdigest()


def fingerprint_of(keys: set[str]) -> str:
    return hashlib.sha256("\0".join(sorted(keys)).encode()).hexdigest()


# The cache is an optimisation: a write that fails (the cache path is a file, the disk is full)
# costs the next run time, never this run its dataset. atomic_write_json reports a failure as
# OutputWriteError or OutputPathError, so those are what is suppressed, with OSError.
_WRITE_FAILED = (OSError, OutputWriteError, OutputPathError)


# A file's reading as the cache gives it back: its observations, its report line, and each
# observation's line of the dataset's CSV (store.observation_lines).
Entry = tuple[list[Observation], FileReport, list[str]]

# Entries are kept in packs, many to a file: the files a run read are one pack, written at the
# end of their reading, and PACKS says which pack holds each key. A file an entry (the layout
# before) cost its worker some 0.3 ms of system time to create and rename: 1.8 of the 12 CPU
# seconds of a cold ingest of 5,040 returns.
PACKS = "packs.json"
_PACK = re.compile(r"pack-[0-9a-f]{16}\.json")


@dataclass
class Packs:
    """The cache as one run finds it: which pack holds each key, each pack parsed when first
    asked. `where` is updated as the run writes packs, and saved by save_packs()."""

    folder: Path
    where: dict[str, str]
    parsed: dict[str, dict[str, Any]] = field(default_factory=dict)
    present: dict[str, bool] = field(default_factory=dict)

    def get(self, key: str) -> Entry | None:
        try:
            data = self._pack(self.where[key]).pop(key)  # asked once a run: let it go
            obs = [_stored(row) for row in data["rows"]]
            lines = data["lines"]
            if len(lines) != len(obs) or not all(isinstance(line, str) for line in lines):
                raise ValueError("not a line for each observation")
            return obs, FileReport.from_json(data["report"]), lines
        except (OSError, ValueError, LookupError, TypeError, AttributeError):
            return None  # no entry, or a damaged one: read the file again

    def has(self, key: str) -> bool:
        name = self.where.get(key)
        if name is None:
            return False
        if name not in self.present:  # asked once a pack, not once a key
            self.present[name] = (self.folder / name).is_file()
        return self.present[name]

    def _pack(self, name: str) -> dict[str, Any]:
        if name not in self.parsed:
            try:
                data = json.loads((self.folder / name).read_bytes())
            except (OSError, ValueError):
                data = {}  # a pack gone or torn: its files are read again
            self.parsed[name] = data if isinstance(data, dict) else {}
        return self.parsed[name]


def load_packs(folder: Path) -> Packs:
    """Which pack holds each key; empty for no cache or a damaged map (every file is read)."""
    try:
        data = json.loads((folder / PACKS).read_text(encoding="utf-8"))
        if data.get("version") != __version__:
            return Packs(folder, {})
        where = {str(k): str(v) for k, v in data["keys"].items() if _PACK.fullmatch(str(v))}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Packs(folder, {})
    return Packs(folder, where)


# An entry holds each observation as a row of its field values in COLUMNS order (the key holds
# the columns, so an entry of other columns is never looked up), dates as ISO text.
_START, _END, _SOURCE_DATE = (COLUMNS.index(c) for c in DATE_COLUMNS)
# Every field was given: one set for them all (a set of 27 names an observation was 60 MB for
# 30,000). pydantic never changes it in place: a frozen model is never assigned to, and
# model_copy copies the set before adding to it.
_EVERY_FIELD = set(COLUMNS)


def _stored(row: list[Any]) -> Observation:
    """An observation as entry_text() stored it, not validated again: it was validated when the
    file was read, the entry is the tool's own, and a torn one fails to parse. Made as pickle
    makes a model (its __setstate__): model_validate of the 30,000 rows of 5,040 cached returns
    was 0.25 s of a run that had one file to read; this is a fifth of that."""
    row[_START], row[_END] = date.fromisoformat(row[_START]), date.fromisoformat(row[_END])
    if row[_SOURCE_DATE] is not None:
        row[_SOURCE_DATE] = date.fromisoformat(row[_SOURCE_DATE])
    obs = Observation.__new__(Observation)
    obs.__setstate__(
        {
            "__dict__": dict(zip(COLUMNS, row, strict=True)),  # ValueError for other columns
            "__pydantic_fields_set__": _EVERY_FIELD,
            "__pydantic_extra__": None,
            "__pydantic_private__": None,
        }
    )
    return obs


_ROW = attrgetter(*COLUMNS)


def entry_text(obs: list[Observation], report: FileReport, lines: list[str]) -> str:
    """A file's reading as its entry's JSON: made by the worker that read it, for write_pack."""
    data = {"rows": [_ROW(o) for o in obs], "lines": lines, "report": report.to_json()}
    # Compact: json's C encoder runs only without indent (indented, 5,040 entries took 4.5 s).
    return json.dumps(data, separators=(",", ":"), default=str, ensure_ascii=False)


def write_pack(packs: Packs, texts: dict[str, str]) -> str | None:
    """The entries (key -> entry_text) as one new pack; the reason it could not be written, or
    None. Renamed into place but not synced: a pack a crash leaves torn fails to parse and its
    files are read again, and save_packs() removes what a killed run left."""
    if not texts:
        return None
    name = f"pack-{hashlib.sha256(''.join(sorted(texts)).encode()).hexdigest()[:16]}.json"
    body = ",".join(f"{json.dumps(key)}:{text}" for key, text in texts.items())
    try:
        _write_entry(packs.folder / name, ("{" + body + "}").encode("utf-8"))
    except _WRITE_FAILED as exc:
        cause = exc if isinstance(exc, OSError) else exc.__cause__
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror
        return "part of its path is a file" if isinstance(exc, OutputPathError) else str(exc)
    packs.parsed.pop(name, None)
    packs.present[name] = True
    packs.where.update(dict.fromkeys(texts, name))
    return None


def _write_entry(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, new_file_mode())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def save_packs(packs: Packs, keep: set[str]) -> None:
    """Keep the entries this run's files need: the map of the kept keys written, and every pack
    none of them is in removed, with the entries of the layout before and what a killed run
    left. A pack some of whose entries are no longer needed is kept whole."""
    folder = packs.folder
    if not folder.is_dir():
        return
    where = {k: v for k, v in sorted(packs.where.items()) if k in keep}
    used = set(where.values())
    data = {"version": __version__, "keys": where}
    with contextlib.suppress(OSError):
        _write_if_changed(folder / PACKS, json.dumps(data, separators=(",", ":")).encode())
    for path in folder.glob("*.json"):
        if path.name not in used and path.name not in (INDEX, PACKS):
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
    for stale in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _write_if_changed(path: Path, data: bytes) -> None:
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    _write_entry(path, data)


# The index: each file's size, times and inode when it was last hashed, with its SHA-256 and what
# kind of file it is, so an unchanged file is known from one stat() without being opened.
INDEX = "index.json"
# A file changed within this many seconds of being hashed could change again within the same
# timestamp tick without its stat changing (git's "racy" entries): such a file is hashed next time.
RACY_SECONDS = 2.0


@dataclass(frozen=True)
class Known:
    stat: tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
    sha: str
    kind: str  # "estimates" or "lookup" for ONS population files, "" for anything else


def stat_of(st: os.stat_result) -> tuple[int, int, int, int]:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def is_racy(st: os.stat_result) -> bool:
    return time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_SECONDS * 1e9


def load_index(cache: Path) -> dict[str, Known]:
    """name -> what was known of it; empty for no index or a damaged one (every file is hashed)."""
    try:
        data = json.loads((cache / INDEX).read_text(encoding="utf-8"))
        if data.get("version") != __version__:
            return {}
        return {
            name: Known(tuple(e["stat"]), e["sha"], e["kind"]) for name, e in data["files"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def save_index(cache: Path, index: dict[str, Known]) -> None:
    data = {
        "version": __version__,
        "files": {
            n: {"stat": list(k.stat), "sha": k.sha, "kind": k.kind} for n, k in index.items()
        },
    }
    with contextlib.suppress(OSError):
        # Renamed into place, not synced, as the packs are: a torn index is no index, and every
        # file is hashed again (a sync was a wait of its own on a busy disk).
        _write_entry(cache / INDEX, json.dumps(data, separators=(",", ":")).encode())
