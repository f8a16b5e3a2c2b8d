"""Scoring an ingest of a set of returns written by someone else against its answer key.

Each set under tests/fixtures/unseen/ was written by a helper who saw only a description of how
forces answer, never this reader: its raw/ returns, key.csv (every force-level figure a careful
analyst reads, cell by cell), optional key_monthly.csv, and decoys.csv (numbers that must never
come out as figures). Synthetic, and each file says so.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

KEY = ("force", "period_start", "period_end", "measure")
VALUE = ("status", "value", "value_min", "value_max")


@dataclass
class Score:
    key: int = 0
    right: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    decoys_out: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return (self.key - len(self.missed)) / self.key if self.key else 1.0


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _months(start: date, end: date) -> set[tuple[int, int]]:
    out, y, m = set(), start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.add((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def score(base: Path, observations: list[dict[str, str]]) -> Score:
    """Every figure out is in the key (else wrong); every key figure is out (else missed).

    A key figure for a year that the output gives as its twelve complete months is not missed:
    the analysis sums complete months, and the monthly figures are the return's own.
    """
    key = _rows(base / "key.csv") + _rows(base / "key_monthly.csv")
    by_key = {(k["file"], *(k[c] for c in KEY)): k for k in key}
    s = Score(key=len(key))
    out_keys = set()
    months: dict[tuple[str, str, str], set[tuple[int, int]]] = {}
    for o in observations:
        k = (o["source_file"], *(o[c] for c in KEY))
        out_keys.add(k)
        expected = by_key.get(k)
        if expected is not None and all(expected[c] == o[c] for c in VALUE):
            s.right += 1
        else:
            want = f"key says {tuple(expected[c] for c in VALUE)}" if expected else "not in key"
            s.wrong.append(
                f"{o['source_file']} {o['source_sheet']}!{o['source_cell']} {k[1:]} "
                f"{tuple(o[c] for c in VALUE)}: {want}"
            )
        start, end = date.fromisoformat(o["period_start"]), date.fromisoformat(o["period_end"])
        if start.day == 1 and (start.year, start.month) == (end.year, end.month):
            months.setdefault((o["source_file"], o["force"], o["measure"]), set()).add(
                (start.year, start.month)
            )
    for k in key:
        kk = (k["file"], *(k[c] for c in KEY))
        if kk in out_keys:
            continue
        start, end = date.fromisoformat(k["period_start"]), date.fromisoformat(k["period_end"])
        have = months.get((k["file"], k["force"], k["measure"]), set())
        if start.day == 1 and _months(start, end) <= have:
            continue
        s.missed.append(f"{k['file']} {k['cell']} {kk[1:]} {tuple(k[c] for c in VALUE)}")
    cells = {(o["source_file"], f"{o['source_sheet']}!{o['source_cell']}") for o in observations}
    keyed = {(k["file"], k["cell"]) for k in key}
    for d in _rows(base / "decoys.csv"):
        # A decoy inside a key cell (numbers in a refusal's words) is about the words, not the cell.
        if (d["file"], d["cell"]) in cells and (d["file"], d["cell"]) not in keyed:
            s.decoys_out.append(f"{d['file']} {d['cell']}: {d.get('reason', '')}")
    return s
