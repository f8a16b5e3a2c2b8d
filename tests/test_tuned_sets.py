"""Sets of returns written by sessions that never saw the reader, since tuned on: no regressions.

Each set under fixtures/tuned/ was written, with its truth, from a description of how forces
answer, and scored BEFORE any rule was made from it (that score, in its README, is the
generalisation figure). Its misses have since been made into rules, so it no longer measures
generalisation; it guards what was learnt: zero wrong figures, and at least the recall the reader
had when the set was added here.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest

from spo_stats.ingest import ingest

SETS = Path(__file__).parent / "fixtures" / "tuned"
# Figures of each set's truth read right when it was added (recall may rise, never fall).
FLOORS = {
    "set-g": 429,
    "set-h": 300,
    "set-i": 200,
    "set-j": 560,
    "set-k": 508,
    "set-l": 507,
    "set-m": 728,
    "set-n": 432,
}
SCORED = {
    "stalking_offences",
    "spo_applications",
    "spo_granted",
    "interim_spo_applications",
    "interim_spo_granted",
    "spo_breaches",
    "all_spo_granted",
}

Key = tuple[str, str, str, str]


@dataclass
class Score:
    right: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[Key] = field(default_factory=list)


def _tiled_by(truth: dict[Key, dict[str, object]], k: Key) -> list[dict[str, object]] | None:
    """The truth's figures of k's force and measure that cover k's period exactly, day after day
    with no gap (a total the return states beside its own pieces), or None."""
    force, start, end, measure = k
    pieces = sorted(
        (t for (f, s, e, m), t in truth.items() if (f, m) == (force, measure)),
        key=lambda t: str(t["start"]),
    )
    day, out = date.fromisoformat(start), []
    for t in pieces:
        if str(t["start"]) == day.isoformat() and str(t["end"]) <= end:
            out.append(t)
            day = date.fromisoformat(str(t["end"])) + timedelta(days=1)
    return out if len(out) > 1 and day == date.fromisoformat(end) + timedelta(days=1) else None


def score(truth_path: Path, observations: list[dict[str, str]]) -> Score:
    spec = json.loads(truth_path.read_text(encoding="utf-8"))
    truth: dict[Key, dict[str, object]] = {
        (t["force"], t["start"], t["end"], t["measure"]): t for t in spec["observations"]
    }
    measures = {m for _, _, _, m in truth} | (SCORED - {"all_spo_granted"})
    s, seen = Score(), set()
    for row in observations:
        k = (row["force"], row["period_start"], row["period_end"], row["measure"])
        if k[3] not in measures:
            continue
        if k in seen:
            s.wrong.append(f"twice: {k}")
            continue
        seen.add(k)
        t = truth.get(k)
        value = int(row["value"]) if row["value"] else None
        if t is None:
            pieces = _tiled_by(truth, k) or []
            stated = [p for p in pieces if p["status"] == "reported"]
            whole = row["status"] == "reported" and stated and len(stated) == len(pieces)
            if whole and value == sum(int(str(p["value"])) for p in pieces):
                continue  # a total beside its own pieces, agreeing with them
            s.wrong.append(f"not in the truth: {k} = {row['value']} {row['status']}")
        elif row["status"] != t["status"] or (t["status"] == "reported" and value != t["value"]):
            s.wrong.append(f"{k}: {row['value']} {row['status']}, truth {t['value']} {t['status']}")
        else:
            s.right += 1
    s.missed = [k for k in truth if k not in seen]
    return s


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_a_tuned_set_keeps_what_was_learnt(name: str, tmp_path: Path) -> None:
    base = SETS / name
    ingest(base / "raw", tmp_path, use_cache=False)
    with (tmp_path / "observations.csv").open(encoding="utf-8") as fh:
        observations = list(csv.DictReader(fh))
    s = score(base / "truth.json", observations)
    assert s.wrong == []
    assert s.right >= FLOORS[name], f"{s.right} right; missed: {s.missed[:20]}"
