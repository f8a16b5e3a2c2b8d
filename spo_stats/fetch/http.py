"""HTTP for the fetch commands: one client, failures as our own errors, downloads to temporary files.

httpx, not requests: it has a timeout on every request by default (requests waits for ever unless
told), separate exception classes for connect, timeout and protocol failures (which become the
one-line errors below), streaming with a count of the raw bytes received (to catch a download cut
short), and type hints throughout.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from spo_stats import __version__
from spo_stats.dataset.store import json_bytes, new_file_mode, remove_stale_temps
from spo_stats.errors import (
    DownloadIncompleteError,
    FetchDeadlineError,
    FetchTimeoutError,
    FetchTooLargeError,
    HttpStatusError,
    OfflineError,
    PageNotFoundError,
    RedirectRefusedError,
)

TIMEOUT_ENV = "SPO_STATS_HTTP_TIMEOUT"
DEFAULT_TIMEOUT = 30.0
# --timeout bounds each read, so a server dripping a byte every few seconds held a fetch for
# ever: the deadline bounds the whole fetch, every page, redirect and file together.
DEFAULT_DEADLINE = 900.0
# A reply page of megabytes is already unusual; a 1 GB page took 3.6 GB of memory. A return is
# a few hundred KB; the largest Home Office table some MB.
PAGE_BYTES = 20 * 1024 * 1024
FILE_BYTES = 500 * 1024 * 1024
MAX_REDIRECTS = 10
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


@dataclass(frozen=True)
class Redirect:
    """A redirect the fetch met: followed (same host, or allowed) or refused."""

    source: str
    target: str
    other_host: bool


class Session:
    """One fetch's HTTP: a client, the deadline for the whole fetch, caps, and redirects met.

    Redirects are followed here, one by one, so that one to another host can be refused (a
    figure would be cited to a host it never came from) unless the user allows it.
    """

    def __init__(
        self,
        timeout: float,
        deadline: float = DEFAULT_DEADLINE,
        allow_redirects: bool = False,
        page_bytes: int | None = None,
        file_bytes: int | None = None,
    ) -> None:
        self.timeout = timeout
        self.deadline = deadline
        self.allow_redirects = allow_redirects
        self.page_bytes = PAGE_BYTES if page_bytes is None else page_bytes
        self.file_bytes = FILE_BYTES if file_bytes is None else file_bytes
        self.ends = time.monotonic() + deadline
        self.redirects: list[Redirect] = []
        self.http = httpx.Client(
            timeout=timeout, follow_redirects=False, headers={"User-Agent": USER_AGENT}
        )

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()

    def left(self, url: str) -> float:
        """Seconds left before the deadline; FetchDeadlineError once it has passed."""
        left = self.ends - time.monotonic()
        if left <= 0:
            raise FetchDeadlineError(url, self.deadline)
        return left

    @contextlib.contextmanager
    def open(self, url: str) -> Iterator[httpx.Response]:
        """url's response, its body not yet read, after the redirects the session may follow."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            seconds = min(self.timeout, self.left(url))
            with self.translated(url):
                request = self.http.build_request("GET", current, timeout=seconds)
                response = self.http.send(request, stream=True)
            if not (response.is_redirect and "location" in response.headers):
                try:
                    yield response
                finally:
                    response.close()
                return
            target = urljoin(current, response.headers["location"])
            response.close()
            current = self._follow(url, current, target)
        raise OfflineError(url, f"more than {MAX_REDIRECTS} redirects")

    def _follow(self, url: str, current: str, target: str) -> str:
        parts = urlsplit(target)
        other = (parts.hostname or "").lower() != (urlsplit(current).hostname or "").lower()
        if parts.scheme not in ("http", "https") or (other and not self.allow_redirects):
            self.redirects.append(Redirect(current, target, True))
            raise RedirectRefusedError(url, target)
        self.redirects.append(Redirect(current, target, other))
        return target

    @contextlib.contextmanager
    def translated(self, url: str) -> Iterator[None]:
        """httpx's exceptions as one-line errors naming the address."""
        try:
            yield
        except httpx.TimeoutException as exc:
            if self.ends - time.monotonic() <= 0.05:  # the read was cut to what the deadline left
                raise FetchDeadlineError(url, self.deadline) from exc
            raise FetchTimeoutError(url, self.timeout) from exc
        except (httpx.ConnectError, httpx.ProxyError) as exc:
            raise OfflineError(url, _reason(exc)) from exc
        except httpx.RemoteProtocolError as exc:
            raise OfflineError(url, f"the connection broke: {_reason(exc)}") from exc
        except httpx.HTTPError as exc:
            raise OfflineError(url, _reason(exc)) from exc

    def chunks(self, response: httpx.Response, url: str, cap: int, what: str) -> Iterator[bytes]:
        """The body in chunks, stopped at the deadline or past cap bytes (as it streams)."""
        announced = _content_length(response)
        if announced is not None and announced > cap:
            raise FetchTooLargeError(url, what, cap)
        received = 0
        # As the bytes arrive (a chunk size would gather 64 KB before the deadline is looked at).
        for chunk in response.iter_bytes():
            received += len(chunk)
            if received > cap:
                raise FetchTooLargeError(url, what, cap)
            self.left(url)
            yield chunk


def client(timeout: float, deadline: float | None = None, allow_redirects: bool = False) -> Session:
    return Session(timeout, DEFAULT_DEADLINE if deadline is None else deadline, allow_redirects)


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def _check_status(response: httpx.Response, url: str) -> None:
    if response.status_code in (404, 410):
        raise PageNotFoundError(url, response.status_code)
    if response.status_code >= 400:
        raise HttpStatusError(url, response.status_code, response.reason_phrase)


@dataclass
class Fetched:
    """A page read whole (within the page cap): its final address, headers and body."""

    url: str
    headers: httpx.Headers
    content: bytes
    encoding: str

    @property
    def text(self) -> str:
        return self.content.decode(self.encoding, errors="replace")

    def json(self) -> Any:
        return json.loads(self.content)


def get(session: Session, url: str) -> Fetched:
    """A page read whole: its body, final address and headers; our errors on failure."""
    with session.open(url) as response, session.translated(url):
        _check_status(response, url)
        body = b"".join(session.chunks(response, url, session.page_bytes, "page"))
        encoding = response.charset_encoding or "utf-8"
        with contextlib.suppress(LookupError):
            codecs.lookup(encoding)
            return Fetched(str(response.url), response.headers, body, encoding)
        return Fetched(str(response.url), response.headers, body, "utf-8")


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
    session: Session,
    url: str,
    dest: Path,
    on_progress: ProgressFn | None = None,
) -> Download:
    """Stream url into a temporary file in dest's folder; complete, or nothing is left behind.

    A body shorter than the Content-Length the server announced is an error, whether the
    connection broke (httpx raises) or closed cleanly, so a cut-short file is never kept. So is
    one past the file cap, or the fetch's deadline, both checked as it streams.
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
            session.open(url) as response,
            session.translated(url),
        ):
            _check_status(response, url)
            expected = _content_length(response)
            try:
                for chunk in session.chunks(response, url, session.file_bytes, "file"):
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


# A temporary file untouched this long belongs to no running fetch (one writes as it streams,
# and none outlives its deadline unless given hours): a killed fetch's, whatever its name.
STALE_SECONDS = 3600.0


def _staging_folder(dest: Path) -> None:
    """Make dest's folder; remove temporary files a killed fetch left there (a kill cannot)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(dest)
    now = time.time()
    for stale in dest.parent.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if now - stale.stat().st_mtime > STALE_SECONDS:
                stale.unlink()


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
