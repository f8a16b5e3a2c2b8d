"""HTTP for the fetch commands: one client, failures as our own errors, downloads to temporary files.

httpx, not requests: it has a timeout on every request by default (requests waits for ever unless
told), separate exception classes for connect, timeout and protocol failures (which become the
one-line errors below), streaming with a count of the raw bytes received (to catch a download cut
short), and type hints throughout.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from spo_stats import __version__
from spo_stats.dataset.store import json_bytes, new_file_mode, remove_stale_temps
from spo_stats.errors import (
    DownloadIncompleteError,
    FetchTimeoutError,
    HttpStatusError,
    OfflineError,
    PageNotFoundError,
)

TIMEOUT_ENV = "SPO_STATS_HTTP_TIMEOUT"
DEFAULT_TIMEOUT = 30.0
USER_AGENT = f"spo-stats/{__version__} (stalking protection order statistics; python-httpx)"

# (file name, bytes so far, total bytes if the server said): the CLI draws a progress bar from it.
ProgressFn = Callable[[str, int, int | None], None]


def timeout_seconds(option: float | None = None) -> float:
    """The --timeout option, else SPO_STATS_HTTP_TIMEOUT, else 30 s."""
    if option is not None:
        return option
    try:
        value = float(os.environ.get(TIMEOUT_ENV, "") or DEFAULT_TIMEOUT)
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


def client(timeout: float) -> httpx.Client:
    return httpx.Client(
        timeout=timeout,
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
    )


@contextlib.contextmanager
def _translated(url: str, timeout: float) -> Iterator[None]:
    """httpx's exceptions as one-line errors naming the address."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise FetchTimeoutError(url, timeout) from exc
    except (httpx.ConnectError, httpx.ProxyError) as exc:
        raise OfflineError(url, _reason(exc)) from exc
    except httpx.RemoteProtocolError as exc:
        raise OfflineError(url, f"the connection broke: {_reason(exc)}") from exc
    except httpx.HTTPError as exc:
        raise OfflineError(url, _reason(exc)) from exc


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _check_status(response: httpx.Response, url: str) -> None:
    if response.status_code in (404, 410):
        raise PageNotFoundError(url, response.status_code)
    if response.status_code >= 400:
        raise HttpStatusError(url, response.status_code, response.reason_phrase)


def get(http: httpx.Client, url: str, timeout: float) -> httpx.Response:
    """A page read whole: its body, final address and headers; our errors on failure."""
    with _translated(url, timeout):
        response = http.get(url)
        _check_status(response, url)
        return response


@dataclass
class Download:
    """A complete download in a temporary file beside its destination, not yet in place."""

    tmp: Path
    url: str
    size: int
    sha256: str
    content_type: str
    content_disposition: str

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.tmp.unlink()

    def commit(self, dest: Path) -> None:
        os.replace(self.tmp, dest)


def download(
    http: httpx.Client,
    url: str,
    dest: Path,
    timeout: float,
    on_progress: ProgressFn | None = None,
) -> Download:
    """Stream url into a temporary file in dest's folder; complete, or nothing is left behind.

    A body shorter than the Content-Length the server announced is an error, whether the
    connection broke (httpx raises) or closed cleanly, so a cut-short file is never kept.
    """
    _staging_folder(dest)
    fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    tmp = Path(name)
    os.fchmod(fd, new_file_mode())  # mkstemp makes 0600; a saved return is an ordinary file
    digest = hashlib.sha256()
    received = 0
    expected: int | None = None
    try:
        with (
            os.fdopen(fd, "wb") as fh,
            _translated(url, timeout),
            http.stream("GET", url) as response,
        ):
            _check_status(response, url)
            expected = _content_length(response)
            try:
                for chunk in response.iter_bytes(1 << 16):
                    fh.write(chunk)
                    digest.update(chunk)
                    received += len(chunk)
                    if on_progress:
                        on_progress(dest.name, received, expected)
            except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
                # The server closed or reset the connection before the body was complete.
                raise DownloadIncompleteError(url, received, expected) from exc
            raw_received = response.num_bytes_downloaded
            fh.flush()
            os.fsync(fh.fileno())
        if expected is not None and raw_received != expected:
            raise DownloadIncompleteError(url, raw_received, expected)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    headers = response.headers
    return Download(
        tmp=tmp,
        url=str(response.url),
        size=received,
        sha256=digest.hexdigest(),
        content_type=headers.get("content-type", ""),
        content_disposition=headers.get("content-disposition", ""),
    )


def _staging_folder(dest: Path) -> None:
    """Make dest's folder; remove temporary files a killed fetch left there (a kill cannot)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(dest)


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def write_bytes(dest: Path, data: bytes) -> Download:
    """Bytes already in memory (a page) staged like a download: a temporary file to commit."""
    _staging_folder(dest)
    fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    os.fchmod(fd, new_file_mode())
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Download(Path(name), "", len(data), hashlib.sha256(data).hexdigest(), "", "")


@contextlib.contextmanager
def folder_for(folder: Path) -> Iterator[None]:
    """Work that saves into folder: a folder it had to create is removed again if the work fails."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    try:
        yield
    except BaseException:
        for p in missing:  # deepest first; a folder that now holds anything stays
            with contextlib.suppress(OSError):
                p.rmdir()
        raise


def write_json(dest: Path, obj: object) -> None:
    """A small JSON file (a provenance), atomically and readable like the file it describes."""
    write_bytes(dest, json_bytes(obj)).commit(dest)
