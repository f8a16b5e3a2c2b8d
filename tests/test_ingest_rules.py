"""Ingest as a whole: nothing lost, nothing relabelled, nothing drowned; explain; --prefer newest."""

from __future__ import annotations

import shutil
import time
from datetime import date
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from spo_stats.analysis.rates import compute
from spo_stats.cli.main import app
from spo_stats.ingest import ingest
from spo_stats.schema import Observation
from spo_stats.sources.explain import explain_file
from tests.conftest import RETURNS
from tests.helpers import row

runner = CliRunner()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _good_dataset(tmp_path: Path) -> Path:
    clean = tmp_path / "clean"
    assert (
        runner.invoke(
            app, ["ingest", str(RETURNS / "01-years-as-columns"), "--out", str(clean)]
        ).exit_code
        == 0
    )
    return clean


def test_empty_folder_leaves_the_dataset_and_exits_1(tmp_path: Path) -> None:
    clean = _good_dataset(tmp_path)
    before = _snapshot(clean)
    empty = tmp_path / "empty"
    empty.mkdir()
    result = runner.invoke(app, ["ingest", str(empty), "--out", str(clean)])
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(
        f"Error: {empty}: it holds no files; the previous clean dataset was left as it was. "
        "Each file's reason is listed above."
    )
    assert _snapshot(clean) == before


