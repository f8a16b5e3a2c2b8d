"""An FOI reply page (a force's disclosure log or a WhatDoTheyKnow request) into data/raw/<force>/.

Every linked return (xlsx, xls, ods, csv, pdf, docx) is downloaded, each with a provenance that
names the page, so ingest cites the page on every figure from it. A page that links no return
holds its answer itself (disclosure logs mostly publish the letter as HTML; WhatDoTheyKnow shows
the reply's text): the page is kept, byte for byte, as `<slug>.html`, to be read as a letter.

All or nothing: every file is first downloaded to a temporary file in the force's folder and
only when all are complete are they renamed into place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Literal
from urllib.parse import unquote, urlsplit

from spo_stats.errors import FetchForceUnknownError, NotAReplyPageError, NotAWebAddressError
from spo_stats.fetch import http
from spo_stats.fetch.pages import OTHER_SUFFIXES, RETURN_SUFFIXES, Link, Page, parse_page
from spo_stats.forces import Force, forces_in_text, get_force
from spo_stats.read.cells import sha256_of
from spo_stats.sources import provenance
from spo_stats.sources.provenance import Provenance, ProvenanceKind

DEFAULT_RAW = Path("data/raw")
_WDTK_TITLE = re.compile(r"a Freedom of Information request to (.+?)\s+-\s+WhatDoTheyKnow", re.I)


@dataclass
class SavedFile:
    path: Path
    url: str
    kind: Literal["attachment", "page"]
    downloaded: bool  # False: the same file was already here
    size: int


@dataclass
class FoiFetch:
    page_url: str
    page_title: str
    force: Force
    force_from: str  # how the force was known: --force, the page title, the page text
    folder: Path
    files: list[SavedFile] = field(default_factory=list)
    not_downloaded: list[Link] = field(default_factory=list)  # linked files spo-stats cannot read
    redirects: list[http.Redirect] = field(default_factory=list)  # followed, each said


@dataclass
class _Planned:
    link: Link
    dest: Path
    kind: Literal["attachment", "page"]
    current: Provenance | None  # provenance of the file already at dest from the same address


def fetch_foi(
    url: str,
    raw: Path = DEFAULT_RAW,
    force: str | None = None,
    timeout: float | None = None,
    on_progress: http.ProgressFn | None = None,
    deadline: float | None = None,
    allow_redirects: bool = False,
) -> FoiFetch:
    """Download the returns an FOI reply page links to (or keep the page) under raw/<force>/.

    deadline: seconds for the whole fetch (http.DEFAULT_DEADLINE). A redirect to another host
    is refused unless allow_redirects; every redirect followed is in the result's redirects."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise NotAWebAddressError(url)
    chosen = get_force(force) if force else None  # a usage error before any network
    seconds = http.timeout_seconds(timeout)
    retrieved = datetime.now(UTC).replace(microsecond=0)
    with http.client(seconds, deadline, allow_redirects) as client:
        response = http.get(client, url)
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        direct = PurePosixPath(unquote(parts.path)).suffix.lower() in RETURN_SUFFIXES
        direct_file = False
        if "html" in content_type or (not content_type and not direct):
            page = parse_page(response.text, response.url)
        elif direct:
            # The address of a return itself: fetch it as the page's only attachment.
            page = Page(url=url, title="", text="", links=[Link(url, "", True)])
            direct_file = True
        else:
            raise NotAReplyPageError(url, content_type)
        the_force, force_from = _force_of(page, url, chosen)
        result = FoiFetch(url, page.title, the_force, force_from, raw / the_force.slug)
        result.redirects = client.redirects
        result.not_downloaded = page.file_links(OTHER_SUFFIXES)
        plans = _plan(page, result.folder)
        staged: list[tuple[_Planned, http.Download]] = []
        with http.folder_for(result.folder):
            try:
                for plan in plans:
                    if plan.kind == "page" or (direct_file and plan.current is None):
                        # Already in hand: the page itself, or the return its address names.
                        got = http.write_bytes(plan.dest, response.content)
                        got.url = response.url
                    elif plan.current is not None:
                        continue  # already here, intact: nothing to download
                    else:
                        got = http.download(client, plan.link.url, plan.dest, on_progress)
                    staged.append((plan, got))
            except BaseException:
                for _, got in staged:
                    got.discard()
                raise
            _commit(staged, plans, page, url, retrieved, result)
    return result


def _force_of(page: Page, url: str, chosen: Force | None) -> tuple[Force, str]:
    if chosen is not None:
        return chosen, "--force"
    # A force's own site names it in its host (foi.west-midlands.police.uk, dyfed-powys.police.uk).
    address = urlsplit(url)
    words = f"{address.hostname or ''} {unquote(address.path)}".replace("/", " ").replace(".", " ")
    # WhatDoTheyKnow titles name the authority after the request's own title, which may name
    # another force ("Stalking in Durham - a Freedom of Information request to Cleveland Police").
    wdtk = _WDTK_TITLE.search(page.title)
    title = wdtk.group(1) if wdtk else page.title
    for where, text in (("the page title", title), ("the address", words)):
        found = forces_in_text(text)
        if len(found) == 1:
            return get_force(found.pop()), where
    found = forces_in_text(page.text)
    if len(found) == 1:
        return get_force(found.pop()), "the page text"
    detail = f"the page names {', '.join(sorted(found))}" if found else "no force is named"
    raise FetchForceUnknownError(url, detail)


