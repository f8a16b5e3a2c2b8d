"""An explained return as one self-contained HTML page, coloured by what each cell became.

Like tidychef's preview: figures, numbers left out, totals, labels, titles and hidden cells each
have a colour, and every cell's reason is in its tooltip and in the lists under the grid.
"""

from __future__ import annotations

import html
from datetime import datetime

from spo_stats import __version__
from spo_stats.read.cells import cell_ref
from spo_stats.sources.explain import CellExplanation, Explanation
from spo_stats.understand.labels import label_text

# Colour-blind-safe fills (Okabe-Ito, lightened) with dark text for contrast.
ROLE_STYLE = {
    "figure": ("#c7e9c0", "a figure: force, measure and period understood"),
    "left_out": ("#fdd0a2", "a number left out, with its reason"),
    "total": ("#c6dbef", "a total, checked against its parts"),
    "label": ("#f0f0f0", "a label that decided (hover for its type)"),
    "text": ("#ffffff", "a title, prose or note"),
    "hidden": ("#dadaeb", "hidden or left out by a sidecar: not data"),
}

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1.5rem;color:#111}
h1{font-size:1.3rem} h2{font-size:1.1rem;margin-top:2rem}
table.grid{border-collapse:collapse;font-size:.8rem}
table.grid td,table.grid th{border:1px solid #bbb;padding:2px 6px;max-width:22rem;
 overflow:hidden;text-overflow:ellipsis;white-space:nowrap;vertical-align:top}
table.grid th{background:#333;color:#fff;font-weight:600}
.legend span{display:inline-block;padding:2px 8px;margin:2px;border:1px solid #999}
td.num{text-align:right} .why{font-size:.85rem} .error{color:#8b0000;font-weight:600}
"""


def render(ex: Explanation) -> str:
    """The whole page as a string."""
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<meta name='generator' content='spo-stats {__version__}'>",
        f"<title>spo-stats explain: {html.escape(ex.file)}</title><style>{_CSS}</style></head><body>",
        f"<h1>How spo-stats read {html.escape(ex.file)}</h1>",
        f"<p>Made {datetime.now():%d %B %Y %H:%M}. Forces read: "
        f"{html.escape(', '.join(ex.forces) or 'none')}.</p>",
    ]
    if ex.error:
        parts.append(f"<p class='error'>{html.escape(ex.error)}</p>")
    parts.append("<p class='legend'>")
    for colour, meaning in ROLE_STYLE.values():
        parts.append(f"<span style='background:{colour}'>{html.escape(meaning)}</span>")
    parts.append("</p>")
    for w in ex.warnings:
        parts.append(f"<p class='why'>Note: {html.escape(w)}</p>")
    for sheet in ex.sheets:
        title = f"Sheet {sheet.name!r}" + (" (hidden: not read)" if sheet.hidden else "")
        parts.append(f"<h2>{html.escape(title)}</h2>")
        parts.append(f"<p>{sheet.figures} figure(s), {sheet.left_out} number(s) left out.</p>")
        parts.append(_grid(sheet.rows))
        if sheet.cut:
            parts.append("<p class='why'>Only the top-left corner of this sheet is shown.</p>")
        parts.append(_reasons(sheet.rows))
    parts.append("</body></html>")
    return "\n".join(parts)


def _grid(rows: list[list[CellExplanation]]) -> str:
    width = max((len(r) for r in rows), default=0)
    head = "".join(f"<th scope='col'>{cell_ref(0, c)[:-1]}</th>" for c in range(width))
    out = [f"<table class='grid'><tr><th scope='col'></th>{head}</tr>"]
    for r, row in enumerate(rows):
        cells = [f"<th scope='row'>{r + 1}</th>"]
        for cell in row:
            colour = ROLE_STYLE.get(cell.role or "", ("#ffffff", ""))[0]
            text = html.escape(label_text(cell.value))
            tip = html.escape(cell.detail, quote=True)
            numeric = " class='num'" if isinstance(cell.value, int | float) else ""
            cells.append(f"<td{numeric} style='background:{colour}' title='{tip}'>{text}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "".join(out)


def _reasons(rows: list[list[CellExplanation]]) -> str:
    items = []
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell.role in ("figure", "left_out", "total"):
                what = {"figure": "figure", "left_out": "left out", "total": "total"}[cell.role]
                items.append(
                    f"<li><b>{cell_ref(r, c)}</b> {html.escape(label_text(cell.value))}: "
                    f"{what}, {html.escape(cell.detail)}</li>"
                )
    return f"<ul class='why'>{''.join(items)}</ul>" if items else ""
