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
from datetime import date

from spo_stats.read.letters import Line
from spo_stats.schema import Measure
from spo_stats.understand.lexicon import OTHER_ORDERS
from spo_stats.understand.measures import classify, signals, veto
from spo_stats.understand.period_text import find_period, label_period
from spo_stats.understand.periods import _MON, _MONTHS, Period, month_end
from spo_stats.understand.sentences import FULL_DATE, SENTENCE_END, STATUTE
from spo_stats.understand.values import ParsedValue


@dataclass(frozen=True)
class SentenceFigure:
    measure: Measure
    period: Period
    parsed: ParsedValue
    line: Line  # where the count is written
    sentence: str


@dataclass(frozen=True)
class StatusSentence:
    """A sentence saying a measure is not held or withheld, naming no period ("Breaches of SPOs
    are not recorded in a way that allows them to be retrieved"): of the periods the letter's
    figures are given for, which only the whole letter can say."""

    measure: Measure
    parsed: ParsedValue
    line: Line
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
    r"\bpeople\b|\bindividuals?\b|\bpersons?\b|\bvictims?\b|\bsuspects?\b|\boffenders?\b|"
    # A figure given before and since corrected: "In our response to request 23/0876 we said
    # that 11 full orders were granted in 2022", "the figure previously given was wrong".
    r"\bwe\s+(?:said|stated|reported|told)\b|\bpreviously\b|\bsuperseded\b|\berroneous|"
    r"\bincorrect|\bwas\s+wrong\b|\b(?:our|a|the)\s+(?:previous|earlier|original)\s+"
    r"(?:response|reply|answer|return|figure)",
    re.I,
)
_SAME = re.compile(r"\b(?:the\s+)?same\s+(?:year|period|time|twelve\s+months)\b", re.I)
# Words set in a sentence that say nothing of what it counts, taken out before it is read: the
# crime's code ("(Home Office code 8Q)") and the day the orders began ("Between 20 January 2020,
# when the Stalking Protection Act 2019 came into force, and 31 December 2020").
_ASIDES = re.compile(
    r"\s*\((?:home\s+office\s+)?(?:crime\s+)?(?:code|classification)?\s*8q\b[^)]*\)|"
    r",\s+when\s+[^,]{0,80}?\bcame\s+into\s+(?:force|effect)\s*,",
    re.I,
)
# Where a clause ends: a semicolon or colon, "of which" / "of these" (the clause after hangs on
# the one before), ", and" / " and " before a number (not a year or a day: "between 20 January
# 2020 and 31 December 2020" is one period), a trend to the next period's figure (", rising to
# 1,390 in 2021", "before falling to"), and a turn to another period (", while in 2023").
_NOT_YEAR = (
    r"(?!(?:19|20)\d{2}\b)(?!\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"oct|nov|dec))"
)
_TREND = (
    r"(?:(?:and\s+|then\s+|before\s+)?(?:rising|falling|increasing|decreasing|dropping|"
    r"climbing|going\s+up|going\s+down)\s+(?:\w+\s+)?to)"
)
# A trend splits only where its figure names its own period ("rising to 1,390 in 2021"): a
# figure after "rising to" without one is not the year before's.
_IN_PERIOD = (
    r"(?:in|during|for)\s+(?:the\s+)?(?:(?:financial|calendar)\s+)?(?:year\s+)?(?:19|20)\d{2}"
)
_TURN = rf"(?:and|while|whereas|but)\s+(?={_IN_PERIOD})"
_CLAUSE = re.compile(
    rf";\s*(?:and\s+)?|:\s+|,\s+(?=(?:of\s+(?:which|these|those|them)|and\s+{_NOT_YEAR}\d|{_NOT_YEAR}\d))|"
    rf"(?<![\d,])\s+(?=of\s+(?:which|these|those|them)\b)|\s+and\s+(?=(?:all\s+|on\s+)?{_NOT_YEAR}\d)|"
    rf",?\s+{_TREND}\s+(?={_NOT_YEAR}\d[\d,]*\s+{_IN_PERIOD})|,?\s+{_TURN}|,\s+(?=with\s+the\s+court\b)|"
    # "it applied for 21 and was granted 18"
    r"\s+and\s+(?=(?:was|were)\s+(?:granted|made|issued|obtained|awarded)\s+\d)",
    re.I,
)
_HANGS = re.compile(r"^(?:and\s+)?of\s+(?:which|these|those|them)\b", re.I)
_COUNT = re.compile(r"(?<![\w/.£-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w/%-]|\.\d|,\d)")
_DAY_MONTH = rf"(?P<{{0}}d>\d{{{{1,2}}}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<{{0}}m>{_MON})\b\.?"
# "between 20 January and 31 December 2020", "1 April 2022 to 31 March 2023": two days, the
# first taking the second's year where it has none.
_DAY_RANGE = re.compile(
    r"\b(?:(?:between|from|covering)\s+(?:the\s+)?)?"
    + _DAY_MONTH.format("a")
    + r"(?:,?\s+(?P<ay>(?:19|20)\d{2}))?,?\s+(?:and|to|until|till|-|–)\s+(?:the\s+)?"
    + _DAY_MONTH.format("b")
    + r",?\s+(?P<by>(?:19|20)\d{2})\b",
    re.I,
)
_MONTH_RANGE = re.compile(
    rf"\b(?:(?:between|from)\s+)?(?P<am>{_MON})\b\.?\s+(?:and|to|-|–)\s+(?P<bm>{_MON})\b\.?\s+"
    r"(?P<by>(?:19|20)\d{2})\b",
    re.I,
)
_PERIODS = [
    re.compile(r"\b(?:financial|calendar)\s+years?\s+(?:19|20)\d{2}\s*[/-]\s*\d{2,4}\b", re.I),
    re.compile(r"\b(?:financial|calendar)\s+year\s+(?:19|20)\d{2}\b", re.I),
    re.compile(rf"\b{_MON}\b\.?\s+(?:19|20)\d{{2}}\b", re.I),
    re.compile(r"\b(?:19|20)\d{2}\s*[/-]\s*\d{2}\b(?!\s*[/-])"),
    re.compile(r"(?<![\d/,])(?:19|20)\d{2}(?![\d/]|,\d)"),  # "in 2022, 14 orders" too
]
# Words of time left once the periods above are taken out: the sentence's period is then narrower
# or more open than any it names ("in March", "the first quarter of 2023", "by the end of 2022",
# "from 20 January"), so its figures are not of the period it names.
_MONTH_WORD = (
    r"(?:january|february|march|april|june|july|august|september|october|november|december|"
    r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?(?=\s*\d)|may(?=\s+\d)|"
    r"(?<=\d\s)may|(?<=\bin\s)may|(?<=\bof\s)may|(?<=\bto\s)may)\b"
)
_TIME_LEFT = re.compile(
    rf"\b{_MONTH_WORD}|\bq[1-4]\b|\bquarters?\b|\bhal(?:f|ves)\b|\bmonths?\b|\bweeks?\b|"
    r"\bdays?\b|\b(?:spring|summer|autumn|winter)\b|\b(?:end|start|beginning|middle)\s+of\b|"
    r"\b(?:early|late|mid)\b|\bmid-|\b(?:ending|ended|starting|commencing)\b|\byear\s+to\b|"
    r"\b(?:from|after|before|prior\s+to|until|till|up\s+to|by|to)\s+\u27e8t\u27e9|"
    r"\b\d{1,2}(?:st|nd|rd|th)\b",
    re.I,
)
_TIME = " \u27e8t\u27e9 "  # where a period was: "from ⟨t⟩" is an open period
# Days of a month are never counts: "between 20 January and ...", "on March 3".
_DAYS = re.compile(
    _DAY_MONTH.format("x") + rf"|\b{_MON}\b\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*,?\s*\d)",
    re.I,
)
_NOT_COUNT = [STATUTE, _DAY_RANGE, _MONTH_RANGE, FULL_DATE, _DAYS]


