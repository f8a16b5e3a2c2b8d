"""Sentences and rows in a letter that hold numbers but are not read as figures.

An answer in words ("4 orders were issued in 2023") or a table typed without ruled lines is not
guessed at: the sentence or the rows are quoted, with where they are, for a person to enter in the
manual-entry format. Numbers that are no counts (dates, years, references, section numbers, phone
numbers, durations) do not make a sentence worth quoting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spo_stats.read.letters import Line
from spo_stats.understand.periods import parse_period
from spo_stats.understand.values import parse_value

MAX_QUOTES = 20


@dataclass
class Quote:
    line: Line
    text: str


STATUTE = re.compile(r"\b(?:act|regulations|order|rules)\s+(?:19|20)\d{2}\b", re.I)
MON = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
FULL_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MON},?\s+(?:19|20)\d{{2}}\b|"
    rf"\b{MON}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}\b|"
    r"\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)?\d{2}\b",
    re.I,
)
YEAR = re.compile(r"(?<![\d,])(?:19|20)\d{2}(?![\d,])")


def row_like(text: str) -> bool:
    """A line such as "2021 1,635 *": a period, then values only (a table row without rules)."""
    tokens = text.split()
    for k in (1, 2, 3):
        if len(tokens) > k and parse_period(" ".join(tokens[:k])) is not None:
            return all(parse_value(t) is not None for t in tokens[k:])
    return False


def unruled_tables(paragraphs: list[list[Line]], used: set[Line]) -> list[str]:
    """Runs of table-like lines: a table drawn without lines, which is not guessed at.

    The lines reported are added to used, so they are not quoted again as sentences.
    """
    out: list[str] = []
    run: list[Line] = []
    lines = [line for para in paragraphs for line in para if line not in used] + [None]
    for line in lines:
        if line is not None and row_like(line.text):
            run.append(line)
            continue
        if len(run) >= 2:
            used.update(run)
            rows = " / ".join(f'"{r.text}"' for r in run[:8]) + (" ..." if len(run) > 8 else "")
            out.append(
                f"{run[0].sheet}, {run[0].cell} to {run[-1].cell}: looks like a table without "
                f"ruled lines, not read as figures; enter them by hand if they answer the request: {rows}"
            )
        run = []
    return out


_TOPIC = re.compile(
    r"stalk|\bspos?\b|protection\s+orders?|\borders?\b|offen[cs]es?\b|\bcrimes?\b|"
    r"\bapplications?\b|\bapplied\b|\bgranted\b|\bissued\b|\bbreach",
    re.I,
)
_NOT_COUNTS = [
    STATUTE,
    FULL_DATE,
    re.compile(rf"\b{MON}\s+(?:19|20)\d{{2}}\b", re.I),
    re.compile(r"\b(?:19|20)\d{2}\s*[/-]\s*\d{2,4}\b"),
    YEAR,
    re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d{1,2}\s*[.):]\s", re.I),
    re.compile(r"\bpage\s+\d+(?:\s+of\s+\d+)?", re.I),
    re.compile(r"\bsections?\s+\d+[\w()]*|\bs\.?\s?\d+\b", re.I),
    re.compile(r"£\s?[\d,.]+"),
    re.compile(
        r"\b\d+\s*(?:hours?|hrs|minutes?|(?:working\s+)?days?|weeks?|months?|years?|%|per\s*cent)",
        re.I,
    ),
    re.compile(
        r"\b(?:call(?:ing)?|dial(?:ling)?|ring(?:ing)?|phon(?:e|ing)|telephone|tel)\.?:?\s+[\d\s]{3,15}",
        re.I,
    ),
    re.compile(r"\b0\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b"),
    re.compile(r"\S*[A-Za-z]\S*\d\S*|\S*\d\S*[A-Za-z]\S*|\b\d+[/-]\d+\S*"),  # references
]
_COUNT = re.compile(
    r"\b\d[\d,]*\b|\b(?:no|none|nil|zero|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|fewer\s+than|less\s+than)\b",
    re.I,
)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“‘(£])")


def quotes(
    paragraphs: list[list[Line]], used: set[Line], read: set[str] | None = None
) -> list[Quote]:
    """Sentences on the subject that hold a count: what a person should read and enter (less
    those read as figures)."""
    out: list[Quote] = []
    # A line already read (a question, an answer, a table row) splits its paragraph in two.
    segments: list[list[Line]] = []
    for para in paragraphs:
        segments.append([])
        for line in para:
            if line in used:
                segments.append([])
            else:
                segments[-1].append(line)
    for lines in segments:
        if not lines:
            continue
        text, starts = "", []
        for line in lines:
            starts.append(len(text))
            text += line.text + " "
        pos = 0
        for sentence in SENTENCE_END.split(text):
            at = text.find(sentence, pos)
            pos = at + len(sentence)
            sentence = sentence.strip()
            if sentence.endswith("?") or not _TOPIC.search(sentence) or not has_count(sentence):
                continue
            if read and sentence in read:
                continue
            k = max(i for i, s in enumerate(starts) if s <= max(at, 0))
            out.append(Quote(lines[k], sentence))
    return out


# A run of this many characters without a space is no count (a link, a mangled line), and the
# reference pattern backtracks over the whole of such a run at each place it could start: a
# page of 109,000 "&amp;" in a row held the reader past any budget.
_LONG_RUN = re.compile(r"\S{80,}")


def has_count(sentence: str) -> bool:
    """Whether a sentence holds a number that may be a count (not a date, year, reference...)."""
    rest = _LONG_RUN.sub(" ", sentence)
    for pattern in _NOT_COUNTS:
        rest = pattern.sub(" ", rest)
    return bool(_COUNT.search(rest))
