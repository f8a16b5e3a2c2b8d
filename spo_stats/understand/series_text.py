"""Figures listed by period in a letter's text, made into tables for the table reader.

Forces often answer with a period and its figures written out, a line or a run of lines each:
"2020/21: 1,845 stalking crimes", "2020/21 - 9 applications; 7 orders made (including 2 interim
orders)", "2020/21: applications - 3; orders granted - 3", or several periods on one line under a
label, "Breaches of SPOs: 2020/21 - nil; 2021/22 - 4", "Full orders granted: 2020: 2, 2021: 6".
Such a run is a table written as text: its periods are the columns, the words beside each figure
(and the line's label) its rows, and the headings or question above it its titles. It goes to the
table reader, which decides what each figure counts as it does for any table (so a run under
"How many restraining orders...?" gives nothing); this module only lays the run out.

A line is taken only where all of it is periods and figures: any other words (a sentence, a
caveat) leave the line, and the run, as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain

from spo_stats.read.cells import Grid
from spo_stats.read.letters import MAX_TITLE_CHARS, LetterTable, Line
from spo_stats.understand import lexicon
from spo_stats.understand.answers import is_numbered_question, series_measure
from spo_stats.understand.period_text import label_period
from spo_stats.understand.sentences import SENTENCE_END
from spo_stats.understand.values import parse_value

_MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# A period as a list writes it: "2020", "2020/21", "FY 2021/22", "Q1 2023", "Jan 2023", with what
# it covers in brackets ("2024/25 (1 April to 31 May 2024)"), months of a year ("January to June
# 2021"), a half ("2021 H1"), then ":", "-" or "=" before its
# figures; never the month of a day ("31 March 2024: 71" is a stock on a day).
_PERIOD = re.compile(
    r"(?<![\w/£])(?<!\d\s)(?P<p>(?:(?:fy|financial\s+year|calendar\s+year|year)\s*|q[1-4]\s+|h[12]\s+|"
    rf"(?:{_MON}\s*(?:-|–|to)\s*)?{_MON}\s+)?(?:19|20)\d{{2}}"
    r"(?:\s*[/-]\s*(?:19|20)?\d{2})?(?:\s*h[12])?(?![\w/])(?:\s*\([^()]{3,40}\))?)\s*"
    r"(?:[:=]|\s[-–—]\s)\s*",
    re.I,
)
# Words between items: "2020: 3, 2021: 7", "2020 - 412; 2021 - 538", "... and 2023: 12".
_BETWEEN = re.compile(r"[\s,;]*(?:\band\b)?[\s,;]*$", re.I)
_NESTED = re.compile(
    r"\s*\(\s*(?:including|incl\.?|of\s+which|of\s+these)\s+(?P<v>\S+)\s+(?P<w>[^()]+)\)", re.I
)
_WORDS_VALUE = re.compile(r"^(?P<w>[^\d:]*[a-z][^:]*?)\s*(?:[:=]|\s[-–—]\s)\s*(?P<v>.+)$", re.I)
_VALUE_WORDS = re.compile(r"^(?P<v>\S+)\s+(?P<w>[a-z].*)$", re.I)
# A line's label before its periods ends with a colon ("Breaches of SPOs:"); a lead-in sentence
# does too ("...applied for full orders as follows:").
_LABEL = re.compile(r"^(?P<label>[^:]{3,160}):\s*$")

# A bullet typed before a line ("• 2020/21: 45", "- 2021/22: 52").
_BULLET = re.compile(r"^[•·▪◦‣●○■□➢►*\-–]\s+")

MIN_ITEMS = 2
TITLES = 3
NOTES = 2


@dataclass(frozen=True)
class _Item:
    period: str  # as written, for the table reader to read
    label: str  # the words that say what the figure counts, "" for none
    value: str


@dataclass(frozen=True)
class _Parsed:
    items: tuple[_Item, ...]
    note: str  # a sentence after the last figure ("Please note ..."), a note to the table
    simple: bool  # "2020/21: 388" alone: what answers.py reads under a numbered question


def series_line(text: str) -> _Parsed | None:
    """The line as periods and figures, or None where it holds anything else."""
    text = _BULLET.sub("", text.strip())
    matches = [m for m in _PERIOD.finditer(text) if label_period(_bare(m["p"])) is not None]
    if not matches:
        return None
    label = ""
    if head := text[: matches[0].start()].strip():
        if (m := _LABEL.match(head)) is None:
            return None
        label = m["label"].strip()
    items: list[_Item] = []
    note = ""
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        body = text[m.end() : end]
        if k + 1 == len(matches):
            parts = SENTENCE_END.split(body, maxsplit=1)
            body, note = parts[0], parts[1] if len(parts) > 1 else ""
        body = _BETWEEN.sub("", body.strip().rstrip("."))
        found = _figures(body)
        if found is None:
            return None
        items += [_Item(m["p"], " ".join(x for x in (label, w) if x), v) for w, v in found]
    simple = not label and all(not i.label for i in items) and len(matches) == 1
    return _Parsed(tuple(items), note.strip(), simple)


def _bare(period: str) -> str:
    """The period without what it covers in brackets, to tell that it is one."""
    return re.sub(r"\s*\([^()]*\)$", "", period)


def _figures(body: str) -> list[tuple[str, str]] | None:
    """(words, value) for each figure of an item's text; None where a part is not one."""
    out: list[tuple[str, str]] = []
    for part in (p.strip() for p in body.split(";")):
        if not part:
            return None
        if _value(part):
            out.append(("", part))
            continue
        nested = [(n["w"].strip(), n["v"]) for n in _NESTED.finditer(part)]
        main = _NESTED.sub(lambda n: f" (including {n['w'].strip()})", part).strip()
        # "9 applications" or "applications - 9"
        shapes = (_VALUE_WORDS.match(main), _WORDS_VALUE.match(main))
        m = next((m for m in shapes if m is not None and _value(m["v"])), None)
        if m is None:
            return None
        words, value = m["w"].strip(), m["v"]
        # Words holding another number ("4 orders made, 2 of which were discharged") are a
        # sentence, not a label.
        if any(not _value(v) for _, v in nested) or re.search(r"\d", _OWN_NUMBERS.sub("", words)):
            return None
        out.append((words, value))
        # "7 orders made (including 2 interim orders)": the 2 are interim orders made.
        action = re.sub(r"\s*\([^()]*\)", "", words).strip()
        out += [(f"{w} ({action})" if action else w, v) for w, v in nested]
    return out


