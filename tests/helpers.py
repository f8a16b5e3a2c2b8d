"""Small builders for tests: observations as the clean dataset holds them."""

from __future__ import annotations

from datetime import date
from typing import Any

from spo_stats.schema import Observation
from spo_stats.understand.periods import period_label


def row(
    force: str,
    measure: str,
    start: date,
    end: date,
    value: int | None,
    status: str = "reported",
    kind: str = "foi_return",
    area_type: str = "force",
    approximate: bool = False,
    cell: str = "B2",
    file: str = "return.xlsx",
    **more: Any,
) -> Observation:
    fields: dict[str, Any] = {
        "force": force,
        "area_type": area_type,
        "period_start": start,
        "period_end": end,
        "period_label": period_label(start, end),
        "measure": measure,
        "value": value,
        "value_min": None,
        "value_max": None,
        "status": status,
        "approximate": approximate,
        "note": "",
        "source_kind": kind,
        "source_file": file,
        "source_sheet": "Sheet1",
        "source_cell": cell,
        "source_label": "",
        "source_url": "",
        "source_sha256": "0" * 64,
    }
    return Observation.model_validate({**fields, **more})
