"""Figures a letter gives in sentences: "During 2022 there were 14 applications for a full SPO,
of which 11 were granted".

Read only where nothing is guessed. A sentence is split into clauses, each holding one count and
the words that say what it counts; a clause's measure is what those words name (with the clause
it hangs on, for "of which 11 were granted"), and its period is the one period its sentence
names, or that its paragraph names, or the sentence before where the sentence says "the same
year". Anything else is left for a person, as before: sentences about a stock ("in force", "as
at"), an open period ("since", "to date"), a comparison, another force or the nation, a refusal
or an outcome other than a grant give nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spo_stats.read.letters import Line
from spo_stats.schema import Measure
from spo_stats.understand.lexicon import OTHER_ORDERS
from spo_stats.understand.measures import classify, signals, veto
from spo_stats.understand.period_text import find_period, label_period
from spo_stats.understand.periods import Period
from spo_stats.understand.sentences import FULL_DATE, SENTENCE_END, STATUTE
from spo_stats.understand.values import ParsedValue


@dataclass(frozen=True)
class SentenceFigure:
    measure: Measure
    period: Period
    parsed: ParsedValue
    line: Line  # where the count is written
    sentence: str


# Sentences that state no count of a period's events, or not this force's.
_SKIP = re.compile(
    r"\bin\s+(?:force|place|effect)\b|\bas\s+(?:at|of)\b|\bsince\b|\bto\s+date\b|\bso\s+far\b|"
    r"\bnow\s+stands\b|\bcumulative|\brunning\s+total|\bcompar|\bup\s+from\b|\bdown\s+from\b|"
    r"\bincrease|\bdecrease|\bper\s*cent|%|\brate\b|\baverage|\bnational|\bengland\b|\bwales\b|"
    r"\bother\s+forces?\b|\ball\s+forces\b|\bhome\s+office\b|\bestimat|\bapproximately\b|"
    r"\babout\b|\baround\b|\bover\b(?!\s+(?:the|this|that|these|those)\b)|\bmore\s+than\b|\bless\s+than\b|\bfewer\s+than\b|\bup\s+to\b|"
    r"\bat\s+least\b|\bnearly\b|\balmost\b|\bincludes?\b|\bincluding\b|\bexclud|\bnot\s+held\b|"
    r"\bdo\s+not\s+hold\b|\bexempt|\brefus(?:e|al)\s+(?:to|this)|\bsection\s+\d|\bs\.\s?\d|"
    r"\bpeople\b|\bindividuals?\b|\bpersons?\b|\bvictims?\b|\bsuspects?\b|\boffenders?\b",
    re.I,
)
_SAME = re.compile(r"\b(?:the\s+)?same\s+(?:year|period|time|twelve\s+months)\b", re.I)
# Where a clause ends: a semicolon, "of which" / "of these" (the clause after hangs on the one
# before), ", and" / " and " before a number.
_NOT_YEAR = r"(?!(?:19|20)\d{2}\b)"
_CLAUSE = re.compile(
    rf";\s*|,\s+(?=(?:of\s+(?:which|these|those|them)|and\s+{_NOT_YEAR}\d|{_NOT_YEAR}\d))|"
    rf"\s+(?=of\s+(?:which|these|those|them)\b)|\s+and\s+(?={_NOT_YEAR}\d)",
    re.I,
)
_HANGS = re.compile(r"^(?:and\s+)?of\s+(?:which|these|those|them)\b", re.I)
_COUNT = re.compile(r"(?<![\w/.£-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w/%-]|\.\d|,\d)")
_NOT_COUNT = [STATUTE, FULL_DATE]
_PERIODS = [
    re.compile(
        r"\bbetween\s+\d{1,2}(?:st|nd|rd|th)?\s+\w+\s+(?:19|20)\d{2}\s+and\s+"
        r"\d{1,2}(?:st|nd|rd|th)?\s+\w+\s+(?:19|20)\d{2}\b",
        re.I,
    ),
    re.compile(r"\b(?:financial|calendar)\s+years?\s+(?:19|20)\d{2}\s*[/-]\s*\d{2,4}\b", re.I),
    re.compile(r"\b(?:financial|calendar)\s+year\s+(?:19|20)\d{2}\b", re.I),
    re.compile(r"\b(?:19|20)\d{2}\s*[/-]\s*\d{2}\b(?!\s*[/-])"),
    re.compile(r"(?<![\d/,])(?:19|20)\d{2}(?![\d/,])"),
]


def read_prose(paragraphs: list[list[Line]], used: set[Line]) -> list[SentenceFigure]:
    """The figures the sentences of the letter's paragraphs give, outside lines already read."""
    out: list[SentenceFigure] = []
    for para in paragraphs:
        lines = [line for line in para if line not in used]
        if lines:
            out += _paragraph(lines)
    return out


