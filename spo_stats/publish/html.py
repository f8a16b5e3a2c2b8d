"""A briefing as blocks (headings, paragraphs, lists, tables, charts), rendered to one HTML file
or to Markdown.

The HTML is self-contained: styles inline, charts as SVG data URIs with alt text, no remote
assets, so a forwarded file opens anywhere, reads on a phone and prints on A4.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape

from spo_stats import __version__


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
) -> Table:
    return Table(caption, tuple(headers), tuple(tuple(r) for r in rows), numeric)


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


CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1a1a1a; font: 17px/1.55 system-ui, -apple-system,
  "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main, footer { max-width: 46rem; margin: 0 auto; padding: 1rem 1.1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.6rem 0 0.3rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; border-top: 2px solid #1a1a1a; padding-top: 0.6rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; }
p, li { max-width: 40rem; }
.lede { font-size: 1.08rem; }
.key { background: #eef4fa; border-left: 5px solid #0072B2; padding: 0.7rem 0.9rem; }
.note { color: #3d3d3d; font-size: 0.94rem; }
a { color: #0a4f8a; overflow-wrap: anywhere; }
figure { margin: 1.2rem 0; }
figure img { display: block; width: 100%; height: auto; border: 1px solid #d0d0d0; }
figcaption { font-size: 0.9rem; color: #3d3d3d; margin-top: 0.3rem; }
.scroll { overflow-x: auto; margin: 0.8rem 0; }
table { border-collapse: collapse; font-size: 0.92rem; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border: 1px solid #c4c4c4; padding: 0.3rem 0.45rem; vertical-align: top; text-align: left; }
th { background: #f1f1f1; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
pre { white-space: pre-wrap; background: #f6f6f6; padding: 0.8rem; font-size: 0.88rem; }
footer { border-top: 1px solid #999; font-size: 0.85rem; color: #333; overflow-wrap: anywhere; }
p, li, td, th, caption { overflow-wrap: break-word; }
@media screen and (max-width: 30rem) { body { font-size: 16px; } h1 { font-size: 1.35rem; }
  /* Each table row becomes a card: no sideways scrolling on a phone. */
  .scroll table, .scroll caption, .scroll tbody, .scroll tr, .scroll th, .scroll td {
    display: block; width: 100%; }
  .scroll thead { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
  .scroll tr { border: 1px solid #c4c4c4; margin: 0 0 0.6rem; }
  .scroll th[scope="row"] { background: #f1f1f1; border: 0; }
  .scroll td { border: 0; border-top: 1px solid #e4e4e4; text-align: left; white-space: normal; }
  .scroll td:empty { display: none; }
  .scroll td::before, .scroll th[scope="row"]::before { content: attr(data-label) ": ";
    font-weight: 600; }
}
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr));
  gap: 0 1rem; }
.figures figure { margin: 0.6rem 0; }
@page { size: A4; margin: 8mm 11mm; }
/* Two A4 pages: small type, tight spacing, charts side by side; links already show their address. */
@media print {
  body { font-size: 8.4pt; line-height: 1.28; }
  main, footer { max-width: none; padding: 0; }
  p, li { max-width: none; margin: 0.25rem 0; }
  ul, ol { margin: 0.2rem 0; padding-left: 1.2rem; }
  h1 { font-size: 14pt; margin: 0 0 0.2rem; }
  h2 { font-size: 10.5pt; margin: 0.6rem 0 0.2rem; padding-top: 0.2rem; border-top-width: 1px;
    break-after: avoid; page-break-after: avoid; }
  h3 { font-size: 9.5pt; margin: 0.4rem 0 0.2rem; }
  .lede { font-size: 9pt; }
  .key { padding: 0.3rem 0.5rem; }
  .note, figcaption { font-size: 7.8pt; }
  figure { margin: 0.3rem 0; }
  figure, tr, .key { break-inside: avoid; page-break-inside: avoid; }
  figure img { width: 100%; max-width: 95mm; }
  .figures { grid-template-columns: 1fr 1fr; gap: 0 5mm; }
  .columns { columns: 3; column-gap: 6mm; }
  .columns li { break-inside: avoid; }
  .keep { break-inside: avoid; page-break-inside: avoid; }
  .figures figure img { max-width: none; }
  table { font-size: 7.8pt; }
  th, td { padding: 0.1rem 0.3rem; }
  .scroll { overflow: visible; margin: 0.3rem 0; }
  a { color: #000; }
  footer { font-size: 7pt; padding-top: 0.2rem; }
  footer p { margin: 0.1rem 0; }
}
"""


def _inline(parts: tuple[Inline, ...]) -> str:
    out = []
    for p in parts:
        if isinstance(p, Link):
            out.append(f'<a href="{escape(p.url, quote=True)}">{escape(p.text)}</a>')
        else:
            out.append(escape(p))
    return "".join(out)


