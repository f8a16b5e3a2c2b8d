"""Outputs opened by the tools people use: a map join, openpyxl, Datasette, frictionless."""

from __future__ import annotations

import csv
import io
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spo_stats.analysis.rates import compute
from spo_stats.cli.main import app
from spo_stats.dataset.store import load_rows, observation_rows, write_dataset
from spo_stats.forces import all_forces
from spo_stats.publish.tables import observations_table, rates_table
from spo_stats.schema import Observation

runner = CliRunner()

# The 43 police force areas of England and Wales as the ONS names them: PFA23CD and PFA23NM of the
# ONS Open Geography Portal's "Local Authority District to CSPs to Police Force Areas (December
# 2023) Lookup" (Open Government Licence v3.0), the table a Datawrapper map of police force areas
# joins to. The codes agree with shared/research/forces.md.
PFA_LOOKUP = """PFA23CD,PFA23NM
E23000001,Metropolitan Police
E23000002,Cumbria
E23000003,Lancashire
E23000004,Merseyside
E23000005,Greater Manchester
E23000006,Cheshire
E23000007,Northumbria
E23000008,Durham
E23000009,North Yorkshire
E23000010,West Yorkshire
E23000011,South Yorkshire
E23000012,Humberside
E23000013,Cleveland
E23000014,West Midlands
E23000015,Staffordshire
E23000016,West Mercia
E23000017,Warwickshire
E23000018,Derbyshire
E23000019,Nottinghamshire
E23000020,Lincolnshire
E23000021,Leicestershire
E23000022,Northamptonshire
E23000023,Cambridgeshire
E23000024,Norfolk
E23000025,Suffolk
E23000026,Bedfordshire
E23000027,Hertfordshire
E23000028,Essex
E23000029,Thames Valley
E23000030,Hampshire
E23000031,Surrey
E23000032,Kent
E23000033,Sussex
E23000034,"London, City of"
E23000035,Devon & Cornwall
E23000036,Avon and Somerset
E23000037,Gloucestershire
E23000038,Wiltshire
E23000039,Dorset
W15000001,North Wales
W15000002,Gwent
W15000003,South Wales
W15000004,Dyfed-Powys
"""


def _obs(force: str, measure: str, value: int | None, cell: str, **more: object) -> Observation:
    fields: dict[str, object] = {
        "force": force,
        "period_start": date(2022, 1, 1),
        "period_end": date(2022, 12, 31),
        "period_label": "2022",
        "measure": measure,
        "value": value,
        "status": "reported" if value is not None else "suppressed",
        "note": "SYNTHETIC test figure",
        "source_file": "synthetic/all-forces.csv",
        "source_sheet": "all-forces",
        "source_cell": cell,
        "source_sha256": "0" * 64,
    }
    fields.update(more)
    return Observation(**fields)  # type: ignore[arg-type]


def synthetic_observations() -> list[Observation]:
    """SYNTHETIC: SPOs and offences for every territorial force in 2022, an aggregate, a gap."""
    obs = []
    territorial = [f for f in all_forces() if f.territorial]
    for i, f in enumerate(territorial, start=2):
        obs.append(_obs(f.slug, "spo_granted", i % 9, f"B{i}"))
        obs.append(_obs(f.slug, "stalking_offences", 1000 + 37 * i, f"C{i}"))
    obs.append(_obs("scotland", "stalking_offences", None, "C60", value_min=0, value_max=4))
    obs.append(
        _obs(
            "england-and-wales",
            "spo_granted",
            200,
            "B70",
            area_type="aggregate",
            source_kind="manual",
            source="SYNTHETIC citation, 1 January 2023",
            source_url="https://example.org/synthetic",
        )
    )
    obs.append(_obs("england-and-wales", "stalking_offences", 60000, "C70", area_type="aggregate"))
    return obs


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic-clean")
    write_dataset(folder, synthetic_observations(), {"synthetic": True})
    return folder


def _export(clean: Path, what: str, target: Path, *more: str) -> None:
    result = runner.invoke(
        app, ["export", what, "--clean", str(clean), "--out", str(target), *more]
    )
    assert result.exit_code == 0, result.stderr