def _plan(page: Page, folder: Path) -> list[_Planned]:
    plans: list[_Planned] = []
    taken: set[Path] = set()
    attachments = page.file_links(RETURN_SUFFIXES)
    for n, link in enumerate(attachments, start=1):
        name = safe_name(link.filename, f"attachment-{n}{link.suffix}")
        plans.append(_destination(folder, name, link, "attachment", taken))
    if not attachments:
        name = f"{page_slug(page)}.html"
        plans.append(_destination(folder, name, Link(page.url, page.title, True), "page", taken))
    return plans


def _destination(
    folder: Path, name: str, link: Link, kind: Literal["attachment", "page"], taken: set[Path]
) -> _Planned:
    """Where a file goes: its own name, or name-2, name-3... when another file holds that name.

    A file fetched before from the same address keeps its name (and is replaced if it changed);
    a file from elsewhere, or one the user put there, is never overwritten.
    """
    stem, suffix = PurePosixPath(name).stem, PurePosixPath(name).suffix
    for i in range(1, 1000):
        dest = folder / (name if i == 1 else f"{stem}-{i}{suffix}")
        if dest in taken:
            continue
        prov = provenance.load_or_none(dest)
        same_source = prov is not None and prov.attachment_url == link.url
        if dest.exists() and not same_source:
            continue
        if provenance.path_for(dest).exists() and not same_source:
            continue
        taken.add(dest)
        intact = (
            same_source
            and kind == "attachment"
            and prov is not None
            and provenance.describes(prov, dest)
        )
        return _Planned(link, dest, kind, prov if intact else None)
    raise OSError(f"{folder}: too many files named like {name}")


def _commit(
    staged: list[tuple[_Planned, http.Download]],
    plans: list[_Planned],
    page: Page,
    url: str,
    retrieved: datetime,
    result: FoiFetch,
) -> None:
    """Rename every staged file into place and write its provenance; then list what is here."""
    done: dict[Path, SavedFile] = {}
    try:
        for plan, got in staged:
            old = _current_sha(plan.dest)
            kind: ProvenanceKind = "foi_page" if plan.kind == "page" else "foi_attachment"
            prov = Provenance(
                kind=kind,
                page_url=url,
                page_title=page.title,
                attachment_url=plan.link.url,
                attachment_title=plan.link.text,
                retrieved_at=retrieved,
                retrieved_from=got.url or plan.link.url,
                size=got.size,
                sha256=got.sha256,
            )
            if old == got.sha256 and (p := provenance.load_or_none(plan.dest)) and p.sha256 == old:
                got.discard()  # the same bytes as last time: keep the file and its provenance
                done[plan.dest] = SavedFile(plan.dest, plan.link.url, plan.kind, False, got.size)
                continue
            got.commit(plan.dest)
            http.write_json(provenance.path_for(plan.dest), prov.model_dump(mode="json"))
            done[plan.dest] = SavedFile(plan.dest, plan.link.url, plan.kind, True, got.size)
    except BaseException:
        for plan, got in staged:
            if plan.dest not in done:
                got.discard()
        raise
    for plan in plans:
        if plan.dest not in done and plan.current is not None:
            done[plan.dest] = SavedFile(
                plan.dest, plan.link.url, plan.kind, False, plan.current.size or 0
            )
    result.files = [done[plan.dest] for plan in plans if plan.dest in done]


def _current_sha(path: Path) -> str | None:
    try:
        return sha256_of(path) if path.is_file() else None
    except OSError:
        return None


def safe_name(name: str, fallback: str) -> str:
    """A file name that stays in its folder: no path, no leading dot, no control characters."""
    name = PurePosixPath(name.replace("\\", "/")).name
    name = re.sub(r"[\x00-\x1f<>:\"|?*]+", "_", name).strip(" .")
    if not name or PurePosixPath(name).suffix.lower() not in RETURN_SUFFIXES:
        return fallback
    if len(name) > 150:
        suffix = PurePosixPath(name).suffix
        name = name[: 150 - len(suffix)] + suffix
    return name


def page_slug(page: Page) -> str:
    """A file name for the page: the last part of its address, else its title."""
    last = PurePosixPath(unquote(urlsplit(page.url).path)).name
    last = re.sub(r"\.(html?|aspx?|php|jsp)$", "", last, flags=re.I)
    for text in (last, page.title):
        slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].strip("-")
        if slug:
            return slug
    return "page"
