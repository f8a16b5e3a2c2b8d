"""Per-force SPO counts from compiled tables (the BBC Shared Data Unit's of 2021), in words.

Shown beside the national headline as the compiled table gives them: its own periods, its own
measure, never summed with other sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from spo_stats.areas import area_name
from spo_stats.forces import territorial_forces
from spo_stats.measures import measure as measure_info
from spo_stats.publish import words

if TYPE_CHECKING:
    from spo_stats.schema import Observation


@dataclass
class CompiledCounts:
    """One compiled table's per-force SPO counts (e.g. the BBC's of 2021), as it gives them."""

    source: str
    measure: str
    counts: list[tuple[str, int, date, date]]  # force name, count, period start and end
    missing: list[str]  # territorial forces with no count in the table


def compiled_spo_counts(rows: list[Observation]) -> list[CompiledCounts]:
    """Per-force SPO counts from compiled tables, one entry per table and measure."""
    groups: dict[tuple[str, str], list[Observation]] = {}
    for r in rows:
        if (
            r.source_kind == "compiled"
            and r.measure in ("spo_granted", "all_spo_granted")
            and r.status == "reported"
            and r.area_type == "force"
        ):
            key = (r.source or r.source_file, r.measure)
            groups.setdefault(key, []).append(r)
    territorial = territorial_forces()
    out = []
    for (source, measure), group in sorted(groups.items()):
        group.sort(key=lambda r: (-r.count, area_name(r.force)))
        have = {r.force for r in group}
        out.append(
            CompiledCounts(
                source,
                measure,
                [(area_name(r.force), r.count, r.period_start, r.period_end) for r in group],
                [f.name for f in territorial if f.slug not in have],
            )
        )
    return out


def compiled_spo_sentences(rows: list[Observation]) -> list[str]:
    out = []
    for c in compiled_spo_counts(rows):
        starts = sorted({start for _, _, start, _ in c.counts})
        ends = sorted({end for _, _, _, end in c.counts})
        if len(starts) == 1 and len(ends) == 1:
            span = f"from {words.day_words(starts[0])} to {words.day_words(ends[0])}"
        elif len(starts) == 1:
            span = (
                f"from {words.day_words(starts[0])} to each force's own date "
                f"({words.day_words(ends[0])} to {words.day_words(ends[-1])})"
            )
        else:
            span = f"over each force's own period ({words.day_words(starts[0])} to {words.day_words(ends[-1])})"
        listed = ", ".join(f"{name} {value:,}" for name, value, _, _ in c.counts)
        total = sum(v for _, v, _, _ in c.counts)
        s = (
            f"Per force, {measure_info(c.measure).label} {span}, {len(c.counts)} forces, "
            f"{total:,} in all: {listed}. Source: {c.source}."
        )
        if c.missing:
            s += f" No figure for {', '.join(c.missing)} (see the ingest report for why)."
        out.append(s)
    return out
