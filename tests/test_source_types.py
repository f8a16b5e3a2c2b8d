"""Every figure says what kind of source it is, and where it was read when that was a copy."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from spo_stats.cli.main import app
from spo_stats.dataset.store import write_dataset
from spo_stats.schema import Observation
from spo_stats.sources.manual import read_manual

runner = CliRunner()

HEADER = "area,period,measure,value,source,source_type,read_at,definition\n"


def _read(text: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    rows = [[c or None for c in r] for r in csv.reader(io.StringIO(HEADER + text))]
    reading = read_manual(rows, "s")  # type: ignore[arg-type]
    return [(f.source_type, f.copy_url, f.definition) for f in reading.figures], reading.warnings


def test_manual_rows_say_their_source_type_copy_and_definition() -> None:
    # SYNTHETIC manual-entry rows.
    figures, warnings = _read(
        "Kent,2021,spo_granted,4,News (SYNTHETIC),,,\n"
        "Kent,2022,spo_granted,5,FOI 1 (SYNTHETIC),force,https://copy.example.org/a,\n"
        "Kent,2023,stalking_offences,9,News (SYNTHETIC),quoted,,outcomes_incidents\n"
    )
    assert warnings == []
    assert figures == [
        ("quoted", "", ""),
        ("force", "https://copy.example.org/a", ""),
        ("quoted", "", "outcomes_incidents"),
    ]


@pytest.mark.parametrize(
    ("row", "warning"),
    [
        (
            "Kent,2021,spo_granted,4,News (SYNTHETIC),gossip,,",
            "sheet 's' row 2: left out, source_type 'gossip' not recognised "
            "(use one of official, force, compiled, quoted).",
        ),
        (
            "Kent,2021,spo_granted,4,News (SYNTHETIC),,ftp://copy.example.org/a,",
            "sheet 's' row 2: left out, read_at 'ftp://copy.example.org/a' is not a web address "
            "(http or https).",
        ),
        (
            "Kent,2021,spo_granted,4,News (SYNTHETIC),,a copy somewhere,",
            "sheet 's' row 2: left out, read_at 'a copy somewhere' is not a web address "
            "(http or https).",
        ),
        (
            "Kent,2021,spo_granted,4,News (SYNTHETIC),,,incidents",
            "sheet 's' row 2: left out, definition 'incidents' not recognised "
            "(use outcomes_incidents, or leave it empty).",
        ),
    ],
)
def test_bad_source_type_copy_or_definition_is_left_out_with_a_warning(
    row: str, warning: str
) -> None:
    figures, warnings = _read(row + "\n")
    assert figures == []
    assert warnings == [warning]


def _obs(cell: str, kind: str, **more: object) -> Observation:
    # SYNTHETIC figures, one of each kind of source.
    fields: dict[str, object] = {
        "force": "kent",
        "period_start": date(2022, 1, 1),
        "period_end": date(2022, 12, 31),
        "period_label": "2022",
        "measure": "spo_granted",
        "value": 3,
        "status": "reported",
        "source_kind": kind,
        "source_file": "synthetic.csv",
        "source_sheet": "synthetic",
        "source_cell": cell,
        "source_sha256": "0" * 64,
        **more,
    }
    return Observation(**fields)  # type: ignore[arg-type]


def test_source_type_follows_the_kind_of_file_unless_a_manual_entry_says() -> None:
    assert _obs("A1", "home_office").source_type == "official"
    assert _obs("A1", "foi_return").source_type == "force"
    assert _obs("A1", "compiled").source_type == "compiled"
    assert _obs("A1", "manual").source_type == "quoted"
    assert _obs("A1", "manual", source_type="force").source_type == "force"


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    folder = tmp_path / "clean"
    obs = [
        _obs("A1", "home_office", measure="stalking_offences", value=100),
        _obs("A2", "foi_return"),
        _obs(
            "A3", "manual", source="News (SYNTHETIC)", source_copy_url="https://copy.example.org/"
        ),
    ]
    write_dataset(folder, obs, {"synthetic": True})
    return folder


def _export(clean: Path, target: Path) -> None:
    result = runner.invoke(
        app, ["export", "observations", "--clean", str(clean), "--out", str(target)]
    )
    assert result.exit_code == 0, result.stderr


def test_every_output_carries_source_type_and_copy(clean: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    rows = list(csv.DictReader((clean / "observations.csv").open(encoding="utf-8")))
    assert [(r["source_type"], r["source_copy_url"]) for r in rows] == [
        ("official", ""),
        ("force", ""),
        ("quoted", "https://copy.example.org/"),
    ]
    descriptor = json.loads((clean / "datapackage.json").read_text())
    fields = {f["name"]: f for f in descriptor["resources"][0]["schema"]["fields"]}
    assert fields["source_type"]["constraints"]["enum"] == [
        "official",
        "force",
        "compiled",
        "quoted",
    ]
    assert fields["source_type"]["constraints"]["required"] is True
    assert "copy of the original" in fields["source_copy_url"]["description"]
    _export(clean, tmp_path / "o.sqlite")
    con = sqlite3.connect(tmp_path / "o.sqlite")
    got = con.execute("select source_type, source_copy_url from observations order by source_cell")
    # SQLite holds an empty text as NULL, as for source_url.
    assert list(got) == [
        ("official", None),
        ("force", None),
        ("quoted", "https://copy.example.org/"),
    ]
    con.close()
    _export(clean, tmp_path / "o.parquet")
    table = pq.read_table(tmp_path / "o.parquet")
    assert table.column("source_type").to_pylist() == ["official", "force", "quoted"]
    assert table.column("source_copy_url").to_pylist() == ["", "", "https://copy.example.org/"]


RAW = Path(__file__).parent.parent / "data" / "raw"
# Sites that republish other publishers' stories: a figure read there is read at a copy.
COPY_HOSTS = ("fastnewsusa.com", "ksaplayers.com", "coron.tech", "vimarsana.com", "newstabeus.com")
FORCE_HOSTS = (
    "avonandsomerset.police.uk",
    "cleveland.police.uk",
    "dorset.police.uk",
    "northumbria.police.uk",
)


def _shipped() -> list[Any]:
    path = RAW / "published-figures.csv"
    rows = [[c or None for c in r] for r in csv.reader(path.open(encoding="utf-8"))]
    reading = read_manual(rows, "published-figures")  # type: ignore[arg-type]
    assert reading.warnings == []
    return list(reading.figures)


def test_no_shipped_figure_is_cited_to_a_copy() -> None:
    figures = _shipped()
    copies = [f for f in figures if f.copy_url]
    assert copies  # the BBC 2025 rows and Durham's are read at copies
    for f in figures:
        assert not any(h in f.url for h in COPY_HOSTS), (f.label, f.url)
        assert not any(h in f.source for h in COPY_HOSTS), (f.label, f.source)
    for f in copies:
        assert any(h in f.copy_url for h in COPY_HOSTS), f.copy_url
        assert "not known" in f.note  # the original's address is said to be unknown
    bbc = [f for f in figures if f.area == "bbc-44-uk-forces"]
    assert {f.source for f in bbc} == {"BBC News (FOI), 2025"}


def test_shipped_source_types() -> None:
    for f in _shipped():
        own = any(h in f.url for h in FORCE_HOSTS)
        assert f.source_type == ("force" if own else "quoted"), (f.label, f.url)


def _sum_8q(forces: set[str], quarters: set[tuple[str, str]]) -> int:
    path = RAW / "home-office" / "prc-pfa-mar2013-onwards-tables-191023-stalking-8q.csv"
    return sum(
        int(r["Number of Offences"])
        for r in csv.DictReader(path.open(encoding="utf-8-sig"))
        if r["Force Name"] in forces and (r["Financial Year"], r["Financial Quarter"]) in quarters
    )


def test_durham_is_relabelled_as_the_bbc_outcomes_incidents() -> None:
    (durham,) = [f for f in _shipped() if f.area == "durham"]
    bbc = RAW / "bbc-sdu-2021" / "forsharing_stalking_protection_orders - Main_dataset.csv"
    (row,) = [r for r in csv.DictReader(bbc.open(encoding="utf-8-sig"))
              if r["Police force"].strip() == "Durham"]  # fmt: skip
    assert durham.parsed.value == int(row["incidents_apr_dec_20"]) == 1747
    assert (durham.period.start, durham.period.end) == (date(2020, 4, 1), date(2020, 12, 31))
    assert durham.definition == "outcomes_incidents"
    calendar = _sum_8q({"Durham"}, {("2019/20", "4"), *(("2020/21", q) for q in "123")})
    assert calendar == 2404 and f"{calendar:,}" in durham.note


def test_wales_2020_is_kept_as_said_with_the_official_sums_beside_it() -> None:
    (wales,) = [f for f in _shipped() if f.area == "wales" and f.measure == "stalking_offences"]
    assert wales.parsed.value == 7000 and wales.approximate
    welsh = {"Dyfed-Powys", "Gwent", "North Wales", "South Wales"}
    calendar = _sum_8q(welsh, {("2019/20", "4"), *(("2020/21", q) for q in "123")})
    financial = _sum_8q(welsh, {("2020/21", q) for q in "1234"})
    assert (calendar, financial) == (5721, 6598)
    assert f"{calendar:,}" in wales.note and f"{financial:,}" in wales.note


def test_the_456_row_says_it_disagrees_with_the_189() -> None:
    (row,) = [
        f
        for f in _shipped()
        if f.area == "england-and-wales" and f.measure == "spo_granted" and f.parsed.value == 456
    ]
    assert "disagrees with the 189" in row.note


def test_every_bbc_apr_dec_2020_incident_count_is_labelled_outcomes_incidents() -> None:
    bbc = RAW / "bbc-sdu-2021" / "forsharing_stalking_protection_orders - Main_dataset.csv"
    rows = list(csv.DictReader(bbc.open(encoding="utf-8-sig")))
    by_force = {r["Police force"].strip().lower(): int(r["incidents_apr_dec_20"]) for r in rows}
    total = sum(by_force.values())
    matched = []
    for f in _shipped():
        if f.measure != "stalking_offences" or (f.period.start, f.period.end) != (
            date(2020, 4, 1),
            date(2020, 12, 31),
        ):
            continue
        bbc_value = (
            total if f.area == "england-and-wales" else by_force.get(f.area.replace("-", " "))
        )
        if f.parsed.value == bbc_value:
            matched.append(f.area)
            assert f.definition == "outcomes_incidents", f.area
            assert "incidents_apr_dec_20" in f.note
    assert sorted(matched) == [
        "cheshire",
        "durham",
        "england-and-wales",
        "lancashire",
        "west-midlands",
    ]


def test_a_doubled_quote_past_the_sniffed_sample_stays_in_its_field(tmp_path: Path) -> None:
    from spo_stats.read.cells import read_sheets

    # SYNTHETIC: quoted fields without "" fill the sniffer's sample; a "" comes after it.
    head = "area,period,measure,value,source,note,source_type\n"
    plain = 'Kent,2021,spo_granted,4,"FOI 1, SYNTHETIC","a note, synthetic",force\n' * 200
    late = 'Kent,2022,spo_granted,5,FOI 2,"the ""year before"", read as 2022",force\n'
    path = tmp_path / "synthetic.csv"
    path.write_text(head + plain + late, encoding="utf-8")
    _, (sheet,) = read_sheets(path)
    assert sheet.rows[-1][-2:] == ['the "year before", read as 2022', "force"]