def read_prose(
    paragraphs: list[list[Line]], used: set[Line]
) -> list[SentenceFigure | StatusSentence]:
    """The figures the sentences of the letter's paragraphs give, outside lines already read, and
    the statuses they give without a period."""
    out: list[SentenceFigure | StatusSentence] = []
    heading = asked = ""
    # A letter that names SPOs and no other kind of order anywhere: its "orders" are SPOs.
    letter = " ".join(line.text for para in paragraphs for line in para).lower()
    about = letter if _SPO.search(letter) and not OTHER_ORDERS.search(letter) else ""
    for para in paragraphs:
        lines = [line for line in para if line not in used]
        if lines:
            out += _paragraph(lines, f"{heading} {asked}".strip(), about)
        text = " ".join(line.text for line in para)
        # "Stalking Protection Orders", "Part 4 - restraining orders and DVPOs": a heading says
        # what the paragraphs under it are about.
        if len(text.split()) <= _HEADING_WORDS and not text.rstrip().endswith((".", "?")):
            heading = text
        # A question says what the one paragraph under it, its answer, is about ("2. How many
        # applications for full SPOs were made?", then "In 2020 the force made 14 applications.").
        asked = text if text.rstrip().endswith("?") and len(text.split()) <= _QUESTION_WORDS else ""
    return out