# Numbers a label may hold: the crime's code, and the count in its "(including 2 interim orders)".
_OWN_NUMBERS = re.compile(r"\b8q\b|\(including\s+[^()]*\)", re.I)


def _value(text: str) -> bool:
    parsed = parse_value(text.strip())
    return parsed is not None and not parsed.not_applicable


def series_tables(paragraphs: list[list[Line]]) -> tuple[list[LetterTable], set[Line]]:
    """The runs of period-and-figure lines as tables, and the lines they take."""
    lines = [line for para in paragraphs for line in para]
    parsed = [series_line(line.text) for line in lines]
    tables: list[LetterTable] = []
    taken: set[Line] = set()
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and parsed[end] is not None:
            end += 1
        run = [p for p in parsed[start:end] if p is not None]
        if run and sum(len(p.items) for p in run) >= MIN_ITEMS:
            above = _texts(lines, parsed, range(start - 1, -1, -1), TITLES, True)[::-1]
            under_question = _under_question(lines, parsed, start)
            grid = _grid(run, _asked(above))
            heading = [t for t in above[-1:] if t.rstrip().endswith(":")]
            running = any(
                lexicon.running(t) for t in [*heading, *(i.label for p in run for i in p.items)]
            )
            if running:
                grid = None  # "SPOs granted since 2020:" then "2022: 7, 2023: 12": totals to date?
            if grid is not None and not (under_question and all(p.simple for p in run)):
                block = lines[start:end]
                below = _texts(lines, parsed, range(end, len(lines)), NOTES, False)
                notes = [p.note for p in run if p.note] + below
                name = f"{block[0].sheet}, {block[0].cell}" + (
                    f" to {block[-1].cell}" if len(block) > 1 else ""
                )
                tables.append(LetterTable(name, grid, above, notes))
                taken.update(block)
        start = max(end, start + 1)
    return tables, taken


