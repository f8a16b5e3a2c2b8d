"""ONS population by police force area, and rates per resident."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from spo_stats.analysis.per_resident import (
    ACROSS_RULE_CHANGE,
    BEFORE_RULE_CHANGE,
    compute_per_resident,
)
from spo_stats.cli.main import app
from spo_stats.dataset.store import load_population, load_rows
from spo_stats.forces import all_forces
from spo_stats.ingest import ingest
from spo_stats.publish.per_resident import (
    per_resident_league,
    per_resident_sentence,
    resident_records,
)
from spo_stats.schema import Observation, PopulationFigure
from tests.helpers import row

ROOT = Path(__file__).parent.parent
RAW = ROOT / "data" / "raw"
WORKBOOK = RAW / "ons" / "LAD23_Mid_Year_pop_2011_to_2023.xlsx"
HO_CSV = RAW / "home-office" / "prc-pfa-mar2013-onwards-tables-191023-stalking-8q.csv"
CLEVELAND_LAS = ("E06000001", "E06000002", "E06000003", "E06000004")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped raw folder ingested once for the module."""
    clean = tmp_path_factory.mktemp("clean")
    result = ingest(RAW, clean, use_cache=False)
    assert result.ok, [f.error for f in result.files]
    return clean


def _sheet(name: str) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(WORKBOOK)).get_sheet_by_name(name).to_python()


def test_force_sums_equal_ons_total_every_year(shipped: Path) -> None:
    # ONS's England and Wales total read independently, from another sheet (MYE4).
    mye4 = _sheet("MYE4")
    header = next(r for r in mye4 if r[0] == "Code")
    ew = next(r for r in mye4 if r[0] == "K04000001")
    totals = {int(h[4:]): int(v) for h, v in zip(header, ew, strict=True) if str(h)[:4] == "Mid-"}
    assert sorted(totals) == list(range(2011, 2024))
    pop = load_population(shipped)
    for year, total in totals.items():
        forces = [p for p in pop if p.area_type == "force" and p.reference_date.year == year]
        assert len(forces) == 43
        assert sum(p.population for p in forces) == total, year
        own = [p for p in pop if p.area == "england-and-wales" and p.reference_date.year == year]
        assert [p.population for p in own] == [total]
    welsh = {f.slug for f in all_forces() if f.country == "Wales"}
    for year in totals:
        wales = next(p for p in pop if p.area == "wales" and p.reference_date.year == year)
        forces = [p for p in pop if p.area in welsh and p.reference_date.year == year]
        assert sum(p.population for p in forces) == wales.population


def test_cleveland_population_and_citation(shipped: Path) -> None:
    row = next(
        p
        for p in load_population(shipped)
        if p.area == "cleveland" and p.reference_date == date(2022, 6, 30)
    )
    assert row.population == 579_710
    assert row.ons_code == "E23000013" and row.local_authorities == 4
    assert row.edition_date == date(2024, 7, 15)
    assert "June 2023 (published 15 July 2024)" in row.edition
    assert row.source_sheet == "MYE5" and not row.superseded
    assert "Police Force Areas (December 2023) Lookup" in row.source


def _independent_rate(force_name: str, las: tuple[str, ...], fy: int) -> tuple[int, int, float]:
    """Offences in financial year fy/fy+1 from the shipped CSV, residents at mid-fy from MYE5."""
    with HO_CSV.open(encoding="utf-8") as fh:
        count = sum(
            int(r["Number of Offences"])
            for r in csv.DictReader(fh)
            if r["Force Name"] == force_name and r["Financial Year"] == f"{fy}/{str(fy + 1)[2:]}"
        )
    mye5 = _sheet("MYE5")
    header = next(r for r in mye5 if r[0] == "Code")
    col = header.index(f"Estimated Population mid-{fy}")
    people = sum(int(r[col]) for r in mye5 if r[0] in las)
    return count, people, count * 1000 / people


