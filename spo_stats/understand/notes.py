"""Notes around a table: footnotes, legends of codes, 'see note', and notes columns.

A note can give a mark its bounds ("* between 1 and 4"), a label its meaning ("includes both
interim and full orders"), or a period its narrower span; a legend explains codes.
"""

from __future__ import annotations

import re

from spo_stats.read.cells import CellValue, Grid
from spo_stats.understand import lexicon
from spo_stats.understand.labels import Label, label_text
from spo_stats.understand.period_text import strip_marker as _strip
from spo_stats.understand.values import ParsedValue, suppression_bounds_from_note

SEE_NOTE = re.compile(r"^see\s+(?:the\s+)?(?:note|notes|footnote|below)\b", re.I)

_CODE = re.compile(r"^(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[*†‡]+)$")

_LEGEND_WORDS = re.compile(r"^(?:legend|key|description|definitions?|glossary|codes?)\b", re.I)


def legend(grid: Grid) -> dict[str, str]:
    """Codes a sheet explains in a legend ("SPO_APP: Applications ..."), where it has one."""
    if not any(isinstance(v, str) and _LEGEND_WORDS.match(v.strip()) for row in grid for v in row):
        return {}
    out: dict[str, str] = {}
    for row in grid:
        texts = [label_text(v) for v in row if isinstance(v, str) and v.strip()]
        for i, t in enumerate(texts[:-1]):
            if _CODE.match(t) and len(texts[i + 1].split()) >= 3:
                out[t] = texts[i + 1]
                break
    return out


DAYS = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4}", re.I)
# Words in a note that change what a count means: such a note must be understood, or the count out.

QUALIFYING = re.compile(
    r"\binclud|\bexclud|\bonly\b|\bexcept|\bas\s+well\s+as|\bcombined|\bnot\s+including"
)

_NOTES = re.compile(
    r"^(?:notes?|comments?|remarks?|caveats?|explanation|additional information)\b", re.I
)


def is_notes(v: CellValue) -> bool:
    return isinstance(v, str) and _NOTES.match(v.strip()) is not None


def mentions(text: str, label: str) -> bool:
    return (
        bool(label) and re.search(rf"(?<![\w/]){re.escape(label)}(?![\w/])", text, re.I) is not None
    )


def footnote(
    parsed: ParsedValue, notes: list[str], labels: list[Label], cell: CellValue = None
) -> tuple[ParsedValue, str]:
    """The note a footnote marker (on the cell or its labels) points at; bounds for '*'."""
    found: list[str] = []
    if parsed.qualifier:
        found.append(parsed.qualifier)
    if parsed.status == "not_held" and (said := _symbol_said(label_text(cell), notes)):
        parsed, note = said
        found.append(note)
    if parsed.status == "suppressed":
        # A note that starts with the cell's own mark ("*", "<5", "[c]") says what it means.
        mark = label_text(cell).strip("'‘’\"“” ")
        for note in notes:
            body = note.lstrip().lstrip("'‘’\"“” ")
            if mark and body.startswith(mark) and (b := suppression_bounds_from_note(body)):
                parsed = ParsedValue("suppressed", None, b[0], b[1])
                found.append(note.strip())
                break
    markers = [parsed.marker] if parsed.marker else []
    markers += [m.strip("[]()^ ") for lab in labels if (m := _strip(lab.text)[1])]
    for marker in markers:
        for note in notes:
            stripped = note.lstrip()
            if marker and stripped.startswith(
                (marker, f"[{marker}]", f"({marker})", f"^{marker}", f"Note {marker}")
            ):
                found.append(stripped)
                break
        else:
            if parsed.marker == marker:
                found.append(f"footnote {marker} (its text is not on the sheet)")
    return parsed, "; ".join(dict.fromkeys(found))


_SUPPRESSED_WORDS = re.compile(
    r"suppress|small\s+numbers?|fewer\s+than|less\s+than|withheld|redact|disclosure\s+control|"
    r"\bto\s+protect\b|identif",
    re.I,
)


# "Key:", "Symbols:" or "Note:" before a sheet's key of symbols.
_KEY_HEAD = re.compile(r"^\s*(?:key|symbols?|legend|notes?)\s*[:\-–]\s*", re.I)


def _symbol_said(mark: str, notes: list[str]) -> tuple[ParsedValue, str] | None:
    """A short symbol ("x", "[x]", "-", "..") that the sheet's own key says is suppressed ("x:
    suppressed (small numbers)", "Key: [z] = not applicable; [x] = suppressed"): suppressed, not
    the "not available" the symbol means alone. "x" and "[x]" are one symbol."""
    bare = mark.strip().strip("[]").strip()
    if not bare or len(bare) > 3 or any(ch.isdigit() for ch in bare):
        return None
    spelt = rf"(?:\[\s*{re.escape(bare)}\s*\]|{re.escape(bare)})"
    key = re.compile(rf"^\s*{spelt}\s*(?::|=|-|–|means|denotes|indicates)\s*(?P<says>.+)$", re.I)
    for note in notes:
        # A key may run on after other notes in one paragraph ("* Provisional. [x] = ..."): each
        # sentence is a part of its own.
        for part in re.split(r";|\s\|\s|(?<=[.!?])\s+", _KEY_HEAD.sub("", note)):
            if (m := key.match(part)) and _SUPPRESSED_WORDS.search(m["says"]):
                bounds = suppression_bounds_from_note(part) or (None, None)
                return ParsedValue("suppressed", None, bounds[0], bounds[1]), note.strip()
    return None


# What a note or a table is referred to by: "Note A:", "(see note A)", "Q3.", "question 3".
_NOTE_HEAD = re.compile(
    r"^\s*(?:(?i:note)\s+(?P<n>[a-zA-Z0-9]{1,2})\b\s*[:.\-–)]?|(?P<s>[*†‡§]+|\^\w{1,2})|"
    r"\((?P<p>[a-z])\)|(?P<m>[A-Z])\s*[:\-–)])",
)
_NOTE_NAMED = re.compile(r"\bnote\s+(?P<n>[a-z0-9]{1,2})\b", re.I)
_TABLE_QUESTION = re.compile(r"^\s*(?:q|question|part)\s*\.?\s*(?P<q>\d{1,2})\b", re.I)


def tied_to(note: str, titles: list[str], labels: list[str]) -> bool | None:
    """Whether a note is about the table with these titles and labels: True where it names a
    question or a note mark the table carries ("Note A: Q3 figures ..." under "Q3. ... (see note
    A)"), False where it names only others, None where it names none."""
    questions = {m["n"] for m in lexicon.QUESTION_REF.finditer(note)}
    if questions:
        own = {m["q"].lower() for t in titles if (m := _TABLE_QUESTION.match(t))}
        return bool(questions & own)
    head = _NOTE_HEAD.match(note)
    if head is None:
        return None
    mark = next(g for g in head.groups() if g).strip("^").lower()
    texts = [*titles, *labels]
    marks = {m["n"].lower() for t in texts for m in _NOTE_NAMED.finditer(t)}
    marks |= {_strip(t)[1].strip("[]()^ ").lower() for t in texts} - {""}
    return mark in marks


_FORCES = re.compile(r"(\d+) of \d+ (?:UK )?forces|(\d+) (?:UK )?(?:police )?forces")


def forces_counted(note: str) -> int | None:
    """How many forces a source's note says its figure counts ("from the 40 of 44 forces that
    answered": 40; "44 UK forces": 44), or None where it does not say."""
    m = _FORCES.search(note)
    return int(m.group(1) or m.group(2)) if m else None