def test_letters_without_figures_leave_the_dataset_and_are_named(tmp_path: Path) -> None:
    clean = _good_dataset(tmp_path)
    before = _snapshot(clean)
    raw = tmp_path / "letters" / "cleveland"
    raw.mkdir(parents=True)
    (raw / "reply.pdf").write_bytes(b"%PDF-1.4\n% not really a letter\n%%EOF\n")
    (raw / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    result = runner.invoke(app, ["ingest", str(raw.parent), "--out", str(clean)])
    assert result.exit_code == 1
    assert _snapshot(clean) == before
    assert "cleveland/reply.pdf" in result.stdout and "cleveland/old.doc" in result.stdout


def test_force_option_relabels_nothing_that_names_its_own_force(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RETURNS / "13-force-from-folder", raw / "a")
    shutil.copytree(RETURNS / "01-years-as-columns", raw / "b")
    result = ingest(raw, tmp_path / "clean", force="cleveland", use_cache=False)
    assert {o.force for o in result.observations} == {"cleveland"}
    failed = [f for f in result.files if f.status == "failed"]
    assert failed and all(
        "given as cleveland, but the file names hampshire" in f.error for f in failed
    )


def test_a_large_file_that_is_not_a_return_is_skipped_quickly(tmp_path: Path) -> None:
    raw = tmp_path / "raw" / "kent"
    raw.mkdir(parents=True)
    rows = "\n".join(f"{i},{i * 7 % 1000},{i * 13 % 1000}" for i in range(300_000))
    (raw / "dogs.csv").write_text("SYNTHETIC TEST DATA\nid,dogs,bites\n" + rows, encoding="utf-8")
    started = time.perf_counter()
    result = ingest(tmp_path / "raw", tmp_path / "clean", use_cache=False)
    assert time.perf_counter() - started < 5
    assert result.files[0].status == "skipped"
    assert "not a return" in result.files[0].error


def test_left_out_numbers_are_grouped_on_the_terminal(tmp_path: Path) -> None:
    raw = tmp_path / "raw" / "kent"
    raw.mkdir(parents=True)
    body = "\n".join(f"Area {i},{i}" for i in range(200))
    (raw / "r.csv").write_text(
        f"SYNTHETIC TEST DATA\nSPOs granted 2021\nBCU,Number\n{body}\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["ingest", str(raw.parent), "--out", str(tmp_path / "c")])
    lines = [x for x in result.stderr.splitlines() if "left out" in x]
    assert len(lines) == 1
    assert lines[0].startswith(
        "kent/r.csv: 200 numbers left out: a breakdown row (r!B4, r!B5, r!B6, r!B7 ...)"
    )


def test_explain_prints_every_figure_and_reason(tmp_path: Path) -> None:
    path = next((RETURNS / "01-years-as-columns").glob("*.xlsx"))
    ex = explain_file(path)
    figures = [c for s in ex.sheets for row in s.rows for c in row if c.role == "figure"]
    assert figures and all(" · " in c.detail for c in figures)
    html = tmp_path / "ex.html"
    result = runner.invoke(app, ["explain", str(path), "--html", str(html)])
    assert result.exit_code == 0, result.stderr
    assert "✓ B6 6: cleveland · spo_applications · 2020" in result.stdout
    page = html.read_text(encoding="utf-8")
    assert "<table class='grid'>" in page and "http://" not in page and "https://" not in page


def test_explain_names_a_missing_file_and_an_unknown_sheet(tmp_path: Path) -> None:
    missing = tmp_path / "nope.xlsx"
    result = runner.invoke(app, ["explain", str(missing)])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {missing}: no such file. Name one return to explain."
    path = next((RETURNS / "01-years-as-columns").glob("*.xlsx"))
    result = runner.invoke(app, ["explain", str(path), "--sheet", "Nope"])
    assert result.exit_code == 2 and "no sheet named 'Nope'" in result.stderr


def _row(
    value: int,
    source_date: date | None,
    kind: str,
    cell: str,
    force: str = "kent",
    measure: str = "spo_granted",
    **more: Any,
) -> Observation:
    return row(
        force,
        measure,
        date(2021, 1, 1),
        date(2021, 12, 31),
        value,
        kind=kind,
        cell=cell,
        file=f"{cell}.xlsx",
        source_date=source_date,
        **more,
    )


def test_prefer_newest_takes_the_later_return_and_says_both() -> None:
    offences = _row(500, None, "home_office", "H9", measure="stalking_offences")
    rows = [
        _row(3, date(2022, 2, 1), "foi_return", "B2"),
        _row(5, date(2023, 6, 1), "foi_return", "B3"),
        offences,
    ]
    newest = compute(rows, "spo_granted", "newest").rates[0]
    assert newest.numerator == 5
    assert "sources disagree on spo_granted: 5 (B3.xlsx" in newest.note
    assert "; 3 (B2.xlsx" in newest.note and "used 5, the newest source" in newest.note
    assert compute(rows, "spo_granted", "force").rates[0].numerator in (3, 5)


def test_prefer_rejects_unknown_choices() -> None:
    result = runner.invoke(app, ["headline", "--prefer", "latest"])
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == "Error: --prefer 'latest' must be ranked, official, force or newest."
    )


def test_a_year_against_the_home_office_quarters_is_a_disagreement_and_prefer_official_sums_them() -> (
    None
):
    from spo_stats.analysis.rates import disagreements, resolve

    year = _row(3100, None, "foi_return", "B2", measure="stalking_offences")
    quarters = [
        _row(v, date(2023, 10, 19), "home_office", f"H{i}", measure="stalking_offences", period_start=date(2021, m, 1), period_end=date(2021, m + 2, 30 if m + 2 in (6, 9) else 31))
        for i, (m, v) in enumerate([(1, 1300), (4, 1400), (7, 1381), (10, 1400)])
    ]  # fmt: skip
    spo = _row(7, None, "foi_return", "C2")
    rows = [year, *quarters, spo]
    figs, _ = resolve(rows, "force")
    found = disagreements(figs)
    assert [d.reason for d in found] == [
        "3,100 for 2021, but the Home Office table's 4 figures for the same period add up to 5,481"
    ]
    assert compute(rows, "spo_granted", "force").rates[0].denominator == 3100
    assert compute(rows, "spo_granted", "official").rates[0].denominator == 5481


def test_equal_rates_share_a_rank_and_exports_rank_only_where_the_briefings_do() -> None:
    from spo_stats.publish.tables import bundle

    rows = []
    for force, cell in (("kent", "B2"), ("essex", "B3")):
        rows.append(_row(5, None, "foi_return", cell, force=force, measure="spo_granted"))
        rows.append(_row(6, None, "foi_return", cell + "x", force=force, measure="spo_applications"))  # fmt: skip
    table = compute(rows, "grant_ratio", "force")
    assert sorted(r.rank for r in table.rates) == [1, 1]
    records = bundle("rates", rows, table).main.records
    # Equal exact rates of one period share a place; ranks are not withheld for overlapping
    # intervals (overlap is not a test), and the comparison with England and Wales says the rest.
    assert [r["rank"] for r in records] == [1, 1]


def test_explain_reads_a_return_as_ingest_does_with_its_sidecar(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "misc" / "response.xlsx"
    path.parent.mkdir()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for line in (["SYNTHETIC TEST DATA"], ["Year", "SPOs granted"], [2022, 4], [2023, "-"]):
        ws.append(line)
    wb.save(path)
    (path.parent / "response.xlsx.spo.toml").write_text(
        'force = "durham"\n[values]\nno_answer = ["-"]\n', encoding="utf-8"
    )
    ex = explain_file(path)
    assert ex.error == "" and ex.forces == ["durham"]
    details = {c.detail for s in ex.sheets for row in s.rows for c in row if c.role == "figure"}
    assert details == {"durham · spo_granted · 2022 · 4"}


def test_a_place_that_takes_no_files_is_named_as_such(tmp_path: Path) -> None:
    if not Path("/proc").is_dir():
        import pytest

        pytest.skip("needs /proc (Linux) as a folder that takes no new files")
    clean = _good_dataset(tmp_path)
    result = runner.invoke(
        app, ["export", "rates", "--clean", str(clean), "--out", "/proc/spo.xlsx"]
    )
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: /proc/spo.xlsx: files cannot be created in /proc. Choose a folder you can write to."
    )
    result = runner.invoke(app, ["report", "--clean", str(clean), "--out", "/proc/spo"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: /proc/spo: cannot be created there. Choose a folder you can write to."
    )


def test_pages_spo_stats_wrote_are_skipped_not_read_as_letters(tmp_path: Path) -> None:
    raw = tmp_path / "raw" / "cleveland"
    shutil.copytree(RETURNS / "01-years-as-columns", raw)
    alone = ingest(raw.parent, tmp_path / "alone")
    path = next(raw.glob("*.xlsx"))
    assert runner.invoke(app, ["explain", str(path), "--html", str(raw / "ex.html")]).exit_code == 0
    args = ["report", "--force", "cleveland", "--clean", str(tmp_path / "alone")]
    assert runner.invoke(app, [*args, "--out", str(raw)]).exit_code == 0
    result = ingest(raw.parent, tmp_path / "clean")
    pages = {f.file: f for f in result.files if f.file.endswith(".html")}
    assert set(pages) == {"cleveland/ex.html", "cleveland/cleveland/briefing.html"}
    for report in pages.values():
        assert report.status == "skipped"
        assert report.error == (
            f"{report.file}: a page spo-stats wrote (a briefing or an explain preview), "
            "not a return: not read."
        )
    assert len(result.observations) == len(alone.observations) > 0


def test_a_dataset_spo_stats_wrote_left_among_the_returns_is_not_read_again(
    tmp_path: Path,
) -> None:
    raw = tmp_path / "raw" / "cleveland"
    shutil.copytree(RETURNS / "01-years-as-columns", raw)
    alone = ingest(raw.parent, tmp_path / "alone")
    shutil.copy(tmp_path / "alone" / "observations.csv", raw / "observations.csv")
    result = ingest(raw.parent, tmp_path / "clean")
    report = next(f for f in result.files if f.file == "cleveland/observations.csv")
    assert report.status == "skipped"
    assert report.error == (
        "cleveland/observations.csv: a table spo-stats wrote (a dataset, or the list of sources "
        "beside a briefing), not a return: not read."
    )
    assert len(result.observations) == len(alone.observations) > 0
