"""Plausibility checks over the whole dataset: warnings that name the cells, never silent fixes."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from spo_stats.measures import SPO_MEASURES
from spo_stats.schema import Observation

SPO_START = {"default": date(2020, 1, 20), "northern-ireland": date(2023, 10, 19)}


def _where(o: Observation) -> str:
    return f"{o.source_file} sheet {o.source_sheet!r} cell {o.source_cell}"


def plausibility(observations: list[Observation]) -> dict[str, list[str]]:
    """Warnings keyed by source file."""
    out: dict[str, list[str]] = defaultdict(list)
    for o in observations:
        if o.measure not in SPO_MEASURES:
            continue
        if o.force == "scotland":
            out[o.source_file].append(
                f"{_where(o)}: an SPO figure for Police Scotland, but Scotland has no SPOs; check it."
            )
            continue
        start = SPO_START.get(o.force, SPO_START["default"])
        if o.period_end < start:
            out[o.source_file].append(
                f"{_where(o)}: an SPO figure for {o.period_label}, before SPOs began on "
                f"{start:%d %B %Y}; check the period."
            )
    # More SPOs granted than stalking offences recorded in the same period and force.
    offences = {
        (o.force, o.period_start, o.period_end): o
        for o in observations
        if o.measure == "stalking_offences" and o.value is not None
    }
    for o in observations:
        if o.measure not in ("spo_granted", "all_spo_granted") or o.value is None:
            continue
        off = offences.get((o.force, o.period_start, o.period_end))
        if off is not None and off.value is not None and o.value > off.value:
            out[o.source_file].append(
                f"{_where(o)}: {o.value} SPOs granted but only {off.value} stalking offences "
                f"recorded ({_where(off)}) in {o.period_label}; check both."
            )
    return dict(out)