def test_rates_csv_joins_every_police_force_area(clean: Path, tmp_path: Path) -> None:
    _export(clean, "rates", tmp_path / "rates.csv")
    rates = list(csv.DictReader((tmp_path / "rates.csv").open(encoding="utf-8")))
    lookup = {r["PFA23CD"]: r["PFA23NM"] for r in csv.DictReader(io.StringIO(PFA_LOOKUP))}
    assert len(lookup) == 43
    forces = [r for r in rates if r["area_type"] == "force"]
    joined = {r["ons_code"]: lookup.get(r["ons_code"]) for r in forces}
    assert set(joined) == set(lookup)  # every one of the 43 areas, nothing unmatched
    assert all(joined.values())
    by_code = {r["ons_code"]: r for r in forces}
    assert by_code["E23000013"]["force_name"] == "Cleveland Police"
    assert by_code["E23000013"]["force"] == "cleveland"
    (agg,) = [r for r in rates if r["area_type"] == "aggregate"]
    assert (agg["force_name"], agg["ons_code"]) == ("England and Wales", "")


def test_observations_csv_has_names_and_codes(clean: Path, tmp_path: Path) -> None:
    _export(clean, "observations", tmp_path / "obs.csv")
    rows = list(csv.DictReader((tmp_path / "obs.csv").open(encoding="utf-8")))
    scotland = next(r for r in rows if r["force"] == "scotland")
    assert (scotland["force_name"], scotland["ons_code"]) == ("Police Scotland", "")
    kent = next(r for r in rows if r["force"] == "kent")
    assert (kent["force_name"], kent["ons_code"]) == ("Kent Police", "E23000032")
    agg = next(r for r in rows if r["force"] == "england-and-wales" and r["source_url"])
    assert agg["source"] == "SYNTHETIC citation, 1 January 2023"
    assert agg["source_url"] == "https://example.org/synthetic"


