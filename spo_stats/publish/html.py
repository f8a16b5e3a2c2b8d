"""A briefing as blocks (headings, paragraphs, lists, tables, charts), rendered to one HTML file
or to Markdown.

The HTML is self-contained: styles inline, charts as SVG data URIs with alt text, no remote
assets, so a forwarded file opens anywhere, reads on a phone and prints on A4.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass, field
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
class Pre:
    text: str


Block = Heading | Para | Bullets | Table | Chart | Pre


def para(*parts: Inline, cls: str = "") -> Para:
    return Para(tuple(parts), cls)


def bullets(items: list[str] | list[tuple[Inline, ...]], numbered: bool = False) -> Bullets:
    return Bullets(tuple((i,) if isinstance(i, str) else i for i in items), numbered)


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

    made: str  # briefing date, e.g. 25 November 2026
    data: str  # e.g. "figures for periods from 2017 to September 2024"
    fingerprint: str  # sha256 of observations.csv
    version: str = __version__
    extra: list[str] = field(default_factory=list)

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
@page { size: A4; margin: 15mm 14mm; }
@media print {
  body { font-size: 10.5pt; }
  main, footer { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, tr, .key { break-inside: avoid; page-break-inside: avoid; }
  figure img { width: 100%; max-width: 125mm; }
  .scroll { overflow: visible; }
  a { color: #000; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 85%; overflow-wrap: anywhere; }
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
        return f"<{tag}>" + "".join(f"<li>{_inline(i)}</li>" for i in b.items) + f"</{tag}>"
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
        return (
            f'<div class="scroll"><table><caption>{escape(b.caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )
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


def _md_inline(parts: tuple[Inline, ...]) -> str:
    return "".join(f"[{p.text}]({p.url})" if isinstance(p, Link) else p for p in parts)


def render_markdown(title: str, blocks: list[Block], stamp: Stamp, chart_note: str) -> str:
    """The same briefing as Markdown; charts are named, and live in the HTML file."""
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            out += ["#" * b.level + " " + b.text, ""]
        elif isinstance(b, Para):
            out += [_md_inline(b.parts), ""]
        elif isinstance(b, Bullets):
            out += [
                f"{f'{n}.' if b.numbered else '-'} {_md_inline(i)}"
                for n, i in enumerate(b.items, start=1)
            ] + [""]
        elif isinstance(b, Table):
            out += [f"**{b.caption}**", "", "| " + " | ".join(b.headers) + " |"]
            out.append(
                "|" + "".join("---:|" if i in b.numeric else "---|" for i in range(len(b.headers)))
            )
            out += [
                "| " + " | ".join(_md_inline((c,)).replace("|", "/") for c in row) + " |"
                for row in b.rows
            ]
            out.append("")
        elif isinstance(b, Chart):
            out += [f"*Chart: {b.caption} ({chart_note})*", ""]
        else:
            out += ["```", b.text.rstrip(), "```", ""]
    out += ["---", "", stamp.line(), *stamp.extra, ""]
    return "\n".join(out)
