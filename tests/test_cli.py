"""The command line through typer's CliRunner: exit codes, exact error lines, outputs vs the library."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from spo_stats import __version__
from spo_stats.analysis.rates import compute
from spo_stats.cli.main import SUMMARIES, LazyGroup, app, load
from spo_stats.dataset.store import load_rows
from spo_stats.errors import UnknownForceError
from spo_stats.publish.tables import rates_table
from tests.conftest import RETURNS, readable_corpus

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus_clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clean = tmp_path_factory.mktemp("clean")
    raw = readable_corpus(tmp_path_factory.mktemp("corpus") / "returns")
    result = runner.invoke(app, ["ingest", str(raw), "--out", str(clean)])
    assert result.exit_code == 0, result.stderr
    return clean


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"spo-stats {__version__}"


@pytest.mark.parametrize("name", list(SUMMARIES))
def test_a_commands_summary_is_the_first_sentence_of_its_help(name: str) -> None:
    # `--help` lists the commands from SUMMARIES without importing them: each must say what the
    # command's own help says, or the listing drifts from the command when its docstring changes.
    assert load(name).get_short_help_str(10_000) == SUMMARIES[name]


@pytest.mark.parametrize("width", [40, 80, 200])
def test_the_lazy_listing_is_the_listing_of_the_commands_built(width: int) -> None:
    lazy, built = typer.main.get_command(app), typer.main.get_command(app)
    assert isinstance(built, LazyGroup)
    for name in built.list_commands(typer.Context(built)):
        built.get_command(typer.Context(built), name)
    helps = [
        g.get_help(typer.Context(g, info_name="spo-stats", terminal_width=width))
        for g in (lazy, built)
    ]
    assert helps[0] == helps[1]
    assert "  ingest    Read every return" in helps[0]


def test_help_imports_no_command() -> None:
    code = (
        "import sys\n"
        "from spo_stats.cli.main import run\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('spo_stats')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "--help"], capture_output=True, text=True, check=True
    )
    assert "Commands:" in done.stdout
    assert done.stdout.splitlines()[-1] == "['spo_stats', 'spo_stats.cli', 'spo_stats.cli.main']"


def test_a_misspelt_command_is_matched_against_every_command() -> None:
    result = runner.invoke(app, ["chek"])
    assert result.exit_code == 2
    assert "No such command 'chek'. Did you mean 'check'?" in result.stderr


def test_ingest_corpus_summary(corpus_clean: Path) -> None:
    rows = load_rows(corpus_clean)
    report = json.loads((corpus_clean / "ingest-report.json").read_text())
    assert report["failed"] == 0 and report["observations"] == len(rows) > 150
    statuses = {f["file"]: f["status"] for f in report["files"]}
    assert statuses.pop("README.md") == "skipped"  # listed, not read
    assert set(statuses.values()) == {"ok"}


def test_ingest_failed_file_exits_1_and_writes_the_rest(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RETURNS / "01-years-as-columns", raw)
    (raw / "empty.xlsx").write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(raw), "--out", str(tmp_path / "clean")])
    assert result.exit_code == 1
    assert (
        "Failed: empty.xlsx: the file is empty (0 bytes). Save the return again and re-run.\n"
        in result.stderr
    )
    assert len(load_rows(tmp_path / "clean")) == 12


def test_ingest_all_failed_keeps_previous_dataset(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    runner.invoke(app, ["ingest", str(RETURNS / "01-years-as-columns"), "--out", str(clean)])
    before = {p.name: p.read_bytes() for p in clean.iterdir() if p.is_file()}
    raw = tmp_path / "bad"
    raw.mkdir()
    (raw / "garbage.xlsx").write_bytes(b"\x00\x01\x02 not a workbook" * 10)
    result = runner.invoke(app, ["ingest", str(raw), "--out", str(clean)])
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(
        f"Error: {raw}: none of its 1 file(s) gave a figure; the previous clean dataset was "
        "left as it was. Each file's reason is listed above."
    )
    assert {p.name: p.read_bytes() for p in clean.iterdir() if p.is_file()} == before


def test_ingest_missing_folder_is_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"Error: {tmp_path / 'nope'}: no such folder. Put the returns in data/raw/ or name the folder.\n"
    )


def test_unknown_force_did_you_mean() -> None:
    result = runner.invoke(app, ["ingest", str(RETURNS), "--force", "clevland"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: Unknown force 'clevland'. Did you mean: cleveland, scotland? "
        "Run 'spo-stats forces' to list every force.\n"
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_debug_lets_the_traceback_through() -> None:
    result = runner.invoke(app, ["--debug", "forces", "clevland"])
    assert isinstance(result.exception, UnknownForceError)


def test_force_option_never_relabels_a_file_that_names_its_force(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "ingest",
            str(RETURNS / "12-force-from-file-name"),
            "--out",
            str(tmp_path),
            "--force",
            "Kent Police",
        ],
    )
    assert result.exit_code == 1
    assert "given as kent, but the file names" in result.output
    assert not (tmp_path / "observations.csv").exists()


def test_force_option_applies_where_the_file_cannot_tell(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "response.csv").write_text(
        "SYNTHETIC TEST DATA\nYear,SPOs granted\n2021,3\n", encoding="utf-8"
    )
    result = runner.invoke(
        app, ["ingest", str(raw), "--out", str(tmp_path / "c"), "--force", "kent"]
    )
    assert result.exit_code == 0, result.output
    assert {r.force for r in load_rows(tmp_path / "c")} == {"kent"}


def test_unidentified_force_is_reported_not_guessed(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "response.csv").write_text("Year,SPOs granted\n2021,4\n")
    result = runner.invoke(app, ["ingest", str(raw), "--out", str(tmp_path / "clean")])
    assert result.exit_code == 1
    assert "Failed: response.csv: cannot tell which force this return is from." in result.stderr


def test_export_rates_csv_matches_library(corpus_clean: Path) -> None:
    result = runner.invoke(app, ["export", "rates", "--clean", str(corpus_clean)])
    assert result.exit_code == 0
    got = list(csv.DictReader(io.StringIO(result.stdout)))
    records = rates_table(compute(load_rows(corpus_clean))).records
    assert len(got) == len(records) > 0
    for g, r in zip(got, records, strict=True):
        assert g["force"] == r["force"] and g["period_start"] == r["period_start"].isoformat()
        assert float(g["spo_per_100_offences"]) == r["spo_per_100_offences"]
        assert float(g["ci_low"]) == r["ci_low"] and float(g["ci_high"]) == r["ci_high"]
    contract = [
        "force",
        "period_start",
        "period_end",
        "spo_granted",
        "stalking_offences",
        "spo_per_100_offences",
        "ci_low",
        "ci_high",
    ]
    assert set(contract) <= set(got[0])


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet", ".json", ".sqlite", ".db"])
def test_export_formats(corpus_clean: Path, tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"rates{suffix}"
    result = runner.invoke(
        app, ["export", "rates", "--clean", str(corpus_clean), "--out", str(target)]
    )
    assert result.exit_code == 0, result.stderr
    table = rates_table(compute(load_rows(corpus_clean)))
    records, docs = table.records, table.docs
    dictionary = list(csv.DictReader((tmp_path / f"rates{suffix}.dictionary.csv").open()))
    assert [d["column"] for d in dictionary if d["table"] == "rates"] == list(docs)
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(target)
        assert wb.sheetnames == ["rates", "observations", "README"]
        assert wb["rates"].max_row == len(records) + 1
    elif suffix == ".parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(target).num_rows == len(records)
    elif suffix == ".json":
        assert json.loads(target.read_text()) == json.loads(json.dumps(records, default=str))
    elif suffix in (".sqlite", ".db"):
        con = sqlite3.connect(target)
        assert con.execute('select count(*) from "rates"').fetchone()[0] == len(records)
        n_columns = con.execute('select count(*) from "dictionary"').fetchone()[0]
        assert n_columns == len(dictionary) > len(docs)


def test_export_observations(corpus_clean: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["export", "observations", "--clean", str(corpus_clean), "--out", str(tmp_path / "o.csv")],
    )
    assert result.exit_code == 0
    assert (tmp_path / "o.csv").read_text() == (corpus_clean / "observations.csv").read_text()


def test_export_unknown_format(corpus_clean: Path) -> None:
    result = runner.invoke(
        app, ["export", "rates", "--clean", str(corpus_clean), "--out", "rates.pdf"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: rates.pdf: unknown export format.")


def test_missing_clean_dataset(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--clean", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: {tmp_path}: no ingested dataset here. Run 'spo-stats ingest' first"
    )


def test_an_edited_clean_dataset_names_its_line(corpus_clean: Path, tmp_path: Path) -> None:
    # A clean dataset is loaded as typed observations: a count that is no number, or a count
    # given for a figure not reported, is named by file and line, never a traceback.
    clean = tmp_path / "clean"
    shutil.copytree(corpus_clean, clean)
    lines = (clean / "observations.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    cells = next(csv.reader([lines[1]]))
    cells[header.index("value")] = "twelve"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    lines[1] = buf.getvalue()
    (clean / "observations.csv").write_text("".join(lines), encoding="utf-8")
    result = runner.invoke(app, ["report", "--clean", str(clean), "--out", str(tmp_path / "r")])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {clean / 'observations.csv'} line 2: not a valid row")
    assert "Run 'spo-stats ingest' again" in result.stderr
    assert "Traceback" not in result.stderr


def test_report_force_writes_briefing(corpus_clean: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["report", "--force", "cleveland", "--clean", str(corpus_clean), "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.stderr
    folder = tmp_path / "cleveland"
    assert {p.name for p in folder.iterdir()} == {
        "briefing.md",
        "briefing.html",
        "sources.csv",
        "foi-request.txt",
    }
    briefing = (folder / "briefing.md").read_text()
    # The 2023 rate: 4 orders (the force's return) against the Home Office quarters summed.
    # The range is the exact Poisson one on the 4 orders (1.09 to 10.24), per 100 of 410.
    assert "| 2023 | 4 | 410 | 0.98 | 100 | 0.27 to 2.50 | 1 of 3 |" in briefing
    # The evidence is beside the page, not on it.
    assert "cell E7" not in briefing
    assert (
        "01-years-as-columns/cleveland-foi-123-24.xlsx,SPOs,E7"
        in (folder / "sources.csv").read_text()
    )
    page = (folder / "briefing.html").read_text()
    assert page.count('<img src="data:image/svg+xml;base64,') == 3  # orders, rate, offences


def test_report_unknown_force(corpus_clean: Path) -> None:
    result = runner.invoke(app, ["report", "--force", "clevland", "--clean", str(corpus_clean)])
    assert result.exit_code == 2
    assert "Did you mean: cleveland" in result.stderr


def test_report_national(corpus_clean: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--clean", str(corpus_clean), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    page = (tmp_path / "national" / "briefing.html").read_text()
    assert "Every force rate (SPOs granted per 100 recorded stalking offences)" in page


def test_bad_measure_is_usage_error(corpus_clean: Path) -> None:
    result = runner.invoke(app, ["report", "--clean", str(corpus_clean), "--measure", "orders"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --measure 'orders' is not one of: spo_granted,")


def test_check_finds_problems(corpus_clean: Path) -> None:
    result = runner.invoke(app, ["check", "--clean", str(corpus_clean)])
    assert result.exit_code == 1
    assert "Conflict cumbria spo_granted 2021" in result.stdout
    assert "total 6 does not match the sum 5 of C4, C5" in result.stdout
    assert "M only in a figure for several years together" in result.stdout


def test_check_clean_dataset_passes(tmp_path: Path) -> None:
    runner.invoke(app, ["ingest", str(RETURNS / "01-years-as-columns"), "--out", str(tmp_path)])
    result = runner.invoke(app, ["check", "--clean", str(tmp_path)])
    assert result.exit_code == 0, result.stdout
    assert "0 problem(s)." in result.stdout


def test_forces_lists_all() -> None:
    result = runner.invoke(app, ["forces"])
    assert result.exit_code == 0
    assert "avon-and-somerset" in result.stdout and "bbc-44-uk-forces" in result.stdout


def test_internal_error_is_one_line_without_traceback(
    corpus_clean: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("spo_stats.analysis.rates.compute", broken)
    result = runner.invoke(app, ["export", "rates", "--clean", str(corpus_clean)])
    assert result.exit_code == 1
    assert result.stderr == (
        "Internal error: ZeroDivisionError: division by zero. "
        "Run again with --debug for the traceback, and please report it.\n"
    )


def test_reading_a_dataset_does_not_load_the_return_reader() -> None:
    """report, export, check and headline only read the dataset: the reader's import costs ~0.1 s."""
    import subprocess
    import sys

    code = (
        "import sys, spo_stats.dataset.store, spo_stats.publish.report, spo_stats.publish.headline;"
        "print(sorted(m for m in sys.modules if m.startswith(('spo_stats.sources.returns',"
        "'spo_stats.understand.tables'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