def _under_question(lines: list[Line], parsed: list[_Parsed | None], start: int) -> bool:
    """Whether the run answers a numbered question just above it, perhaps under labels of its
    own ("Full SPO applications:") and after other runs answering it: the answer reader's."""
    k = start - 1
    while k >= 0 and (parsed[k] is not None or lines[k].text.rstrip().endswith(":")):
        k -= 1
    if k < 0:
        return False
    first = k
    while first > 0 and lines[first - 1].para == lines[k].para:
        first -= 1
    return is_numbered_question(" ".join(line.text for line in lines[first : k + 1]))


def _texts(
    lines: list[Line], parsed: list[_Parsed | None], order: range, n: int, titles: bool
) -> list[str]:
    """Up to n paragraphs' texts next to a run (nearest first; order runs away from it),
    stopping at another run, and above it after a numbered question (the question the run
    answers), below it at one."""
    out: list[str] = []
    group: list[int] = []
    for k in chain(order, [None]):
        if k is not None and parsed[k] is not None:
            k = None  # another run: the texts end at it
        if k is not None and (not group or lines[group[0]].para == lines[k].para):
            group.append(k)
            continue
        if not group:
            break
        text = " ".join(lines[i].text for i in sorted(group))
        if not titles and (
            is_numbered_question(text) or re.match(r"^q(?:uestion)?\s*\d", text, re.I)
        ):
            break
        if len(text) <= MAX_TITLE_CHARS:
            out.append(text)
        if len(out) >= n or (titles and is_numbered_question(text)):
            break
        group = [k] if k is not None else []
        if k is None:
            break
    return out


# Words over an answer that say only that it is one.
_ANSWER_WORD = re.compile(r"^(?:answer|response|reply|our\s+response)\s*[:.]?$", re.I)
_ASKING = re.compile(r"\?$|^(?:\d{1,2}\s*[.):]\s*)?(?:number\s+of|how\s+many)\b", re.I)
_YEARS = re.compile(
    r"(?:19|20)\d{2}(?:\s*[/-]\s*(?:19|20)?\d{2})?(?:\s*(?:,|and|to|-|–)\s*(?:19|20)\d{2}"
    r"(?:\s*[/-]\s*(?:19|20)?\d{2})?)*"
)


def _asked(above: list[str]) -> str:
    """The question over a run, its periods taken out, where it asks for one measure listed by
    period ("Number of stalking offences recorded per financial year 2020/21 to date."): what
    the run's figures count when their lines say nothing of it. "" for none."""
    texts = [t for t in above if not _ANSWER_WORD.match(t.strip())]
    if not texts or not _ASKING.search(texts[-1].strip()):
        return ""
    question = texts[-1]
    if series_measure(question) is None:
        return ""
    return " ".join(_YEARS.sub(" ", re.sub(r"^\s*\d{1,2}\s*[.):]\s*", "", question)).split())


def _grid(run: list[_Parsed], asked: str = "") -> Grid | None:
    """Periods across, labels down; None where one label has two figures for one period. A run
    whose lines say nothing of what they count is labelled with the question it answers."""
    periods: list[str] = []
    labels: list[str] = []
    cells: dict[tuple[str, str], str] = {}
    for item in (i for p in run for i in p.items):
        if item.period not in periods:
            periods.append(item.period)
        if item.label not in labels:
            labels.append(item.label)
        if (item.label, item.period) in cells:
            return None
        cells[(item.label, item.period)] = item.value
    grid: Grid = [[None, *periods]]
    grid += [
        [label or asked or None, *(cells.get((label, p)) for p in periods)] for label in labels
    ]
    return grid
