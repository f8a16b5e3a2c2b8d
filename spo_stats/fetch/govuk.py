"""The latest Home Office police force area table, found through GOV.UK's Content API.

The table's address changes at every quarterly release, so it is looked up, never written in:
`<base>/api/content/<page path>` returns the page as JSON, whose `details.attachments` lists every
file on the page; the police force area table is the one whose file name starts
`prc-pfa-mar2013-onwards-tables` (never the outcomes, community safety partnership or sub-code
tables beside it). The file is downloaded beside its provenance, which ingest cites.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from spo_stats.errors import (
    BadBaseUrlError,
    NotContentApiError,
    PageNotFoundError,
    TableNotOnPageError,
)
from spo_stats.fetch import http
from spo_stats.read.formats import SHEET_SUFFIXES
from spo_stats.sources import provenance
from spo_stats.sources.provenance import Provenance

BASE_URL_ENV = "SPO_STATS_GOVUK_URL"
DEFAULT_BASE_URL = "https://www.gov.uk"
# The landing page since 2025, then the one before it (GOV.UK usually redirects, but not always).
PAGE_PATHS = (
    "/government/statistical-data-sets/police-recorded-crime-and-outcomes-open-data-tables",
    "/government/statistics/police-recorded-crime-open-data-tables",
)
TABLE_PREFIX = "prc-pfa-mar2013-onwards-tables"
TABLE_SUFFIXES = SHEET_SUFFIXES
DEFAULT_OUT = Path("data/raw/home-office")


def base_url() -> str:
    value = (os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadBaseUrlError(BASE_URL_ENV, value)
    return value


@dataclass
class Attachment:
    url: str
    filename: str
    title: str
    file_size: int | None


@dataclass
class TablePage:
    page_url: str
    title: str
    public_updated_at: datetime | None
    table: Attachment
    others: list[Attachment] = field(default_factory=list)  # further PFA tables, not chosen


@dataclass
class HomeOfficeFetch:
    path: Path
    provenance: Provenance
    downloaded: bool  # False: the same file was already here, nothing was downloaded
    older: list[Path] = field(default_factory=list)  # earlier releases in the same folder
    redirects: list[http.Redirect] = field(default_factory=list)  # followed, each said

    @property
    def date_warning(self) -> str:
        """Said when GOV.UK's date for the page and the date in the file's name disagree.

        The page's public_updated_at is taken as the release date; an edit to the page after
        the release would move it, and every figure carries that date, so a mismatch is named.
        """
        named = file_name_date(self.path.name)
        released = self.provenance.release_date
        if named is None or released is None or named == released:
            return ""
        return (
            f"GOV.UK dates the page {released:%d %B %Y} but the file's name says "
            f"{named:%d %B %Y}; figures from it carry {released:%d %B %Y} as their release date."
        )


def find_table(http_client: http.Session, base: str | None = None) -> TablePage:
    """The GOV.UK page holding the police force area table, and that attachment."""
    base = base or base_url()
    first_error: PageNotFoundError | None = None
    for path in PAGE_PATHS:
        api_url = f"{base}/api/content{path}"
        try:
            response = http.get(http_client, api_url)
        except PageNotFoundError as exc:
            first_error = first_error or exc  # name the current page, not the old one
            continue
        return _table_page(response, base, path, api_url)
    assert first_error is not None
    raise first_error


def _table_page(response: http.Fetched, base: str, path: str, api_url: str) -> TablePage:
    try:
        data = response.json()
    except ValueError as exc:
        raise NotContentApiError(api_url, "the answer is not JSON") from exc
    if not isinstance(data, dict) or not isinstance(data.get("details"), dict):
        raise NotContentApiError(api_url, "no 'details' in the JSON")
    page_url = base + str(data.get("base_path") or path)
    attachments = [
        a for a in (_attachment(raw, str(response.url)) for raw in _attachments(data)) if a
    ]
    tables = [
        a
        for a in attachments
        if a.filename.lower().startswith(TABLE_PREFIX)
        and a.filename.lower().endswith(TABLE_SUFFIXES)
    ]
    if not tables:
        raise TableNotOnPageError(page_url, TABLE_PREFIX)
    return TablePage(
        page_url=page_url,
        title=str(data.get("title") or ""),
        public_updated_at=_datetime(data.get("public_updated_at")),
        # GOV.UK lists the current release first; any other match is reported, not taken.
        table=tables[0],
        others=tables[1:],
    )


def _attachments(data: dict[str, Any]) -> list[Any]:
    found = data["details"].get("attachments")
    return found if isinstance(found, list) else []


def _attachment(raw: Any, api_url: str) -> Attachment | None:
    if not isinstance(raw, dict) or not raw.get("url"):
        return None
    if raw.get("attachment_type", "file") != "file":
        return None  # an HTML publication or external link, not a file
    url = urljoin(api_url, str(raw["url"]))
    filename = str(raw.get("filename") or unquote(PurePosixPath(urlsplit(url).path).name))
    size = raw.get("file_size")
    return Attachment(
        url=url,
        filename=PurePosixPath(filename).name,  # never a path: the name is used on disk
        title=str(raw.get("title") or ""),
        file_size=size if isinstance(size, int) else None,
    )


def file_name_date(name: str) -> date | None:
    """The ddmmyy date at the end of a table's file name (-191023.ods: 19 October 2023)."""
    match = re.search(r"-(\d{2})(\d{2})(\d{2})\.\w+$", name)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(2000 + year, month, day)
    except ValueError:
        return None


