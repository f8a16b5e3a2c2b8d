"""Columns with a fixed type and a description: one description of a table for every output.

The SQLite declared types, the Parquet schema, the frictionless Table Schema, the xlsx cell types
and the data dictionaries all come from these, so a column's type never depends on the data.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from spo_stats.schema import COLUMN_DOCS, Observation

ColumnType = Literal["string", "integer", "number", "date", "boolean"]

SQL_TYPES: dict[ColumnType, str] = {
    "string": "TEXT",
    "integer": "INTEGER",
    "number": "REAL",
    "date": "TEXT",  # ISO 8601, which sorts and compares as dates
    "boolean": "INTEGER",  # 0 or 1
}


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    description: str
    required: bool = False  # never empty
    enum: tuple[str, ...] = ()  # the only values allowed, where the set is fixed


# Observation columns that may hold an empty string although their annotation is plain str.
_MAY_BE_EMPTY = {
    "force_name",
    "ons_code",
    "note",
    "definition",
    "source",
    "source_label",
    "source_url",
    "source_copy_url",
    "source_sidecar",
}


def _column_type(annotation: Any) -> tuple[ColumnType, tuple[str, ...], bool]:
    """(type, enum, optional) of a pydantic field annotation."""
    args = typing.get_args(annotation)
    optional = False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        optional = type(None) in args
        (annotation,) = [a for a in args if a is not type(None)]
    if typing.get_origin(annotation) is Literal:
        return "string", tuple(str(a) for a in typing.get_args(annotation)), optional
    if annotation is bool:
        return "boolean", (), optional
    if annotation is int:
        return "integer", (), optional
    if annotation is float:
        return "number", (), optional
    if annotation is date:
        return "date", (), optional
    return "string", (), optional


def observation_columns() -> list[Column]:
    """The clean dataset's columns, typed from the Observation model."""
    hints = typing.get_type_hints(Observation)
    out = []
    for name in Observation.model_fields:
        kind, enum, optional = _column_type(hints[name])
        required = not optional and name not in _MAY_BE_EMPTY
        out.append(Column(name, kind, COLUMN_DOCS.get(name, ""), required, enum))
    return out
