"""The clean dataset in generations: each ingest's parts in a folder of their own, made current at once.

Renaming five files one after another left, one run in 40 killed, new CSV and Parquet beside the
old report and data package. Now each ingest writes its parts and a manifest.json into
<out>/.generations/<id>/, then renames a new symlink over <out>/.current: one atomic step. The
public names (<out>/observations.csv ...) are symlinks through .current, so a reader sees wholly
the old dataset or wholly the new. Whether a run changed anything is decided from the manifest of
the generation on disk, never from a file saved beside it that a kill could leave stale.

An older version's plain files are taken over: linked into a generation of their own, which is
made current, and each replaced by its link (same content, so the folder shows the old dataset
throughout). Where the file system has no symlinks the parts are plain files, written with the
manifest removed first and written last, so a part-replaced dataset is known for what it is.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spo_stats import __version__
from spo_stats.dataset.stops import stop_point

GENERATIONS = ".generations"
CURRENT = ".current"
MANIFEST = "manifest.json"
PLAIN_MANIFEST = ".manifest.json"  # the manifest of a plain-file dataset (no symlinks)
WRITING = ".writing"  # there while plain files are being replaced
TAKEN_OVER = "taken-over"  # the run named in the manifest of an older version's files


@dataclass(frozen=True)
class State:
    """What <out> holds: read from disk, so a message built from it is true when it is said."""

    generation: str | None  # the current generation's id; None for plain files or nothing
    run: str | None  # the run that wrote it (TAKEN_OVER for an older version's files)
    plain: bool  # plain files: an older version's, or written where there are no symlinks
    complete: bool  # every part the manifest lists is there (plain files of old: any part)
    parts: bool  # any public part is there at all

    def same_dataset(self, before: State) -> bool:
        """self shows the dataset before showed (a take-over changes the layout, not the content)."""
        if not before.parts:
            return not self.parts
        if self.run == TAKEN_OVER and before.plain and before.generation is None:
            return True
        return (self.generation, self.run, self.complete) == (
            before.generation,
            before.run,
            before.complete,
        )


def interrupted(before: State, after: State, out: Path) -> str:
    """What is true of out after a run was stopped: the old dataset, the new, none, or a mix."""
    if after.same_dataset(before):
        if not after.parts:
            return f"nothing was written to {out}."
        return f"nothing was changed: {out} holds the dataset from before this run."
    if after.complete:
        return f"the new dataset had already been written: {out} holds this run's dataset, whole."
    return (
        f"the dataset in {out} was being replaced file by file (this file system has no "
        "symlinks) and may mix old and new files. Run ingest again."
    )


def current_folder(out: Path) -> Path:
    """The folder that holds the current dataset's parts, resolved once.

    A load that reads several parts reads them all from this folder, so it never mixes two
    generations even if an ingest switches .current meanwhile. Plain files: out itself.
    """
    try:
        target = os.readlink(out / CURRENT)
    except OSError:
        return out
    return out / target


def read_manifest(out: Path) -> dict[str, Any] | None:
    folder = current_folder(out)
    path = folder / (PLAIN_MANIFEST if folder == out else MANIFEST)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def state(out: Path, names: Iterable[str]) -> State:
    folder = current_folder(out)
    plain = folder == out
    manifest = read_manifest(out)
    parts = any((out / n).is_file() for n in names)
    if plain:
        # An older version's files never had a manifest; a fallback write marks itself under way.
        complete = parts and not (out / WRITING).exists()
    else:
        listed = (manifest or {}).get("parts") or {}
        complete = bool(listed) and all((out / n).is_file() for n in listed)
    return State(
        generation=None if plain else folder.name,
        run=(manifest or {}).get("run"),
        plain=plain,
        complete=complete,
        parts=parts,
    )


def unchanged(out: Path, fingerprint: str | None) -> bool:
    """out's current dataset was written from exactly these inputs by this version, and is whole.

    Each public part must be there with the size and SHA-256 its manifest gives, so a part the
    user deleted or edited by hand makes the run write the dataset again.
    """
    manifest = read_manifest(out)
    if fingerprint is None or manifest is None:
        return False
    if manifest.get("fingerprint") != fingerprint or manifest.get("tool_version") != __version__:
        return False
    parts = manifest.get("parts")
    if not isinstance(parts, dict) or not parts:
        return False
    for name, meta in parts.items():
        try:
            data = (out / name).read_bytes()
        except OSError:
            return False
        if len(data) != meta.get("bytes") or hashlib.sha256(data).hexdigest() != meta.get("sha256"):
            return False
    return True


def write(out: Path, parts: dict[str, bytes], fingerprint: str | None, mode: int) -> None:
    """parts (name -> bytes) as out's new current dataset, with its manifest."""
    out.mkdir(parents=True, exist_ok=True)
    if not _symlinks_work(out):
        _write_plain(out, parts, fingerprint, mode)
        return
    (out / GENERATIONS).mkdir(exist_ok=True)
    remove_unused(out)  # a killed run's half-written generation
    _take_over(out, parts, mode)
    gid = _new_id()
    folder = out / GENERATIONS / gid
    folder.mkdir()
    stop_point("generation")
    for name, data in parts.items():
        _write_file(folder / name, data, mode)
        stop_point(name)
    _write_file(folder / MANIFEST, _manifest(parts, fingerprint, gid), mode)
    _sync_dir(folder)
    stop_point("manifest")
    for name in parts:
        _link_public(out, name)
    stop_point("links")
    _switch(out, gid)
    stop_point("switched")
    remove_unused(out)
    stop_point("cleanup")