def _datetime(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def fetch_home_office(
    out: Path = DEFAULT_OUT,
    timeout: float | None = None,
    on_progress: http.ProgressFn | None = None,
    base: str | None = None,
    deadline: float | None = None,
    allow_redirects: bool = False,
) -> HomeOfficeFetch:
    """Download the latest police force area table into out, unless it is already there.

    deadline: seconds for the whole fetch; a redirect to another host is refused unless
    allow_redirects (the page linking a file on another host, as GOV.UK links its assets, is no
    redirect: the provenance names that address)."""
    seconds = http.timeout_seconds(timeout)
    with http.client(seconds, deadline, allow_redirects) as http_client:
        page = find_table(http_client, base)
        dest = out / page.table.filename
        older = sorted(
            p
            for p in out.glob(f"{TABLE_PREFIX}*")
            if p != dest and not provenance.is_metadata(p) and not p.name.startswith(".")
        )
        current = _already_here(dest, page.table.url)
        if current is not None:
            return HomeOfficeFetch(dest, current, False, older, http_client.redirects)
        with http.folder_for(out):
            got = http.download(http_client, page.table.url, dest, on_progress)
        redirects = http_client.redirects
    try:
        prov = Provenance(
            kind="home_office",
            page_url=page.page_url,
            page_title=page.title,
            attachment_url=page.table.url,
            attachment_title=page.table.title,
            public_updated_at=page.public_updated_at,
            retrieved_at=datetime.now(UTC).replace(microsecond=0),
            retrieved_from=got.url,
            size=got.size,
            sha256=got.sha256,
        )
        got.commit(dest)
    except BaseException:
        got.discard()
        raise
    # The file first, then what describes it: a crash between the two leaves a provenance that
    # no longer matches, which ingest detects by the SHA-256 and ignores with a warning.
    http.write_json(provenance.path_for(dest), prov.model_dump(mode="json"))
    return HomeOfficeFetch(dest, prov, downloaded=True, older=older, redirects=redirects)


def _already_here(dest: Path, url: str) -> Provenance | None:
    """The provenance of dest if dest is the intact file fetched from url before."""
    prov = provenance.load_or_none(dest)
    if prov is None or prov.attachment_url != url or not provenance.describes(prov, dest):
        return None
    return prov
