"""spo-stats check: coverage of forces by year, conflicts between sources, totals that do not add up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from spo_stats.analysis.rates import (
    Conflict,
    Disagreement,
    Prefer,
    disagreements,
    resolve,
    source_of,
)
from spo_stats.analysis.releases import Superseded, superseded
from spo_stats.dataset.validate import plausibility
from spo_stats.forces import all_forces
from spo_stats.schema import FileReport
from spo_stats.understand.periods import is_longer_than_a_year

if TYPE_CHECKING:
    from spo_stats.schema import Observation

# Best status first: a year with any reported figure is covered, whatever else was said.
STATUS_ORDER = ("reported", "suppressed", "refused", "not_held")
# A figure for "2020 to 2023" says nothing of 2021 alone: its years get their own mark, below any
# figure for the year (or part of it) and above a refusal or "not held" for the span.
SPANNED = "in_span"
SYMBOLS = {
    "reported": "R",
    "suppressed": "S",
    "refused": "X",
    "not_held": "N",
    SPANNED: "M",
    "missing": ".",
}
LEGEND = (
    "R reported, S suppressed, X refused, N not held, "
    "M only in a figure for several years together, . missing"
)


@dataclass
class CheckResult:
    measure: str
    years: list[int]
    matrix: dict[str, dict[int, str]]
    conflicts: list[Conflict]
    total_problems: list[str]
    failed_files: list[str]
    implausible: list[str] = field(default_factory=list)
    # Figures a newer release of an official table replaced: listed, not problems.
    superseded: list[Superseded] = field(default_factory=list)
    # Counts that cannot all be right (a part above its whole, a total against summed pieces).
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def problems(self) -> int:
        return (
            len(self.conflicts)
            + len(self.total_problems)
            + len(self.failed_files)
            + len(self.implausible)
            + len(self.disagreements)
        )


def _mark(rows: list[Observation], year: int) -> str:
    """The grid's mark for one force's figures in one calendar year."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    single: set[str] = set()
    spanned: set[str] = set()
    for r in rows:
        if r.period_start <= end and r.period_end >= start:
            several = is_longer_than_a_year(r.period_start, r.period_end)
            (spanned if several else single).add(r.status)
    for status in STATUS_ORDER:
        if status in single:
            return status
    if "reported" in spanned:
        return SPANNED
    return next((s for s in STATUS_ORDER if s in spanned), "missing")


def check(
    rows: list[Observation],
    ingest_report: dict[str, Any],
    measure: str = "spo_granted",
    prefer: Prefer = "ranked",
    this_year: int | None = None,
) -> CheckResult:
    """this_year: where the coverage matrix ends when no row gives the measure (the CLI passes
    the year it runs in; nothing here reads the clock); else it ends at the rows' last year."""
    chosen = [r for r in rows if r.measure == measure and r.area_type == "force"]
    last = max((r.period_end.year for r in chosen), default=this_year or 2020)
    years = list(range(2020, max(last, 2020) + 1))
    by_force: dict[str, list[Observation]] = {}
    for r in chosen:
        by_force.setdefault(r.force, []).append(r)
    matrix = {
        force.slug: {y: _mark(by_force.get(force.slug, []), y) for y in years}
        for force in all_forces()
    }
    figs, conflicts = resolve(rows, prefer)
    totals, failed = [], []
    for f in map(FileReport.from_json, ingest_report.get("files", [])):
        # A README skipped or a format named as not read is listed by ingest, not a problem here.
        if f.status in ("failed", "no_observations"):
            failed.append(f.error or f"{f.file}: {f.status}")
        totals += [f"{f.file}: {w}" for w in f.texts("total_mismatch")]
    return CheckResult(
        measure,
        years,
        matrix,
        conflicts,
        totals,
        failed,
        _implausible(rows, ingest_report),
        superseded(rows, source_of),
        disagreements(figs),
    )


def _implausible(rows: list[Observation], ingest_report: dict[str, Any]) -> list[str]:
    """The dataset's implausible figures, found again from the rows (dataset/validate.py), in
    the order ingest listed their files: never picked out of the warnings by their words, which
    a return's own notes can share."""
    found = plausibility(rows)
    order = [f.get("file") for f in ingest_report.get("files", [])]
    files = sorted(found, key=lambda f: (order.index(f) if f in order else len(order), f))
    return [w for f in files for w in found[f]]
