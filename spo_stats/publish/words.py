"""Plain words for briefings: periods as the Home Office writes them, measures, counts and sources.

One place decides how a figure is said, so a suppressed figure, a quarter or a measure reads the
same in every sentence, table, chart and file name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from spo_stats.measures import RATES, RateInfo
from spo_stats.measures import measure as measure_info
from spo_stats.understand.periods import classify, month_end

if TYPE_CHECKING:
    from spo_stats.schema import Observation


def sentence_case(text: str) -> str:
    """Text with its first letter made a capital and the rest as it is: "SPOs granted" stays
    "SPOs", where str.capitalize() gives "Spos granted"."""
    return text[:1].upper() + text[1:]


SPO_SENTENCE = (
    "A Stalking Protection Order (SPO) is a civil order, available since 20 January 2020, that "
    "a magistrates' court can impose at the request of police in England and Wales on someone "
    "suspected of stalking: it can ban contact with the victim and require steps such as "
    "treatment, and breaking it is a crime."
)
INTERVAL_SENTENCE = (
    "The range given with a rate (the 95% interval) shows how far chance alone could move a rate "
    "based on counts this small: two rates whose ranges overlap may not really differ."
)


@dataclass(frozen=True)
class MeasureWords:
    """How one rate is said: title, axis, table columns, the numerator and the denominator."""

    slug: str  # for file names: "" for the default measure
    title: str  # "SPOs granted per 100 recorded stalking offences"
    one: str  # singular noun of the numerator: "order"
    many: str  # plural: "orders"
    numerator: str  # table column: "SPOs granted"
    denominator: str  # table column: "recorded stalking offences"


def _rate_words(rate: RateInfo) -> MeasureWords:
    num, den = measure_info(rate.numerator), measure_info(rate.denominator)
    title = f"{sentence_case(num.many)} per 100 {den.many}"
    return MeasureWords(rate.file, title, num.short_one, num.short, num.many, den.many)


# How each rate is said, from the measures' own words.
MEASURES: dict[str, MeasureWords] = {key: _rate_words(rate) for key, rate in RATES.items()}


def in_sentence(title: str) -> str:
    """'Interim SPOs granted per 100 ...' inside a sentence: 'interim SPOs granted per 100 ...'."""
    return title if title.startswith("SPO") else title[:1].lower() + title[1:]


def measure_words(measure: str) -> MeasureWords:
    return MEASURES[measure]


def file_stem(stem: str, measure: str) -> str:
    """briefing.html for the default measure, briefing-grant-ratio.html for the others."""
    slug = MEASURES[measure].slug
    return f"{stem}-{slug}" if slug else stem


def measure_name(slug: str) -> str:
    """A measure as a table heading: "SPOs granted (full orders, or not said)"."""
    return measure_info(slug).name


def count_noun(slug: str) -> str:
    """A measure's plural noun: "SPOs granted"."""
    return measure_info(slug).many


def short_noun(slug: str) -> str:
    """A measure's short plural noun, once it is named: "orders"."""
    return measure_info(slug).short


def count(value: int, measure: str, approximate: bool = False) -> str:
    """ "1 full SPO granted", "about 440,000 recorded stalking offences"."""
    m = measure_info(measure)
    one, many = m.one, m.many
    return f"{'about ' if approximate else ''}{value:,} {one if value == 1 else many}"


# Counts that follow another definition than their measure's own (see Observation.definition).
DEFINITION_NOUNS = {
    "outcomes_incidents": (
        "stalking incident in Home Office outcomes data (not recorded crime, 8Q)",
        "stalking incidents in Home Office outcomes data (not recorded crime, 8Q)",
    )
}


def count_defined(value: int, measure: str, definition: str, approximate: bool = False) -> str:
    """A count in the words of its own definition, where it has one."""
    if definition not in DEFINITION_NOUNS:
        return count(value, measure, approximate)
    one, many = DEFINITION_NOUNS[definition]
    return f"{'about ' if approximate else ''}{value:,} {one if value == 1 else many}"


def plural(value: int, one: str, many: str) -> str:
    return f"{value:,} {one if value == 1 else many}"


def period_words(start: date, end: date) -> str:
    """Periods as the Home Office and forces write them; quarters as financial quarters with months."""
    kind = classify(start, end)
    if kind == "year":
        return str(start.year)
    if kind == "financial_year":
        return f"{start.year}/{str(end.year)[2:]} (April {start.year} to March {end.year})"
    if kind == "quarter":
        fy = start.year if start.month >= 4 else start.year - 1
        q = ((start.month - 4) % 12) // 3 + 1
        return f"{fy}/{str(fy + 1)[2:]} Q{q} ({start:%b} to {end:%b %Y})"
    if kind == "month":
        return f"{start:%B %Y}"
    if start.day == 1 and end == month_end(end.year, end.month):
        if start.month == 1 and end.month == 12:
            return f"{start.year} to {end.year}"
        return f"{start:%B %Y} to {end:%B %Y}"
    return f"{day_words(start)} to {day_words(end)}"


