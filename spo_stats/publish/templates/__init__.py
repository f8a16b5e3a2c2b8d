"""Pages from Jinja2 templates, escaped for the format they are written in.

HTML templates are autoescaped as HTML. Markdown templates are autoescaped too, with a Markdown
escape in place of the HTML one: every value reads as the same text once rendered (a `|` in a
force's answer stays a `|`, not a column break nor a `/`), and raw HTML in it stays text. A value
is only ever written raw where a template marks it so.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from markupsafe import Markup

from spo_stats.understand.labels import label_text

if TYPE_CHECKING:
    from jinja2 import Environment

# Characters that mean something to Markdown (CommonMark with GFM tables) anywhere in a line; a
# backslash before each is its literal self (CommonMark escapes any ASCII punctuation so).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<|~])")
# "&lt;" would be read as an entity, "<" is written as one already.
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
# At the start of a line: a heading, a quote, a list item, a heading's underline.
_MD_LINE_START = re.compile(r"^(\s*)(>|(?:[#=-]+|[+*]|\d+[.)])(?=\s|$))")
# Characters that end or break a link's address in Markdown: percent-encoded, the address unchanged.
_URL_SAFE = "/:?=&%#;,@$!*'~+-._"
_WEB = re.compile(r"https?://", re.I)


def md_escape(value: object) -> Markup:
    """The value as Markdown text that renders back to exactly the value."""
    if isinstance(value, Markup):
        return value
    # A line break would end a table row: within a value it is a space, as HTML shows it.
    text = " ".join(str(value).split("\n"))
    text = _MD_ENTITY.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", text))
    return Markup(_MD_LINE_START.sub(lambda m: m[1] + "\\" + m[2], text))


def md_url(url: str) -> Markup:
    return Markup(quote(url, safe=_URL_SAFE).replace("(", "%28").replace(")", "%29"))


def is_web_address(url: str) -> bool:
    """Only http and https addresses become links: a 'javascript:' address would run."""
    return bool(_WEB.match(url))


def _fence(text: str) -> Markup:
    """A code fence longer than any run of backticks in the text, so the text cannot close it."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return Markup("`" * max(3, longest + 1))


def _named(kind: str) -> Any:
    # By the class's name: the block classes live in publish/html, which renders through this
    # module, so importing them here would make a circle.
    return lambda value: type(value).__name__ == kind


def _tests() -> dict[str, Any]:
    kinds = {
        "link": "Link",
        "heading": "Heading",
        "para": "Para",
        "bullets": "Bullets",
        "table": "Table",
        "chart": "Chart",
        "figures": "Figures",
    }
    tests: dict[str, Any] = {name: _named(kind) for name, kind in kinds.items()}
    tests["web_address"] = is_web_address
    return tests


@cache
def environment(markdown: bool) -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("spo_stats.publish", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=markdown,
        lstrip_blocks=markdown,
        keep_trailing_newline=True,
        # Markdown: every value is escaped for Markdown before it is written (Markup passes).
        finalize=md_escape if markdown else None,
    )
    env.tests.update(_tests())
    env.filters.update(
        md=md_escape,
        md_url=md_url,
        hashes=lambda n: Markup("#" * int(n)),
        base64=lambda s: base64.b64encode(s.encode("utf-8")).decode("ascii"),
        fence=_fence,
        raw=Markup,
        rstrip=lambda s: s.rstrip(),
        label_text=label_text,
        pyrepr=repr,
    )
    return env


def render(name: str, **context: Any) -> str:
    return environment(name.endswith(".md.j2")).get_template(name).render(**context)
