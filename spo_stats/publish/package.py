"""`spo-stats export --package DIR`: a frictionless data package of the rates and observations.

datapackage.json describes rates.csv and observations.csv: every column's type, description and
constraints, the marker for a missing value, the primary keys, the licence and the sources.
"""

from __future__ import annotations

from pathlib import Path

from spo_stats.dataset.package import csv_resource, package
from spo_stats.dataset.store import atomic_write_many, csv_text, json_bytes
from spo_stats.publish.tables import Bundle

DATAPACKAGE = "datapackage.json"


def package_files(bundle: Bundle, folder: Path) -> dict[Path, bytes]:
    resources = []
    files: dict[Path, bytes] = {}
    for t in bundle.tables:
        name = f"{t.name}.csv"
        files[folder / name] = csv_text(t.records, t.names).encode("utf-8")
        resources.append(
            csv_resource(t.name, name, t.title, t.description, t.columns, t.primary_key)
        )
    descriptor = package(
        "spo-stats",
        bundle.title,
        "Stalking Protection Orders (SPOs) and recorded stalking offences by police force and "
        "period, read from police FOI returns, the Home Office police recorded crime tables and "
        "published figures, each figure traced to its source cell; with SPOs per 100 offences.",
        resources,
        bundle.sources,
        bundle.made_at,
    )
    files[folder / DATAPACKAGE] = json_bytes(descriptor)
    return files


def write_package(bundle: Bundle, folder: Path) -> list[Path]:
    """Write the package's files together (each atomically); the descriptor path first."""
    files = package_files(bundle, folder)
    atomic_write_many(files)
    return [folder / DATAPACKAGE, *(p for p in files if p.name != DATAPACKAGE)]