def test_xlsx_has_real_dates_numbers_filters_and_a_readme(clean: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    target = tmp_path / "rates.xlsx"
    _export(clean, "rates", target)
    wb = load_workbook(target)
    assert wb.sheetnames == ["rates", "observations", "README"]
    ws = wb["rates"]
    header = [c.value for c in ws[1]]
    first = dict(zip(header, ws[2], strict=True))
    assert first["period_start"].is_date and isinstance(first["period_start"].value, datetime)
    assert first["period_start"].value.date() == date(2022, 1, 1)
    assert first["period_end"].value.date() == date(2022, 12, 31)
    assert isinstance(first["spo_granted"].value, int)
    assert isinstance(first["stalking_offences"].value, int)
    assert isinstance(first["spo_per_100_offences"].value, float)
    assert first["approximate"].value is False
    assert ws.freeze_panes == "A2"
    last = get_column_letter(len(header))
    assert ws.auto_filter.ref == f"A1:{last}{ws.max_row}"
    widths = [ws.column_dimensions[get_column_letter(i)].width for i in range(1, len(header) + 1)]
    assert all(8 <= w <= 60 for w in widths)
    obs = wb["observations"]
    oheader = [c.value for c in obs[1]]
    values = [dict(zip(oheader, (c.value for c in row), strict=True)) for row in obs.iter_rows(2)]
    scotland = next(v for v in values if v["force"] == "scotland")
    assert scotland["value"] is None and scotland["value_max"] == 4  # missing stays empty
    readme = [row for row in wb["README"].iter_rows(values_only=True)]
    described = {(r[0], r[1]) for r in readme if r[2] in ("string", "integer", "number", "date")}
    assert ("rates", "ons_code") in described and ("observations", "source_url") in described
    assert ("SYNTHETIC citation, 1 January 2023", "https://example.org/synthetic") in {
        (r[0], r[1]) for r in readme
    }


def _columns(db: Path, table: str) -> list[tuple[str, str]]:
    con = sqlite3.connect(db)
    try:
        return [(r[1], r[2]) for r in con.execute(f'PRAGMA table_info("{table}")')]
    finally:
        con.close()


def test_sqlite_types_never_depend_on_the_data(
    clean: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _export(clean, "observations", tmp_path / "a.sqlite")
    empty = tmp_path / "empty"
    write_dataset(empty, [], {})
    _export(empty, "observations", tmp_path / "b.sqlite")
    for table in ("observations", "rates"):
        assert _columns(tmp_path / "a.sqlite", table) == _columns(tmp_path / "b.sqlite", table)
    types = dict(_columns(tmp_path / "a.sqlite", "observations"))
    assert types["value_min"] == "INTEGER" and types["period_start"] == "TEXT"
    assert types["approximate"] == "INTEGER" and types["note"] == "TEXT"
    rtypes = dict(_columns(tmp_path / "a.sqlite", "rates"))
    assert rtypes["spo_per_100_offences"] == "REAL" and rtypes["rank"] == "INTEGER"
    con = sqlite3.connect(tmp_path / "a.sqlite")
    pk = [
        r[1] for r in sorted(con.execute('PRAGMA table_info("rates")'), key=lambda r: r[5]) if r[5]
    ]
    assert pk == ["force", "numerator_measure", "period_start", "period_end"]
    indexed = {
        con.execute(f'PRAGMA index_info("{name}")').fetchone()[2]
        for (_, name, *_rest) in con.execute('PRAGMA index_list("observations")')
    }
    assert {"force", "period_start", "measure"} <= indexed
    views = {r[0] for r in con.execute("select name from sqlite_master where type = 'view'")}
    assert views == {"league_table"}
    con.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get_json(url: str) -> object:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def test_datasette_serves_the_sqlite_export(clean: Path, tmp_path: Path) -> None:
    db = tmp_path / "spo.sqlite"
    _export(clean, "rates", db)
    metadata = tmp_path / "spo.sqlite.metadata.json"
    datasette = Path(sys.executable).parent / "datasette"
    port = _free_port()
    proc = subprocess.Popen(
        [
            datasette,
            "serve",
            db,
            "--metadata",
            metadata,
            "--host",
            "127.0.0.1",
            "--port",
            f"{port}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _get_json(f"{base}/-/versions.json")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode() if proc.stdout else ""
                    pytest.fail(f"datasette did not answer on {base}: {out}")
                time.sleep(0.2)
        got = _get_json(f"{base}/spo/rates.json?_shape=array&ons_code=E23000013")
        rates = {r["ons_code"]: r for r in rates_table(compute(load_rows(clean))).records}
        assert isinstance(got, list) and len(got) == 1
        (row,) = got
        want = rates["E23000013"]
        assert row["force_name"] == "Cleveland Police"
        assert row["spo_granted"] == want["spo_granted"]
        assert row["stalking_offences"] == want["stalking_offences"]
        assert row["spo_per_100_offences"] == want["spo_per_100_offences"]
        assert row["period_start"] == "2022-01-01"
        league = _get_json(f"{base}/spo/league_table.json?_shape=array&_size=100")
        assert isinstance(league, list) and len(league) == 43
        meta = _get_json(f"{base}/-/metadata.json")
        assert isinstance(meta, dict)
        columns = meta["databases"]["spo"]["tables"]["rates"]["columns"]
        assert columns["ons_code"].startswith("ONS police force area code")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()


def test_frictionless_validates_the_package(clean: Path, tmp_path: Path) -> None:
    from frictionless import validate

    result = runner.invoke(
        app, ["export", "rates", "--clean", str(clean), "--package", str(tmp_path / "pkg")]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    descriptor = json.loads((tmp_path / "pkg" / "datapackage.json").read_text())
    assert [r["path"] for r in descriptor["resources"]] == ["rates.csv", "observations.csv"]
    assert descriptor["licenses"][0]["name"] == "OGL-UK-3.0"
    assert {"title": "SYNTHETIC citation, 1 January 2023", "path": "https://example.org/synthetic"} in descriptor["sources"]  # fmt: skip
    fields = {f["name"]: f for f in descriptor["resources"][1]["schema"]["fields"]}
    assert fields["value"]["type"] == "integer" and fields["period_start"]["type"] == "date"
    assert descriptor["resources"][1]["schema"]["missingValues"] == [""]
    report = validate(tmp_path / "pkg" / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.stats["errors"] == 0 and report.stats["tasks"] == 2


def test_ingest_writes_a_valid_package_of_the_clean_dataset(clean: Path) -> None:
    from frictionless import validate

    report = validate(clean / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    descriptor = json.loads((clean / "datapackage.json").read_text())
    assert descriptor["resources"][0]["path"] == "observations.csv"
    assert descriptor["resources"][0]["schema"]["primaryKey"] == [
        "source_file",
        "source_sheet",
        "source_cell",
    ]


def test_json_and_parquet_keep_types(clean: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    _export(clean, "observations", tmp_path / "o.parquet")
    schema = pq.read_schema(tmp_path / "o.parquet")
    assert str(schema.field("period_start").type) == "date32[day]"
    assert str(schema.field("value_min").type) == "int64"
    _export(clean, "rates", tmp_path / "r.json")
    records = json.loads((tmp_path / "r.json").read_text())
    assert records[0]["period_start"] == "2022-01-01"
    assert isinstance(records[0]["spo_granted"], int)


def test_observation_rows_match_the_export(clean: Path) -> None:
    rows = load_rows(clean)
    table = observations_table(rows)
    records, docs = table.records, table.docs
    assert list(docs) == list(observation_rows(synthetic_observations())[0])
    assert len(records) == len(rows)