def _block(b: Block) -> str:
    if isinstance(b, Heading):
        ident = f' id="{escape(b.id)}"' if b.id else ""
        return f"<h{b.level}{ident}>{escape(b.text)}</h{b.level}>"
    if isinstance(b, Para):
        cls = f' class="{b.cls}"' if b.cls else ""
        return f"<p{cls}>{_inline(b.parts)}</p>"
    if isinstance(b, Bullets):
        tag = "ol" if b.numbered else "ul"
        cls = f' class="{b.cls}"' if b.cls else ""
        return f"<{tag}{cls}>" + "".join(f"<li>{_inline(i)}</li>" for i in b.items) + f"</{tag}>"
    if isinstance(b, Table):
        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in b.headers)
        body = []
        for row in b.rows:
            cells = []
            for i, c in enumerate(row):
                # data-label: on a phone each row becomes a card that names its fields.
                label = (
                    f' data-label="{escape(b.headers[i], quote=True)}"'
                    if i < len(b.headers)
                    else ""
                )
                if i == 0:
                    cells.append(f'<th scope="row"{label}>{_inline((c,))}</th>')
                else:
                    cls = ' class="num"' if i in b.numeric else ""
                    cells.append(f"<td{cls}{label}>{_inline((c,))}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        # A short table is kept on one printed page, its caption with it.
        keep = " keep" if len(b.rows) <= 16 else ""
        return (
            f'<div class="scroll{keep}"><table><caption>{escape(b.caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )
    if isinstance(b, Figures):
        return '<div class="figures">' + "".join(_block(c) for c in b.charts) + "</div>"
    if isinstance(b, Chart):
        data = base64.b64encode(b.svg.encode("utf-8")).decode("ascii")
        return (
            f'<figure data-chart="{escape(b.name)}"><img src="data:image/svg+xml;base64,{data}" '
            f'alt="{escape(b.alt, quote=True)}"><figcaption>{escape(b.caption)}</figcaption></figure>'
        )
    return f"<pre>{escape(b.text)}</pre>"


def render_html(title: str, blocks: list[Block], stamp: Stamp) -> str:
    body = "\n".join(_block(b) for b in blocks)
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="spo-stats {escape(stamp.version)}">
<title>{escape(title)}</title>
<style>{CSS}</style>
</head>
<body>
<main>
{body}
</main>
<footer><p>{escape(stamp.line())}</p>{"".join(f"<p>{escape(x)}</p>" for x in stamp.extra)}</footer>
</body>
</html>
"""


# Text from a return (a source's name, a note, a label) is no Markdown: a renderer would run its
# <script> or <img onerror=...>, and its [text](address) would become a link. Each such character
# is backslash-escaped (CommonMark shows it as itself); an address that is not http(s) is text.
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\<>[]`|"})


def md_text(text: str) -> str:
    return text.translate(_MD_SPECIAL).replace("\n", " ")


def _md_link(link: Link) -> str:
    if not link.url.lower().startswith(("http://", "https://")):
        return md_text(link.text)
    return f"[{md_text(link.text)}](<{link.url.replace('<', '%3C').replace('>', '%3E')}>)"


def _md_inline(parts: tuple[Inline, ...]) -> str:
    return "".join(_md_link(p) if isinstance(p, Link) else md_text(p) for p in parts)


def render_markdown(title: str, blocks: list[Block], stamp: Stamp, chart_note: str) -> str:
    """The same briefing as Markdown; charts are named, and live in the HTML file."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            out += ["#" * b.level + " " + md_text(b.text), ""]
        elif isinstance(b, Para):
            out += [_md_inline(b.parts), ""]
        elif isinstance(b, Bullets):
            out += [
                f"{f'{n}.' if b.numbered else '-'} {_md_inline(i)}"
                for n, i in enumerate(b.items, start=1)
            ] + [""]
        elif isinstance(b, Table):
            out += [
                f"**{md_text(b.caption)}**",
                "",
                "| " + " | ".join(map(md_text, b.headers)) + " |",
            ]
            out.append(
                "|" + "".join("---:|" if i in b.numeric else "---|" for i in range(len(b.headers)))
            )
            out += ["| " + " | ".join(_md_inline((c,)) for c in row) + " |" for row in b.rows]
            out.append("")
        elif isinstance(b, Chart):
            out += [f"*Chart: {md_text(b.caption)} ({chart_note})*", ""]
        elif isinstance(b, Figures):
            out += [
                line
                for c in b.charts
                for line in (f"*Chart: {md_text(c.caption)} ({chart_note})*", "")
            ]
        else:
            # A fence longer than any run of backticks in the text, which cannot then close it.
            fence = "`" * max(3, 1 + max((len(r) for r in re.findall("`+", b.text)), default=0))
            out += [fence, b.text.rstrip(), fence, ""]
    out += ["---", "", stamp.line(), *stamp.extra, ""]
    return "\n".join(out)
