"""What an FOI reply page holds: its title, its main text and the files it links to.

Read with the standard library's html.parser, which tolerates the unclosed tags real pages have.
Links in the page's header, navigation and footer are site furniture (a publication scheme PDF, an
accessibility statement), never the reply, so they are left out; where the page marks its main
content (<main>, <article>, role="main"), only links inside it count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from spo_stats.read.formats import ATTACHMENT_SUFFIXES, NOT_READ_SUFFIXES

RETURN_SUFFIXES = ATTACHMENT_SUFFIXES
# Linked files that may hold an answer but that spo-stats cannot read: named, not downloaded.
OTHER_SUFFIXES = NOT_READ_SUFFIXES

_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip
_FURNITURE = {"header", "nav", "footer", "script", "style", "noscript", "template"}
_MAIN = {"main", "article"}
# Sites without <header>/<footer> mark them by class or id ("site-footer", "cookie-banner").
_FURNITURE_NAME = re.compile(
    r"^(site-?|page-?|global-?)?(header|footer|nav|navbar|navigation|breadcrumbs?|cookies?(-banner)?)$",
    re.I,
)


@dataclass
class Link:
    url: str
    text: str
    in_main: bool

    @property
    def filename(self) -> str:
        return unquote(PurePosixPath(urlsplit(self.url).path).name)

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.filename).suffix.lower()


@dataclass
class Page:
    url: str
    title: str
    text: str  # the visible text outside header, navigation and footer
    links: list[Link] = field(default_factory=list)
    has_main: bool = False

    def file_links(self, suffixes: tuple[str, ...]) -> list[Link]:
        """Links to files of these kinds, in page order, each address once."""
        candidates = [link for link in self.links if link.suffix in suffixes]
        if self.has_main and any(link.in_main for link in candidates):
            candidates = [link for link in candidates if link.in_main]
        seen: set[str] = set()
        found = []
        for link in candidates:
            path = urlsplit(link.url).path
            if "/attach/html/" in path:
                # WhatDoTheyKnow's own HTML rendering of an attachment (.../attach/<n>/<file> is
                # the file itself).
                continue
            key = _without_query(link.url)
            if key not in seen:
                seen.add(key)
                found.append(link)
        return found


def _without_query(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


class _Parser(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, furniture, main)
        self.title = ""
        self.h1 = ""
        self.og_title = ""
        self.text: list[str] = []
        self.links: list[Link] = []
        self.has_main = False
        self._in_title = False
        self._in_h1 = False
        self._link: tuple[str, bool] | None = None
        self._link_text: list[str] = []

    def _flags(self) -> tuple[bool, bool]:
        return (
            any(furniture for _, furniture, _ in self.stack),
            any(main for _, _, main in self.stack),
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and a.get("property") == "og:title":
            self.og_title = a.get("content", "").strip()
        if tag == "title":
            self._in_title = True
        if tag == "h1":
            self._in_h1 = True
        if tag == "a" and a.get("href"):
            self._finish_link()
            # Only web addresses: JAVASCRIPT:, ftp://, mailto: and the like are no file to fetch
            # (an ftp:// link to an .xlsx aborted the whole fetch), whatever their case.
            href = a["href"].strip()
            url = urljoin(self.base, href).split("#", 1)[0]
            furniture, main = self._flags()
            web = urlsplit(url).scheme.lower() in ("http", "https")
            if web and not href.startswith("#") and not furniture:
                self._link = (url, main)
                self._link_text = []
        if tag in _VOID:
            return
        main = tag in _MAIN or a.get("role") == "main"
        self.has_main = self.has_main or main
        furniture = (
            tag in _FURNITURE
            or a.get("role") in ("navigation", "banner", "contentinfo")
            or any(
                _FURNITURE_NAME.match(t) for t in f"{a.get('id', '')} {a.get('class', '')}".split()
            )
        )
        self.stack.append((tag, furniture, main))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False
        if tag == "a":
            self._finish_link()
        # Close up to the matching open tag; a stray end tag closes nothing.
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._in_h1:
            self.h1 += data
        if self._link is not None:
            self._link_text.append(data)
        furniture, _ = self._flags()
        if not furniture and not self._in_title and data.strip():
            self.text.append(data.strip())

    def _finish_link(self) -> None:
        if self._link is not None:
            url, main = self._link
            text = " ".join(" ".join(self._link_text).split())
            self.links.append(Link(url, text, main))
        self._link = None
        self._link_text = []

    def close(self) -> None:
        super().close()
        self._finish_link()


def parse_page(html: str, url: str) -> Page:
    parser = _Parser(url)
    parser.feed(html)
    parser.close()
    title = " ".join((parser.title or parser.og_title or parser.h1).split())
    return Page(
        url=url,
        title=title,
        text="\n".join(parser.text),
        links=parser.links,
        has_main=parser.has_main,
    )
