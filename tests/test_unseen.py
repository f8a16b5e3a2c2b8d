"""Returns nobody on the reader wrote: zero wrong figures, no decoy out, and high recall."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from spo_stats.ingest import ingest
from tests.unseen_score import score

SETS = Path(__file__).parent / "fixtures" / "unseen"
# Below this share of the key read, a set fails: what is missed must be a known, said limit.
MIN_RECALL = 0.9


@pytest.mark.parametrize("name", sorted(p.name for p in SETS.iterdir() if p.is_dir()))
def test_unseen_set(name: str, tmp_path: Path) -> None:
    base = SETS / name
    ingest(base / "raw", tmp_path, use_cache=False)
    with (tmp_path / "observations.csv").open(encoding="utf-8") as fh:
        observations = list(csv.DictReader(fh))
    s = score(base, observations)
    assert s.wrong == [], "figures that are not in the key"
    assert s.decoys_out == [], "decoys read as figures"
    assert s.recall >= MIN_RECALL, f"recall {s.recall:.1%}; missed: {s.missed}"
