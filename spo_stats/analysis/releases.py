"""Releases of an official table: the newer release of a figure supersedes the older.

The Home Office revises earlier quarters in every release (Hampshire 2019/20: 622 in 2021, 661 in
October 2023), so two releases giving one quarter different counts are a revision, not a conflict.
The newer wins by its release date (source_date), never by file name; a release whose date is not
known supersedes nothing and is superseded by nothing, so a disagreement with it stays a conflict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spo_stats.schema import Observation

OFFICIAL = "home_office"


@dataclass(frozen=True)
class Superseded:
    force: str
    measure: str
    start: date
    end: date
    value: int
    released: date
    source: str  # where the older figure is
    by_value: int
    by_released: date
    by_source: str

    @property
    def revised(self) -> bool:
        return self.value != self.by_value


@dataclass(frozen=True)
class _Dated:
    released: date
    row: Observation


def split_superseded(
    group: list[Observation],
) -> tuple[list[Observation], list[tuple[_Dated, _Dated]]]:
    """A group of rows for one area, measure and period: the rows still standing, and each
    superseded official row with the newer row that supersedes it."""
    official = [
        _Dated(r.source_date, r)
        for r in group
        if r.source_kind == OFFICIAL and r.source_date is not None
    ]
    if len(official) < 2:
        return group, []
    newest = max(official, key=lambda d: (d.released, d.row.source_file, d.row.source_cell))
    old = [d for d in official if d.released < newest.released]
    standing = [r for r in group if not any(r is o.row for o in old)]
    return standing, [(o, newest) for o in old]


def superseded(rows: list[Observation], where: Callable[[Observation], str]) -> list[Superseded]:
    """Every reported official figure a newer release replaced; where(row) names a row's source."""
    groups: dict[tuple[str, str, date, date], list[Observation]] = defaultdict(list)
    for row in rows:
        if row.status == "reported" and row.value is not None:
            key = (row.force, row.measure, row.period_start, row.period_end)
            groups[key].append(row)
    out = []
    for (force, measure, start, end), group in groups.items():
        for old, new in split_superseded(group)[1]:
            out.append(
                Superseded(
                    force,
                    measure,
                    start,
                    end,
                    old.row.count,
                    old.released,
                    where(old.row),
                    new.row.count,
                    new.released,
                    where(new.row),
                )
            )
    return sorted(out, key=lambda s: (s.force, s.measure, s.start, s.end, s.released))