def test_cleveland_per_resident_done_when(shipped: Path) -> None:
    rows, pop = load_rows(shipped), load_population(shipped)
    table = compute_per_resident(rows, pop)
    fy2022 = table.forces(date(2022, 4, 1), date(2023, 3, 31))
    cleveland = next(r for r in fy2022 if r.area == "cleveland")
    count, people, rate = _independent_rate("Cleveland", CLEVELAND_LAS, 2022)
    assert (cleveland.count, cleveland.population) == (count, people) == (2348, 579_710)
    assert cleveland.rate == pytest.approx(rate) and round(rate, 2) == 4.05
    assert (cleveland.rank, cleveland.of, cleveland.count_rank) == (1, 43, 20)
    assert cleveland.reference_date == date(2022, 6, 30)
    fy2021 = table.forces(date(2021, 4, 1), date(2022, 3, 31))
    assert [(r.area, round(r.rate, 2)) for r in fy2021[:2]] == [
        ("durham", 3.29),
        ("cleveland", 3.08),
    ]
    assert not any(r.area == "british-transport" for r in table.rates)
    assert "British Transport Police has no resident population." in table.left_out
    sentence = per_resident_sentence(rows, pop, "cleveland", table=table)
    assert sentence == (
        "Cleveland Police recorded about 4.1 stalking offences for every 1,000 residents in "
        "2022/23 (2,348 offences, 579,710 residents at mid-2022), the highest of the 43 forces "
        "of England and Wales; on the raw count it was 20th."
    )


def test_rule_change_is_stated(shipped: Path) -> None:
    table = compute_per_resident(load_rows(shipped), load_population(shipped))
    by = {(r.area, r.label): r for r in table.rates}
    assert BEFORE_RULE_CHANGE in by[("cleveland", "2019/20")].note
    assert by[("cleveland", "2019/20")].rank == 40
    assert ACROSS_RULE_CHANGE in by[("cleveland", "2020")].note
    assert "counting-rule" not in by[("cleveland", "2020/21")].note
    sentence = per_resident_sentence(load_rows(shipped), load_population(shipped), "cleveland")
    assert sentence is not None and "counting-rule" not in sentence


def test_aggregates_use_their_own_population(shipped: Path) -> None:
    rows, pop = load_rows(shipped), load_population(shipped)
    table = compute_per_resident(rows, pop, "spo_granted")
    ew = next(r for r in table.rates if r.area == "england-and-wales")
    mid2020 = next(
        p.population
        for p in pop
        if p.area == "england-and-wales" and p.reference_date == date(2020, 6, 30)
    )
    assert (ew.count, ew.population, ew.per, ew.rank) == (456, mid2020, 100_000, None)
    assert ew.rate == pytest.approx(456 * 100_000 / mid2020)


def test_league_and_ties(shipped: Path) -> None:
    league = per_resident_league(load_rows(shipped), load_population(shipped))
    assert league is not None and league.label == "2022/23" and len(league.rows) == 43
    assert [r.area for r in league.rows[:5]] == [
        "cleveland",
        "staffordshire",
        "west-yorkshire",
        "greater-manchester",
        "durham",
    ]
    glos = next(r for r in league.rows if r.area == "gloucestershire")
    syp = next(r for r in league.rows if r.area == "south-yorkshire")
    assert glos.rank == syp.rank == 7  # 2.84 each: a shared rank, said in words
    assert any("Gloucestershire and South Yorkshire (2.84)" in n for n in league.notes)
    assert any("Durham (2.91) and Humberside (2.89)" in n for n in league.notes)
    assert league.national is not None and sum(r.count for r in league.rows) == league.national[0]


def test_export_per_residents_cli(shipped: Path) -> None:
    result = CliRunner().invoke(
        app, ["export", "rates", "--per", "residents", "--clean", str(shipped)]
    )
    assert result.exit_code == 0, result.output
    got = list(csv.DictReader(result.stdout.splitlines()))
    rows, pop = load_rows(shipped), load_population(shipped)
    want, docs = resident_records(
        [compute_per_resident(rows, pop), compute_per_resident(rows, pop, "spo_granted")]
    )
    assert len(got) == len(want) and list(got[0]) == list(docs)
    cleveland = next(
        r
        for r in got
        if r["force"] == "cleveland"
        and r["period_label"] == "2022/23"
        and r["measure"] == "stalking_offences"
    )
    assert cleveland["force_name"] == "Cleveland Police" and cleveland["ons_code"] == "E23000013"
    assert (cleveland["count"], cleveland["population"], cleveland["rank"]) == (
        "2348",
        "579710",
        "1",
    )
    assert cleveland["population_reference_date"] == "2022-06-30"
    assert cleveland["ranked_of"] == "43" and "release of 2023-10-19" in cleveland["count_sources"]


