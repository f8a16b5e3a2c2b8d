"""A SQLite database that opens in Datasette (https://datasette.io/) as it is.

Declared column types come from the columns, never from the data; each table has a primary key
and indexes on force, period and measure; a view gives the league table of force rates; and a
metadata file for `datasette FILE --metadata FILE.metadata.json` carries the data dictionary as
column descriptions, the licence and the sources.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from spo_stats import __version__
from spo_stats.dataset.columns import SQL_TYPES
from spo_stats.dataset.package import LICENSES
from spo_stats.publish.tables import Bundle, Table

LEAGUE_VIEW = "league_table"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def sqlite_bytes(bundle: Bundle) -> bytes:
    """The whole database, built in memory (so nothing half-built ever sits on disk)."""
    con = sqlite3.connect(":memory:")
    try:
        for table in bundle.tables:
            _create(con, table)
        rates = next((t for t in bundle.tables if t.name == "rates"), None)
        if rates is not None:
            _league_view(con, rates)
        con.execute(
            'CREATE TABLE "dictionary" ("table_name" TEXT NOT NULL, "column" TEXT NOT NULL, '
            '"type" TEXT NOT NULL, "description" TEXT NOT NULL, PRIMARY KEY ("table_name", "column"))'
        )
        con.executemany(
            'INSERT INTO "dictionary" VALUES (?, ?, ?, ?)',
            [(t.name, c.name, c.type, c.description) for t in bundle.tables for c in t.columns],
        )
        con.commit()
        return bytes(con.serialize())
    finally:
        con.close()


def _create(con: sqlite3.Connection, table: Table) -> None:
    defs = [
        f"{_q(c.name)} {SQL_TYPES[c.type]}" + (" NOT NULL" if c.required else "")
        for c in table.columns
    ]
    if table.primary_key:
        defs.append(f"PRIMARY KEY ({', '.join(map(_q, table.primary_key))})")
    con.execute(f"CREATE TABLE {_q(table.name)} ({', '.join(defs)})")
    marks = ", ".join("?" for _ in table.columns)
    con.executemany(
        f"INSERT INTO {_q(table.name)} VALUES ({marks})",
        [[_value(r.get(c.name)) for c in table.columns] for r in table.records],
    )
    for cols in table.indexes:
        index = f"idx_{table.name}_{'_'.join(cols)}"
        con.execute(f"CREATE INDEX {_q(index)} ON {_q(table.name)} ({', '.join(map(_q, cols))})")


def _value(v: Any) -> Any:
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, date):
        return v.isoformat()
    if v == "" or v is None:
        return None  # an empty cell is a missing value, as in the CSV and the data package
    return v


def _league_view(con: sqlite3.Connection, rates: Table) -> None:
    num, den, rate = rates.count_columns
    cols = ", ".join(
        _q(c)
        for c in (
            "period_label",
            "rank",
            "ranked_of",
            "force_name",
            "ons_code",
            num,
            den,
            rate,
            "ci_low",
            "ci_high",
            "approximate",
            "period_start",
            "period_end",
            "force",
        )
    )
    con.execute(
        f"CREATE VIEW {_q(LEAGUE_VIEW)} AS SELECT {cols} FROM {_q(rates.name)} "
        f"WHERE area_type = 'force' ORDER BY period_start, period_end, {_q(rate)} DESC"
    )


def datasette_metadata(bundle: Bundle, path: Path) -> dict[str, Any]:
    """Datasette metadata: titles, descriptions, column descriptions, licence and sources."""
    tables: dict[str, Any] = {}
    for t in bundle.tables:
        tables[t.name] = {"title": t.title, "description": t.description, "columns": t.docs}
    rates = next((t for t in bundle.tables if t.name == "rates"), None)
    if rates is not None:
        tables[LEAGUE_VIEW] = {
            "title": "League table of forces",
            "description": "Force rates from the rates table, ranked within each period.",
            "columns": {c: rates.docs[c] for c in rates.docs if c not in ("area_type",)},
        }
    tables["dictionary"] = {
        "title": "Data dictionary",
        "description": "What every column of every table holds, and its type.",
    }
    sources = "; ".join(
        s["title"] + (f" ({s['path']})" if s.get("path") else "") for s in bundle.sources
    )
    return {
        "title": bundle.title,
        "description": "Made by spo-stats "
        f"{__version__}. Every figure names its source cell; empty cells are figures not given, "
        f"never zeros. Sources: {sources or 'none'}.",
        "license": LICENSES[0]["name"],
        "license_url": LICENSES[0]["path"],
        "source": "Police FOI returns, Home Office police recorded crime tables and published figures",
        "databases": {path.stem: {"tables": tables}},
    }
