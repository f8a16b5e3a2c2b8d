"""ONS mid-year population estimates, summed from local authorities to police force areas.

Two real ONS files, read as ONS publishes them, so that next year's edition dropped into the raw
folder gives next year's figures:

- the mid-year estimates workbook ("Mid-Year Population Estimates, England and Wales, June 2023"):
  its sheet MYE5 holds one row per area (country, region, county, local authority), under seven
  rows of prose and feedback links, with "Estimated Population mid-YYYY" columns and area and
  density columns between them. Its cover sheet names the edition and its publication date.
- ONS's lookup from local authority to police force area (LADyyCD ... PFAyyCD, PFAyyNM).

Every local authority lies wholly inside one police force area, so a force's population is the
sum of its local authorities'. The sums are checked against ONS's own England and Wales and Wales
totals for every year; a lookup that does not fit the workbook's authorities fails loudly.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from spo_stats.errors import PopulationFileError
from spo_stats.read.cells import Peek, cell_ref, mentions_words, native, peek
from spo_stats.read.formats import BY_NAME
from spo_stats.read.xls import xls_sheet_names

PUBLISHER = "Office for National Statistics"
ONS_PAGE = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates"
)
TABLE_SHEET = "MYE5"
# Local authority districts, unitary authorities, metropolitan districts, London boroughs
# (England) and unitary authorities (Wales): the areas that tile the country without overlap.
_LA_PREFIXES = ("E06", "E07", "E08", "E09", "W06")
ENGLAND_AND_WALES, WALES = "K04000001", "W92000004"
# ONS's own totals, each the population of one of the project's aggregate areas.
AGGREGATES = {ENGLAND_AND_WALES: "england-and-wales", WALES: "wales"}
_YEAR_COLUMN = re.compile(r"^\s*estimated\s+population\s+mid[-\s]?(\d{4})\s*$", re.I)
_PUBLISHED = [
    re.compile(r"date\s+published:?\s*(\d{1,2}\s+[A-Za-z]+\s+\d{4})", re.I),
    re.compile(r"published\s+at\s+[^.]*?(\d{1,2}\s+[A-Za-z]+\s+\d{4})", re.I),
]
_LOOKUP_LA = re.compile(r"^LAD(\d{2})CD$", re.I)
_LOOKUP_PFA = re.compile(r"^PFA(\d{2})(CD|NM)$", re.I)


@dataclass(frozen=True)
class Edition:
    title: str  # "Mid-Year Population Estimates, England and Wales, June 2023"
    published: date | None
    file: str
    sha256: str

    @property
    def label(self) -> str:
        when = f" (published {self.published.day} {self.published:%B %Y})" if self.published else ""
        return f"{self.title}{when}"


@dataclass
class Estimates:
    """One edition's MYE5: every area's population by year, and the cell each came from."""

    edition: Edition
    sheet: str
    names: dict[str, str] = field(default_factory=dict)  # ONS code -> name
    values: dict[str, dict[int, int]] = field(default_factory=dict)  # code -> year -> people
    cells: dict[str, dict[int, str]] = field(default_factory=dict)  # code -> year -> A1 cell
    warnings: list[str] = field(default_factory=list)

    @property
    def authorities(self) -> list[str]:
        return [c for c in self.values if c.startswith(_LA_PREFIXES)]

    @property
    def years(self) -> list[int]:
        return sorted({y for v in self.values.values() for y in v})


@dataclass
class Lookup:
    file: str
    sha256: str
    title: str
    force_area: dict[str, tuple[str, str]]  # local authority code -> (PFA code, PFA name)


# Workbooks with named sheets, as the ONS estimates come.
_WORKBOOK_SUFFIXES = BY_NAME["xlsx"].suffixes + BY_NAME["xls"].suffixes


def is_estimates_workbook(path: Path, seen: Peek | None = None) -> bool:
    """An ONS mid-year estimates workbook: an Excel file with a sheet named MYE5.

    seen: the file's Peek where the caller has it, which holds the start of its list of sheets.
    """
    suffix = path.suffix.lower()
    if suffix not in _WORKBOOK_SUFFIXES:
        return False
    try:
        if suffix not in BY_NAME["xls"].suffixes:
            # Only the workbook's list of sheets, not its (possibly large) shared strings: this
            # runs on every spreadsheet in the raw folder, cached or not.
            seen = seen or peek(path, str(path), with_sha=False, whole=False)
            xml = seen.sheet_list.decode("utf-8", "replace")
            return (
                re.search(rf'<(?:\w+:)?sheet\b[^>]*\bname="\s*{TABLE_SHEET}\s*"', xml, re.I)
                is not None
            )
        # calamine reads an xls whole to list its sheets, and a damaged one can abort the
        # process: only a file that names the sheet is opened, and then in a child.
        if not mentions_words(path, (TABLE_SHEET.lower().encode(),)):
            return False
        names = xls_sheet_names(path, str(path))
    except Exception:
        return False  # not a workbook that opens: the ordinary readers will say why
    return any(n.strip().upper() == TABLE_SHEET for n in names)


def population_kind(path: Path, seen: Peek | None = None) -> str | None:
    """ "estimates" for an ONS mid-year estimates workbook, "lookup" for ONS's lookup, else None.

    seen: the file's Peek where the caller has it (ingest's survey), so the file is not opened.
    """
    if is_lookup_csv(path, seen):
        return "lookup"
    return "estimates" if is_estimates_workbook(path, seen) else None


def _header_of_csv(path: Path, seen: Peek | None) -> list[str]:
    try:
        if seen is not None and b"\n" in seen.head:
            line = seen.head.split(b"\n", 1)[0].decode("utf-8-sig")
            return next(csv.reader([line]), [])
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def is_lookup_csv(path: Path, seen: Peek | None = None) -> bool:
    """ONS's local authority to police force area lookup (columns LADyyCD ... PFAyyCD)."""
    if path.suffix.lower() not in BY_NAME["csv"].suffixes:
        return False
    header = _header_of_csv(path, seen)
    return any(_LOOKUP_LA.match(h.strip()) for h in header) and any(
        _LOOKUP_PFA.match(h.strip()) for h in header
    )


