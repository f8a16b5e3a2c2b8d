"""Frictionless data package descriptors (datapackage.json): resources, schemas, licence, sources.

A Tabular Data Package (https://specs.frictionlessdata.io/) lets frictionless, Open Data Editor,
CKAN and R's frictionless package open the CSVs with every column's type, its description, the
marker for a missing value and where the figures came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from spo_stats import __version__
from spo_stats.dataset.columns import Column, observation_columns

if TYPE_CHECKING:
    from spo_stats.schema import Observation

# Empty cells are missing values: a count that was not given, never a zero.
MISSING_VALUES = [""]

LICENSES = [
    {
        "name": "OGL-UK-3.0",
        "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        "title": "Open Government Licence v3.0, the licence of the Home Office tables and of "
        "police forces' FOI disclosures; figures quoted from Parliament and news reports are "
        "cited to their publishers in sources",
    }
]


def table_schema(columns: list[Column], primary_key: tuple[str, ...] = ()) -> dict[str, Any]:
    fields = []
    for c in columns:
        field: dict[str, Any] = {"name": c.name, "type": c.type, "description": c.description}
        constraints: dict[str, Any] = {}
        if c.required:
            constraints["required"] = True
        if c.enum:
            constraints["enum"] = list(c.enum)
        if constraints:
            field["constraints"] = constraints
        if c.type == "boolean":
            field["trueValues"], field["falseValues"] = ["true"], ["false"]
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "missingValues": MISSING_VALUES}
    if primary_key:
        schema["primaryKey"] = list(primary_key)
    return schema


def csv_resource(
    name: str,
    path: str,
    title: str,
    description: str,
    columns: list[Column],
    primary_key: tuple[str, ...] = (),
) -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "profile": "tabular-data-resource",
        "title": title,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": table_schema(columns, primary_key),
    }


def source_title(row: Observation) -> str:
    """A figure's source in words: the citation, or what kind of file it was read from."""
    return _title(row.source, row.source_kind, row.source_file)


def _title(source: str, source_kind: str, source_file: str) -> str:
    if source:
        return source
    kind = {
        "home_office": "Home Office police recorded crime table",
        "foi_return": "FOI return",
        "manual": "Entered by hand",
    }.get(source_kind, "Source file")
    return f"{kind}: {source_file}"


_SOURCE = attrgetter("source", "source_kind", "source_file", "source_url")


def sources_of(rows: Iterable[Observation]) -> list[dict[str, str]]:
    """Every distinct source behind the rows, with its URL where there is one."""
    # The distinct sources first: a dataset of 30,000 rows has a few thousand.
    titled = {(_title(*s[:3]), s[3]) for s in set(map(_SOURCE, rows))}
    return [{"title": title, **({"path": url} if url else {})} for title, url in sorted(titled)]


def package(
    name: str,
    title: str,
    description: str,
    resources: list[dict[str, Any]],
    sources: list[dict[str, str]],
    created: datetime | None = None,
) -> dict[str, Any]:
    """A data package descriptor; `created` (optional in the standard) is when the caller says
    the data was made, never read from the clock here."""
    out: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": description,
        "version": __version__,
    }
    if created is not None:
        stamp = created.astimezone(UTC).replace(microsecond=0).isoformat()
        out["created"] = stamp.replace("+00:00", "Z")
    return out | {"licenses": LICENSES, "sources": sources, "resources": resources}


OBSERVATION_KEY = ("source_file", "source_sheet", "source_cell")
OBSERVATIONS_TITLE = "Observations: one figure per source cell"
OBSERVATIONS_DESCRIPTION = (
    "Every figure read from police FOI returns, the Home Office police recorded crime tables and "
    "hand-entered published figures, one row per source cell, with its period, measure, status "
    "and source. Only reported values are counts; suppressed, not held and refused figures are "
    "never zeros."
)


def observation_key(rows: list[dict[str, Any]]) -> tuple[str, ...]:
    """The source cell identifies a row; should a dataset ever break that, no key is claimed."""
    keys = {tuple(r.get(k) for k in OBSERVATION_KEY) for r in rows}
    return OBSERVATION_KEY if len(keys) == len(rows) else ()


def dataset_package(
    observations: list[Observation],
    path: str = "observations.csv",
    created: datetime | None = None,
) -> dict[str, Any]:
    """The clean dataset's own datapackage.json (written by ingest beside observations.csv)."""
    keys = set(map(attrgetter(*OBSERVATION_KEY), observations))
    resource = csv_resource(
        "observations",
        path,
        OBSERVATIONS_TITLE,
        OBSERVATIONS_DESCRIPTION,
        observation_columns(),
        OBSERVATION_KEY if len(keys) == len(observations) else (),  # as observation_key
    )
    return package(
        "spo-stats-observations",
        "Stalking Protection Orders and recorded stalking: observations",
        OBSERVATIONS_DESCRIPTION,
        [resource],
        sources_of(observations),
        created,
    )