def _new_id() -> str:
    # No clock (the library reads none): the process and a random part tell runs apart.
    return f"{os.getpid()}-{secrets.token_hex(4)}"


def _manifest(parts: dict[str, bytes], fingerprint: str | None, run: str) -> bytes:
    doc = {
        "run": run,
        "tool_version": __version__,
        "fingerprint": fingerprint,
        "parts": {
            n: {"bytes": len(d), "sha256": hashlib.sha256(d).hexdigest()} for n, d in parts.items()
        },
    }
    return (json.dumps(doc, indent=2) + "\n").encode("utf-8")


def _write_file(path: Path, data: bytes, mode: int) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            os.fchmod(fd, mode)  # O_CREAT's mode is cut by the umask; mode already is
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        if exc.filename is None:  # fsync's and write's errors name no file: the caller names it
            exc.filename = str(path)
        raise


def _sync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _switch(out: Path, gid: str) -> None:
    """Point .current at the generation gid: a new link renamed over the old, one atomic step."""
    tmp = out / f"{CURRENT}.{gid}.tmp"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(f"{GENERATIONS}/{gid}", tmp)
    stop_point("switch")
    os.replace(tmp, out / CURRENT)
    _sync_dir(out)


def _link_public(out: Path, name: str) -> None:
    """<out>/name as a link to .current/name (a plain file there is replaced in one rename)."""
    public = out / name
    target = f"{CURRENT}/{name}"
    with contextlib.suppress(OSError):
        if os.readlink(public) == target:
            return
    tmp = out / f".{name}.link.tmp"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(target, tmp)
    os.replace(tmp, public)


def _take_over(out: Path, names: Iterable[str], mode: int) -> None:
    """An older version's plain files made a generation, so the switch to the new one is atomic."""
    if (out / CURRENT).is_symlink():
        return
    plain = [n for n in names if (out / n).is_file() and not (out / n).is_symlink()]
    if not plain:
        return
    gid = f"{_new_id()}-{TAKEN_OVER}"
    folder = out / GENERATIONS / gid
    folder.mkdir()
    for name in plain:
        try:
            os.link(out / name, folder / name)
        except OSError:
            shutil.copy2(out / name, folder / name)
    data = {n: (folder / n).read_bytes() for n in plain}
    _write_file(folder / MANIFEST, _manifest(data, None, TAKEN_OVER), mode)
    _sync_dir(folder)
    stop_point("takeover")
    _switch(out, gid)
    for n, name in enumerate(plain):
        _link_public(out, name)
        if n == 0:
            stop_point("takeover-links")
    _sync_dir(out)


def remove_unused(out: Path) -> None:
    """Every generation but the current one: a replaced one, or one a killed run left half-written."""
    gens = out / GENERATIONS
    current = current_folder(out).name
    if not gens.is_dir():
        return
    for folder in gens.iterdir():
        if folder.name != current:
            shutil.rmtree(folder, ignore_errors=True)
    for tmp in out.glob(f"{CURRENT}.*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()


def _symlinks_work(out: Path) -> bool:
    probe = out / f".symlink-probe-{os.getpid()}"
    try:
        with contextlib.suppress(FileNotFoundError):
            probe.unlink()
        os.symlink(".", probe)
    except (OSError, NotImplementedError):
        return False
    with contextlib.suppress(OSError):
        probe.unlink()
    return True


def _write_plain(out: Path, parts: dict[str, bytes], fingerprint: str | None, mode: int) -> None:
    """Where there are no symlinks: the manifest goes first and comes back last, so a dataset
    whose parts were being replaced has none, is never taken as unchanged, and is said so."""
    run = _new_id()
    _replace(out, {WRITING: run.encode()}, mode)
    with contextlib.suppress(FileNotFoundError):
        (out / PLAIN_MANIFEST).unlink()
    _sync_dir(out)
    stop_point("generation")
    _replace(out, parts, mode)
    stop_point("links")
    _replace(out, {PLAIN_MANIFEST: _manifest(parts, fingerprint, run)}, mode)
    (out / WRITING).unlink()
    _sync_dir(out)
    stop_point("switched")


def _replace(out: Path, files: dict[str, bytes], mode: int) -> None:
    """Each file written and synced under a temporary name, then all renamed into place."""
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in files.items():
            tmp = out / f".{name}.{secrets.token_hex(4)}.tmp"
            _write_file(tmp, data, mode)
            staged.append((tmp, out / name))
        for tmp, dest in staged:
            os.replace(tmp, dest)
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        raise
