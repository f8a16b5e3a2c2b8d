"""Sources that disagree, in words: each kind of disagreement said as what it is.

Three kinds reach a briefing: two sources giving different counts for one period (a conflict, one
of which the dataset's precedence uses); one source's count for a period against another's pieces
of that period added up; and a count for a period larger than the count for a longer period that
contains it. The cell each figure was read from is evidence: it goes to sources.csv, not here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from spo_stats.analysis.rates import Conflict, Disagreement
from spo_stats.areas import area_name
from spo_stats.publish import words

if TYPE_CHECKING:
    from spo_stats.schema import Observation

# Each kind as a reader would put it, for a sentence that counts them.
KIND_WORDS = {
    "conflict": "two sources give different counts for the same period",
    "summed": "one source's count for a period differs from another source's figures for parts "
    "of that period added up",
    "nested": "a count for a period is larger than the count for a longer period that contains it",
}


def kind_of(d: Disagreement) -> str:
    return "summed" if d.summed else "nested"


def _cited(c: Conflict, value: int, rows: list[Observation]) -> list[str]:
    """The sources, as a reader cites them, that gave this value for the conflict's figure."""
    return list(
        dict.fromkeys(
            words.citation(r).text
            for r in rows
            if r.force == c.force
            and r.measure == c.measure
            and (r.period_start, r.period_end) == (c.start, c.end)
            and r.value == value
        )
    )


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def conflict_words(c: Conflict, rows: list[Observation]) -> str:
    values = list(dict.fromkeys(v for v, _, _ in c.values))
    who = {v: _cited(c, v, rows) for v in values}
    if len({tuple(w) for w in who.values()}) == 1:  # one publisher, several replies or tables
        said = f"{who[values[0]][0] if who[values[0]] else 'its sources'} give " + _and(
            [f"{v:,}" for v in values]
        )
    else:
        said = "the sources give " + _and(
            [f"{v:,} ({'; '.join(who[v])})" if who[v] else f"{v:,}" for v in values]
        )
    return (
        f"{area_name(c.force)}, {words.measure_name(c.measure)}, "
        f"{words.period_words(c.start, c.end)}: {said}. This "
        f"briefing uses {c.chosen:,}, the figure the dataset's order of sources puts first."
    )


def disagreement_words(d: Disagreement) -> str:
    i, o = d.inner, d.outer
    if d.summed:
        return (
            f"{area_name(d.force)}: {words.count(o.value, o.measure, o.approximate)} for "
            f"{words.period_words(o.start, o.end)}, but {d.pieces} for parts of the same period "
            f"add up to {i.value:,}."
        )
    since = (
        " (counting from 20 January 2020, when SPOs began)"
        if o.measure != "stalking_offences"
        else ""
    )
    return (
        f"{area_name(d.force)}: {words.count(i.value, i.measure)} for "
        f"{words.period_words(i.start, i.end)}, but only {words.count(o.value, o.measure)} for "
        f"{words.period_words(o.start, o.end)}, a longer period that contains it{since}."
    )


ADVICE = (
    "In each, both figures cannot be right; neither is corrected here, so check both sources "
    "before quoting either."
)


def disagreement_items(
    dis: Sequence[Disagreement], conflicts: Sequence[Conflict], rows: list[Observation]
) -> list[str]:
    """One item per disagreement and per conflict, each said as its kind."""
    return [disagreement_words(d) for d in dis] + [
        conflict_words(c, rows) for c in conflicts if len({v for v, _, _ in c.values}) > 1
    ]


def summary_sentence(dis: Sequence[Disagreement], conflicts: Sequence[Conflict]) -> str:
    """'Sources disagree in 6 places: in 5 (…), one source's …; in 1 (…), a count …'."""
    kinds: dict[str, list[str]] = {}
    for d in dis:
        kinds.setdefault(kind_of(d), []).append(area_name(d.force))
    for c in conflicts:
        if len({v for v, _, _ in c.values}) > 1:
            kinds.setdefault("conflict", []).append(area_name(c.force))
    total = sum(len(v) for v in kinds.values())
    if not total:
        return ""
    parts = [
        f"in {len(names)} ({', '.join(sorted(set(names)))}), {KIND_WORDS[k]}"
        for k, names in sorted(kinds.items(), key=lambda kv: -len(kv[1]))
    ]
    place = "place" if total == 1 else "places"
    return (
        f"Sources disagree in {total} {place}: {'; '.join(parts)}. Each is listed under 'Sources "
        "that disagree', with what to do about it."
    )
