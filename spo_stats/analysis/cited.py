"""Where a figure was read, as fields: the cell, the citation as its source gives it, the release.

A figure keeps its sources as these records from the dataset to the page, so nothing downstream
parses a citation back into its parts; the words are made from the fields where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spo_stats.schema import Observation

OFFICIAL = "home_office"


@dataclass(frozen=True)
class Source:
    """One reported figure's source cell and citation."""

    file: str
    sheet: str
    cell: str
    kind: str  # source kind: foi_return, home_office, manual or compiled
    citation: str = ""  # the source in its own words (publisher, date, reference)
    url: str = ""
    copy_url: str = ""  # where it was read when that is a copy of the original
    release: date | None = None  # the official table's release date, for a Home Office figure

    @classmethod
    def of(cls, row: Observation) -> Source:
        official = row.source_kind == OFFICIAL
        return cls(
            row.source_file,
            row.source_sheet,
            row.source_cell,
            row.source_kind,
            row.source,
            row.source_url,
            row.source_copy_url,
            row.source_date if official else None,
        )

    @property
    def published(self) -> bool:
        """Cited to a publisher (a URL, or a figure entered by hand), not only to its file."""
        return bool(self.url) or self.kind == "manual"

    @property
    def reference(self) -> str:
        """The citation with its link and any copy it was read at, for a published source."""
        cite = ", ".join(x for x in (self.citation, self.url) if x)
        # A copy is where the figure was read, never the source itself.
        return f"{cite}; read at a copy, {self.copy_url}" if self.copy_url else cite

    @property
    def release_words(self) -> str:
        return f", release of {self.release}" if self.release else ""

    @property
    def text(self) -> str:
        """The source in one line: citation, file and cell, release."""
        if self.published:
            return f"{self.reference} ({self.file} {self.cell}{self.release_words})"
        return f"{self.file} sheet {self.sheet!r} cell {self.cell}{self.release_words}"