# A paragraph of this many words or fewer, ending in a question mark, is a question.
_QUESTION_WORDS = 40


_SPO = re.compile(r"\bspos?\b|stalking\s+protection", re.I)
_INTERIM = re.compile(r"\binterims?\b|\bispos?\b", re.I)

# A paragraph of this many words or fewer, with no full stop, is a heading.
_HEADING_WORDS = 8


def _paragraph(
    lines: list[Line], heading: str = "", about: str = ""
) -> list[SentenceFigure | StatusSentence]:
    text, starts = "", []
    for line in lines:
        starts.append(len(text))
        text += line.text + " "
    # Orders are SPOs only in a paragraph that names SPOs and no other kind of order, or in a
    # letter that does (about: its words); and a clause naming no order ("we made 14
    # applications") is of full SPOs only in such a paragraph before it names interim orders
    # (where the letter's words make them SPOs, only where those name no interim orders).
    low = f"{heading} {text}".lower()
    own = bool(_SPO.search(low))
    spo = (own or bool(about)) and not OTHER_ORDERS.search(low)
    interim = _INTERIM
    sole = spo and not interim.search(heading if own else about)
    sentences: list[tuple[int, str]] = []
    pos = 0
    for s in SENTENCE_END.split(text):
        at = text.find(s, pos)
        pos = at + len(s)
        sentences.append((at, s.strip()))
    times = [_times(_blank(_ASIDES, s)) for _, s in sentences]
    named = {p for found, unclear in times if not unclear for p in found}
    whole = next(iter(named)) if len(named) == 1 else None
    out: list[SentenceFigure | StatusSentence] = []
    before: Period | None = None
    carried: tuple[str, Measure] | None = None
    for (at, sentence), (periods, unclear) in zip(sentences, times, strict=True):
        period = _sentence_period(sentence, periods, whole, before)
        sole = sole and not interim.search(sentence)
        bare = _blank(_ASIDES, sentence)
        skip = bool(_SKIP.search(bare)) or "?" in sentence
        # A sentence left unread that names a period ("an increase of 12% on 2022") leaves it
        # unclear which period "the same period" after it means.
        before = None if unclear or (skip and periods) else period
        k = max(i for i, s in enumerate(starts) if s <= at)
        said = _status(bare, periods, spo) if "?" not in sentence and not unclear else None
        if said is not None:
            if not periods:
                out.append(StatusSentence(said[0], said[1], lines[k], sentence))
            out += [SentenceFigure(said[0], p, said[1], lines[k], sentence) for p in said[2]]
        if said is not None or unclear or (period is None and len(periods) < 2):
            carried = None
            continue
        if skip:
            carried = None
            continue
        found = _clauses(bare, period, spo, sole, carried, by_letter=not own)
        for offset, measure, p, parsed, _ in found:
            k = max(i for i, s in enumerate(starts) if s <= at + offset)
            out.append(SentenceFigure(measure, p, parsed, lines[k], sentence))
        # "In 2022 the figure was 1,562" counts what the sentence before counted, where that
        # sentence counted one thing.
        carried = found[-1][4] if len({f[1] for f in found}) == 1 else None
    return out