def test_export_per_residents_usage(shipped: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(
        app, ["export", "observations", "--per", "residents", "--clean", str(shipped)]
    )
    assert bad.exit_code == 2
    assert "--per residents goes with 'export rates'" in bad.stderr
    clean = tmp_path / "clean"
    shutil.copytree(shipped, clean)
    (clean / "population.csv").unlink()
    missing = runner.invoke(app, ["export", "rates", "--per", "residents", "--clean", str(clean)])
    assert missing.exit_code == 1
    assert "no population figures in this dataset" in missing.stderr


# SYNTHETIC TEST DATA below: small workbooks in ONS's layout, with made-up populations.
LOOKUP_HEADER = ["LAD23CD", "LAD23NM", "CSP23CD", "CSP23NM", "PFA23CD", "PFA23NM", "ObjectId"]
LAS = [
    ("E06000001", "Hartlepool", "E23000013", "Cleveland"),
    ("E06000002", "Middlesbrough", "E23000013", "Cleveland"),
    ("W06000001", "Isle of Anglesey", "W15000001", "North Wales"),
]


def _workbook(path: Path, published: str, people: dict[str, int], total_offset: int = 0) -> None:
    """SYNTHETIC: an ONS-shaped workbook (cover, prose rows, area and density columns)."""
    wb = Workbook()
    cover = wb.active
    cover.title = "Cover sheet"
    cover.append(["Mid-Year Population Estimates, England and Wales, SYNTHETIC TEST DATA"])
    cover.append([f"Date published: {published}"])
    sheet = wb.create_sheet("MYE5")
    for line in [
        "MYE5: SYNTHETIC",
        "This worksheet contains one table.",
        "Feedback",
        "",
        "",
        "",
        "",
    ]:
        sheet.append([line])
    sheet.append(
        ["Code", "Name", "Geography", "Area (sq km)", "Estimated Population mid-2022", "2022 ppl"]
    )
    ew = sum(people.values()) + total_offset
    wales = sum(v for k, v in people.items() if k.startswith("W"))
    sheet.append(["K04000001", "ENGLAND AND WALES", "Country", 10.0, ew, 1.0])
    sheet.append(["W92000004", "WALES", "Country", 5.0, wales, 1.0])
    for code, name, _, _ in LAS:
        sheet.append([code, name, "Unitary Authority", 1.0, people[code], 1.0])
    wb.save(path)


def _lookup(path: Path, las: list[tuple[str, str, str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(LOOKUP_HEADER)
        for i, (code, name, pfa, pfa_name) in enumerate(las, start=1):
            w.writerow([code, name, "E22000000", name, pfa, pfa_name, i])


def test_newer_edition_wins_by_date(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    _lookup(raw / "lookup.csv", LAS)
    # The newer edition has the name that sorts first.
    _workbook(
        raw / "a-edition.xlsx",
        "15 July 2025",
        dict(zip([c for c, *_ in LAS], (100, 200, 50), strict=True)),
    )
    _workbook(
        raw / "b-edition.xlsx",
        "15 July 2024",
        dict(zip([c for c, *_ in LAS], (90, 200, 50), strict=True)),
    )
    result = ingest(raw, tmp_path / "clean", use_cache=False)
    assert [f.status for f in result.files] == ["ok", "ok", "ok"]
    pop = load_population(tmp_path / "clean")
    cleveland = {p.edition_date: p for p in pop if p.area == "cleveland"}
    assert cleveland[date(2025, 7, 15)].population == 300
    assert not cleveland[date(2025, 7, 15)].superseded
    assert cleveland[date(2024, 7, 15)].population == 290
    assert cleveland[date(2024, 7, 15)].superseded


def test_lookup_that_does_not_fit_fails_the_workbook(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    _lookup(raw / "lookup.csv", LAS[:2])
    _workbook(raw / "mye.xlsx", "15 July 2025", {c: 10 for c, *_ in LAS})
    result = CliRunner().invoke(app, ["ingest", str(raw), "--out", str(tmp_path / "clean")])
    assert result.exit_code == 1
    text = " ".join(result.stderr.split())
    assert "mye.xlsx: no lookup has the same local authorities" in text
    assert "W06000001" in text


def test_sums_that_miss_the_ons_total_fail(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    _lookup(raw / "lookup.csv", LAS)
    _workbook(raw / "mye.xlsx", "15 July 2025", {c: 10 for c, *_ in LAS}, total_offset=1)
    result = ingest(raw, tmp_path / "clean", use_cache=False)
    failed = [f for f in result.files if f.status == "failed"]
    assert len(failed) == 1
    assert "mid-2022 local authorities sum to 30, but ONS's ENGLAND AND WALES total is 31" in (
        failed[0].error
    )


def _rate_rows(values: dict[str, int]) -> list[Observation]:
    """SYNTHETIC observation rows: one financial-year count per force."""
    return [
        row(
            force,
            "stalking_offences",
            date(2022, 4, 1),
            date(2023, 3, 31),
            v,
            kind="home_office",
            cell=f"H{i}",
            file="synthetic.csv",
            source_date=date(2023, 10, 19),
        )
        for i, (force, v) in enumerate(values.items(), start=2)
    ]


def _pop_rows(values: dict[str, int]) -> list[PopulationFigure]:
    return [
        PopulationFigure(
            area=force,
            area_name=force,
            ons_code="",
            area_type="force",
            reference_date=date(2022, 6, 30),
            population=v,
            edition="SYNTHETIC",
            edition_date=None,
            local_authorities=1,
            source="SYNTHETIC",
            source_url="",
            source_file="synthetic.xlsx",
            source_sheet="MYE5",
            source_cells="A1",
            source_sha256="0" * 64,
            lookup_file="",
            lookup_sha256="",
        )
        for force, v in values.items()
    ]


def test_exact_and_near_ties_share_words_and_ranks() -> None:
    counts = {"cleveland": 300, "durham": 300, "kent": 299, "surrey": 100}
    table = compute_per_resident(_rate_rows(counts), _pop_rows({k: 100_000 for k in counts}))
    by = {r.area: r for r in table.rates}
    assert (by["cleveland"].rank, by["durham"].rank, by["kent"].rank, by["surrey"].rank) == (
        1,
        1,
        3,
        4,
    )
    assert "tied with Durham Constabulary at 3.00" in by["cleveland"].ties
    assert any("within 1% of Kent Police" in t for t in by["cleveland"].ties)
    assert by["surrey"].ties == []
    sentence = per_resident_sentence(
        _rate_rows(counts), _pop_rows({k: 100_000 for k in counts}), "durham"
    )
    assert sentence is not None and "the joint highest of the 4 forces with a figure" in sentence
    assert "on the raw count it was joint 1st" in sentence


def test_national_briefing_draws_the_league_chart_once(
    shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spo_stats.publish import charts, national
    from spo_stats.publish.html import Stamp
    from spo_stats.publish.report import build_national_report

    drawn: list[str] = []
    real = charts.per_resident_chart

    def counting(*args: Any) -> tuple[str, bytes]:
        drawn.append(args[0])
        return real(*args)

    monkeypatch.setattr(charts, "per_resident_chart", counting)
    rows, population = load_rows(shipped), load_population(shipped)
    rep = build_national_report(rows, population=population, today=date(2026, 1, 1))
    written = national.write_national_report(
        rep, rows, tmp_path, Stamp(made_on=date(2026, 1, 1), data="x", fingerprint="0" * 64)
    )
    assert tmp_path / "national" / "per-resident.png" in written
    page = (tmp_path / "national" / "briefing.html").read_text(encoding="utf-8")
    svg = (tmp_path / "national" / "per-resident.svg").read_text(encoding="utf-8")
    assert drawn == ["Recorded stalking offences per 1,000 residents, 2022/23"]
    # The page names the drawing beside it (a 43-force chart would take a printed page).
    assert "per-resident.png beside this page" in page and svg.startswith("<?xml")


def test_a_citation_that_says_release_of_in_its_own_words_is_not_read_as_a_release(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Release dates travel as a field of each source: a published figure whose citation says
    # "release of" was once split at those words and its next ten letters read as a date.
    counts = {"cleveland": 300, "durham": 200, "kent": 100}
    rows = [
        r
        if r.force != "kent"
        else r.model_copy(
            update={
                "source_kind": "manual",
                "source_type": "quoted",
                "source_date": None,
                "source": "Kent Online, on the release of the force's figures",
                "source_url": "https://kentonline.example/stalking",
            }
        )
        for r in _rate_rows(counts)
    ]
    from spo_stats.publish import charts

    footnotes: list[str] = []
    drawn = charts.per_resident_chart
    monkeypatch.setattr(
        charts,
        "per_resident_chart",
        lambda *a: footnotes.append(a[3]) or drawn(*a),  # type: ignore[func-returns-value]
    )
    league = per_resident_league(rows, _pop_rows({k: 100_000 for k in counts}))
    assert league is not None
    _, png = league.chart
    assert png.startswith(b"\x89PNG")
    assert (
        "Sources: Home Office police recorded crime (release of 19 October 2023);" in footnotes[0]
    )
    kent = next(r for r in league.rows if r.area == "kent")
    assert [s.release for s in kent.count_sources] == [None]
    assert "release of the force's figures" in kent.count_sources[0].text
