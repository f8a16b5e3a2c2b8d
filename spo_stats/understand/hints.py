"""What a person states about a return that the return itself does not say.

A sidecar file (`<return>.spo.toml`, read by sources/sidecar.py) becomes one ReadHints, and the
table reader honours it: a stated force or period applies only where the cells' own labels say
nothing of the kind, a stated measure gives a label a meaning it lacked, and stated exclusions
are never read. Every figure read under hints records the sidecar in its provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spo_stats.schema import Measure
from spo_stats.understand.periods import Period


def normalise_label(text: str) -> str:
    """Label text as hints key it: case, spacing and surrounding punctuation ignored."""
    return " ".join(text.casefold().replace("\u00a0", " ").split()).strip(" :*")


@dataclass(frozen=True)
class ReadHints:
    sidecar: str = ""  # the sidecar's path relative to the raw folder, for provenance
    force: str | None = None  # force slug for every figure in the file
    period: Period | None = None  # period of every figure whose labels hold none
    sheet_periods: dict[str, Period] = field(default_factory=dict)  # sheet name -> period
    # (sheet name, any A1 cell inside the table) -> period of that table
    table_periods: dict[tuple[str, str], Period] = field(default_factory=dict)
    # (sheet name, column letters) -> period of every figure in that column
    column_periods: dict[tuple[str, str], Period] = field(default_factory=dict)
    # normalise_label(label) -> measure that label means
    label_measures: dict[str, Measure] = field(default_factory=dict)
    # normalise_label(label) -> definition (e.g. outcomes_incidents) of counts under that label
    label_definitions: dict[str, str] = field(default_factory=dict)
    skip_sheets: frozenset[str] = frozenset()
    skip_rows: dict[str, frozenset[int]] = field(default_factory=dict)  # sheet -> 1-based rows
    skip_columns: dict[str, frozenset[str]] = field(default_factory=dict)  # sheet -> letters
    skip_cells: dict[str, frozenset[str]] = field(default_factory=dict)  # sheet -> A1 refs
    not_held: frozenset[str] = frozenset()  # normalise_label(text) of cells meaning "not held"
    no_answer: frozenset[str] = frozenset()  # texts meaning no answer: left out, not zero
    nil: frozenset[str] = frozenset()  # texts meaning nil: zero ("-" with no key of its own)
    source: str = ""  # citation words for every figure
    source_url: str = ""
    source_date: date | None = None  # the reply's own date, for --prefer newest
    note: str = ""  # added to every figure's note
