"""The real Home Office tables: the 2017/18 sheet as Excel saved it, and the shipped October 2023
release; releases, note markers, unknown names and the 20 January 2020 alignment."""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spo_stats.analysis.checks import check
from spo_stats.analysis.rates import SPO_START_NOTE, compute, resolve
from spo_stats.cli.main import app
from spo_stats.dataset.store import load_rows
from spo_stats.forces import find_force
from spo_stats.ingest import ingest
from spo_stats.sources import returns as returns_mod
from spo_stats.sources.release import date_in_name
from tests.fixtures.make_returns import HO_HEADER, write_csv

ROOT = Path(__file__).parent.parent
REAL = Path(__file__).parent / "fixtures" / "real"
SHIPPED = ROOT / "data" / "raw" / "home-office"
SHIPPED_CSV = SHIPPED / "prc-pfa-mar2013-onwards-tables-191023-stalking-8q.csv"
SHA_201718 = "72e2f98aaad643ef615654a3fdfb4af45641644bf2c5b3e0ce4bf797acf8f683"


@pytest.fixture(scope="module")
def sheet_201718(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real 2017/18 sheet, byte for byte (kept gzipped in the repository)."""
    raw = tmp_path_factory.mktemp("ho201718")
    path = raw / "prc-pfa-mar2013-onwards-tables201718.csv"
    with gzip.open(REAL / (path.name + ".gz")) as src:
        path.write_bytes(src.read())
    assert hashlib.sha256(path.read_bytes()).hexdigest() == SHA_201718
    return raw


def test_a_release_date_set_aside_is_not_cited(tmp_path: Path) -> None:
    # The shipped table renamed as if released on 1 January 2022, before its last quarter ends:
    # that date is set aside, and the figures' citation must not still give it (it once kept
    # "released 1 January 2022" and added "release date unknown" after it).
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SHIPPED_CSV, raw / SHIPPED_CSV.name.replace("191023", "010122"))
    result = ingest(raw, tmp_path / "clean", use_cache=False)
    assert result.ok
    assert any("it was not used" in w for w in result.files[0].texts())
    assert {o.source_date for o in result.observations} == {None}
    assert {o.source for o in result.observations} == {
        "Home Office, Police recorded crime: police force area tables, release date unknown"
    }


def test_real_201718_sheet_gives_every_count(sheet_201718: Path, tmp_path: Path) -> None:
    result = ingest(sheet_201718, tmp_path, use_cache=False)
    assert result.ok
    obs = result.observations
    assert len(obs) == 176  # 44 forces x 4 quarters
    territorial = [o for o in obs if find_force(o.force_name) and o.ons_code]
    assert len({o.force for o in territorial}) == 43
    assert sum(o.value or 0 for o in territorial) == 10_271
    city = {o.period_label: o.value for o in obs if o.force == "city-of-london"}
    assert city == {"2017/18 Q1": 1, "2017/18 Q2": 3, "2017/18 Q3": 1, "2017/18 Q4": 0}
    # No release date in its name and no provenance: kept, undated, and said so.
    assert {o.source_date for o in obs} == {None}
    assert any("release date unknown" in w for w in result.files[0].texts())
    assert not any("is not a count" in w for w in result.files[0].texts())


def test_shipped_october_2023_release(tmp_path: Path) -> None:
    result = ingest(SHIPPED, tmp_path, use_cache=False)
    assert result.ok and result.files[0].warnings == []
    obs = result.observations
    assert len(obs) == 1628
    assert {o.source_date for o in obs} == {date(2023, 10, 19)}
    assert {o.source_url for o in obs} == {
        "https://www.gov.uk/government/statistics/police-recorded-crime-open-data-tables"
    }
    assert all("released 19 October 2023" in o.source for o in obs)
    hampshire = sum(
        o.value or 0
        for o in obs
        if o.force == "hampshire" and o.period_label.startswith("2019/20 Q")
    )
    assert hampshire == 661


def test_release_date_from_name() -> None:
    assert date_in_name("prc-pfa-mar2013-onwards-tables-191023.ods") == date(2023, 10, 19)
    assert date_in_name("prc-pfa-mar2013-onwards-tables-191023-stalking-8q.csv") == date(
        2023, 10, 19
    )
    assert date_in_name("prc-pfa-mar2013-onwards-tables201718.csv") is None  # a year, not a date
    assert date_in_name("prc-pfa-mar2013-onwards-tables-201718.csv") is None  # month 17


def _table(path: Path, rows: list[tuple[str, str, str, object]], released: str | None) -> None:
    """SYNTHETIC TEST DATA in the Home Office layout: (year, quarter, force, count) rows."""
    grid: list[list[object]] = [list(HO_HEADER)]
    for fy, q, force, n in rows:
        grid.append([fy, q, force, "Stalking", "Violence against the person", "S and h", "8Q", n])
    write_csv(path, grid)
    if released:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        prov = {
            "page_url": "https://example.invalid/synthetic",
            "attachment_url": f"https://example.invalid/{path.name}",
            "attachment_title": "SYNTHETIC table",
            "public_updated_at": released,
            "retrieved_at": "2026-01-01T00:00:00Z",
            "size": path.stat().st_size,
            "sha256": sha,
        }
        path.with_name(path.name + ".provenance.json").write_text(json.dumps(prov))


def test_newer_release_wins_by_date_not_name(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    # The newer release has the name that sorts first and an older-looking date in its name.
    newer = [
        ("2019/20", str(q), "Hampshire", v)
        for q, v in zip("1234", (170, 160, 170, 161), strict=True)
    ]
    older = [
        ("2019/20", str(q), "Hampshire", v)
        for q, v in zip("1234", (160, 150, 160, 152), strict=True)
    ]
    _table(raw / "a-table-010120.csv", newer, "2023-10-19T09:30:00.000+01:00")
    _table(raw / "z-table-311224.csv", older, "2021-07-22")
    result = ingest(raw, tmp_path / "clean", use_cache=False)
    assert result.ok
    rows = load_rows(tmp_path / "clean")
    figs, conflicts = resolve(rows, "force")
    assert conflicts == []
    assert sum(f.value for f in figs) == 661
    assert all(f.sources[0].release == date(2023, 10, 19) for f in figs)
    found = check(rows, {}, "spo_granted")
    assert len(found.superseded) == 4 and found.problems == 0
    assert sum(s.value for s in found.superseded) == 622
    out = CliRunner().invoke(app, ["check", "--clean", str(tmp_path / "clean")])
    assert "4 figure(s) superseded by a newer release" in out.stdout
    assert "Superseded hampshire stalking_offences 2019 Q2: 160 in the release of 2021-07-22" in (
        out.stdout
    )


def test_undated_release_disagreeing_is_a_conflict(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _table(raw / "dated.csv", [("2019/20", "1", "Hampshire", 170)], "2023-10-19")
    _table(raw / "undated.csv", [("2019/20", "1", "Hampshire", 160)], None)
    ingest(raw, tmp_path / "clean", use_cache=False)
    figs, conflicts = resolve(load_rows(tmp_path / "clean"), "force")
    assert [f.value for f in figs] == [170]  # the dated release is used
    assert len(conflicts) == 1  # but the disagreement is not hidden


def test_note_markers_and_spaces_never_drop_a_force(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    names = ["Metropolitan Police[Note 6]", "Metropolitan Police [Note 6] ", " Devon and Cornwall "]
    _table(raw / "t.csv", [("2022/23", str(i + 1), n, 5) for i, n in enumerate(names)], None)
    result = ingest(raw, tmp_path / "clean", use_cache=False)
    assert result.ok
    assert [o.force for o in result.observations] == ["devon-and-cornwall", *["metropolitan"] * 2]


@pytest.mark.parametrize("fast", [True, False])
def test_unknown_force_name_fails_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    monkeypatch.setattr(returns_mod, "FAST_PATH_BYTES", 0 if fast else 10**12)
    raw = tmp_path / "raw"
    rows = [("2022/23", "1", "Cleveland", 5), ("2022/23", "1", "Gotham City", 7)]
    _table(raw / "t.csv", rows, None)
    result = CliRunner().invoke(app, ["ingest", str(raw), "--out", str(tmp_path / "clean")])
    assert result.exit_code == 1
    assert (
        "t.csv: unknown force name(s) in the Home Office table: 'Gotham City' (sheet 't' row 3)"
        in (" ".join(result.stderr.split()))
    )
    assert not (tmp_path / "clean" / "observations.csv").exists()


def test_totals_are_not_unknown_forces(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    rows = [("2022/23", "1", "Cleveland", 5), ("2022/23", "1", "England and Wales", 900)]
    _table(raw / "t.csv", rows, None)
    result = ingest(raw, tmp_path / "clean", use_cache=False)
    assert result.ok and [o.force for o in result.observations] == ["cleveland"]


def test_bare_london_is_not_taken_for_a_total(tmp_path: Path) -> None:
    # "London" could be the Met or the City: it fails the file rather than vanish as a region.
    raw = tmp_path / "raw"
    _table(raw / "t.csv", [("2022/23", "1", "London", 5)], None)
    result = ingest(raw, tmp_path / "clean", use_cache=False)
    assert [f.status for f in result.files] == ["failed"]
    assert "'London'" in result.files[0].error


def test_reports_show_release_and_alignment(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(raw), "--out", str(tmp_path / "c")]).exit_code == 0
    out = runner.invoke(
        app,
        [
            "report",
            "--force",
            "avon-and-somerset",
            "--clean",
            str(tmp_path / "c"),
            "--out",
            str(tmp_path / "r"),
        ],
    )
    text = " ".join(out.stdout.split())
    assert "10 SPOs granted against 10,538 recorded stalking offences" in text
    assert "offences counted from 1 January 2020" in text
    assert "Offences from the Home Office table released 19 October 2023." in text
    national = runner.invoke(
        app, ["report", "--clean", str(tmp_path / "c"), "--out", str(tmp_path / "r")]
    )
    assert national.exit_code == 0
    assert (
        "Per resident, 2022/23: recorded stalking offences per 1,000 residents, highest first: Cleveland 4.05"
        in (" ".join(national.stdout.split()))
    )
    assert (tmp_path / "r" / "national" / "per-resident.png").stat().st_size > 10_000
    md = (tmp_path / "r" / "national" / "briefing.md").read_text(encoding="utf-8")
    # The league is drawn in per-resident.png; the page gives its top in words.
    assert "highest first: Cleveland 4.05" in md
    cleveland = runner.invoke(
        app,
        [
            "report",
            "--force",
            "cleveland",
            "--clean",
            str(tmp_path / "c"),
            "--out",
            str(tmp_path / "r"),
        ],
    )
    assert "on the raw count it was 20th." in " ".join(cleveland.stdout.split())


def _quarter_sum(force_name: str, first: tuple[int, int], last: tuple[int, int]) -> int:
    """Independently of the library: the shipped CSV's quarters from (fy, q) to (fy, q)."""
    total = 0
    with SHIPPED_CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            key = (int(row["Financial Year"][:4]), int(row["Financial Quarter"]))
            if row["Force Name"] == force_name and first <= key <= last:
                total += int(row["Number of Offences"])
    return total


def test_demo_rates_for_real_forces(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    ingest(raw, tmp_path / "clean", use_cache=False)
    table = compute(load_rows(tmp_path / "clean"))
    rates = {r.force: r for r in table.rates if not r.estimated}
    avon = rates["avon-and-somerset"]
    assert (avon.start, avon.end, avon.numerator) == (date(2020, 1, 20), date(2023, 3, 31), 10)
    # January to March 2020 is 2019/20 Q4; January to March 2023 is 2022/23 Q4.
    assert avon.denominator == _quarter_sum("Avon and Somerset", (2019, 4), (2022, 4))
    assert SPO_START_NOTE in avon.note and "April 2020 counting-rule change" in avon.note
    assert any(s.release == date(2023, 10, 19) for s in avon.denominator_sources)
    assert avon.denominator_release == date(2023, 10, 19)
    for force, name in (("northumbria", "Northumbria"), ("cheshire", "Cheshire")):
        r = rates[force]
        assert (r.start, r.end) == (date(2020, 1, 1), date(2021, 6, 30))
        assert r.denominator == _quarter_sum(name, (2019, 4), (2021, 1))
    norfolk = rates["norfolk"]
    assert (norfolk.start, norfolk.end) == (date(2020, 10, 1), date(2021, 9, 30))
    assert norfolk.denominator == _quarter_sum("Norfolk", (2020, 3), (2021, 2))
