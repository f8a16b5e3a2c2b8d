"""Sidecars: what a person states about a return that the return itself does not say.

A sidecar is a small TOML file beside a return, named `<return file name>.spo.toml`
(`response.xlsx.spo.toml`). It names the force, the period of a sheet, table or column, the
measure (and definition) a label means, what to leave out, which texts mean "not held" or "no
answer", and the reply's citation. It is read with tomllib, validated with pydantic, and becomes
one ReadHints for the table reader. A `[compiled]` section instead declares a compiled table (one
row per force) for sources/compiled.py. Every error names the file, the line and the key, because
the person who wrote the sidecar has to find the mistake in it.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, field_validator

from spo_stats.errors import SidecarError
from spo_stats.forces import find_force, suggest
from spo_stats.read.cells import Sheet, cell_ref
from spo_stats.schema import Measure, Observation
from spo_stats.sources.tomlkeys import dotted, line_of
from spo_stats.understand.hints import ReadHints, normalise_label
from spo_stats.understand.periods import Period, parse_period

SUFFIX = ".spo.toml"

# Definitions a count can follow besides its measure's own (recorded crime, 8Q, for offences).
Definition = Literal["outcomes_incidents"]

PERIOD_HELP = "write e.g. 2023, 2023/24, 2023-01-01 to 2023-06-30"


def _period(value: Any) -> Any:
    """A period as people write it; an ISO range; or a table {start = ..., end = ...}."""
    if isinstance(value, dict | Period):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(f"{value!r} is not a period; {PERIOD_HELP}")
    if isinstance(value, str) and (m := re.fullmatch(r"\s*(\S+)\s+to\s+(\S+)\s*", value)):
        try:
            start, end = date.fromisoformat(m[1]), date.fromisoformat(m[2])
        except ValueError:
            start = end = None  # type: ignore[assignment]
        if start is not None and end is not None:
            if end < start:
                raise ValueError(f"{value!r} ends before it starts")
            return Period(start=start, end=end)
    period = parse_period(value)
    if period is None:
        raise ValueError(f"{value!r} is not a period; {PERIOD_HELP}")
    return period


PeriodValue = Annotated[Period, BeforeValidator(_period)]

_REF = re.compile(r"^(?:(?P<sheet>.+)!)?(?P<col>[A-Z]{1,3})(?P<row>[1-9]\d*)$")
_COL = re.compile(r"^(?:(?P<sheet>.+)!)?(?P<col>[A-Z]{1,3})$")
_ROW = re.compile(r"^(?:(?P<sheet>.+)!)?(?P<row>[1-9]\d*)$")


def _cell_key(value: str) -> str:
    if not _REF.match(value.strip()):
        raise ValueError(f"{value!r} is not a cell; write e.g. B3 or 'Sheet1!B3'")
    return value.strip()


def _column_key(value: str) -> str:
    if not _COL.match(value.strip()):
        raise ValueError(f"{value!r} is not a column; write its letters, e.g. C or 'Sheet1!C'")
    return value.strip()


def _row_key(value: Any) -> str:
    text = (
        str(value).strip() if isinstance(value, int | str) and not isinstance(value, bool) else ""
    )
    if not _ROW.match(text):
        raise ValueError(f"{value!r} is not a row; write its number, e.g. 12 or 'Sheet1!12'")
    return text


CellKey = Annotated[str, BeforeValidator(_cell_key)]
ColumnKey = Annotated[str, BeforeValidator(_column_key)]
RowKey = Annotated[str, BeforeValidator(_row_key)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Periods(_Strict):
    sheets: dict[str, PeriodValue] = {}  # sheet name -> period of its figures
    tables: dict[CellKey, PeriodValue] = {}  # any cell inside the table -> period
    columns: dict[ColumnKey, PeriodValue] = {}  # column letters -> period of its figures


def _label(value: Any) -> Any:
    return {"measure": value} if isinstance(value, str) else value


class Label(_Strict):
    measure: Measure | None = None
    definition: Definition | None = None


class Skip(_Strict):
    sheets: list[str] = []
    rows: list[RowKey] = []
    columns: list[ColumnKey] = []
    cells: list[CellKey] = []


class Values(_Strict):
    not_held: list[str] = []  # cell texts meaning "information not held"
    no_answer: list[str] = []  # cell texts meaning no answer was given: left out, not zero
    nil: list[str] = []  # cell texts meaning nil ("-" where the return has no key saying so)


class SidecarSpec(_Strict):
    force: str | None = None
    period: PeriodValue | None = None
    source: str = ""
    source_url: str = ""
    source_date: date | None = None
    note: str = ""
    periods: Periods = Periods()
    labels: dict[str, Annotated[Label, BeforeValidator(_label)]] = {}
    skip: Skip = Skip()
    values: Values = Values()
    # A compiled table's recipe: validated by sources/compiled.py, which reads it.
    compiled: dict[str, Any] | None = None

    @field_validator("force")
    @classmethod
    def _known_force(cls, value: str | None) -> str | None:
        if value is None:
            return None
        force = find_force(value)
        if force is None:
            hint = suggest(value)
            more = f" Did you mean: {', '.join(hint)}?" if hint else ""
            raise ValueError(
                f"{value!r} is not a force.{more} Run 'spo-stats forces' to list every force"
            )
        return force.slug

    @field_validator("source_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and not re.match(r"^https?://\S+$", value.strip()):
            raise ValueError(f"{value!r} is not a web address; write it as https://...")
        return value.strip()


@dataclass(frozen=True)
class Sidecar:
    """A loaded sidecar: what it says, where it is, and its text (to name lines in later errors)."""

    spec: SidecarSpec
    path: str  # as shown to the user: relative to the raw folder
    text: str

    def error(self, loc: tuple[str | int, ...], reason: str) -> SidecarError:
        """An error about one key, naming its line."""
        return SidecarError(self.path, line_of(self.text, loc), dotted(loc), reason)


def path_for(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


def orphans(raw: Path) -> list[tuple[str, str]]:
    """Sidecars under raw with no return beside them: (sidecar, the return it names), relative."""
    out = []
    for side in sorted(raw.rglob(f"*{SUFFIX}")):
        rel = side.relative_to(raw)
        if any(part.startswith((".", "~$")) for part in rel.parts):
            continue
        target = side.with_name(side.name[: -len(SUFFIX)])
        if not target.exists():
            out.append((rel.as_posix(), target.name))
    return out


def fingerprint(path: Path) -> str:
    """SHA-256 of a return's sidecar, or "" where it has none (the ingest cache keys on it)."""
    side = path_for(path)
    try:
        return hashlib.sha256(side.read_bytes()).hexdigest()
    except OSError:
        return ""