# A sentence saying a measure is not held, or withheld under an exemption, for periods it names:
# "Application figures for 2020 and 2021 are not held", "The number of interim orders granted in
# 2022 is withheld under section 40(2)".
_NOT_HELD = re.compile(
    r"\b(?:is|are|was|were)\s+not\s+(?:held|recorded|retained)\b|\bdo(?:es)?\s+not\s+hold\b",
    re.I,
)
_WITHHELD = re.compile(
    r"\b(?:withheld|exempt|refused)\s+(?:from\s+disclosure\s+)?under\s+(?:section|s\.?)\s*\d+[a-z]?"
    r"(?:\s*\(\w+\))*(?:\s+of\s+the\s+(?:freedom\s+of\s+information\s+)?act(?:\s+2000)?)?",
    re.I,
)
# A reason given after the status ("..., as disclosure could identify individuals") says
# nothing of what is not held.
_REASON = re.compile(r",?\s+(?:as|because|due\s+to|since)\s+.*$", re.I)
_APART = re.compile(r"\s+separately(?:\s+(?:from|to)\b.*)?", re.I)
# Words that make a status less than whole: for part of the periods, of part of the measure.
_STATUS_DOUBT = re.compile(
    r"\bonly\b|\bexcept\b|\bsome\b|\bpartly\b|\bpartially\b|\bin\s+part\b|\bbefore\b|\bafter\b|\bsince\b|"
    r"\buntil\b|\bprior\s+to\b|\bfrom\b(?<!separately\sfrom)|\bbut\b|\bhowever\b|\bif\b|"
    r"\bwhere\b|\bcombined\b|\binclud|\bexclud|\bother\b|\bfurther\b|\bfull\s+year\b|"
    # Another body's records: what the Home Office or the courts do not hold is not the force's.
    r"\bhome\s+office\b|\bnational|\bcourts?\b|\bcps\b|\bcrown\s+prosecution|\bministry\b|"
    r"\bhmcts\b|\bengland\b|\bwales\b",
    re.I,
)


def _status(
    sentence: str, periods: set[Period], spo: bool
) -> tuple[Measure, ParsedValue, list[Period]] | None:
    """The measure, status and periods a sentence of status gives, or None for any other."""
    held = _NOT_HELD.search(sentence)
    withheld = _WITHHELD.search(sentence)
    if (held is None) == (withheld is None):
        return None
    m = held or withheld
    assert m is not None
    said = sentence[: m.start()]
    # "... separately from the grants": what it is not held apart from is not what is counted.
    rest = _APART.sub("", _REASON.sub("", sentence[m.end() :]))
    said = _APART.sub("", said)
    if _STATUS_DOUBT.search(said + " " + rest) or _counts(said + " " + rest):
        return None
    # "Breaches of SPOs are not held", "We do not hold information on breaches of SPOs".
    words = " ".join(_COUNT.sub(" ", _without_periods(f"{said} {rest}")).split())
    measure, _ = classify([[words]], context=spo)
    if measure is None or veto(words) is not None or signals(words).action == "other":
        return None
    if measure == "spo_breaches" and signals(words).order_type is not None:
        return None  # breaches of interim (or of full) orders: part of the breaches only
    if measure != "stalking_offences" and not spo:
        return None
    # "the 2020 period (20 January to 31 December 2020)": the days, not the year round them.
    narrow = [
        p
        for p in periods
        if not any(q != p and p.start <= q.start <= q.end <= p.end for q in periods)
    ]
    return (
        measure,
        ParsedValue("not_held" if held else "refused"),
        sorted(narrow, key=lambda p: p.start),
    )


