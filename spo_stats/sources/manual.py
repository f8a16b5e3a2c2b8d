"""The manual-entry format: one published figure per row, with its source.

How users record answers that came as letters, emails, PDFs or news reports. Columns: area, period
(or period_start and period_end), measure, value, status, approximate, source, source_url, note,
and optionally source_type (default quoted), read_at (a copy's address) and definition.

`source` is the citation in words; a web address written inside it is moved to `source_url` (an
optional column of its own), so source_url only ever holds a URL and source only words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import cast, get_args
from urllib.parse import urlsplit

from spo_stats.areas import find_area
from spo_stats.forces import find_force
from spo_stats.read.cells import CellValue, Grid, cell_ref
from spo_stats.schema import (
    MEASURES,
    SOURCE_TYPES,
    STATUSES,
    AreaType,
    Measure,
    SourceType,
    Status,
)
from spo_stats.sources.sidecar import Definition
from spo_stats.understand.measures import classify
from spo_stats.understand.periods import Period, parse_period
from spo_stats.understand.values import ParsedValue, parse_value

COLUMNS = (
    "area",
    "period",
    "period_start",
    "period_end",
    "measure",
    "value",
    "status",
    "approximate",
    "source",
    "source_url",
    "note",
    "source_type",
    "read_at",
    "definition",
)
_REQUIRED = {"area", "measure", "source"}
_TRUE = {"yes", "y", "true", "1", "approximate", "approx", "about"}


@dataclass
class ManualFigure:
    area: str
    area_type: AreaType
    period: Period
    measure: Measure
    parsed: ParsedValue
    approximate: bool
    source: str  # the citation in words
    note: str
    cell: str
    label: str
    url: str = ""  # where it was published: a URL or nothing
    source_type: SourceType = "quoted"
    copy_url: str = ""  # where it was read, when that is a copy of the original
    definition: str = ""


@dataclass
class ManualReading:
    figures: list[ManualFigure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def is_manual(rows: Grid) -> bool:
    if not rows:
        return False
    header = {str(c).strip().lower() for c in rows[0] if c is not None}
    return header >= _REQUIRED and bool({"value", "status"} & header)


def _text(v: CellValue) -> str:
    return "" if v is None else str(v).strip()


def read_manual(rows: Grid, sheet: str) -> ManualReading:
    out = ManualReading()
    header = [_text(c).lower() for c in rows[0]]
    col = {name: header.index(name) for name in COLUMNS if name in header}
    for r, row in enumerate(rows[1:], start=1):
        cells = {name: (row[i] if i < len(row) else None) for name, i in col.items()}
        if all(v is None for v in row):
            continue
        where = f"sheet {sheet!r} row {r + 1}"
        value_ref = cell_ref(r, col.get("value", col.get("status", 0)))
        figure, problem = _row(cells, value_ref)
        if figure is None:
            out.warnings.append(f"{where}: left out, {problem}.")
        else:
            out.figures.append(figure)
    return out


@dataclass
class _Citation:
    source: str
    url: str
    source_type: SourceType
    copy_url: str
    definition: str


def _citation(cells: dict[str, CellValue]) -> _Citation | str:
    """Who published the figure and where it was read, or what is wrong with them."""
    source, url = split_citation(_text(cells.get("source")))
    given_url = _text(cells.get("source_url"))
    if given_url:
        if not URL.fullmatch(given_url):
            return f"source_url {given_url!r} is not a web address (put words in source)"
        url = given_url
    if not source and not url:
        return "no source: every figure needs one (a URL or a reference)"
    kind = _text(cells.get("source_type")).lower() or "quoted"
    if kind not in SOURCE_TYPES:
        return f"source_type {kind!r} not recognised (use one of {', '.join(SOURCE_TYPES)})"
    copy_url = _text(cells.get("read_at"))
    if copy_url and not URL.fullmatch(copy_url):
        return f"read_at {copy_url!r} is not a web address (http or https)"
    definition = _text(cells.get("definition"))
    if definition and definition not in get_args(Definition):
        known = ", ".join(get_args(Definition))
        return f"definition {definition!r} not recognised (use {known}, or leave it empty)"
    return _Citation(source, url, cast(SourceType, kind), copy_url, definition)


def _row(cells: dict[str, CellValue], ref: str) -> tuple[ManualFigure | None, str]:
    area_name = _text(cells.get("area"))
    citation = _citation(cells)
    if isinstance(citation, str):
        return None, citation
    force = find_force(area_name) if area_name else None
    area = None if force else find_area(area_name)
    if force is None and area is None:
        return None, f"area {area_name!r} is neither a force nor a known aggregate area"
    period = _period(cells)
    if isinstance(period, str):
        return None, period
    measure_text = _text(cells.get("measure"))
    measure: Measure | None
    if measure_text in MEASURES:
        measure = cast(Measure, measure_text)
    else:
        measure, _ = classify([[measure_text]])
    if measure is None:
        return None, f"measure {measure_text!r} not recognised (use one of {', '.join(MEASURES)})"
    parsed = _value(cells)
    if parsed is None:
        return None, f"value {cells.get('value')!r} / status {cells.get('status')!r} not understood"
    approximate = parsed.approximate or _text(cells.get("approximate")).lower() in _TRUE
    slug = force.slug if force else area.slug if area else ""
    label = " | ".join(x for x in (area_name, _text(cells.get("period")), measure_text) if x)
    return (
        ManualFigure(
            slug,
            "force" if force else "aggregate",
            period,
            measure,
            parsed,
            approximate,
            citation.source,
            _text(cells.get("note")),
            ref,
            label,
            citation.url,
            citation.source_type,
            citation.copy_url,
            citation.definition,
        ),
        "",
    )


URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
# Words left dangling where an address was taken out: "(copy at )", "(syndicated copy: )", "FOI 1: ".
_DANGLING = re.compile(r"[\s:;,.\u2013-]*(?:\b(?:at|via|see)\b)?[\s:;,.\u2013-]*(?=\)|$)")


def split_citation(text: str) -> tuple[str, str]:
    """(words, url) of a citation: the first web address moved out, the words tidied around it.

    A citation that is only an address gets the site's host name as its words (the publisher).
    """
    match = URL.search(text)
    if match is None:
        return text, ""
    url = match.group(0).rstrip(".,;:)")
    if url.count("(") < url.count(")"):
        url = url[: url.rindex(")")]
    words = text[: match.start()] + text[match.start() + len(url) :]
    words = _DANGLING.sub("", words).replace("()", "")
    words = " ".join(words.split()).strip(" :;,-")
    if not words:
        host = urlsplit(url).hostname or ""
        words = host.removeprefix("www.")
    return words, url


def _period(cells: dict[str, CellValue]) -> Period | str:
    start, end = cells.get("period_start"), cells.get("period_end")
    if start is not None or end is not None:
        try:
            s = start if isinstance(start, date) else date.fromisoformat(_text(start)[:10])
            e = end if isinstance(end, date) else date.fromisoformat(_text(end)[:10])
            return Period(start=s, end=e)
        except ValueError as exc:
            return f"period_start/period_end not ISO dates or out of order ({exc})"
    period = parse_period(cells.get("period"))
    if period is None:
        return f"period {cells.get('period')!r} not understood; give period_start and period_end"
    return period


def _value(cells: dict[str, CellValue]) -> ParsedValue | None:
    value, status = cells.get("value"), _text(cells.get("status")).lower()
    if value is not None:
        parsed = parse_value(value)
        if parsed is not None and status in STATUSES and status != parsed.status:
            return None  # a value and a status that contradict each other
        return parsed
    if status in STATUSES and status != "reported":
        return ParsedValue(cast(Status, status))
    return None
