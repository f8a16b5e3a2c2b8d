"""The Home Office table: the fast Arrow path and the careful cell path give identical observations."""

from __future__ import annotations

from pathlib import Path

import pytest

from spo_stats.ingest import ingest
from spo_stats.sources import returns as returns_mod
from tests.fixtures.make_returns import HO_HEADER, write_csv, write_ods, write_xlsx

FORCES = [
    "Cleveland",
    "Durham",
    "London, City of",
    "Devon & Cornwall",
    "Action Fraud",
    "CIFAS",
    "UK Finance",
    "British Transport Police",
]
OFFENCES = [
    ("Stalking", "8Q"),
    ("Harassment", "8L"),
    ("Malicious communications", "8R"),
    ("Other", "99"),
] * 12


def _sheet(fy: str) -> list[list[object]]:
    """SYNTHETIC TEST DATA: made-up counts in the Home Office layout, about 1,500 rows."""
    rows: list[list[object]] = [HO_HEADER]
    n = 0
    for q in (1, 2, 3, 4):
        for force in FORCES:
            for desc, code in OFFENCES:
                n += 1
                rows.append(
                    [
                        fy,
                        q,
                        force,
                        desc,
                        "Violence against the person",
                        "Stalking and harassment",
                        code,
                        n % 97,
                    ]
                )
    # Markers past row 1,000, where a reader that infers types from the first 1,000 rows drops them.
    late = [
        i
        for i, r in enumerate(rows)
        if i > 1100 and r[3] == "Stalking" and r[2] in ("Cleveland", "Durham")
    ]
    rows[late[0]][7] = "*"
    rows[late[1]][7] = "N/a"
    rows[late[2]][7] = "<5"
    return rows


@pytest.fixture(scope="module")
def ho_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("ho")
    sheets = {
        "Introduction": [["Police recorded crime open data tables"], ["SYNTHETIC TEST DATA"]],
        "2022_23": _sheet("2022/23"),
        "2023_24": _sheet("2023/24"),
    }
    files = {
        "xlsx": folder / "xlsx" / "prc.xlsx",
        "ods": folder / "ods" / "prc.ods",
        "csv": folder / "csv" / "prc.csv",
    }
    write_xlsx(files["xlsx"], sheets)
    write_ods(files["ods"], sheets)
    write_csv(files["csv"], sheets["2022_23"])
    return files


def _observations(
    raw: Path, out: Path, fast: bool, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[object, ...]]:
    monkeypatch.setattr(returns_mod, "FAST_PATH_BYTES", 0 if fast else 10**12)
    result = ingest(raw, out, use_cache=False)
    assert result.ok, [f.error for f in result.files]
    return [
        (
            o.force,
            o.period_start,
            o.measure,
            o.status,
            o.value,
            o.value_min,
            o.value_max,
            o.source_sheet,
            o.source_cell,
        )
        for o in result.observations
    ]


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_fast_and_careful_paths_agree(
    ho_files: dict[str, Path], fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = ho_files[fmt].parent
    fast = _observations(raw, tmp_path / "fast", True, monkeypatch)
    careful = _observations(raw, tmp_path / "careful", False, monkeypatch)
    assert fast == careful
    sheets = 1 if fmt == "csv" else 2
    # 5 forces (4 territorial + BTP) x 4 quarters x 12 stalking rows per force and quarter.
    assert len(fast) == sheets * 5 * 4 * 12
    statuses = {o[3] for o in fast}
    assert statuses == {"reported", "suppressed", "not_held"}, "a marker past row 1,000 was lost"


def test_harassment_and_non_forces_are_left_out(ho_files: dict[str, Path], tmp_path: Path) -> None:
    result = ingest(ho_files["xlsx"].parent, tmp_path, use_cache=False)
    assert {o.force for o in result.observations} == {
        "cleveland",
        "durham",
        "city-of-london",
        "devon-and-cornwall",
        "british-transport",
    }
    assert {o.measure for o in result.observations} == {"stalking_offences"}
    # The synthetic file's name carries no release date, which is the only thing said about it.
    assert [w[:21] for w in result.files[0].texts()] == ["release date unknown:"]
