"""The BBC Shared Data Unit's 2021 SPO table (real data, shipped byte for byte) read by its sidecar.

Expected values are read off the BBC's CSV by eye (see data/raw/bbc-sdu-2021/ and
shared/research/bbc-sdu-2021/README.md for its traps).
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spo_stats.analysis.rates import OUTCOMES_NOTE, compute, resolve
from spo_stats.cli.main import app
from spo_stats.dataset.store import load_rows
from spo_stats.forces import all_forces
from spo_stats.publish.compiled import compiled_spo_counts
from spo_stats.publish.report import build_national_report
from spo_stats.schema import Observation
from tests.helpers import row

RAW = Path(__file__).parent.parent / "data" / "raw"
FOLDER = RAW / "bbc-sdu-2021"
CSV = FOLDER / "forsharing_stalking_protection_orders - Main_dataset.csv"
SHA256 = "b667d8661ed5b509f6c4eecedf2628b8a2e1d816270a6fe810c88856dee23011"
SPO_START = date(2020, 1, 20)

runner = CliRunner()


@pytest.fixture(scope="module")
def bbc(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Observation], str]:
    raw = tmp_path_factory.mktemp("raw")
    shutil.copytree(FOLDER, raw / "bbc-sdu-2021")
    clean = tmp_path_factory.mktemp("clean")
    result = runner.invoke(app, ["ingest", str(raw), "--out", str(clean)])
    assert result.exit_code == 0, result.stderr
    return load_rows(clean), result.stderr


def test_shipped_unchanged() -> None:
    assert hashlib.sha256(CSV.read_bytes()).hexdigest() == SHA256


def _granted(rows: list[Observation]) -> dict[str, Observation]:
    got = [r for r in rows if r.measure == "spo_granted"]
    assert len(got) == len({r.force for r in got})
    return {r.force: r for r in got}


def test_spos_granted_per_force(bbc: tuple[list[Observation], str]) -> None:
    granted = _granted(bbc[0])
    # The BBC's README says 41 of 43 forces answered, but its table has 42 rows (no City of
    # London) of which 40 answered: 40 forces have a figure. No figure is made up for the 41st.
    assert len(granted) == 40
    assert "lincolnshire" not in granted and "north-yorkshire" not in granted
    assert "city-of-london" not in granted
    assert sum(r.value for r in granted.values()) == 294
    cleveland = granted["cleveland"]
    assert (cleveland.value, cleveland.period_start, cleveland.period_end) == (
        1,
        SPO_START,
        date(2021, 5, 6),
    )
    met = granted["metropolitan"]
    assert (met.value, met.period_end, met.source_cell) == (59, date(2021, 5, 12), "C25")
    assert granted["dyfed-powys"].period_end == date(2020, 12, 30)
    assert granted["nottinghamshire"].value == 13
    for slug in ("humberside", "thames-valley", "dorset", "suffolk"):  # the BBC's four
        assert granted[slug].value == 0
    assert {r.period_start for r in granted.values()} == {SPO_START}
    assert {r.status for r in granted.values()} == {"reported"}


def test_every_figure_cited(bbc: tuple[list[Observation], str]) -> None:
    rows = bbc[0]
    assert rows
    for r in rows:
        assert r.source_kind == "compiled"
        assert r.source_sidecar == f"bbc-sdu-2021/{CSV.name}.spo.toml"
        assert r.source_url == "https://github.com/BBC-Data-Unit/stalking_protection_orders"
        assert r.source_date == date(2021, 6, 18)
        assert r.source.startswith(
            'BBC Shared Data Unit, "Stalking Protection Orders" dataset, 18 June 2021'
        )
        # The story is cited by its title; source_url holds the one web address (the dataset).
        assert "New stalking laws not being used by all police forces" in r.source
        assert r.source_sha256 == SHA256


def test_incidents_are_outcomes_data(bbc: tuple[list[Observation], str]) -> None:
    rows = bbc[0]
    incidents = [r for r in rows if r.measure == "stalking_offences"]
    assert {r.definition for r in incidents} == {"outcomes_incidents"}
    assert all("not recorded crime (8Q)" in r.note for r in incidents)
    periods = {(r.period_start, r.period_end) for r in incidents}
    assert periods == {
        *((date(y, 4, 1), date(y + 1, 3, 31)) for y in range(2015, 2020)),
        (date(2020, 4, 1), date(2020, 12, 31)),
    }
    # 42 forces in 6 periods, less Greater Manchester's two missing figures.
    assert len(incidents) == 42 * 6 - 2
    durham = {r.period_label: r.value for r in incidents if r.force == "durham"}
    assert durham["2019/20"] == 818  # the outcomes count; recorded crime (8Q) says 822
    lincs = {r.period_label: r.value for r in incidents if r.force == "lincolnshire"}
    assert lincs["2019/20"] == 872  # Home Office data: kept though the force did not answer


def test_gmp_zeros_are_missing_not_zero(bbc: tuple[list[Observation], str]) -> None:
    rows, stderr = bbc
    gmp = {
        r.period_label: r.value
        for r in rows
        if r.force == "greater-manchester" and r.measure == "stalking_offences"
    }
    assert gmp == {"2015/16": 160, "2016/17": 141, "2017/18": 200, "2018/19": 342}
    assert _granted(rows)["greater-manchester"].value == 13
    assert "cell M15 (Greater Manchester | incidents_2019-20): left out" in stderr
    assert "cell N15 (Greater Manchester | incidents_apr_dec_20): left out" in stderr


def test_no_figure_from_derived_or_error_cells(bbc: tuple[list[Observation], str]) -> None:
    rows, stderr = bbc
    # Only SPOs granted (C) and the six incidents columns (I to N) are figures.
    assert {r.source_cell.rstrip("0123456789") for r in rows} == {"C", *"IJKLMN"}
    assert all(r.status == "reported" and r.value is not None for r in rows)
    notts = [r for r in rows if r.force == "nottinghamshire"]
    assert sorted(r.source_cell for r in notts) == ["C31", *(f"{c}31" for c in "IJKLMN")]
    assert "cell C23 (Lincolnshire | SPOs granted): left out, the force did not answer" in stderr
    assert "cell C28 (North Yorkshire | SPOs granted): left out" in stderr


def test_forces_as_the_bbc_spells_them(bbc: tuple[list[Observation], str]) -> None:
    labels = {r.force: r.source_label for r in bbc[0] if r.measure == "spo_granted"}
    assert labels["metropolitan"] == "Metropolitan  Service | SPOs granted"
    assert labels["dyfed-powys"] == "Dyfed Powys | SPOs granted"
    territorial = {f.slug for f in all_forces() if f.territorial}
    assert {r.force for r in bbc[0]} == territorial - {"city-of-london"}


def test_national_report_lists_the_2021_counts(bbc: tuple[list[Observation], str]) -> None:
    rows = bbc[0]
    (table,) = compiled_spo_counts(rows)
    assert table.measure == "spo_granted"
    assert table.counts[0][:2] == ("Metropolitan Police Service", 59)
    assert len(table.counts) == 40
    assert set(table.missing) == {
        "Lincolnshire Police",
        "North Yorkshire Police",
        "City of London Police",
    }
    text = " ".join(build_national_report(rows, today=date(2026, 1, 1)).sentences)
    assert (
        "Per force, SPOs granted from 20 January 2020 to "
        "each force's own date (30 December 2020 to 26 May 2021), 40 forces, 294 in all: "
        "Metropolitan Police Service 59, Sussex Police 30," in text
    )


def test_the_demo_shows_counts_beside_the_2025_headline(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    assert runner.invoke(app, ["ingest", str(RAW), "--out", str(clean)]).exit_code == 0
    result = runner.invoke(app, ["report", "--clean", str(clean), "--out", str(tmp_path / "r")])
    assert result.exit_code == 0
    assert "44 UK police forces (BBC FOI, 2025), 2020 to 2023: 1,388 SPOs granted" in result.stdout
    assert "40 forces, 294 in all: Metropolitan Police Service 59" in result.stdout


# --- rates: a count from outcomes data is never taken for recorded crime ------------------------


def test_outcomes_incidents_never_conflict_with_recorded_crime() -> None:
    fy = (date(2019, 4, 1), date(2020, 3, 31))
    official = row("durham", "stalking_offences", *fy, 822, kind="home_office", file="ho.xlsx")
    outcomes = row(
        "durham", "stalking_offences", *fy, 818, kind="compiled", definition="outcomes_incidents"
    )
    figs, conflicts = resolve([official, outcomes], "force")
    assert conflicts == []
    assert sorted((f.value, f.definition) for f in figs) == [(818, "outcomes_incidents"), (822, "")]
    spo = row("durham", "spo_granted", *fy, 2)
    (rate,) = compute([official, outcomes, spo]).rates
    assert rate.denominator == 822  # recorded crime preferred
    assert OUTCOMES_NOTE not in rate.note


def test_a_rate_on_outcomes_incidents_says_so() -> None:
    fy = (date(2019, 4, 1), date(2020, 3, 31))
    outcomes = row(
        "durham", "stalking_offences", *fy, 818, kind="compiled", definition="outcomes_incidents"
    )
    (rate,) = compute([outcomes, row("durham", "spo_granted", *fy, 2)]).rates
    assert rate.denominator == 818
    assert "stalking incidents from Home Office outcomes data, not recorded crime (8Q)" in rate.note


def test_force_report_words_for_outcomes_incidents() -> None:
    from spo_stats.publish.report import build_force_report

    fy = (date(2019, 4, 1), date(2020, 3, 31))
    outcomes = row(
        "durham", "stalking_offences", *fy, 818, kind="compiled", definition="outcomes_incidents"
    )
    alone = " ".join(build_force_report([outcomes], "durham", today=date(2026, 1, 1)).sentences)
    assert (
        "Durham Constabulary had 818 stalking incidents in Home Office outcomes data (not "
        "recorded crime, 8Q) in 2019/20" in alone
    )
    rated = build_force_report(
        [outcomes, row("durham", "spo_granted", *fy, 2)], "durham", today=date(2026, 1, 1)
    )
    assert (
        "2 SPOs granted against 818 stalking incidents in Home Office outcomes data (not "
        "recorded crime, 8Q)" in " ".join(rated.sentences)
    )


def test_observations_with_a_source_date_export_as_json(tmp_path: Path) -> None:
    import json

    clean = tmp_path / "clean"
    raw = tmp_path / "raw"
    shutil.copytree(FOLDER, raw / "bbc-sdu-2021")
    assert runner.invoke(app, ["ingest", str(raw), "--out", str(clean)]).exit_code == 0
    out = tmp_path / "obs.json"
    result = runner.invoke(app, ["export", "observations", "-o", str(out), "--clean", str(clean)])
    assert result.exit_code == 0, result.stderr
    records = json.loads(out.read_text(encoding="utf-8"))
    assert {r["source_date"] for r in records} == {"2021-06-18"}


def test_a_misspelt_column_in_the_recipe_names_its_line(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(FOLDER, raw / "bbc-sdu-2021")
    side = raw / "bbc-sdu-2021" / f"{CSV.name}.spo.toml"
    text = side.read_text(encoding="utf-8")
    side.write_text(text.replace('"incidents_2017-18"', '"incidents_2017_18"'), encoding="utf-8")
    line = next(i for i, x in enumerate(text.splitlines(), 1) if '"incidents_2017-18"' in x)
    result = runner.invoke(app, ["ingest", str(raw), "--out", str(tmp_path / "clean")])
    assert result.exit_code == 1
    assert (
        f"Failed: bbc-sdu-2021/{CSV.name}.spo.toml, line {line}, key compiled.columns[3].column: "
        "no column 'incidents_2017_18' in header row 1" in result.stderr
    )


def test_offence_history_is_recorded_crime_only() -> None:
    from spo_stats.publish.report import build_force_report

    fy = (date(2019, 4, 1), date(2020, 3, 31))
    outcomes = row(
        "durham", "stalking_offences", *fy, 818, kind="compiled", definition="outcomes_incidents"
    )
    recorded = row("durham", "stalking_offences", *fy, 822)
    rep = build_force_report([outcomes, recorded], "durham", today=date(2026, 1, 1))
    assert [f.value for f in rep.offence_history] == [822]