def _blank(rx: re.Pattern[str], text: str) -> str:
    """Text with rx's matches as spaces, so that offsets into it hold."""
    return rx.sub(lambda m: " " * len(m.group(0)), text)


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
    return _times(sentence)[0]


def _times(text: str) -> tuple[set[Period], bool]:
    """The periods a text names, and whether other words of time leave its period unclear."""
    text = STATUTE.sub(" ", text)
    found: set[Period] = set()
    unclear = False
    for rx in (_DAY_RANGE, _MONTH_RANGE):
        for m in rx.finditer(text):
            if (p := _span(m)) is None:
                unclear = True
            else:
                found.add(p)
        text = rx.sub(_TIME, text)
    if FULL_DATE.search(text):
        unclear = True  # a single day: a date something happened on, or an open period
        text = FULL_DATE.sub(_TIME, text)
    for rx in _PERIODS:
        for m in rx.finditer(text):
            words = m.group(0)
            if (p := label_period(words) or find_period(words)) is not None:
                found.add(p)
            else:
                unclear = True
        text = rx.sub(_TIME, text)
    return found, unclear or _TIME_LEFT.search(text) is not None


def _span(m: re.Match[str]) -> Period | None:
    """The days a range match runs over, or None where they are no days or run backwards."""
    groups = m.groupdict()
    try:
        end_year = int(groups["by"])
        bm = _MONTHS[groups["bm"].lower().rstrip(".")]
        am = _MONTHS[groups["am"].lower().rstrip(".")]
        if groups.get("bd") is None:
            start, end = date(end_year, am, 1), month_end(end_year, bm)
        else:
            start_year = int(groups["ay"] or end_year)
            start = date(start_year, am, int(groups["ad"]))
            end = date(end_year, bm, int(groups["bd"]))
    except (KeyError, ValueError):
        return None
    return Period(start=start, end=end) if start <= end else None


_APPLIED = ("spo_applications", "interim_spo_applications")
_NAMED_ACTIONS = ("applications", "granted")
_OFFENCE_WORD = re.compile(r"\boffen[cs]es?\b|\bcrimes?\b", re.I)
_ORDER_NOUN = re.compile(
    r"\bspos?\b|\bispos?\b|\borders?\b|\binterims?\b|stalking\s+protection", re.I
)


Clause = tuple[int, Measure, Period, ParsedValue, tuple[str, Measure]]


