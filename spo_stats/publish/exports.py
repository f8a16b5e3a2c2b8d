"""Exports for journalists and researchers: csv, xlsx, parquet, json, sqlite; format from the extension.

CSV, JSON and Parquet hold the table asked for; xlsx and SQLite hold both tables (the one asked for
first) with their data dictionary and sources inside. Every export gets a data dictionary beside
it (<name>.dictionary.csv), and SQLite its Datasette metadata (<name>.metadata.json).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from spo_stats.dataset.store import atomic_write_bytes, atomic_write_text, csv_text, json_bytes
from spo_stats.dataset.store import parquet_bytes as store_parquet_bytes
from spo_stats.errors import ExportFormatError
from spo_stats.publish.sqlite import datasette_metadata, sqlite_bytes
from spo_stats.publish.tables import Bundle, Table
from spo_stats.publish.xlsx import xlsx_bytes

if TYPE_CHECKING:
    pass

FORMATS = {".csv", ".xlsx", ".parquet", ".json", ".sqlite", ".db"}


def export(bundle: Bundle, path: Path) -> list[Path]:
    """Write the bundle to path in the format its extension names, plus the data dictionary."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportFormatError(str(path))
    main = bundle.main
    written = [path]
    tables = [main]
    if suffix == ".csv":
        atomic_write_text(path, csv_text(main.records, main.names))
    elif suffix == ".json":
        atomic_write_text(path, json_text(main))
    elif suffix == ".parquet":
        atomic_write_bytes(path, parquet_bytes(main))
    elif suffix == ".xlsx":
        atomic_write_bytes(path, xlsx_bytes(bundle))
        tables = bundle.tables
    else:
        atomic_write_bytes(path, sqlite_bytes(bundle))
        metadata = path.with_name(path.name + ".metadata.json")
        atomic_write_bytes(metadata, json_bytes(datasette_metadata(bundle, path)))
        written.append(metadata)
        tables = bundle.tables
    dictionary = path.with_name(path.name + ".dictionary.csv")
    atomic_write_text(dictionary, dictionary_csv(tables))
    written.append(dictionary)
    return written


def dictionary_csv(tables: list[Table]) -> str:
    rows = [
        {"table": t.name, "column": c.name, "type": c.type, "description": c.description}
        for t in tables
        for c in t.columns
    ]
    return csv_text(rows, ["table", "column", "type", "description"])


def to_stdout_csv(table: Table) -> str:
    return csv_text(table.records, table.names)


def json_text(table: Table) -> str:
    """A list of records; dates as ISO strings, missing values as null."""
    return json.dumps(table.records, indent=2, default=str, ensure_ascii=False) + "\n"


def parquet_bytes(table: Table) -> bytes:
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "integer": pa.int64(),
        "number": pa.float64(),
        "date": pa.date32(),
        "boolean": pa.bool_(),
    }
    schema = pa.schema([(c.name, types[c.type]) for c in table.columns])
    return store_parquet_bytes([{c: r.get(c) for c in table.names} for r in table.records], schema)
