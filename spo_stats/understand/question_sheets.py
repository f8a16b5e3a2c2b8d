"""A workbook that answers a request a sheet per question, where a question is answered in words.

Such a workbook has a sheet of the questions ("Q3. How many breaches of SPOs were recorded in each
of the financial years 2020-21, 2021-22 and 2022-23?") and a sheet for each answer, named or
titled for its question ("Q3", "Q3 - Breaches of SPOs"). A sheet that holds only its title and one
sentence giving a status ("This information is not held by the force") answers its question as a
letter's answer in words does: that status for each period the question asks, read only where the
question names one measure and its periods plainly.
"""

from __future__ import annotations

import re

from spo_stats.read.cells import Grid, cell_ref
from spo_stats.read.letters import Line
from spo_stats.understand.answers import read_answers, whole_answer_status
from spo_stats.understand.figures import Figure, SheetReading

_QUESTION_NAME = re.compile(r"^\s*q(?:uestion)?\s*(\d{1,2})\b", re.I)


def question_sheet_figures(sheets: list[tuple[str, Grid, SheetReading]]) -> dict[str, list[Figure]]:
    """By sheet name, the status figures of the sheets that answer a question in words alone."""
    asked: list[list[Line]] = []
    answered: dict[Line, tuple[str, int, int]] = {}  # the answer's line: sheet, row, column
    for name, rows, reading in sheets:
        cells = [
            (r, c, v.strip())
            for r, row in enumerate(rows)
            for c, v in enumerate(row)
            if isinstance(v, str) and v.strip()
        ]
        if reading.figures or not cells:
            continue
        numbers = {int(m[1]) for text in (name, cells[0][2]) if (m := _QUESTION_NAME.match(text))}
        words = [(r, c, v) for r, c, v in cells if not _QUESTION_NAME.match(v)]
        if len(numbers) == 1 and len(words) == 1 and whole_answer_status(words[0][2]):
            r, c, text = words[0]
            line = Line(f"Q{numbers.pop()}: {text}", name, cell_ref(r, c), len(asked))
            answered[line] = (name, r, c)
            asked.append([line])
            continue
        asked += [
            [Line(v, name, cell_ref(r, c), len(asked) + k)] for k, (r, c, v) in enumerate(cells)
        ]
    if not answered:
        return {}
    out: dict[str, list[Figure]] = {}
    for a in read_answers(asked).answers:
        if a.line in answered and a.parsed.status != "reported":
            name, r, c = answered[a.line]
            label = f"{a.question} | {a.line.text}"
            note = f"answer to question {a.number}: {a.question}"
            out.setdefault(name, []).append(
                Figure(r, c, a.measure, a.period, a.parsed, label, note)
            )
    return out
