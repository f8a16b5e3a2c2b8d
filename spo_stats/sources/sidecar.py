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
import json
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, field_validator

from spo_stats.errors import SidecarError
from spo_stats.forces import find_force, suggest
from spo_stats.schema import Measure
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


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIX)


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


def dotted(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = str(part)
            key = text if re.fullmatch(r"[A-Za-z0-9_-]+", text) else json.dumps(text)
            out += f".{key}" if out else key
    return out


# Finding a key's line: TOML is read line by line for table headers and key = value lines. A
# key inside an inline table or an array is found at the line of the key that holds it.
_PIECE = re.compile(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*""")


def _key_path(text: str) -> tuple[list[str], str] | None:
    parts: list[str] = []
    pos = 0
    while True:
        m = _PIECE.match(text, pos)
        if not m or m.end() == pos:
            return None
        if m[1] is not None:
            try:
                parts.append(json.loads(f'"{m[1]}"'))
            except ValueError:
                parts.append(m[1])
        else:
            parts.append(m[2] if m[2] is not None else m[3])
        pos = m.end()
        if text[pos : pos + 1] == ".":
            pos += 1
            continue
        return parts, text[pos:]


def key_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """Each key's full path (array-of-tables entries by index) to its 1-based line."""
    lines: dict[tuple[str | int, ...], int] = {}
    table: tuple[str | int, ...] = ()
    counts: dict[tuple[str | int, ...], int] = {}
    in_multiline = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if in_multiline:
            if stripped.count('"""') % 2 == 1 or stripped.count("'''") % 2 == 1:
                in_multiline = False
            continue
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[["):
            found = _key_path(stripped[2:])
            if found:
                base = _resolve(tuple(found[0]), counts)
                index = counts.get(base, 0)
                counts[base] = index + 1
                table = (*base, index)
                lines.setdefault(table, number)
                lines.setdefault(base, number)
            continue
        if stripped.startswith("["):
            found = _key_path(stripped[1:])
            if found:
                table = _resolve(tuple(found[0]), counts)
                lines.setdefault(table, number)
            continue
        found = _key_path(stripped)
        if found and found[1].lstrip().startswith("="):
            path = (*table, *found[0])
            lines.setdefault(path, number)
            value = found[1].lstrip()[1:]
            if value.lstrip().startswith("["):
                _array_lines(text, number, value, path, lines)
            elif value.count('"""') == 1 or value.count("'''") == 1:
                in_multiline = True
    return lines


def _array_lines(
    text: str,
    number: int,
    value: str,
    path: tuple[str | int, ...],
    lines: dict[tuple[str | int, ...], int],
) -> None:
    """The line of each element of an array value that starts on line `number`."""
    rest = [value, *text.splitlines()[number:]]
    depth, index, quote, started = 0, 0, "", False
    for offset, line in enumerate(rest):
        i = 0
        while i < len(line):
            ch = line[i]
            if quote:
                if ch == "\\" and quote == '"':
                    i += 1
                elif ch == quote:
                    quote = ""
            elif ch == "#":
                break
            elif ch in "\"'":
                quote = ch
                if depth == 1 and not started:
                    lines.setdefault((*path, index), number + offset)
                    started = True
            elif ch in "[{":
                depth += 1
                if depth == 2 and not started:
                    lines.setdefault((*path, index), number + offset)
                    started = True
            elif ch in "]}":
                depth -= 1
                if depth == 0:
                    return
            elif ch == "," and depth == 1:
                index, started = index + 1, False
            elif not ch.isspace() and depth == 1 and not started:
                lines.setdefault((*path, index), number + offset)
                started = True
            i += 1


def _resolve(
    path: tuple[str, ...], counts: dict[tuple[str | int, ...], int]
) -> tuple[str | int, ...]:
    """[a.b.c] under an array of tables [[a.b]] means the latest entry of a.b."""
    out: tuple[str | int, ...] = ()
    for part in path:
        out = (*out, part)
        if out in counts and len(out) < len(path):
            out = (*out, counts[out] - 1)
    return out


def line_of(text: str, loc: tuple[str | int, ...]) -> int | None:
    """The line of the key at loc, or of the nearest key that holds it."""
    lines = key_lines(text)
    for n in range(len(loc), 0, -1):
        if (found := lines.get(tuple(loc[:n]))) is not None:
            return found
    return None


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