def load(path: Path, shown: str | None = None) -> Sidecar:
    """Read and validate one sidecar file; SidecarError names the line and key of any mistake."""
    name = shown or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SidecarError(name, None, "", f"cannot be read ({exc.strerror}).") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SidecarError(name, None, "", "not UTF-8 text; save it as UTF-8.") from exc
    return parse(text, name)


def parse(text: str, name: str) -> Sidecar:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _toml_line(str(exc))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)$", "", str(exc))
        raise SidecarError(name, line, "", f"not valid TOML ({reason}).") from exc
    try:
        spec = SidecarSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = as_written(data, tuple(first["loc"]))
        raise SidecarError(name, line_of(text, loc), dotted(loc), reason_of(first)) from exc
    return Sidecar(spec, name, text)


def as_written(data: Any, loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """The error's key as the person wrote it: `"Orders" = "x"` is not `Orders.measure`."""
    node = data
    for n, part in enumerate(loc):
        if isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            continue
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, dict | list):
            return loc  # a missing key: named in full
        else:
            return loc[:n]
    return loc


def _toml_line(message: str) -> int | None:
    m = re.search(r"at line (\d+)", message)
    return int(m[1]) if m else None


def reason_of(error: Any) -> str:
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return "unknown key (a typo?); the README's sidecar example shows every key"
    if kind == "missing":
        return "missing; this key is required here"
    if kind.startswith("date"):
        key = next((str(p) for p in reversed(error.get("loc", ())) if isinstance(p, str)), "date")
        return f"{error.get('input')!r} is not a date; write it as {key} = 2024-03-04 (no quotes)"
    msg = str(error.get("msg", ""))
    return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _split(key: str, pattern: re.Pattern[str]) -> tuple[str | None, re.Match[str]]:
    m = pattern.match(key)
    assert m is not None  # validated on load
    return m["sheet"], m