def _clauses(
    sentence: str,
    period: Period | None,
    spo: bool,
    sole: bool,
    carried: tuple[str, Measure] | None,
    by_letter: bool = False,
) -> list[Clause]:
    """(offset of the count, measure, period, value, the words that decided) of each clause that
    says what its one count counts. A clause naming its own period ("and 701 in 2023") may take
    the words of the clause before; one hanging on it ("of which 11 were granted") its order
    type. A period named at a clause holds for the clauses after it ("in 2023 there were 16
    applications and 14 orders granted"), until another is named. by_letter: the orders are SPOs
    by the letter's words, not the paragraph's, and are read only where named interim or full."""
    out: list[Clause] = []
    prior = carried
    named: dict[str | None, str] = {}  # the sentence's words naming orders, by kind of order
    pos = 0
    for clause in _CLAUSE.split(sentence):
        at = sentence.find(clause, pos)
        pos = at + len(clause)
        counts = _counts(clause)
        own = _periods(clause)
        if len(own) > 1:
            period = None
        elif own:
            period = next(iter(own))
        if len(counts) != 1 or period is None:
            prior = None
            continue
        offset, n = counts[0]
        words = " ".join(_COUNT.sub(" ", _without_periods(clause)).split())
        levels = [[words]]
        hangs = bool(_HANGS.match(clause) or not _ORDER_NOUN.search(words))
        if hangs and prior is not None and prior[1] in _APPLIED and not own:
            # "... 22 full SPOs were applied for; of these 17 were granted"
            levels.append([prior[0]])
        elif prior is not None and not re.search(r"[a-z]{3,}", _bare(words)):
            # "... 612 stalking offences in 2022 and 701 in 2023", "rising to 1,390 in 2021"
            levels, hangs = [[prior[0]]], False
        elif hangs and len(named) == 1 and signals(words).action in _NAMED_ACTIONS:
            # "... 7 interim orders in 2020 and 7 were granted; in 2021, 7 were applied for and
            # 5 granted": the one kind of order the sentence named, the action of this clause.
            levels.append([next(iter(named.values()))])
        measure, _ = classify(levels, context=spo)
        if measure is None or veto(words) is not None or signals(words).action == "other":
            prior = None
            continue
        unnamed = len(levels) == 1 and hangs and (_HANGS.match(clause) or not sole)
        if _OFFENCE_WORD.search(words) and _ORDER_NOUN.search(words):
            # "1,635 stalking offences in 2021, and no interim orders were sought": one count,
            # words of offences and of orders; which it counts is not for the reader to pick.
            prior = None
            continue
        kind = signals(" ".join(x[0] for x in levels)).order_type
        if measure != "stalking_offences" and by_letter and kind not in ("interim", "full"):
            prior = None  # SPOs by the letter's words alone: only "interim" or "full" orders
            continue
        if measure != "stalking_offences" and (not spo or unnamed):
            prior = None  # "13 were granted" with nothing before it to say of which orders
            continue
        if (
            measure in ("spo_granted", "spo_applications")
            and kind != "full"
            and _INTERIM_PART.search(sentence)
        ):
            prior = None  # "9 SPOs were granted, 3 of which were interim": not full orders alone
            continue
        # What a clause hanging on this one takes from it: its words, and the orders it took.
        prior = (" ".join(x[0] for x in levels), measure)
        if _ORDER_NOUN.search(words) and measure != "stalking_offences":
            named[signals(words).order_type] = words
        out.append((at + offset, measure, period, ParsedValue("reported", n), prior))
    return out


# A sentence saying some of a count were interim orders: the count is not of full orders.
_INTERIM_PART = re.compile(
    r"\b\d+\s+(?:of\s+(?:which|these|those|them)\s+)?(?:were|was|are)\s+interim\b|"
    r"\b(?:including|incl\.?|includes?)\s+\d+\s+interim\b|\bof\s+which\s+\d+\s+(?:were\s+)?interim\b",
    re.I,
)


def _bare(words: str) -> str:
    """Words less those that only join or point back: what is left says what is counted."""
    return re.sub(
        r"\b(?:and|in|the|of|for|during|with|were|was|there|a|an|on|occasions?|it|figure|"
        r"number|while|then|this|that)\b",
        " ",
        words.lower(),
    )


def _without_periods(text: str) -> str:
    for rx in (_DAY_RANGE, _MONTH_RANGE, FULL_DATE, _DAYS, *_PERIODS):
        text = rx.sub(" ", text)
    return text


def _counts(clause: str) -> list[tuple[int, int]]:
    masked = clause
    for rx in (*_NOT_COUNT, *_PERIODS):
        masked = rx.sub(lambda m: " " * len(m.group(0)), masked)
    return [(m.start(), int(m.group(1).replace(",", ""))) for m in _COUNT.finditer(masked)]
