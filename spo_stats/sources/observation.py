"""What every source does last: a figure and its citation made into one Observation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spo_stats.schema import Observation
from spo_stats.understand.periods import Period
from spo_stats.understand.values import ParsedValue


def observation(period: Period, parsed: ParsedValue, **fields: Any) -> Observation:
    """An observation of a figure: the period's dates and the parsed value's status and bounds.

    fields: the rest of Observation (force, measure, citation); period_label overrides the
    period's own label.
    """
    return Observation(
        period_start=period.start,
        period_end=period.end,
        period_label=fields.pop("period_label", None) or period.label,
        value=parsed.value,
        value_min=parsed.value_min,
        value_max=parsed.value_max,
        status=parsed.status,
        **fields,
    )


def areas_label(areas: Iterable[str], noun: str = "forces") -> str:
    """The force a file's report line names: the one area, or how many ('(3 forces)')."""
    names = sorted(set(areas))
    return names[0] if len(names) == 1 else f"({len(names)} {noun})"