def period_short(start: date, end: date) -> str:
    """A chart tick: '2017/18 Q1', '2021', '2021/22', 'Jan 2024 to Sep 2024'."""
    kind = classify(start, end)
    if kind == "financial_year":
        return f"{start.year}/{str(end.year)[2:]}"
    if kind == "quarter":
        fy = start.year if start.month >= 4 else start.year - 1
        return f"{fy}/{str(fy + 1)[2:]} Q{((start.month - 4) % 12) // 3 + 1}"
    if kind == "month":
        return f"{start:%b %Y}"
    if kind == "range" and start.day == 1 and end == month_end(end.year, end.month):
        if start.month == 1 and end.month == 12:
            return f"{start.year} to {end.year}"
        return f"{start:%b %Y} to {end:%b %Y}"
    return period_words(start, end)


def day_words(d: date) -> str:
    """A date as a reader writes it: '20 January 2020'."""
    return f"{d.day} {d:%B %Y}"


def status_words(row: Observation) -> str:
    """What was said instead of a figure: the same words in every table, sentence and chart."""
    status = row.status
    if status == "suppressed":
        lo, hi = row.value_min, row.value_max
        if lo is not None and hi is not None:
            return f"withheld as a small number ({lo} to {hi})"
        return "withheld as a small number"
    if status == "not_held":
        return "not held by the force"
    if status == "refused":
        return "refused (for example, the cost limit)"
    return status.replace("_", " ")


def figure_words(row: Observation) -> str:
    if row.status == "reported" and row.value is not None:
        return f"{'about ' if row.approximate else ''}{int(row.value):,}"
    return status_words(row)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def per_100(value: float, approximate: bool) -> str:
    """Two decimals for exact counts; an estimate gets one significant figure's worth less."""
    return f"about {value:.1f}" if approximate else f"{value:.2f}"


def one_in(numerator: int, denominator: int) -> int | None:
    """N in 'about 1 order for every N offences', rounded; None where there are no orders."""
    if numerator <= 0:
        return None
    n = denominator / numerator
    return round(n) if n < 20 else int(round(n, -1)) if n < 1000 else int(round(n, -2))


_URL = re.compile(r"https?://\S+?(?=[)\s,;]|$)")
_JARGON = re.compile(r"\s*\((?:seed article|[^)]*https?://[^)]*)\)", re.I)
PUBLISHERS = {
    "bbc.co.uk": "BBC News",
    "itv.com": "ITV News",
    "parallelparliament.co.uk": "Hansard, via Parallel Parliament",
    "thenorthernecho.co.uk": "The Northern Echo",
    "stourbridgenews.co.uk": "Stourbridge News",
    "hartlepoolmail.co.uk": "Hartlepool Mail",
    "thenantwichnews.co.uk": "Nantwich News",
    "lancashiretelegraph.co.uk": "Lancashire Telegraph",
    "theargus.co.uk": "The Argus",
    "edp24.co.uk": "Eastern Daily Press",
    "gov.uk": "Home Office (GOV.UK)",
    "whatdotheyknow.com": "WhatDoTheyKnow",
}


@dataclass(frozen=True)
class Citation:
    text: str  # publisher and date as a reader cites them
    url: str  # "" where the source has no address
    publisher: str = ""  # who published it, for a chart's one-line source


def publisher_of(cited: str) -> str:
    """The publisher of a source in its own words: a citation is "publisher, date, reference"."""
    return cited.split(",")[0]


def citation(row: Observation, force_name: str = "") -> Citation:
    """A source as a reader cites it: publisher (and date where known), with its link."""
    raw = str(row.source_url or "")
    source = str(row.source or "")
    when = row.source_date
    urls = _URL.findall(raw) or _URL.findall(source)
    url = urls[0] if urls else ""
    if source:
        text = _URL.sub("", _JARGON.sub("", source)).strip(" ,;:()")
    elif raw and not raw.startswith("http"):
        text = _URL.sub("", _JARGON.sub("", raw)).strip(" ,;:()")
        if urls:
            text += f" (copy at {_publisher(url)})"
    elif url:
        text = _publisher(url)
    elif row.source_kind == "home_office":
        text = "Home Office, police recorded crime tables"
    else:
        who = force_name or str(row.force_name or "") or "The force"
        text = f"{who}, reply to a Freedom of Information request"
    if text.count("(") > text.count(")"):  # "(syndicated copy: URL)" with its URL taken out
        text += ")"
    publisher = publisher_of(text)
    said = day_words(when) if isinstance(when, date) else str(when or "")
    if said and said not in text and str(when) not in text:
        text += f", {said}"
    return Citation(text, url, publisher)


def _publisher(url: str) -> str:
    host = urlparse(url).netloc.lower().removeprefix("www.").removeprefix("beta.")
    for domain, name in PUBLISHERS.items():
        if host == domain or host.endswith("." + domain):
            return name
    if host.endswith(".police.uk"):
        return host.split(".")[0].replace("-", " ").title() + " Police, disclosure log"
    return host


def cell_reference(row: Observation) -> str:
    """Where the figure sits in the file we read: for the appendix, not the body."""
    sheet = row.source_sheet or ""
    return f"{row.source_file}, sheet {sheet}, cell {row.source_cell}"