def _published(lines: list[str]) -> date | None:
    for rx in _PUBLISHED:
        for line in lines:
            if m := rx.search(line):
                try:
                    return datetime.strptime(" ".join(m[1].split()), "%d %B %Y").date()
                except ValueError:
                    continue
    return None


def read_estimates(path: Path, display: str, sha256: str) -> Estimates:
    from python_calamine import CalamineWorkbook

    try:
        with native(display):
            wb = CalamineWorkbook.from_path(str(path))
            sheet = next(n for n in wb.sheet_names if n.strip().upper() == TABLE_SHEET)
            rows = wb.get_sheet_by_name(sheet).to_python()
            cover = wb.get_sheet_by_name(wb.sheet_names[0]).to_python()
    except StopIteration:
        raise PopulationFileError(display, f"no sheet {TABLE_SHEET}.") from None
    except Exception as exc:
        raise PopulationFileError(display, f"the workbook cannot be read ({exc}).") from exc
    lines = [" ".join(str(c) for c in row if c not in ("", None)) for row in cover]
    title = next((line.strip() for line in lines if line.strip()), "Mid-year population estimates")
    edition = Edition(title, _published(lines), display, sha256)
    est = Estimates(edition, sheet)
    if edition.published is None:
        est.warnings.append(
            f"no publication date found on the sheet {wb.sheet_names[0]!r}: if another "
            "edition is added, this one cannot be told older or newer."
        )
    header_at, columns = _find_header(rows)
    if header_at is None:
        raise PopulationFileError(
            display,
            f"sheet {sheet}: no header row with 'Code' and 'Estimated Population mid-YYYY' "
            "columns in its first 30 rows.",
        )
    code_col = [str(c).strip().lower() for c in rows[header_at]].index("code")
    names_col = code_col + 1
    for r, row in enumerate(rows[header_at + 1 :], start=header_at + 1):
        code = str(row[code_col]).strip() if code_col < len(row) else ""
        if not re.fullmatch(r"[EWK]\d{8}", code):
            continue
        est.names[code] = str(row[names_col]).strip() if names_col < len(row) else code
        for col, year in columns.items():
            value = row[col] if col < len(row) else None
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise PopulationFileError(
                    display,
                    f"sheet {sheet} cell {cell_ref(r, col)}: {value!r} is not a population count.",
                )
            est.values.setdefault(code, {})[year] = value
            est.cells.setdefault(code, {})[year] = cell_ref(r, col)
    if ENGLAND_AND_WALES not in est.values:
        raise PopulationFileError(
            display, f"sheet {sheet}: no England and Wales row ({ENGLAND_AND_WALES})."
        )
    return est


def _find_header(rows: list[list[Any]]) -> tuple[int | None, dict[int, int]]:
    """The header row (under the prose) and its population columns: index -> year."""
    for i, row in enumerate(rows[:30]):
        cells = [str(c).strip() for c in row]
        years = {j: int(m[1]) for j, c in enumerate(cells) if (m := _YEAR_COLUMN.match(c))}
        if years and "code" in (c.lower() for c in cells):
            return i, years
    return None, {}


def read_lookup(path: Path, display: str, sha256: str) -> Lookup:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip() for h in reader.fieldnames or []]
        la = next((h for h in header if _LOOKUP_LA.match(h)), None)
        pfa = next((h for h in header if _LOOKUP_PFA.match(h) and h.upper().endswith("CD")), None)
        pfa_name = next(
            (h for h in header if _LOOKUP_PFA.match(h) and h.upper().endswith("NM")), ""
        )
        if la is None or pfa is None:
            raise PopulationFileError(display, "no LADyyCD and PFAyyCD columns.")
        found: dict[str, tuple[str, str]] = {}
        for n, row in enumerate(reader, start=2):
            row = {str(k).strip(): v for k, v in row.items()}
            code, area = (row.get(la) or "").strip(), (row.get(pfa) or "").strip()
            if not code:
                continue
            before = found.get(code)
            if before is not None and before[0] != area:
                raise PopulationFileError(
                    display,
                    f"row {n}: local authority {code} is in two police force areas "
                    f"({before[0]} and {area}).",
                )
            found[code] = (area, (row.get(pfa_name) or "").strip())
    title = " ".join(Path(display).stem.replace("_", " ").split())
    return Lookup(display, sha256, title, found)