def _paragraph(lines: list[Line]) -> list[SentenceFigure]:
    text, starts = "", []
    for line in lines:
        starts.append(len(text))
        text += line.text + " "
    # Orders are SPOs only in a paragraph that names SPOs and no other kind of order.
    low = text.lower()
    spo = bool(re.search(r"\bspos?\b|stalking\s+protection", low)) and not OTHER_ORDERS.search(low)
    sentences: list[tuple[int, str]] = []
    pos = 0
    for s in SENTENCE_END.split(text):
        at = text.find(s, pos)
        pos = at + len(s)
        sentences.append((at, s.strip()))
    own = [_periods(s) for _, s in sentences]
    named = {p for ps in own for p in ps}
    whole = next(iter(named)) if len(named) == 1 else None
    out: list[SentenceFigure] = []
    before: Period | None = None
    for (at, sentence), periods in zip(sentences, own, strict=True):
        period = _sentence_period(sentence, periods, whole, before)
        skip = bool(_SKIP.search(sentence)) or "?" in sentence
        # A sentence left unread that names a period ("an increase of 12% on 2022") leaves it
        # unclear which period "the same period" after it means.
        before = None if skip and periods else period
        if (period is None and len(periods) < 2) or skip:
            continue
        for offset, measure, p, parsed in _clauses(sentence, period, spo):
            k = max(i for i, s in enumerate(starts) if s <= at + offset)
            out.append(SentenceFigure(measure, p, parsed, lines[k], sentence))
    return out


def _sentence_period(
    sentence: str, periods: set[Period], whole: Period | None, before: Period | None
) -> Period | None:
    """The one period every clause of the sentence without a period of its own is of."""
    if _SAME.search(sentence):
        return before if not periods else None
    if len(periods) == 1:
        return next(iter(periods))
    return whole if not periods else None


def _periods(sentence: str) -> set[Period]:
    """The periods a sentence names."""
    text = STATUTE.sub(" ", sentence)
    found: set[Period] = set()
    for rx in _PERIODS:
        for m in rx.finditer(text):
            words = m.group(0)
            if (p := label_period(words) or find_period(words)) is not None:
                found.add(p)
        text = rx.sub(" ", text)
    return found


_APPLIED = ("spo_applications", "interim_spo_applications")
_ORDER_NOUN = re.compile(r"\bspos?\b|\bispos?\b|\borders?\b|stalking\s+protection", re.I)


def _clauses(
    sentence: str, period: Period | None, spo: bool
) -> list[tuple[int, Measure, Period, ParsedValue]]:
    """(offset of the count, measure, period, value) of each clause that says what its one count
    counts. A clause naming its own period ("and 701 in 2023") may take the words of the clause
    before; one hanging on it ("of which 11 were granted") its order type."""
    out: list[tuple[int, Measure, Period, ParsedValue]] = []
    prior: tuple[str, Measure] | None = None
    pos = 0
    for clause in _CLAUSE.split(sentence):
        at = sentence.find(clause, pos)
        pos = at + len(clause)
        counts = _counts(clause)
        own = _periods(clause)
        when = next(iter(own)) if len(own) == 1 else (period if not own else None)
        if len(counts) != 1 or when is None:
            prior = None
            continue
        offset, n = counts[0]
        words = " ".join(_COUNT.sub(" ", _without_periods(clause)).split())
        levels = [[words]]
        hangs = _HANGS.match(clause) or not _ORDER_NOUN.search(words)
        if hangs and prior is not None and prior[1] in _APPLIED and not own:
            # "... 22 full SPOs were applied for; of these 17 were granted"
            levels.append([prior[0]])
        elif own and prior is not None and not re.search(r"[a-z]{3,}", _bare(words)):
            levels = [[prior[0]]]  # "... 612 stalking offences in 2022 and 701 in 2023"
        measure, _ = classify(levels, context=spo)
        if measure is None or veto(words) is not None or signals(words).action == "other":
            prior = None
            continue
        if measure != "stalking_offences" and (not spo or (len(levels) == 1 and hangs)):
            prior = None  # "13 were granted" with nothing before it to say of which orders
            continue
        out.append((at + offset, measure, when, ParsedValue("reported", n)))
        prior = (levels[0][0], measure)
    return out


def _bare(words: str) -> str:
    """Words less those that only join: what is left says what is counted, if anything."""
    return re.sub(r"\b(?:and|in|the|of|for|during|with|were|was|there|a|an)\b", " ", words.lower())


def _without_periods(text: str) -> str:
    for rx in (FULL_DATE, *_PERIODS):
        text = rx.sub(" ", text)
    return text


def _counts(clause: str) -> list[tuple[int, int]]:
    masked = clause
    for rx in (*_NOT_COUNT, *_PERIODS):
        masked = rx.sub(lambda m: " " * len(m.group(0)), masked)
    return [(m.start(), int(m.group(1).replace(",", ""))) for m in _COUNT.finditer(masked)]
