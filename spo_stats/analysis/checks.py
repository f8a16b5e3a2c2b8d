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
from spo_stats.forces import all_forces

if TYPE_CHECKING:
    from spo_stats.schema import Observation

# Best status first: a year with any reported figure is covered, whatever else was said.
STATUS_ORDER = ("reported", "suppressed", "refused", "not_held")
SYMBOLS = {"reported": "R", "suppressed": "S", "refused": "X", "not_held": "N", "missing": "."}


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


def check(
    rows: list[Observation],
    ingest_report: dict[str, Any],
    measure: str = "spo_granted",
    prefer: Prefer = "ranked",
) -> CheckResult:
    chosen = [r for r in rows if r.measure == measure and r.area_type == "force"]
    last = max((r.period_end.year for r in chosen), default=date.today().year)
    years = list(range(2020, max(last, 2020) + 1))
    matrix: dict[str, dict[int, str]] = {}
    for force in all_forces():
        cells = {}
        for y in years:
            start, end = date(y, 1, 1), date(y, 12, 31)
            statuses = {
                r.status
                for r in chosen
                if r.force == force.slug and r.period_start <= end and r.period_end >= start
            }
            cells[y] = next((s for s in STATUS_ORDER if s in statuses), "missing")
        matrix[force.slug] = cells
    figs, conflicts = resolve(rows, prefer)
    totals, failed, implausible = [], [], []
    for f in ingest_report.get("files", []):
        # A README skipped or a format named as not read is listed by ingest, not a problem here.
        if f.get("status") in ("failed", "no_observations"):
            failed.append(f.get("error") or f"{f.get('file')}: {f.get('status')}")
        for w in f.get("warnings", []):
            if "does not match the sum" in w:
                totals.append(f"{f['file']}: {w}")
            elif "check" in w and (
                "before SPOs began" in w
                or "SPOs granted but only" in w
                or "Scotland has no SPOs" in w
            ):
                implausible.append(w)
    return CheckResult(
        measure,
        years,
        matrix,
        conflicts,
        totals,
        failed,
        implausible,
        superseded(rows, source_of),
        disagreements(figs),
    )
