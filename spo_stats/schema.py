"""The clean dataset's records: the observation (one figure from one source cell) and the
population figure (residents of one area on one date), with their columns."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, model_validator

from spo_stats.areas import area_name_and_code
from spo_stats.measures import SLUGS as MEASURES
from spo_stats.measures import Measure, measures_doc

__all__ = ["MEASURES", "Measure"]  # the registry's, re-exported for the dataset's readers

Status = Literal["reported", "suppressed", "not_held", "refused"]
STATUSES: tuple[Status, ...] = ("reported", "suppressed", "not_held", "refused")

AreaType = Literal["force", "aggregate"]
SourceKind = Literal["foi_return", "home_office", "manual", "compiled"]
# Kinds of source, from strongest: official statistics, a force's own answer, a table compiled by
# others from many forces' answers, a figure quoted in the news or in Parliament.
SourceType = Literal["official", "force", "compiled", "quoted"]
SOURCE_TYPES: tuple[SourceType, ...] = get_args(SourceType)
# The type of source each kind of file is, where the kind alone says it (a manual entry says its own).
TYPE_OF_KIND: dict[str, SourceType] = {
    "home_office": "official",
    "foi_return": "force",
    "compiled": "compiled",
    "manual": "quoted",
}


class Observation(BaseModel):
    model_config = ConfigDict(frozen=True)

    force: str
    force_name: str = ""  # filled from the registry when not given
    ons_code: str = ""  # filled from the registry; empty for aggregates and non-E&W forces
    area_type: AreaType = "force"
    period_start: date
    period_end: date
    period_label: str
    measure: Measure
    value: int | None
    value_min: int | None = None
    value_max: int | None = None
    status: Status
    approximate: bool = False
    note: str = ""
    definition: str = ""
    source_kind: SourceKind = "foi_return"
    source_type: SourceType = "force"  # filled from source_kind when not given
    source: str = ""
    source_date: date | None = None
    source_file: str
    source_sheet: str
    source_cell: str
    source_label: str = ""
    source_url: str = ""
    source_copy_url: str = ""
    source_sha256: str
    source_sidecar: str = ""

    @model_validator(mode="before")
    @classmethod
    def _names(cls, data: Any) -> Any:
        """Name and ONS code come from the registry, so every row joins to a map."""
        if isinstance(data, dict) and data.get("force") and not data.get("force_name"):
            name, code = area_name_and_code(str(data["force"]))
            data = {**data, "force_name": name, "ons_code": data.get("ons_code") or code}
        if isinstance(data, dict) and not data.get("source_type"):
            kind = str(data.get("source_kind") or "foi_return")
            data = {**data, "source_type": TYPE_OF_KIND.get(kind, "quoted")}
        return data

    @property
    def count(self) -> int:
        """The value of a reported figure; asked of a figure not reported, a bug in the caller."""
        if self.value is None:
            raise ValueError(f"{self.source_file} {self.source_cell}: {self.status}, not a count")
        return self.value

    @model_validator(mode="after")
    def _consistent(self) -> Observation:
        if self.period_end < self.period_start:
            raise ValueError(f"period ends {self.period_end} before it starts {self.period_start}")
        if (self.status == "reported") != (self.value is not None):
            raise ValueError("value is given exactly when the status is 'reported'")
        if self.value is not None and self.value < 0:
            raise ValueError(f"negative count {self.value}")
        lo, hi = self.value_min, self.value_max
        if lo is not None and hi is not None and lo > hi:
            raise ValueError(f"value_min {lo} above value_max {hi}")
        return self


COLUMNS: tuple[str, ...] = tuple(Observation.model_fields)

# What each column holds: written beside every export as its data dictionary.
COLUMN_DOCS: dict[str, str] = {
    "force": "Force slug (e.g. cleveland) or, for area_type aggregate, the aggregate area's slug.",
    "force_name": "The force's or area's name as people write it (Cleveland Police, England and Wales).",
    "ons_code": "ONS police force area code (E23000013) for the 43 forces of England and Wales; "
    "empty for aggregates and for forces without one.",
    "area_type": "force: one police force; aggregate: a figure for many forces together.",
    "period_start": "First day of the period the figure covers (ISO date, inclusive).",
    "period_end": "Last day of the period the figure covers (ISO date, inclusive).",
    "period_label": "The period in words: 2021, 2021/22 (financial year, April-March), 2022 Q1, or a range.",
    "measure": measures_doc(),
    "value": "The count; empty unless status is reported.",
    "value_min": "Lowest possible value of a suppressed figure (e.g. 0 for '<5'), else empty.",
    "value_max": "Highest possible value of a suppressed figure (e.g. 4 for '<5'), else empty.",
    "status": "reported, suppressed (small number withheld), not_held, or refused (e.g. section 12 cost limit).",
    "approximate": "true where the source gives the figure as approximate ('about 440,000').",
    "note": "Footnotes and caveats from the source.",
    "definition": "Which definition a count follows where sources differ: empty for the measure's "
    "own definition (recorded crime, Home Office code 8Q, for stalking_offences); "
    "outcomes_incidents for counts from outcomes data rather than recorded crime.",
    "source_kind": "foi_return (a force's spreadsheet), home_office (police recorded crime table) or manual "
    "(a figure entered by hand from a letter, report or article) or compiled (a table compiled by "
    "others from many forces' answers, read by the recipe in its sidecar).",
    "source_type": "What kind of source the figure is, from strongest: official (official "
    "statistics, the Home Office's police recorded crime), force (a force's own FOI return or "
    "disclosure-log answer), compiled (a table compiled by others from many forces' answers, e.g. "
    "the BBC Shared Data Unit's), quoted (a figure quoted in the news or in Parliament).",
    "source": "The citation in words: publisher, date, reference (e.g. Home Office, police recorded "
    "crime tables, released 19 October 2023).",
    "source_date": "The source's own date: a Home Office release date, the date of a force's reply, "
    "or a publication date (ISO date); empty where unknown. A newer release supersedes an older one.",
    "source_file": "The source file, relative to the raw folder.",
    "source_sheet": "The sheet the figure is on (the file name stem for a CSV).",
    "source_cell": "The cell in A1 style (a CSV is read as a grid too).",
    "source_label": "The row and column labels the figure was read under.",
    "source_url": "Where the figure was published: a manual entry's URL, or the GOV.UK page or "
    "attachment of a Home Office table.",
    "source_copy_url": "Where the figure was read when that is a copy of the original, e.g. a "
    "syndicated copy of a news story; empty where it was read at the original (source_url) or "
    "no copy was used.",
    "source_sha256": "SHA-256 of the source file, to show which version was read.",
    "source_sidecar": "The sidecar file (<return>.spo.toml) that stated something the return did not, if any.",
}


# What a warning is about, for whoever selects warnings: never their words, which a return's own
# notes and labels can share. note: anything else, said for a person to read.
WarningKind = Literal["note", "total_mismatch", "conflicting_cells", "quoted", "implausible"]
WARNING_KINDS: tuple[WarningKind, ...] = get_args(WarningKind)


@dataclass(frozen=True)
class FileWarning:
    """One warning of a file's report, its cells kept as fields and its sentence made from them.

    The sentence is `sheet 'S' cell C: ` (where a cell is named; `S, C: ` for a letter's line
    quoted), the message, the further cells
    it names (`cells`, each (sheet, cell); written without the sheet when it is the warning's own),
    and `after`. A cell is moved (a letter's table placed below its title) by changing the
    fields, never by rewriting the words.
    """

    message: str
    kind: WarningKind = "note"
    sheet: str = ""
    cell: str = ""
    cells: tuple[tuple[str, str], ...] = ()
    after: str = ""

    @property
    def text(self) -> str:
        where = f"sheet {self.sheet!r} cell {self.cell}: " if self.sheet and self.cell else ""
        if self.kind == "quoted":  # a letter's line, cited as its figures are ("page 1, line 4")
            where = f"{self.sheet}, {self.cell}: "
        named = ", ".join(c if s == self.sheet else f"{s}!{c}" for s, c in self.cells)
        return f"{where}{self.message}{named}{self.after}"

    def __str__(self) -> str:
        return self.text

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "text": self.text}
        if self.kind != "note" or self.sheet or self.cells:
            out |= {"sheet": self.sheet, "cell": self.cell, "message": self.message}
            out |= {"cells": [list(c) for c in self.cells], "after": self.after}
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileWarning:
        if "message" not in data:
            return cls(str(data["text"]), data.get("kind", "note"))
        cells = tuple((str(s), str(c)) for s, c in data.get("cells", []))
        return cls(data["message"], data["kind"], data["sheet"], data["cell"], cells, data["after"])


def notes(texts: list[str]) -> list[FileWarning]:
    """Sentences a reader wrote for a person (kind note): said, never selected from."""
    return [FileWarning(t) for t in texts]


# One file's line in the ingest report (ingest-report.json): what was read from it, or why not.
@dataclass
class FileReport:
    file: str
    status: str  # ok, no_observations, failed
    kind: str = ""  # foi_return, home_office, manual
    force: str = ""
    observations: int = 0
    warnings: list[FileWarning] = field(default_factory=list)
    left_out: list[dict[str, str]] = field(default_factory=list)  # every number not used, and why
    error: str = ""
    cached: bool = False
    seconds: float = 0.0

    def texts(self, kind: WarningKind | None = None) -> list[str]:
        """The warnings' sentences, of one kind or all."""
        return [w.text for w in self.warnings if kind is None or w.kind == kind]

    def to_json(self) -> dict[str, Any]:
        """The report line as ingest-report.json holds it: each warning's sentence under
        `warnings`, for a person; the same warnings as records under `warning_records`.

        Field by field, not asdict(): its deep copy of every string and warning was 0.47 s of
        the report of 5,040 files (profiled), and each worker makes one for its cache entries."""
        out: dict[str, Any] = {name: getattr(self, name) for name in _REPORT_FIELDS}
        out["left_out"] = [dict(x) for x in self.left_out]
        out["warnings"] = self.texts()
        out["warning_records"] = [w.to_json() for w in self.warnings]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileReport:
        data = dict(data)
        records = data.pop("warning_records", None)
        texts = data.pop("warnings", [])
        if records is None:  # a report written before warnings had kinds
            warnings = notes([str(t) for t in texts])
        else:
            warnings = [FileWarning.from_json(r) for r in records]
        return cls(**data, warnings=warnings)


_REPORT_FIELDS = [f.name for f in fields(FileReport)]


# Population is not a figure a force returns, so it is not an Observation: its own small table
# (population.csv beside observations.csv), read by sources/population_table.py.
class PopulationFigure(BaseModel):
    model_config = ConfigDict(frozen=True)

    area: str
    area_name: str
    ons_code: str
    area_type: Literal["force", "aggregate"]
    reference_date: date
    population: int
    edition: str
    edition_date: date | None
    superseded: bool = False
    local_authorities: int
    source: str
    source_url: str
    source_file: str
    source_sheet: str
    source_cells: str
    source_sha256: str
    lookup_file: str
    lookup_sha256: str


POPULATION_COLUMNS: tuple[str, ...] = tuple(PopulationFigure.model_fields)


# The columns of the list of sources written beside a briefing (publish/briefing): a table
# spo-stats wrote, which ingest knows by them and does not read as a return.
SOURCES_COLUMNS = (
    "area",
    "period",
    "period_start",
    "period_end",
    "what",
    "figure",
    "status",
    "source_number",
    "source",
    "source_url",
    "file",
    "sheet",
    "cell",
    "note",
)
