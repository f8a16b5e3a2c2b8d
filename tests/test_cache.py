"""The ingest cache: keyed by content and tool version, never trusted over a changed file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from spo_stats import ingest as ingest_mod
from spo_stats.dataset.store import observation_lines, observations_csv
from spo_stats.ingest import ingest
from tests.conftest import RETURNS, readable_corpus


def test_rerun_reads_only_changed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = readable_corpus(tmp_path / "raw")
    clean = tmp_path / "clean"
    first = ingest(raw, clean)
    assert not any(f.cached for f in first.files)

    reads: list[str] = []
    real = ingest_mod.read_file

    def counting(path: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        reads.append(path.name)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest_mod, "read_file", counting)
    second = ingest(raw, clean)
    assert reads == []
    assert [o.model_dump() for o in second.observations] == [
        o.model_dump() for o in first.observations
    ]

    csv_file = raw / "12-force-from-file-name" / "foi_wyp_stalking.csv"
    csv_file.write_text(csv_file.read_text().replace("2021,5", "2021,6"))
    third = ingest(raw, clean)
    assert reads == ["foi_wyp_stalking.csv"]
    changed = [
        o
        for o in third.observations
        if o.source_file.endswith("foi_wyp_stalking.csv") and o.period_start.year == 2021
    ]
    assert [o.value for o in changed] == [6]


def test_new_tool_version_invalidates_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clean = tmp_path / "clean"
    ingest(RETURNS / "01-years-as-columns", clean)
    monkeypatch.setattr("spo_stats.dataset.cache.__version__", "99.0")
    again = ingest(RETURNS / "01-years-as-columns", clean)
    assert not any(f.cached for f in again.files)


def test_damaged_cache_entry_is_ignored(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    ingest(RETURNS / "01-years-as-columns", clean)
    for entry in (clean / ".cache").glob("*.json"):
        entry.write_text("{not json")
    # The dataset itself is whole, so it would be kept as it is: remove a part so it is rebuilt.
    (clean / "observations.csv").unlink()
    again = ingest(RETURNS / "01-years-as-columns", clean)
    assert len(again.observations) == 12 and not any(f.cached for f in again.files)


def test_a_removed_pack_is_read_again_and_no_entry_is_kept_that_no_file_needs(
    tmp_path: Path,
) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RETURNS / "01-years-as-columns", raw / "a")
    shutil.copytree(RETURNS / "12-force-from-file-name", raw / "b")
    clean = tmp_path / "clean"
    ingest(raw, clean)
    (pack,) = (clean / ".cache").glob("pack-*.json")
    pack.unlink()  # by hand: the dataset is unchanged, but the entries it vouches for are gone
    again = ingest(raw, clean)
    assert again.written and not any(f.cached for f in again.files)
    shutil.rmtree(raw / "b")
    shutil.copytree(RETURNS / "02-years-as-rows-csv-bom", raw / "c")
    third = ingest(raw, clean)
    assert [f.cached for f in third.files] == [True, False]
    where = json.loads((clean / ".cache" / "packs.json").read_text())["keys"]
    packs = sorted(p.name for p in (clean / ".cache").glob("pack-*.json"))
    assert len(where) == 2 and sorted(set(where.values())) == packs and len(packs) == 2
    shutil.rmtree(raw / "a")  # the first pack holds only entries no file needs now: removed
    ingest(raw, clean)
    assert len(list((clean / ".cache").glob("pack-*.json"))) == 1


def test_unchanged_rerun_restores_a_deleted_output(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    ingest(RETURNS / "01-years-as-columns", clean)
    (clean / "observations.csv").unlink()
    ingest(RETURNS / "01-years-as-columns", clean)
    assert len((clean / "observations.csv").read_text().splitlines()) == 13


@pytest.mark.parametrize("part", ["rows", "lines"])
def test_a_cache_entry_of_another_shape_is_read_again(tmp_path: Path, part: str) -> None:
    # Entries are taken without validating them again: their shape is still checked.
    clean = tmp_path / "clean"
    first = ingest(RETURNS / "01-years-as-columns", clean)
    written = (clean / "observations.csv").read_bytes()
    for pack in (clean / ".cache").glob("pack-*.json"):
        entries = json.loads(pack.read_text())
        for data in entries.values():
            data[part] = [row[:-1] for row in data[part]][:-1]  # a column and a row short
        pack.write_text(json.dumps(entries))
    (clean / "observations.csv").unlink()
    again = ingest(RETURNS / "01-years-as-columns", clean)
    assert not any(f.cached for f in again.files)
    assert again.observations == first.observations
    assert (clean / "observations.csv").read_bytes() == written


def test_cached_observations_are_the_observations_read(tmp_path: Path) -> None:
    raw = readable_corpus(tmp_path / "raw")
    clean = tmp_path / "clean"
    first = ingest(raw, clean)
    written = (clean / "observations.csv").read_bytes()
    (clean / "observations.csv").unlink()  # rebuilt from the cache, every file a hit
    again = ingest(raw, clean)
    # The CSV is the lines the cache kept beside the observations: the lines of these rows.
    assert (clean / "observations.csv").read_bytes() == written
    assert written == observations_csv(observation_lines(again.observations))
    assert all(f.cached for f in again.files if f.status == "ok")
    assert again.observations == first.observations
    assert [hash(o) for o in again.observations] == [hash(o) for o in first.observations]
    assert [o.model_dump(mode="json") for o in again.observations] == [
        o.model_dump(mode="json") for o in first.observations
    ]