def hints(sidecar: Sidecar, sheets: list[str]) -> ReadHints:
    """The sidecar as ReadHints for a file with these sheets; a key naming no sheet means every sheet."""
    spec = sidecar.spec
    _check_sheets(sidecar, sheets)

    def on(sheet: str | None) -> list[str]:
        return [sheet] if sheet is not None else list(sheets)

    table_periods: dict[tuple[str, str], Period] = {}
    for key, period in spec.periods.tables.items():
        sheet, m = _split(key, _REF)
        for s in on(sheet):
            table_periods[(s, f"{m['col']}{m['row']}")] = period
    column_periods: dict[tuple[str, str], Period] = {}
    for key, period in spec.periods.columns.items():
        sheet, m = _split(key, _COL)
        for s in on(sheet):
            column_periods[(s, m["col"])] = period
    rows: dict[str, set[int]] = {}
    for key in spec.skip.rows:
        sheet, m = _split(key, _ROW)
        for s in on(sheet):
            rows.setdefault(s, set()).add(int(m["row"]))
    columns: dict[str, set[str]] = {}
    for key in spec.skip.columns:
        sheet, m = _split(key, _COL)
        for s in on(sheet):
            columns.setdefault(s, set()).add(m["col"])
    cells: dict[str, set[str]] = {}
    for key in spec.skip.cells:
        sheet, m = _split(key, _REF)
        for s in on(sheet):
            cells.setdefault(s, set()).add(f"{m['col']}{m['row']}")
    return ReadHints(
        sidecar=sidecar.path,
        force=spec.force,
        period=spec.period,
        sheet_periods=dict(spec.periods.sheets),
        table_periods=table_periods,
        column_periods=column_periods,
        label_measures={normalise_label(k): v.measure for k, v in spec.labels.items() if v.measure},
        label_definitions={
            normalise_label(k): v.definition for k, v in spec.labels.items() if v.definition
        },
        skip_sheets=frozenset(spec.skip.sheets),
        skip_rows={s: frozenset(v) for s, v in rows.items()},
        skip_columns={s: frozenset(v) for s, v in columns.items()},
        skip_cells={s: frozenset(v) for s, v in cells.items()},
        not_held=frozenset(normalise_label(v) for v in spec.values.not_held),
        no_answer=frozenset(normalise_label(v) for v in spec.values.no_answer),
        nil=frozenset(normalise_label(v) for v in spec.values.nil),
        source=spec.source,
        source_url=spec.source_url,
        source_date=spec.source_date,
        note=spec.note,
    )


def _check_sheets(sidecar: Sidecar, sheets: list[str]) -> None:
    """A sheet the sidecar names must exist: a misspelt sheet would leave its statement unapplied."""
    spec = sidecar.spec
    named: list[tuple[tuple[str | int, ...], str]] = []
    named += [(("skip", "sheets", i), name) for i, name in enumerate(spec.skip.sheets)]
    named += [(("periods", "sheets", name), name) for name in spec.periods.sheets]
    for group, pattern in (("tables", _REF), ("columns", _COL)):
        for key in getattr(spec.periods, group):
            if (sheet := pattern.match(key)["sheet"]) is not None:  # type: ignore[index]
                named.append((("periods", group, key), sheet))
    for group, pattern in (("rows", _ROW), ("columns", _COL), ("cells", _REF)):
        for i, key in enumerate(getattr(spec.skip, group)):
            if (sheet := pattern.match(key)["sheet"]) is not None:  # type: ignore[index]
                named.append((("skip", group, i), sheet))
    for loc, name in named:
        if name not in sheets:
            listed = ", ".join(repr(s) for s in sheets)
            raise sidecar.error(loc, f"no sheet {name!r} in the return; its sheets are {listed}")


def apply_to_sheets(sheets: list[Sheet], hints: ReadHints) -> tuple[list[Sheet], list[str]]:
    """What a sidecar states that needs no reader: sheets left out, "not held" and no-answer texts.

    Rows, columns and cells left out are the reader's to drop (understand/tables.py).
    """
    kept: list[Sheet] = []
    warnings: list[str] = []
    for sheet in sheets:
        if sheet.name in hints.skip_sheets:
            warnings.append(f"sheet {sheet.name!r}: left out, as its sidecar says.")
            continue
        if hints.not_held or hints.no_answer or hints.nil:
            rows = [list(r) for r in sheet.rows]
            for r, row in enumerate(rows):
                for c, v in enumerate(row):
                    if not isinstance(v, str):
                        continue
                    key = normalise_label(v)
                    if key in hints.no_answer:
                        row[c] = None  # no answer: left out, never a zero
                        warnings.append(
                            f"sheet {sheet.name!r} cell {cell_ref(r, c)}: left out, "
                            f"{v!r} means no answer (its sidecar says)."
                        )
                    elif key in hints.not_held:
                        row[c] = "not held"
                    elif key in hints.nil:
                        row[c] = 0  # nil, as the sidecar says
            sheet = Sheet(sheet.name, rows, sheet.truncated, sheet.notes)
        kept.append(sheet)
    return kept, warnings


def with_citation(obs: list[Observation], sidecar: Sidecar) -> list[Observation]:
    """Every figure of a file with a sidecar records it, and takes its citation where it has none."""
    spec = sidecar.spec
    out = []
    for o in obs:
        update: dict[str, Any] = {"source_sidecar": sidecar.path}
        if spec.source and not o.source:
            update["source"] = spec.source
        if spec.source_url and not o.source_url:
            update["source_url"] = spec.source_url
        if spec.source_date and not o.source_date:
            update["source_date"] = spec.source_date
        # Added to whatever the figure's own note says, even words that hold the sidecar's
        # ("not estimated" holds "estimated"): the words are not searched.
        if spec.note and o.note != spec.note:
            update["note"] = "; ".join(x for x in (o.note, spec.note) if x)
        out.append(o.model_copy(update=update))
    return out
