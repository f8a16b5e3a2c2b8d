"""Numbered questions and answers in a letter, and the sentences with numbers a person must read.

The commonest shape of an FOI reply restates the request ("1. How many Stalking Protection Orders
has your Force applied for?", "relating to the time period, 20 January 2020 to 31 March 2023") and
answers each question ("Q1. 10", or the answer under the question). An answer is read as a figure
only where its question names one measure (strictly: stalking with offences or crimes, or orders
with applied, granted or breached), one period is stated for it and nothing in the letter states
another, and the answer is a value and nothing more. Everything less clear is quoted for a person
to enter by hand, never guessed: a wrong number is far worse than a missing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spo_stats.read.letters import Line
from spo_stats.schema import Measure
from spo_stats.understand import lexicon
from spo_stats.understand.measures import classify, signals, veto
from spo_stats.understand.period_text import find_period, label_period
from spo_stats.understand.periods import Period
from spo_stats.understand.prose import SentenceFigure, StatusSentence, read_prose
from spo_stats.understand.sentences import (
    FULL_DATE,
    STATUTE,
    YEAR,
    Quote,
    quotes,
    unruled_tables,
)
from spo_stats.understand.values import ParsedValue, parse_value, suppression_bounds_from_note


@dataclass
class Answer:
    """A figure read from a numbered answer, before a force is attached."""

    number: int | str  # a question's number, or a lettered part's letter ("c")
    question: str
    measure: Measure
    period: Period
    parsed: ParsedValue
    line: Line
    text: str  # the answer as written
    note: str = ""  # the footnote its marker points at


@dataclass
class AnswersReading:
    answers: list[Answer] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)  # sentences holding numbers, not read
    sentences: list[SentenceFigure] = field(default_factory=list)  # figures read from sentences
    statuses: list[StatusSentence] = field(default_factory=list)  # of no period of their own
    warnings: list[str] = field(default_factory=list)


_NUMBERED = re.compile(r"^(?:q(?:uestion)?\s*)?(?P<n>\d{1,2})\s*[.):\-–]\s*(?P<rest>.+)$", re.I)
_LABELLED = re.compile(
    r"^(?:(?:q|question)\s*(?P<n1>\d{1,2})\b\s*(?P<sep>[.):\-–])?|"
    r"(?:a|answer|response|reply)\s*(?:to\s+(?:question|q)\s*)?(?P<n2>\d{1,2})\s*[.):\-–])"
    r"\s*(?P<rest>.*)$",
    re.I,
)
_SAME_LINE = re.compile(r"^(.*\?)\s*(\S.*)$")
_ANSWER_LABEL = re.compile(r"^(?:answer|response|reply|a)\s*[.:\-–]\s*", re.I)
_ASKS = re.compile(
    r"\?|^(?:how\s+(?:many|often)|what\b|which\b|please\b|can\s+you|could\s+you|would\s+you|"
    r"(?:the\s+)?(?:total\s+)?number\s+of|provide|confirm|state|disclose|details\s+of|"
    r"i\s+would\s+like|in\s+how\s+many)",
    re.I,
)
# A question about another question's subject does not itself say what is counted.
_REFERS = re.compile(r"\bof\s+(?:these|those|them|which)\b|\bthe\s+above\b|\bsuch\b|\bsaid\b", re.I)
_PEOPLE = re.compile(
    r"\bpeople\b|\bpersons?\b|\bindividuals?\b|\bvictims?\b|\bsuspects?\b|\boffenders?\b|"
    r"\bperpetrators?\b|\bdefendants?\b|\bofficers?\b|\bstaff\b|\bapplicants?\b|\bpercent|"
    r"\bpercentage|\bproportion|\brate\b|\baverage|\bhow\s+long|\bcosts?\b|\bdays\b|\bmen\b|\bwomen\b",
    re.I,
)
_SERIES = re.compile(
    r"broken\s+down|breakdown|\b(?:by|per|each|every)\s+(?:calendar\s+|financial\s+)?"
    r"(?:year|month|quarter|force|area|district)|annually|monthly|respectively",
    re.I,
)
_ORDER_NOUN = re.compile(r"\bspos?\b|\bispos?\b|protection\s+orders?|\borders?\b", re.I)
_SPLIT = re.compile(r"\band\b|\bas\s+well\s+as\b|\balso\b|;|,", re.I)
# Words that put a period in a sentence; statutes' years ("Act 2000") are no period.
_PERIOD_CUE = re.compile(
    r"\bperiod\b|\bbetween\b|\bfrom\b|\bsince\b|\bduring\b|\bcover(?:s|ing)?\b|\brelat(?:es|ing)\s+to\b|"
    r"\bfor\s+the\s+years?\b|\b(?:calendar|financial)\s+years?\b|\bin\s+the\s+year\b|"
    r"\btime\s*frame\b|\bdate\s+range\b|\bto\s+date\b|\b(?:in|for)\s+(?:the\s+)?(?:19|20)\d{2}\b",
    re.I,
)
_OPEN_ENDED = re.compile(
    r"\bsince\b|\bto\s+date\b|\bso\s+far\b|\bafter\b|\bbefore\b|\bprior\s+to\b|\bup\s+to\b|"
    r"\bas\s+(?:of|at)\b|\bonwards?\b|\blast\b|\bpast\b|\bprevious\b|\brecent|\bcurrent|"
    r"\bthis\s+year\b|\buntil\s+now\b|\bpresent\b",
    re.I,
)
_RELATIVE = re.compile(
    r"\b(?:last|past|previous|preceding)\s+(?:\d+\s+|few\s+|two\s+|three\s+|five\s+|twelve\s+)?"
    r"(?:years?|months?|quarters?|weeks?)\b|\bto\s+date\b|\bthis\s+year\b|\bso\s+far\b",
    re.I,
)


def read_answers(paragraphs: list[list[Line]]) -> AnswersReading:
    """The figures numbered answers give, and the sentences with numbers that are not read."""
    out = AnswersReading()
    units = _units(paragraphs)
    questions: dict[int, list[str]] = {}
    candidates: dict[int, list[tuple[Line, str]]] = {}
    used: set[Line] = set()
    for i, unit in enumerate(units):
        text = unit.text
        labelled = _LABELLED.match(text)
        numbered = _NUMBERED.match(text)
        # "Q1 2021" is a quarter, not the answer 2021 to question 1.
        quarter = labelled and not labelled["sep"] and YEAR.match(labelled["rest"])
        if labelled and not questions and _in_sentences(labelled["rest"]):
            continue  # its sentences are read as any sentence of the letter is
        if labelled and not quarter and not _ASKS.search(labelled["rest"]) and labelled["rest"]:
            # "Q1. 10", "Answer 2: Nil"
            n = int(labelled["n1"] or labelled["n2"])
            candidates.setdefault(n, []).append((unit.lines[0], labelled["rest"]))
            used.update(unit.lines)
            continue
        if numbered and _ASKS.search(numbered["rest"]):
            n = int(numbered["n"])
            asked = numbered["rest"]
            # "1. How many SPOs were granted? 10": the answer on the question's own line.
            if unit.answer is None and (same := _SAME_LINE.match(asked)) and _value_text(same[2]):
                asked, unit.answer = same[1], (unit.lines[-1], same[2])
            questions.setdefault(n, []).append(asked)
            used.update(unit.lines)
            nxt_lines = _series_lines(units[i + 1 :])
            before = questions.get(n - 1, [None])[0]
            if unit.answer is None and (series := _series(asked, nxt_lines, before)):
                for measure, period, parsed, line in series:
                    out.answers.append(Answer(n, asked, measure, period, parsed, line, line.text))
                used.update(nxt_lines)
                continue
            # The answer under the question: its value alone, with nothing after it but the next
            # question or prose (two bare values in a row could belong to any two questions),
            # and not after a list of questions (the value could answer any of them).
            answer = unit.answer
            nxt = units[i + 1] if i + 1 < len(units) else None
            listed = i > 0 and is_numbered_question(units[i - 1].text)
            if answer is None and nxt is not None and not listed and not _NUMBERED.match(nxt.text):
                after = units[i + 2] if i + 2 < len(units) else None
                if _value_text(nxt.text) is not None and (
                    after is None or _value_text(after.text) is None
                ):
                    answer = (nxt.lines[0], nxt.text)
            if answer is not None:
                candidates.setdefault(n, []).append(answer)
                used.add(answer[0])
                continue
        if numbered and _value_text(numbered["rest"]) and int(numbered["n"]) in questions:
            # "1. 10" after the questions were asked
            candidates.setdefault(int(numbered["n"]), []).append((unit.lines[0], numbered["rest"]))
            used.update(unit.lines)
    for worded in whole_part_answers(units, questions, out.statuses):
        out.answers.append(worded)
        used.add(worded.line)
        if isinstance(worded.number, int):
            candidates.pop(worded.number, None)
    used.update(status.line for status in out.statuses)
    stated = _stated_periods([u for u in units if not (set(u.lines) & used)])
    for n, found in sorted(candidates.items()):
        _answer(n, questions.get(n, []), found, stated, out, questions.get(n - 1, [None])[0])
    out.answers = _said_of_elsewhere(out.answers, paragraphs, used, out.warnings)
    notes = [line.text for para in paragraphs for line in para if line not in used]
    for figure in out.answers:
        figure.parsed, figure.note = _footnote(figure.parsed, notes)
    out.warnings.extend(unruled_tables(paragraphs, used))
    prose = read_prose(paragraphs, used)
    out.sentences = [f for f in prose if isinstance(f, SentenceFigure)]
    out.statuses += [f for f in prose if isinstance(f, StatusSentence)]
    out.quotes.extend(quotes(paragraphs, used, {f.sentence for f in out.sentences}))
    return out


def _in_sentences(rest: str) -> bool:
    """An answer in sentences under its number alone ("Question 1. The force recorded 3,184
    stalking offences in 2020, ..."), no question asked above it, nor one itself."""
    return not _ASKS.search(rest) and _value_text(rest) is None and len(rest) > 40


def _footnote(parsed: ParsedValue, notes: list[str]) -> tuple[ParsedValue, str]:
    """The note an answer's marker ("10*") points at; "*" alone takes a note's bounds ("<5")."""
    if parsed.status == "suppressed" and parsed.value_min is None:
        for note in notes:
            if note.startswith("*") and (bounds := suppression_bounds_from_note(note)):
                return ParsedValue("suppressed", None, bounds[0], bounds[1]), note
        return parsed, ""
    if not parsed.marker:
        return parsed, ""
    for note in notes:
        if note.startswith((parsed.marker, f"[{parsed.marker}]", f"({parsed.marker})")):
            return parsed, note
    return parsed, f"footnote {parsed.marker} (its text is not in the letter)"


def is_numbered_question(text: str) -> bool:
    """ "1. How many Stalking Protection Orders has your Force applied for?" and the like."""
    m = _NUMBERED.match(text.strip())
    return bool(m and _ASKS.search(m["rest"]))


@dataclass
class _Unit:
    """A paragraph, or for a question with its answer on the next line, the question alone."""

    text: str
    lines: list[Line]
    answer: tuple[Line, str] | None = None


def _units(paragraphs: list[list[Line]]) -> list[_Unit]:
    units: list[_Unit] = []
    for para in paragraphs:
        # A question wrapped over lines ends at its question mark; a value on the line after it
        # (same paragraph, as a PDF often runs them together) is its answer.
        ends = [k for k, line in enumerate(para) if line.text.rstrip().endswith("?")]
        if ends and ends[0] < len(para) - 1 and _NUMBERED.match(para[0].text):
            q, rest = para[: ends[0] + 1], para[ends[0] + 1 :]
            value = " ".join(line.text for line in rest)
            answer = (rest[0], value) if len(rest) == 1 and _value_text(value) else None
            units.append(_Unit(" ".join(line.text for line in q), q, answer))
            if answer is None:
                units.append(_Unit(value, rest))
            continue
        units.append(_Unit(" ".join(line.text for line in para), para))
    return _headed_questions(units)


# "Question 3" alone, its question in the paragraph after, then "Answer" alone, then the answer:
# a disclosure log's layout of a numbered question.
_QUESTION_HEAD = re.compile(r"^(?:question|q|request)\s*(?P<n>\d{1,2})\s*[:.]?$", re.I)
_ANSWER_HEAD = re.compile(r"^(?:answer|response|reply|our\s+response)\s*[:.]?$", re.I)


def _headed_questions(units: list[_Unit]) -> list[_Unit]:
    """Units with each headed question made one ("3. Number of SPO breaches."), and the bare
    "Answer" heading after it left out, so that the answer follows its question."""
    out: list[_Unit] = []
    i = 0
    while i < len(units):
        head = _QUESTION_HEAD.match(units[i].text.strip())
        nxt = units[i + 1] if i + 1 < len(units) else None
        if head and nxt is not None and not _NUMBERED.match(nxt.text) and _ASKS.search(nxt.text):
            out.append(_Unit(f"{head['n']}. {nxt.text}", units[i].lines + nxt.lines))
            i += 2
            if i < len(units) and _ANSWER_HEAD.match(units[i].text.strip()):
                i += 1
            continue
        out.append(units[i])
        i += 1
    return out


def _value_text(text: str) -> ParsedValue | None:
    """The value an answer gives when it is a value and nothing more ("10", "Nil", "<5")."""
    bare = _ANSWER_LABEL.sub("", text.strip()).strip().rstrip(".")
    if not bare or len(bare.split()) > 6 or YEAR.fullmatch(bare):
        return None  # a year alone ("2021") is more likely a heading than a count
    parsed = parse_value(bare)
    return None if parsed is not None and (parsed.not_applicable or parsed.dash) else parsed


def _answer(
    n: int,
    asked: list[str],
    found: list[tuple[Line, str]],
    stated: set[Period] | None,
    out: AnswersReading,
    before: str | None = None,
) -> None:
    line, text = found[0]

    def not_read(why: str) -> None:
        out.warnings.append(
            f'{line.sheet}, {line.cell}: answer {n} not read as a figure, {why}: "{text.strip()}"'
        )

    if not asked:
        return not_read(f"no question {n} in the letter")
    question = asked[0]
    if len({_clean(t) for _, t in found}) > 1:
        return not_read(f"the letter answers question {n} twice, differently")
    parsed = _value_text(text)
    if parsed is None:
        return not_read("it is not a single figure")
    measures = {question_measure(q)[0] for q in asked}
    measure, why = question_measure(question)
    if measure is None and (referred := referred_measure(question, before)) is not None:
        measure, measures = referred, {referred}
    if len(measures) > 1:
        return not_read(f"the letter words question {n} differently in two places")
    if measure is None:
        return not_read(f"question {n} {why} ({question!r})")
    period, why = _question_period(question, stated)
    if period is None:
        return not_read(why)
    out.answers.append(Answer(n, question, measure, period, parsed, line, text.strip()))
    return None


def question_measure(question: str) -> tuple[Measure | None, str]:
    """What a question positively asks to be counted; (None, why) for anything less clear."""
    if _REFERS.search(question):
        return None, "refers to another question"
    if _PEOPLE.search(question):
        return None, "asks about people, costs or rates, not a count of orders or offences"
    if _SERIES.search(question):
        return None, "asks for a breakdown, not one figure"
    return _asked_measure(question)


def _asked_measure(question: str) -> tuple[Measure | None, str]:
    """The one measure a question names, whether it asks for one figure or a series."""
    if _REFERS.search(question):
        return None, "refers to another question"
    parts = [signals(p) for p in _SPLIT.split(question)]
    if len({s.action for s in parts if s.action}) > 1 or len({s.kind for s in parts if s.kind}) > 1:
        return None, "asks for more than one thing"
    measure, why = classify([[question]])
    if measure is None:
        return None, f"does not say what is counted ({why})"
    if measure == "stalking_offences":
        if not re.search(r"\bstalk", question, re.I):
            return None, "does not name stalking"
    elif not _ORDER_NOUN.search(question):
        return None, "does not name the orders"
    return measure, ""


def referred_measure(question: str, before: str | None) -> Measure | None:
    """What a question referring to the one before counts: "How many of those applications
    resulted in an order being granted?" after "How many applications for a Stalking Protection
    Order did the force make?" is SPOs granted: the orders of the question before, the action of
    this one, which must name one. None for anything else."""
    if before is None or not _REFERS.search(question) or _PEOPLE.search(question):
        return None
    prior, _ = _asked_measure(before)
    own = _REFERS.sub(" ", question)
    if prior is None or prior == "stalking_offences" or signals(own).action is None:
        return None
    if len({s.action for s in (signals(p) for p in _SPLIT.split(own)) if s.action}) > 1:
        return None
    measure, _ = classify([[own], [before]])
    if measure == "spo_breaches":
        return None  # "How many of those orders were breached?": of a year's orders, later
    return None if measure == "stalking_offences" else measure


def _said_of_elsewhere(
    answers: list[Answer], paragraphs: list[list[Line]], used: set[Line], warnings: list[str]
) -> list[Answer]:
    """Answers as a sentence elsewhere in the letter qualifies them: "The figures given at
    question 3 include interim orders" makes question 3's orders granted interim and full
    together; any other qualifying sentence about a question leaves its answers for a person."""
    said: dict[int | str, list[str]] = {}
    for para in paragraphs:
        text = " ".join(line.text for line in para if line not in used)
        if not text or not _QUALIFIES.search(text) or is_numbered_question(text):
            continue
        for m in lexicon.QUESTION_REF.finditer(text):
            said.setdefault(int(m["n"]), []).append(text)
    out: list[Answer] = []
    for n in dict.fromkeys(a.number for a in answers):
        mine, notes = [a for a in answers if a.number == n], said.get(n, [])
        if not notes:
            out += mine
        elif all(a.measure == "spo_granted" for a in mine) and all(
            map(lexicon.adds_interim, notes)
        ):
            note = "; ".join(notes)
            out += [replace(a, measure="all_spo_granted", note=a.note or note) for a in mine]
        else:
            warnings.append(
                f'answer {n} not read as figures: the letter qualifies it elsewhere ("{notes[0]}")'
            )
    return out


def _period_in(text: str) -> Period | bool | None:
    """The period a sentence states; None if it states none; False if it is unclear."""
    text = STATUTE.sub(" ", text)
    if _RELATIVE.search(text):
        return False
    if (FULL_DATE.search(text) or YEAR.search(text)) and _OPEN_ENDED.search(text):
        return False  # "since 20 January 2020", "before 2022"
    period = find_period(text)
    if period is not None:
        return period
    # Single dates ("received on 3 April 2023") state no period; years left over are unclear.
    return False if YEAR.search(FULL_DATE.sub(" ", text)) else None


def _stated_periods(units: list[_Unit]) -> set[Period] | None:
    """The periods the letter states outside its answers; None where one is unclear."""
    found: set[Period] = set()
    for unit in units:
        text = STATUTE.sub(" ", unit.text)
        if not (_PERIOD_CUE.search(text) or _RELATIVE.search(text)):
            continue
        period = _period_in(unit.text)
        if period is False:
            return None
        if isinstance(period, Period):
            found.add(period)
    return found


def _question_period(question: str, stated: set[Period] | None) -> tuple[Period | None, str]:
    own = _period_in(question)
    if own is False:
        return None, "its question's period is unclear"
    if stated is None:
        return None, "the letter's period is unclear (open-ended, relative, or several)"
    if isinstance(own, Period):
        if stated - {own}:
            return None, "the letter states another period besides the question's"
        return own, ""
    if len(stated) == 1:
        return next(iter(stated)), ""
    if not stated:
        return None, "the letter states no period"
    return None, "the letter states more than one period"


def _clean(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".")


# An answer given as a series, a line a period ("2020/21: 388", "2021/22 - 7"), perhaps under
# labels that say what each series counts ("Full SPO applications:"). Read only where every line
# of the answer is such a line or label: any other line (a note, a caveat) could change what
# the figures mean, and the whole answer is then left for a person.
_SERIES_LINE = re.compile(r"^(?P<period>.+?)\s*(?:[:=]|\s[-–—]\s)\s*(?P<value>[^:=]+?)\.?$")
_SERIES_LABEL = re.compile(r"^(?P<label>[^:]+?)\s*:\s*(?P<rest>.*)$")


# A paragraph after a series that qualifies it ("these figures include interim orders") could
# change what every line counts.
_QUALIFIES = re.compile(r"\binclud|\bexclud|\binterim\b|\bonly\b|\bas\s+well\s+as\b", re.I)


def _series_lines(after: list[_Unit]) -> list[Line]:
    """The lines of the paragraphs after a question that are each all series lines or labels;
    none where the paragraph after them qualifies them."""
    lines: list[Line] = []
    for unit in after:
        shaped = [_series_shaped(line.text) for line in unit.lines]
        if not all(shaped):
            # Series lines, then a note in the same paragraph ("Numbers below 5 are not
            # disclosed"): the series, unless the note qualifies it.
            k = shaped.index(False)
            rest = " ".join(line.text for line in unit.lines[k:])
            if (lines or k) and not _NUMBERED.match(rest) and _QUALIFIES.search(rest):
                return []
            return lines + (unit.lines[:k] if all(shaped[:k]) else [])
        lines += unit.lines
    return lines


@dataclass(frozen=True)
class _SeriesLine:
    """A line of a series answer: a period and its value ("2020/21: 388"), or a label over the
    lines after it ("Full SPO applications:"), with any words after its colon."""

    period: Period | None
    text: str  # the value's words, or the label
    rest: str = ""  # a label's words after its colon


def _series_line(text: str) -> _SeriesLine | None:
    """The line as a series line, or None for a line that is neither."""
    text = text.strip()
    if (m := _SERIES_LINE.match(text)) and (period := label_period(m["period"])) is not None:
        return _SeriesLine(period, m["value"])
    label = _SERIES_LABEL.match(text)
    if label is None or label_period(label["label"]) is not None:
        return None
    return _SeriesLine(None, label["label"], label["rest"])


def _series_shaped(text: str) -> bool:
    return _series_line(text) is not None


def series_measure(question: str) -> Measure | None:
    """The one measure a question asks to be listed by period, or None."""
    return None if _PEOPLE.search(question) else _asked_measure(question)[0]


_LABELLED_VALUE = re.compile(
    r"^(?P<words>[a-z][a-z' ]*?)\s*(?:[:=\-–]\s*|\s)"
    r"(?P<value>(?:fewer|less)\s+than\s+\w+|<\s*\d+|\d[\d,]*|nil|none|zero)$",
    re.I,
)


def _labelled_values(text: str, question: str) -> list[tuple[Measure, ParsedValue]]:
    """A period's values, each after the action it counts ("applied for 9, granted 6"), under a
    question naming the orders and those actions: each the orders' count of its action. [] unless
    every part is one, and each counts something else."""
    if not _ORDER_NOUN.search(question) or _REFERS.search(question):
        return []
    out: list[tuple[Measure, ParsedValue]] = []
    for piece in re.split(r"\s*[,;]\s*(?:and\s+)?", text.strip().rstrip(".")):
        m = _LABELLED_VALUE.match(piece)
        parsed = _value_text(m["value"]) if m else None
        if m is None or parsed is None or signals(m["words"]).action in (None, "other", "several"):
            return []
        if veto(m["words"]) is not None:
            return []
        measure, _ = classify([[m["words"]], [question]])
        if measure is None or measure == "stalking_offences":
            return []
        out.append((measure, parsed))
    return out if len(out) > 1 and len({m for m, _ in out}) == len(out) else []


def _series(
    question: str, lines: list[Line], before: str | None = None
) -> list[tuple[Measure, Period, ParsedValue, Line]]:
    """The figures of a series answer to question, or [] where it is not one."""
    if not lines or _PEOPLE.search(question):
        return []
    measure = series_measure(question) or referred_measure(question, before)
    found: list[tuple[Measure, Period, ParsedValue, Line]] = []
    each: list[tuple[Measure, ParsedValue, Line]] = []
    for line in lines:
        part = _series_line(line.text)
        if part is None:
            return []  # a line that is neither: the answer is more than a series
        if part.period is not None:
            if (parsed := _value_text(part.text)) is None:
                # "2021: applied for 9, granted 6": a value for each action the question names.
                pairs = _labelled_values(part.text, question)
                if not pairs:
                    return []  # "2021/22: fewer than five": words, which a person must read
                found += [(m, part.period, v, line) for m, v in pairs]
            elif measure is not None:
                found.append((measure, part.period, parsed, line))
            continue
        measure, _ = classify([[part.text], [question]])
        if part.rest:
            # "Interim SPOs granted: fewer than 5 in each year": that, in each year of the series.
            if measure is not None and (status := whole_answer_status(part.rest)) is not None:
                each.append((measure, status, line))
            measure = None
    periods = sorted({p for _, p, _, _ in found}, key=lambda p: (p.start, p.end))
    found += [(m, p, status, line) for m, status, line in each for p in periods]
    keys = [(m, p) for m, p, _, _ in found]
    return [f for f in found if keys.count((f[0], f[1])) == 1]


# A part of a request answered in words for all its periods at once: refused ("Section 12
# applies"), not held ("This information is not held"), or "fewer than 5 in each year". The
# status holds for each period the question asked for, and is read only where the question names
# one measure and its periods plainly (or "those years" after a question that named them), and
# the words give no count and point at no table: "see the table below; figures under 5 are
# withheld under section 40" refuses nothing.
_NOT_HELD_WORDS = re.compile(
    r"\bnot\s+held\b|\bdo(?:es)?\s+not\s+hold\b|\bholds?\s+no\s+(?:information|data|records?)\b|"
    r"\bno\s+(?:recorded\s+)?(?:information|data|records?)\s+(?:is\s+|are\s+)?held\b",
    re.I,
)
_EXEMPT = r"(?:12|14|17|21|22|23|24|30|31|38|40|41|43)"
_REFUSED_WORDS = re.compile(
    rf"\brefus(?:e|ed|al)\b|\bsections?\s+{_EXEMPT}\b|\bs\.\s?{_EXEMPT}\b|\bexempt(?:ion)?\b|"
    r"\bneither\s+confirm",
    re.I,
)
# A court refusing orders is an outcome, not the force refusing the question.
_COURT_REFUSED = re.compile(
    r"\brefus\w*\s+by\b|\b(?:spos?|orders?|applications?)\s+(?:were\s+|was\s+)?refus", re.I
)
_FEWER_EACH = re.compile(
    r"^(?:there\s+were\s+)?(?:fewer|less)\s+than\s+(?P<n>\d+|one|two|three|four|five|ten)\b"
    r"(?P<words>[^.;()]*?)\bin\s+each\s+(?:of\s+)?(?:the(?:se|ose)?\s+)?(?:\w+\s+)?"
    r"(?:years?|periods?)\b",
    re.I,
)
# Words that put figures elsewhere (a table, some cells), qualify the statement, or deny it
# ("section 12 does not apply").
_POINTS_ELSEWHERE = re.compile(
    r"\btables?\b|\bbelow\b|\battach|\bfigures?\b|\bvalues?\b|\bnumbers?\b|\bwhere\b|\bsome\b|"
    r"\bpartial|\bexcept\b|\bother\s+than\b|\bhowever\b|\bbut\b|\bnot\s+apply|\bnot\s+exempt|"
    r"\bno\s+exemption|\bnot\s+been\s+refused|\bnot\s+refus",
    re.I,
)
# Numbers in a refusal that are no counts: sections, dates, hours, costs.
_NO_COUNT = re.compile(
    r"\b(?:sections?|s\.)\s*\d+[a-z]?(?:\s*\(\s*\w+\s*\))*|\b\d+(?:\.\d+)?\s*(?:hours?|working\s+days|"
    r"days)\b|£\s*\d[\d,]*",
    re.I,
)
_BACK = re.compile(
    r"\b(?:(?:in\s+)?(?:each\s+of\s+)?th(?:ose|ese|e\s+same)\s+(?:\w+\s+)?(?:years|periods)|"
    r"(?:in\s+)?(?:each\s+of\s+)?the\s+same\s+(?:\w+\s+)?(?:years?|periods?)|(?:in\s+)?each\s+year)\b",
    re.I,
)
_RANGE_WORDS = re.compile(r"\bfrom\b|\bbetween\b|\buntil\b|\bthrough\b|\bto\b", re.I)
_PART = re.compile(r"\(([a-h])\)\s*")
_PART_ANSWER = re.compile(
    r"^(?:(?:response|answer|reply)\s+(?:to\s+)?)?(?:(?:part|question|q)\s*)?"
    r"(?:\((?P<letter>[a-h])\)|(?P<n>\d{1,2})\b)\s*[:.)\-–]?\s*(?P<rest>\S.*)$",
    re.I,
)


def whole_answer_status(text: str) -> ParsedValue | None:
    """Refused, not held, or suppressed in each period, where the words say so and no more."""
    text = " ".join(text.split())
    if m := _FEWER_EACH.match(text):
        # "(exact figures suppressed to reduce the risk of identification)" only says why.
        rest = re.sub(r"\([^)]*\)", " ", text[m.end() :] + " " + m["words"])
        bound = _value_text(f"fewer than {m['n']}")
        if bound is None or _POINTS_ELSEWHERE.search(rest) or re.search(r"\d", rest):
            return None
        return bound
    if _POINTS_ELSEWHERE.search(text):
        return None
    bare = _NO_COUNT.sub(" ", STATUTE.sub(" ", FULL_DATE.sub(" ", text)))
    if re.search(r"\d", YEAR.sub(" ", re.sub(r"\b(?:19|20)\d{2}\s*[/-]\s*\d{2}\b", " ", bare))):
        return None  # a count among the words: more than a status
    held = bool(_NOT_HELD_WORDS.search(text))
    refused = bool(_REFUSED_WORDS.search(text)) and not _COURT_REFUSED.search(text)
    if held == refused:
        return None  # neither, or both (which could be either)
    return ParsedValue("not_held" if held else "refused")


def _asked_periods(question: str, before: set[Period]) -> set[Period]:
    """The periods a question asks for, one by one; those of the question before for "those
    years"; none where the question gives a range, an open or relative period, or nothing."""
    text = STATUTE.sub(" ", question)
    if _RELATIVE.search(text) or _OPEN_ENDED.search(text) or _RANGE_WORDS.search(text):
        return set()
    tokens = _PERIOD_TOKEN.findall(FULL_DATE.sub(" ", text))
    own = {p for t in tokens if (p := label_period(t)) is not None}
    if len(own) < len(tokens) or (
        re.search(r"\bfinancial\b", text, re.I) and any(YEAR.fullmatch(t) for t in tokens)
    ):
        return set()  # a year that is no period, or "financial year 2022": which year is it?
    if own:
        return own
    return before if _BACK.search(text) else set()


# A year or a financial year among a question's words: "2021, 2022 and 2023", "2020/21".
_PERIOD_TOKEN = re.compile(
    r"(?<![\d/£])(?:19|20)\d{2}(?:\s*[/-]\s*(?:(?:19|20)\d{2}|\d{2}))?(?![\d/])(?!,\d)"
)


def _part_measure(question: str) -> Measure | None:
    words = _BACK.sub(" ", question)
    if _PEOPLE.search(words):
        return None
    return _asked_measure(words)[0]


def whole_part_answers(
    units: list[_Unit],
    questions: dict[int, list[str]],
    periodless: list[StatusSentence] | None = None,
) -> list[Answer]:
    """A status for each period of each question or lettered part answered by words alone; one
    whose question names no period at all ("5. How many breaches of an SPO were recorded?") is
    added to periodless, for the years of the letter's figures to decide."""
    asked: dict[int | str, tuple[str, set[Period]]] = {}
    before: set[Period] = set()
    for n, texts in sorted(questions.items()):
        if len(texts) == 1:
            asked[n] = (texts[0], _asked_periods(texts[0], before))
            before = asked[n][1] or before
    for unit in units:
        asked.update(_lettered_parts(unit.text))
    out: list[Answer] = []
    for key, line, text in _status_paragraphs(units):
        if key not in asked or (parsed := whole_answer_status(text)) is None:
            continue
        question, periods = asked[key]
        measure = _part_measure(question)
        for m in [measure] if measure is not None else _both_actions(question):
            if not periods and periodless is not None and _names_no_period(question):
                periodless.append(StatusSentence(m, parsed, line, text))
            out += [
                Answer(key, question, m, p, parsed, line, text)
                for p in sorted(periods, key=lambda p: (p.start, p.end))
            ]
    return out if asked else _request_statements(units)


def _both_actions(question: str) -> list[Measure]:
    """The two measures of a question asking two actions of one kind of order ("How many interim
    SPOs were applied for and granted?"), which an answer in words alone answers both of; []
    for any other question."""
    words = _BACK.sub(" ", question)
    if _PEOPLE.search(words) or _REFERS.search(words):
        return []
    parts = [p for p in re.split(r"\s+and\s+", words) if signals(p).action is not None]
    if len(parts) != 2:
        return []
    found = [classify([[part], [words]])[0] for part in parts]
    spo = [m for m in found if m is not None and m != "stalking_offences"]
    types = {m.startswith("interim") for m in spo}
    if len(spo) != 2 or len(set(spo)) != 2 or len(types) != 1 or not _ORDER_NOUN.search(words):
        return []
    return spo


def _names_no_period(question: str) -> bool:
    """Whether a question says nothing of when: no year, day, range, open or relative period."""
    text = STATUTE.sub(" ", question)
    return not (
        _PERIOD_TOKEN.search(text)
        or FULL_DATE.search(text)
        or _RELATIVE.search(text)
        or _OPEN_ENDED.search(text)
        or _RANGE_WORDS.search(text)
        or _BACK.search(text)
    )


_REQUESTED = re.compile(
    r"^(?:you\s+(?:have\s+)?(?:asked|requested)|(?:in\s+)?your\s+request|request\s*:)", re.I
)
_EVERY_PERIOD = re.compile(
    r"\b(?:either|both|each|any|all)\s+(?:of\s+th(?:e|ese|ose)\s+)?(?:\w+\s+)?(?:years?|periods?)\b|"
    r"\bthe\s+(?:years?|periods?)\s+(?:requested|asked)\b",
    re.I,
)


def _request_statements(units: list[_Unit]) -> list[Answer]:
    """In a letter of no numbered questions or lettered parts, a paragraph saying a measure is not held or refused
    "for either year" holds for each period of the one paragraph restating the request ("You
    asked for ... for the financial years 2022/23 and 2023/24")."""
    requests = [u for u in units if _REQUESTED.match(u.text)]
    if len(requests) != 1 or not (periods := _asked_periods(requests[0].text, set())):
        return []
    out: list[Answer] = []
    for unit in units:
        if unit is requests[0] or not _EVERY_PERIOD.search(unit.text):
            continue
        if (parsed := whole_answer_status(unit.text)) is None:
            continue
        measure = _part_measure(_EVERY_PERIOD.sub(" ", unit.text))
        if measure is None:
            continue
        out += [
            Answer("request", requests[0].text, measure, p, parsed, unit.lines[0], unit.text)
            for p in sorted(periods, key=lambda p: (p.start, p.end))
        ]
    return out


def _lettered_parts(text: str) -> dict[int | str, tuple[str, set[Period]]]:
    """A request of lettered parts, "For each of the years ...: (a) how many ...; (b) ...", each
    part with its own periods or the preamble's."""
    pieces = _PART.split(text)
    letters = pieces[1::2]
    if len(letters) < 2 or letters != [chr(ord("a") + k) for k in range(len(letters))]:
        return {}
    preamble = _asked_periods(pieces[0], set())
    out: dict[int | str, tuple[str, set[Period]]] = {}
    for letter, part in zip(letters, pieces[2::2], strict=True):
        part = re.sub(r"[;,]?\s*(?:and\s*)?$", "", part.strip())
        own_words = _PERIOD_TOKEN.search(part) or _RANGE_WORDS.search(part)
        own_words = own_words or _RELATIVE.search(part) or _OPEN_ENDED.search(part)
        out[letter] = (part, _asked_periods(part, set()) if own_words else preamble)
    return out


_NOTE_HEAD = re.compile(r"^\s*(?:note|nb|n\.b\.|please\s+note)\b\s*[:.\-–]?", re.I)


def _status_paragraphs(units: list[_Unit]) -> list[tuple[int | str, Line, str]]:
    """(question or part, line, words) of each paragraph that may answer a whole part in words:
    "Response to (c): ...", "Part 3 - ...", or the one paragraph under a numbered question
    with no value after it before the next question."""
    out: list[tuple[int | str, Line, str]] = []
    for i, unit in enumerate(units):
        if (m := _PART_ANSWER.match(unit.text)) and not _ASKS.search(m["rest"]):
            out.append((m["letter"] or int(m["n"]), unit.lines[0], m["rest"]))
            continue
        numbered = _NUMBERED.match(unit.text)
        if not (numbered and _ASKS.search(numbered["rest"])) or unit.answer is not None:
            continue
        after: list[_Unit] = []
        asked = _part_measure(numbered["rest"])
        for nxt in units[i + 1 :]:
            if _NUMBERED.match(nxt.text) or _LABELLED.match(nxt.text):
                break
            if _NOTE_HEAD.match(nxt.text) and _part_measure(nxt.text) not in (None, asked):
                break  # "Note: 2023/24 SPOs granted is withheld" under a question on breaches
            after.append(nxt)
        if after and not any(_value_text(u.text) or _series_lines([u]) for u in after):
            out.append((int(numbered["n"]), after[0].lines[0], after[0].text))
    return out
