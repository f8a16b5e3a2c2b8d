"""A briefing as blocks (headings, paragraphs, lists, tables, charts), rendered to one HTML file
or to Markdown through the templates beside this module (publish/templates).

The HTML is self-contained: styles inline, charts as SVG data URIs with alt text, no remote
assets, so a forwarded file opens anywhere, reads on a phone and prints on A4.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from spo_stats import __version__
from spo_stats.publish.templates import render


@dataclass(frozen=True)
class Link:
    text: str
    url: str


Inline = str | Link


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str = ""


@dataclass(frozen=True)
class Para:
    parts: tuple[Inline, ...]
    cls: str = ""


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[Inline, ...], ...]
    numbered: bool = False
    cls: str = ""  # "columns": short items side by side in print


@dataclass(frozen=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    numeric: tuple[int, ...] = ()  # columns aligned right
    # "lines": every cell on one printed line (short cells, many rows: forty forces on a page)
    cls: str = ""


@dataclass(frozen=True)
class Chart:
    svg: str
    alt: str
    caption: str
    name: str  # for a test or a reader: "orders", "rate", ...


@dataclass(frozen=True)
class Figures:
    """Charts side by side where the page is wide enough (and in print), one above another on a
    phone."""

    charts: tuple[Chart, ...]


@dataclass(frozen=True)
class Pre:
    text: str


Block = Heading | Para | Bullets | Table | Chart | Figures | Pre


def para(*parts: Inline, cls: str = "") -> Para:
    return Para(tuple(parts), cls)


def bullets(
    items: list[str] | list[tuple[Inline, ...]], numbered: bool = False, cls: str = ""
) -> Bullets:
    return Bullets(tuple((i,) if isinstance(i, str) else i for i in items), numbered, cls)


def table(
    caption: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Inline]],
    numeric: tuple[int, ...] = (),
    cls: str = "",
) -> Table:
    return Table(caption, tuple(headers), tuple(tuple(r) for r in rows), numeric, cls)


@dataclass
class Stamp:
    """What lets a reader trace a figure back: dates, version and the dataset's fingerprint."""

    made_on: date  # passed in by the caller: nothing below reads the clock
    data: str  # e.g. "figures for periods from 2017 to September 2024"
    fingerprint: str  # sha256 of observations.csv
    version: str = __version__
    extra: list[str] = field(default_factory=list)

    @property
    def made(self) -> str:
        """The date as people write it: 25 November 2026."""
        return f"{self.made_on.day} {self.made_on:%B %Y}"

    def line(self) -> str:
        return (
            f"Briefing made {self.made} by spo-stats {self.version}. Data: {self.data}. Dataset "
            f"fingerprint (SHA-256 of observations.csv): {self.fingerprint}."
        )


def render_html(title: str, blocks: list[Block], stamp: Stamp) -> str:
    """One self-contained page: templates/briefing.html.j2, with its styles in briefing.css."""
    return render("briefing.html.j2", title=title, blocks=blocks, stamp=stamp)


def render_markdown(title: str, blocks: list[Block], stamp: Stamp, chart_note: str) -> str:
    """The same briefing as Markdown; charts are named, and live in the HTML file."""
    return render("briefing.md.j2", title=title, blocks=blocks, stamp=stamp, chart_note=chart_note)
