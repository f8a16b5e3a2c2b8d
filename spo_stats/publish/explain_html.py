"""An explained return as one self-contained HTML page, coloured by what each cell became.

Like tidychef's preview: figures, numbers left out, totals, labels, titles and hidden cells each
have a colour, and every cell's reason is in its tooltip and in the lists under the grid.
"""

from __future__ import annotations

from datetime import datetime

from markupsafe import Markup

from spo_stats import __version__
from spo_stats.publish.templates import render as render_template
from spo_stats.read.cells import cell_ref
from spo_stats.sources.explain import Explanation

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


def render(ex: Explanation, made: datetime | None = None) -> str:
    """The whole page as a string (templates/explain.html.j2); made: when, for its stamp (none
    given, the page says no time, so the same file always gives the same page)."""
    return render_template(
        "explain.html.j2",
        ex=ex,
        version=__version__,
        made=f"{made:%d %B %Y %H:%M}" if made else "",
        css=Markup(_CSS),
        styles=ROLE_STYLE,
        cell_ref=cell_ref,
    )
