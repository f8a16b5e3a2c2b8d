"""The Home Office table: the fast Arrow path and the careful cell path give identical observations."""

from __future__ import annotations

import os
import threading
import zipfile
from pathlib import Path

import pytest

from spo_stats.errors import SpoStatsError
from spo_stats.ingest import ingest
from spo_stats.sources import homeoffice
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


@pytest.mark.parametrize(
    "name",
    ["15-home-office-table/prc-pfa-synthetic.xlsx", "21-home-office-csv/prc-pfa-2021-22.csv"],
)
def test_the_home_office_table_is_read_in_arrow_without_importing_pandas(name: str) -> None:
    # pyarrow imports pandas on its first array where pandas is installed: 0.15 s of a 2 s read
    # of 500,000 rows, for nothing the reading uses.
    import subprocess
    import sys
    import textwrap

    from tests.conftest import RETURNS

    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path
        from spo_stats.sources import homeoffice
        path = Path({str(RETURNS / name)!r})
        read = homeoffice.read_csv if path.suffix == ".csv" else homeoffice.read_workbook
        assert read(path, path.name).figures
        print("pandas" in sys.modules)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.fixture(scope="module")
def many_sheets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SYNTHETIC TEST DATA: six sheets of the layout, so that threads have sheets to share."""
    path = tmp_path_factory.mktemp("ho-many") / "prc.xlsx"
    sheets = {"Introduction": [["Police recorded crime open data tables"]]}
    for year in range(2017, 2023):
        sheets[f"{year}_{str(year + 1)[2:]}"] = _sheet(f"{year}/{str(year + 1)[2:]}")
    write_xlsx(path, sheets)
    return path


def _as_read(reading: homeoffice.HomeOfficeReading) -> list[tuple[object, ...]]:
    return [(f.force, f.period, f.parsed, f.sheet, f.cell, f.label) for f in reading.figures]


@pytest.mark.parametrize("cores", [2, 5])
def test_sheets_read_in_threads_give_what_one_thread_gives_in_order(
    many_sheets: Path, cores: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(homeoffice, "_cores", lambda: 1)
    one = homeoffice.read_workbook(many_sheets, many_sheets.name)
    monkeypatch.setattr(homeoffice, "_cores", lambda: cores)
    threads = threading.active_count()
    several = homeoffice.read_workbook(many_sheets, many_sheets.name)
    assert _as_read(several) == _as_read(one)
    assert (several.warnings, several.unknown, several.rows_read) == (
        one.warnings,
        one.unknown,
        one.rows_read,
    )
    assert [f.sheet for f in several.figures][:: 5 * 4 * 12] == [
        f"{y}_{str(y + 1)[2:]}" for y in range(2017, 2023)
    ]
    assert threading.active_count() == threads, "a reading thread was left running"


def test_a_damaged_sheet_read_in_a_thread_fails_the_file_and_keeps_stderr(
    many_sheets: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = tmp_path / "prc.xlsx"
    with zipfile.ZipFile(many_sheets) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet4.xml":
                data = data[: len(data) // 2]  # cut off mid-row
            dst.writestr(item, data)
    monkeypatch.setattr(homeoffice, "_cores", lambda: 2)
    stderr_before = os.fstat(2)
    threads = threading.active_count()
    with pytest.raises(SpoStatsError) as caught:
        homeoffice.read_workbook(damaged, "prc.xlsx")
    assert "prc.xlsx" in str(caught.value)
    after = os.fstat(2)
    assert (after.st_dev, after.st_ino) == (stderr_before.st_dev, stderr_before.st_ino)
    assert threading.active_count() == threads
