"""Exports for journalists and researchers: csv, xlsx, parquet, json, sqlite; format from the extension.

Every export gets a data dictionary beside it (<name>.dictionary.csv), and xlsx and sqlite carry it
inside too.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from datetime import date
from pathlib import Path
from typing import Any, Literal

from spo_stats.analysis.rates import RateTable
from spo_stats.dataset.store import atomic_write_bytes, atomic_write_text, csv_text
from spo_stats.errors import ExportFormatError
from spo_stats.schema import COLUMN_DOCS, COLUMNS

What = Literal["rates", "observations"]
FORMATS = {".csv", ".xlsx", ".parquet", ".json", ".sqlite", ".db"}

RATE_DOCS = {
    "force": "Force slug, or an aggregate area's slug where area_type is aggregate.",
    "area_type": "force or aggregate (a figure published for many forces together).",
    "period_start": "First day of the period (ISO date, inclusive).",
    "period_end": "Last day of the period (ISO date, inclusive).",
    "period_label": "The period in words.",
    "numerator_measure": "What the rate counts (spo_granted unless --measure says otherwise).",
    "denominator_measure": "What it is counted against (stalking_offences; spo_applications for the grant ratio).",
    "{num}": "The numerator count for the period (given, or summed from complete finer periods).",
    "{den}": "The denominator count for the period.",
    "{rate}": "numerator per 100 of the denominator.",
    "ci_low": "Lower end of the 95% Wilson score interval, in the same per-100 units.",
    "ci_high": "Upper end of the 95% Wilson score interval, in the same per-100 units.",
    "rank": "Rank among forces with a rate for exactly this period (1 = highest rate); empty for aggregates.",
    "ranked_of": "How many forces have a rate for this period.",
    "approximate": "true where either count is given as approximate ('about 440,000').",
    "numerator_source": "Where the numerator came from: file, sheet and cell, or URL.",
    "denominator_source": "Where the denominator came from.",
    "note": "How the figures were put together (e.g. summed from 4 complete quarters).",
}


def rate_column_names(table: RateTable) -> tuple[str, str, str]:
    num, den = table.numerator_measure, table.denominator_measure
    rate = "spo_per_100_offences" if den == "stalking_offences" else "granted_per_100_applications"
    return num, den, rate


def rate_records(table: RateTable) -> tuple[list[dict[str, Any]], dict[str, str]]:
    num, den, rate = rate_column_names(table)
    records = []
    for r in sorted(table.rates, key=lambda r: (r.area_type, r.force, r.start, r.end)):
        records.append(
            {
                "force": r.force,
                "area_type": r.area_type,
                "period_start": r.start.isoformat(),
                "period_end": r.end.isoformat(),
                "period_label": r.label,
                "numerator_measure": num,
                "denominator_measure": den,
                num: r.numerator,
                den: r.denominator,
                rate: round(r.per_100, 4),
                "ci_low": round(r.ci_low, 4),
                "ci_high": round(r.ci_high, 4),
                "rank": r.rank,
                "ranked_of": r.of,
                "approximate": r.approximate,
                "numerator_source": "; ".join(r.numerator_sources),
                "denominator_source": "; ".join(r.denominator_sources),
                "note": r.note,
            }
        )
    docs = {k.format(num=num, den=den, rate=rate): v for k, v in RATE_DOCS.items()}
    return records, docs


def observation_records(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, str]]:
    records = []
    for row in rows:
        rec = {c: row.get(c) for c in COLUMNS}
        rec["period_start"] = str(rec["period_start"])
        rec["period_end"] = str(rec["period_end"])
        if isinstance(sd := rec.get("source_date"), date):  # JSON has no dates: ISO, as in CSV
            rec["source_date"] = sd.isoformat()
        records.append(rec)
    return records, dict(COLUMN_DOCS)


def export(
    records: list[dict[str, Any]], docs: dict[str, str], path: Path, name: str
) -> list[Path]:
    """Write records to path in the format its extension names, plus the data dictionary."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportFormatError(str(path))
    columns = list(docs)
    if suffix == ".csv":
        atomic_write_text(path, csv_text(records, columns))
    elif suffix == ".json":
        atomic_write_text(path, json.dumps(records, indent=2, ensure_ascii=False) + "\n")
    elif suffix == ".parquet":
        _parquet(records, columns, path)
    elif suffix == ".xlsx":
        _xlsx(records, docs, path, name)
    else:
        _sqlite(records, docs, path, name)
    dictionary = path.with_name(path.name + ".dictionary.csv")
    atomic_write_text(
        dictionary,
        csv_text(
            [{"column": k, "description": v} for k, v in docs.items()], ["column", "description"]
        ),
    )
    return [path, dictionary]


def to_stdout_csv(records: list[dict[str, Any]], docs: dict[str, str]) -> str:
    return csv_text(records, list(docs))


def _parquet(records: list[dict[str, Any]], columns: list[str], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = (
        pa.Table.from_pylist([{c: r.get(c) for c in columns} for r in records])
        if records
        else pa.table({c: pa.array([], pa.string()) for c in columns})
    )
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    atomic_write_bytes(path, sink.getvalue().to_pybytes())


def _xlsx(records: list[dict[str, Any]], docs: dict[str, str], path: Path, name: str) -> None:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = name
    columns = list(docs)
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in records:
        ws.append([r.get(c) for c in columns])
    ws.freeze_panes = "A2"
    dd = wb.create_sheet("dictionary")
    dd.append(["column", "description"])
    for k, v in docs.items():
        dd.append([k, v])
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write_bytes(path, buf.getvalue())


def _sqlite(records: list[dict[str, Any]], docs: dict[str, str], path: Path, name: str) -> None:
    """A table Datasette opens as it is; built in a temporary file, then renamed into place."""
    columns = list(docs)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        tmp_db = Path(tmp) / "export.db"
        con = sqlite3.connect(tmp_db)
        try:
            cols = ", ".join(f'"{c}" {_sql_type(records, c)}' for c in columns)
            con.execute(f'CREATE TABLE "{name}" ({cols})')
            marks = ", ".join("?" for _ in columns)
            con.executemany(
                f'INSERT INTO "{name}" VALUES ({marks})',
                [[r.get(c) for c in columns] for r in records],
            )
            con.execute('CREATE TABLE "dictionary" ("column" TEXT, "description" TEXT)')
            con.executemany('INSERT INTO "dictionary" VALUES (?, ?)', list(docs.items()))
            con.commit()
        finally:
            con.close()
        atomic_write_bytes(path, tmp_db.read_bytes())


def _sql_type(records: list[dict[str, Any]], column: str) -> str:
    values = [r.get(column) for r in records if r.get(column) is not None]
    if values and all(isinstance(v, bool | int) for v in values):
        return "INTEGER"
    if values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "REAL"
    return "TEXT"
