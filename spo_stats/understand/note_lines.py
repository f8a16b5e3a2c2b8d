"""Figures a note under a table gives in words, for a measure the table itself does not hold.

Forces answer a part of a request the table has no column for in a line beneath it: a status
("SPO breaches: information not held.") or a short series ("Interim orders: 2020 - 3; 2021 -
9"). Such a line is read only where it is that and nothing more: a label, then a bare status or
a run of period-value pairs. Anything that could narrow or qualify it gives nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spo_stats.schema import Measure
from spo_stats.understand import lexicon
from spo_stats.understand.measures import classify, signals
from spo_stats.understand.notes import QUALIFYING
from spo_stats.understand.period_text import find_period, label_period
from spo_stats.understand.periods import Period
from spo_stats.understand.values import ParsedValue, parse_value

# "SPO breaches: information not held." A label, then a status in words.
_STATUS_LINE = re.compile(
    r"^(?P<label>[^:;.]{3,80}?)\s*(?::|\s[-–—])\s*(?P<status>[^:;]{3,120}?)\.?$"
)
# A status for part of the time only ("not held before April 2022", "since"): no status.
_OPEN_STATUS = re.compile(r"\b(?:before|after|prior|since|until|from|between|for\s+some)\b", re.I)
# "Interim orders: 2020 - 3; 2021 - 9; 2022 - 11." A label, then period-value pairs.
_SERIES = re.compile(r"^(?P<label>[^:;.]{3,60}?)\s*:\s*(?P<items>[^:]+?)\.?$")
_ITEM = re.compile(r"^(?P<period>.+?)\s*[:=\-–—]\s*(?P<value>[^\s:=]+)$")
_LONGEST_SERIES = 600
_SENTENCE_END = re.compile(r"(?<=[a-z)])\.\s+(?=[A-Z])")


@dataclass(frozen=True)
class NoteFigure:
    measure: Measure
    period: Period
    parsed: ParsedValue


def status_line(text: str, context: bool) -> tuple[Measure, ParsedValue] | None:
    """A note that is a measure's label and a bare status ("not held", "refused"), or None."""
    m = _STATUS_LINE.match(text.strip())
    if m is None:
        return None
    parsed = parse_value(m["status"])
    if parsed is None or parsed.status not in ("not_held", "refused") or parsed.not_applicable:
        return None
    status = m["status"].lower()
    if QUALIFYING.search(status) or _OPEN_STATUS.search(status) or find_period(text):
        return None
    # "Gorchmynion interim a roddwyd / Interim orders granted": the label read in English.
    measure, _ = classify([[lexicon.english_side(m["label"])]], context)
    return (measure, parsed) if measure is not None else None


def status_in_note(text: str, context: bool) -> tuple[Measure, ParsedValue] | None:
    """A status line, or one sentence of a note that is one ("- = nil. Interim orders granted:
    information not held."), where no other sentence names a period or a part of the time."""
    if (said := status_line(text, context)) is not None:
        return said
    sentences = _SENTENCE_END.split(" ".join(text.split()))
    found = [(i, x) for i, s in enumerate(sentences) if (x := status_line(s, context))]
    if len(found) != 1:
        return None
    others = [s for i, s in enumerate(sentences) if i != found[0][0]]
    if any(find_period(s) or _OPEN_STATUS.search(s) for s in others):
        return None
    return found[0][1]


def series_line(text: str, context: bool) -> list[NoteFigure]:
    """The figures of a note sentence that is a measure's label and two or more period-value
    pairs; [] for any other sentence.

    A label naming no action ("Interim orders") takes the action of the sentence before it in
    the same note, where that sentence sets another order type against it ("Granted figures
    are full orders. Interim orders: ..."): the note then says which orders the rest are.
    """
    sentences = _SENTENCE_END.split(" ".join(text.split()))
    out: list[NoteFigure] = []
    for i, sentence in enumerate(sentences):
        # A series of a dozen periods fits in a few hundred characters; a longer run is prose.
        m = _SERIES.match(sentence) if len(sentence) <= _LONGEST_SERIES else None
        if m is None or QUALIFYING.search(sentence.lower()):
            continue
        # "2020 - 1,234; 2021 - 1,310": semicolons part the pairs where there are any.
        parts = re.split(r"\s*;\s*" if ";" in m["items"] else r"\s*,\s*", m["items"])
        items = [_item(x) for x in parts if x.strip()]
        pairs = [x for x in items if x is not None]
        if len(pairs) < 2 or len(pairs) != len(items):
            continue
        if lexicon.running(m["label"]):
            continue  # "Total SPOs granted since April 2020: 2022 - 7; 2023 - 12": running totals
        measure = _series_measure(m["label"], sentences[i - 1] if i else "", context)
        if measure is not None:
            out += [NoteFigure(measure, p, v) for p, v in pairs]
    return out


def _item(text: str) -> tuple[Period, ParsedValue] | None:
    m = _ITEM.match(text.strip()) if len(text) <= 60 else None
    if m is None or (period := label_period(m["period"])) is None:
        return None
    parsed = parse_value(m["value"])
    if parsed is None or parsed.status not in ("reported", "suppressed") or parsed.dash:
        return None  # a lone dash with no key of its own is no figure
    return period, parsed


def _series_measure(label: str, before: str, context: bool) -> Measure | None:
    measure, _ = classify([[label]], context)
    if measure is not None:
        return measure
    own, prior = signals(label), signals(before)
    if (
        own.action is not None
        or own.order_type is None
        or prior.action not in ("applications", "granted")
    ):
        return None
    if prior.order_type in (None, own.order_type, "both"):
        return None
    measure, _ = classify([[label], [before]], context)
    return measure
