"""Sidecars (<return>.spo.toml): every key, every error naming its key and exact line, and what
ingest does with them. Every return here is synthetic and says so in its first line."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from spo_stats.cli.main import app
from spo_stats.dataset.store import load_rows
from spo_stats.errors import SidecarError
from spo_stats.ingest import discover
from spo_stats.sources import sidecar, tomlkeys
from spo_stats.understand.hints import ReadHints
from spo_stats.understand.periods import Period
from spo_stats.understand.tables import read_sheet

runner = CliRunner()

SYNTHETIC = '"SYNTHETIC TEST DATA: made-up numbers for testing spo-stats, not real figures."'

EVERY_KEY = """\
# synthetic sidecar for tests
force = "Cleveland Police"
period = "2023"
source = "Cleveland Police, FOI 123/24 (synthetic)"
source_url = "https://example.org/foi-123-24"
source_date = 2024-03-04
note = "checked by hand"

[periods]
sheets = { "Sheet 2" = "2022/23" }
tables = { "Data!B3" = "2023-01-01 to 2023-06-30" }
columns = { "C" = "Jan 2021 to Dec 2021" }

[labels]
"Orders made:" = "spo_granted"
"Stalking incidents" = { measure = "stalking_offences", definition = "outcomes_incidents" }

[skip]
sheets = ["Notes"]
rows = [12, "Data!14"]
columns = ["F"]
cells = ["Data!C7", "D9"]

[values]
not_held = ["N/K"]
no_answer = ["-", "no reply"]
"""


def test_every_key_becomes_hints() -> None:
    side = sidecar.parse(EVERY_KEY, "r.xlsx.spo.toml")
    h = sidecar.hints(side, ["Data", "Sheet 2", "Notes"])
    assert h == ReadHints(
        sidecar="r.xlsx.spo.toml",
        force="cleveland",
        period=Period(start=date(2023, 1, 1), end=date(2023, 12, 31)),
        sheet_periods={"Sheet 2": Period(start=date(2022, 4, 1), end=date(2023, 3, 31))},
        table_periods={("Data", "B3"): Period(start=date(2023, 1, 1), end=date(2023, 6, 30))},
        column_periods={
            ("Data", "C"): Period(start=date(2021, 1, 1), end=date(2021, 12, 31)),
            ("Sheet 2", "C"): Period(start=date(2021, 1, 1), end=date(2021, 12, 31)),
            ("Notes", "C"): Period(start=date(2021, 1, 1), end=date(2021, 12, 31)),
        },
        label_measures={"orders made": "spo_granted", "stalking incidents": "stalking_offences"},
        label_definitions={"stalking incidents": "outcomes_incidents"},
        skip_sheets=frozenset({"Notes"}),
        skip_rows={
            "Data": frozenset({12, 14}),
            "Sheet 2": frozenset({12}),
            "Notes": frozenset({12}),
        },
        skip_columns={
            "Data": frozenset({"F"}),
            "Sheet 2": frozenset({"F"}),
            "Notes": frozenset({"F"}),
        },
        skip_cells={
            "Data": frozenset({"C7", "D9"}),
            "Sheet 2": frozenset({"D9"}),
            "Notes": frozenset({"D9"}),
        },
        not_held=frozenset({"n/k"}),
        no_answer=frozenset({"-", "no reply"}),
        source="Cleveland Police, FOI 123/24 (synthetic)",
        source_url="https://example.org/foi-123-24",
        source_date=date(2024, 3, 4),
        note="checked by hand",
    )


def test_a_sheet_the_return_lacks_is_an_error() -> None:
    side = sidecar.parse(EVERY_KEY, "r.xlsx.spo.toml")
    with pytest.raises(SidecarError) as info:
        sidecar.hints(side, ["Data", "Sheet2", "Notes"])
    assert str(info.value) == (
        "r.xlsx.spo.toml, line 10, key periods.sheets.\"Sheet 2\": no sheet 'Sheet 2' in the "
        "return; its sheets are 'Data', 'Sheet2', 'Notes'"
    )
    with pytest.raises(SidecarError) as info:
        sidecar.hints(side, ["Data", "Sheet 2"])
    assert str(info.value).startswith(
        "r.xlsx.spo.toml, line 19, key skip.sheets[0]: no sheet 'Notes'"
    )


def test_an_empty_sidecar_is_empty_hints() -> None:
    hints = sidecar.hints(sidecar.parse("# nothing\n", "x.spo.toml"), ["S"])
    assert hints == ReadHints(sidecar=hints.sidecar)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'force = "cleveland"\n\n[periods]\nsheets = { Sheet1 = "Q5 2023" }\n',
            "x.csv.spo.toml, line 4, key periods.sheets.Sheet1: 'Q5 2023' is not a period; "
            "write e.g. 2023, 2023/24, 2023-01-01 to 2023-06-30",
        ),
        (
            '# c\nforce = "Clevelnd"\n',
            "x.csv.spo.toml, line 2, key force: 'Clevelnd' is not a force. Did you mean: "
            "cleveland? Run 'spo-stats forces' to list every force",
        ),
        (
            '[labels]\n"Orders made" = "orders"\n',
            'x.csv.spo.toml, line 2, key labels."Orders made": Input should be '
            "'stalking_offences', 'spo_applications', 'spo_granted', 'interim_spo_applications', "
            "'interim_spo_granted', 'spo_breaches' or 'all_spo_granted'",
        ),
        (
            '[labels]\nIncidents = { measure = "stalking_offences", definition = "outcome" }\n',
            "x.csv.spo.toml, line 2, key labels.Incidents.definition: Input should be "
            "'outcomes_incidents'",
        ),
        (
            '[skip]\nsheets = []\nrows = [\n  3,\n  "Data!x",\n]\n',
            "x.csv.spo.toml, line 5, key skip.rows[1]: 'Data!x' is not a row; write its number, "
            "e.g. 12 or 'Sheet1!12'",
        ),
        (
            '[skip]\ncells = ["C7", "7C"]\n',
            "x.csv.spo.toml, line 2, key skip.cells[1]: '7C' is not a cell; write e.g. B3 or "
            "'Sheet1!B3'",
        ),
        (
            "[skipp]\nrows = [1]\n",
            "x.csv.spo.toml, line 1, key skipp: unknown key (a typo?); the README's sidecar "
            "example shows every key",
        ),
        (
            'note = "a"\nsource_url = "www.example.org"\n',
            "x.csv.spo.toml, line 2, key source_url: 'www.example.org' is not a web address; "
            "write it as https://...",
        ),
        (
            'note = "a"\nsource_date = "last week"\n',
            "x.csv.spo.toml, line 2, key source_date: 'last week' is not a date; write it as "
            "source_date = 2024-03-04 (no quotes)",
        ),
        (
            'force = "cleveland"\nperiod = "2023\n',
            "x.csv.spo.toml, line 2: not valid TOML (Illegal character '\\n').",
        ),
    ],
)
def test_errors_name_key_and_line(text: str, message: str) -> None:
    with pytest.raises(SidecarError) as info:
        sidecar.parse(text, "x.csv.spo.toml")
    assert str(info.value) == message


def test_compiled_errors_name_key_and_line() -> None:
    text = '# c\n[compiled]\narea_column = "Force"\n\n[[compiled.columns]]\ncolumn = "A"\nmeasure = "spo_granted"\nperiod = "2021"\n\n[[compiled.columns]]\ncolumn = "B"\nmeasure = "spo_grantd"\nperiod = "2021"\n'
    side = sidecar.parse(text, "t.csv.spo.toml")
    from spo_stats.sources.compiled import recipe

    with pytest.raises(SidecarError) as info:
        recipe(side)
    assert str(info.value).startswith(
        "t.csv.spo.toml, line 12, key compiled.columns[1].measure: Input should be"
    )


# The line finder on generated sidecars: every key (and array element) found at the line it was
# written on, whatever the key's characters.
_KEY = st.text(min_size=1, max_size=12).filter(lambda s: s.strip())


@settings(max_examples=80, deadline=None)
@given(st.lists(_KEY, min_size=1, max_size=6, unique=True), st.integers(0, 3), st.booleans())
def test_key_lines_match_where_keys_were_written(keys: list[str], blank: int, arrays: bool) -> None:
    lines = ["# generated", "[labels]"]
    where: dict[tuple[str | int, ...], int] = {}
    for k in keys:
        lines += [""] * blank
        if arrays:
            lines.append(f"{json.dumps(k)} = [")
            where[("labels", k)] = len(lines)
            lines.append("  'a', # a comment, with a comma")
            where[("labels", k, 0)] = len(lines)
            lines.append('  "b,]" ,')
            where[("labels", k, 1)] = len(lines)
            lines.append("]")
        else:
            lines.append(f"{json.dumps(k)} = 'spo_granted'  # comment = x")
            where[("labels", k)] = len(lines)
    text = "\n".join(lines)
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return  # json.dumps can write escapes TOML does not take (lone surrogates)
    found = tomlkeys.key_lines(text)
    for loc, line in where.items():
        assert found[loc] == line


# --- through ingest -------------------------------------------------------------------------


def _csv(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SYNTHETIC + "\n" + body, encoding="utf-8")
    return path


RETURN = "Year,Orders granted,Applications\n2021,3,5\n2022,N/K,-\n2023,4,6\n"


def _ingest(raw: Path, out: Path, *extra: str) -> tuple[int, str, list[dict[str, object]]]:
    result = runner.invoke(app, ["ingest", str(raw), "--out", str(out), *extra])
    rows = load_rows(out) if (out / "observations.parquet").exists() else []
    return result.exit_code, result.stderr, rows


def test_sidecar_force_not_held_no_answer_and_citation(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    ret = _csv(raw / "durham" / "response.csv", RETURN)
    # Without a sidecar: the folder says Durham, N/K is not understood, and "-" (no key on the
    # sheet says what it means) gives no figure.
    code, _, rows = _ingest(raw, tmp_path / "before")
    assert code == 0
    assert {r.force for r in rows} == {"durham"}
    assert not any(r.source_cell == "C4" for r in rows)
    sidecar.path_for(ret).write_text(
        '# synthetic\nforce = "cleveland"\nsource = "Cleveland Police FOI 1/22 (synthetic)"\n'
        'source_url = "https://example.org/foi-1-22"\nsource_date = 2022-05-01\n'
        'note = "re-filed by hand"\n[values]\nnot_held = ["N/K"]\nno_answer = ["-"]\n',
        encoding="utf-8",
    )
    code, stderr, rows = _ingest(raw, tmp_path / "after")
    assert code == 0, stderr
    by_cell = {r.source_cell: r for r in rows}
    assert set(by_cell) == {"B3", "C3", "B4", "B5", "C5"}  # C4's "-" is no answer: left out
    assert by_cell["B4"].status == "not_held" and by_cell["B4"].value is None
    assert by_cell["B3"].value == 3 and by_cell["C5"].value == 6
    for r in rows:
        assert r.force == "cleveland"
        assert r.source_sidecar == "durham/response.csv.spo.toml"
        assert r.source == "Cleveland Police FOI 1/22 (synthetic)"
        assert r.source_url == "https://example.org/foi-1-22"
        assert r.source_date == date(2022, 5, 1)
        assert r.note.endswith("re-filed by hand")
    assert "cell C4: left out, '-' means no answer (its sidecar says)" in stderr
    report = json.loads((tmp_path / "after" / "ingest-report.json").read_text())
    assert [f["file"] for f in report["files"]] == ["durham/response.csv"]


def test_sidecar_force_against_the_files_own_words(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    ret = _csv(raw / "response.csv", "Durham Constabulary: SPOs\n" + RETURN)
    sidecar.path_for(ret).write_text('force = "cleveland"\n', encoding="utf-8")
    code, stderr, _ = _ingest(raw, tmp_path / "clean")
    assert code == 1
    assert (
        "Failed: response.csv: its sidecar response.csv.spo.toml says the force is cleveland, "
        "but the return itself names durham. Correct the sidecar's force, or remove it if the "
        "return is right." in stderr
    )


def test_sidecar_force_wins_over_force_option(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    ret = _csv(raw / "response.csv", RETURN)
    sidecar.path_for(ret).write_text('force = "Cleveland"\n', encoding="utf-8")
    code, _, rows = _ingest(raw, tmp_path / "clean", "--force", "durham")
    assert code == 0
    assert {r.force for r in rows} == {"cleveland"}


def test_sidecar_error_fails_that_file_with_key_and_line(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    ret = _csv(raw / "cleveland.csv", RETURN)
    _csv(raw / "durham.csv", RETURN)
    sidecar.path_for(ret).write_text('# c\n[skip]\nrows = ["x"]\n', encoding="utf-8")
    code, stderr, rows = _ingest(raw, tmp_path / "clean")
    assert code == 1
    assert (
        "Failed: cleveland.csv.spo.toml, line 3, key skip.rows[0]: 'x' is not a row; write its "
        "number, e.g. 12 or 'Sheet1!12'" in stderr
    )
    assert {r.force for r in rows} == {"durham"}


def test_skip_sheets_rows_columns_cells(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    path = raw / "cleveland" / "response.xlsx"
    path.parent.mkdir(parents=True)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Data"
    ws.append(["SYNTHETIC TEST DATA: made-up numbers for testing spo-stats, not real figures."])
    ws.append(["Year", "SPOs granted", "Applications", "Interim SPOs granted"])
    for y, a, b, c in [(2021, 1, 2, 3), (2022, 4, 5, 6), (2023, 7, 8, 9)]:
        ws.append([y, a, b, c])
    notes = wb.create_sheet("Notes")
    notes.append(["Year", "SPOs granted"])
    notes.append([2019, 99])
    wb.save(path)
    code, _, rows = _ingest(raw, tmp_path / "before")
    assert code == 0
    assert {(r.source_sheet, r.source_cell) for r in rows} >= {
        ("Notes", "B2"),
        ("Data", "D5"),
    }
    sidecar.path_for(path).write_text(
        '[skip]\nsheets = ["Notes"]\nrows = [5]\ncolumns = ["D"]\ncells = ["Data!C4"]\n',
        encoding="utf-8",
    )
    code, stderr, rows = _ingest(raw, tmp_path / "after")
    assert code == 0, stderr
    assert sorted((r.source_sheet, r.source_cell) for r in rows) == [
        ("Data", "B3"),
        ("Data", "B4"),
        ("Data", "C3"),
    ]
    assert all(r.source_sidecar == "cleveland/response.xlsx.spo.toml" for r in rows)
    assert "sheet 'Notes': left out, as its sidecar says." in stderr


def test_skipping_a_middle_row_keeps_the_table_whole() -> None:
    grid: list[list[object]] = [
        ["SPOs granted by year"],
        ["Year", "SPOs granted", "Applications"],
        [2021, 1, 2],
        ["2022 (part year)", 3, 4],
        [2023, 5, 6],
    ]
    hints = ReadHints(skip_rows={"S": frozenset({4})})
    got = read_sheet(grid, "S", hints)  # type: ignore[arg-type]
    assert sorted(f.ref for f in got.figures) == ["B3", "B5", "C3", "C5"]
    title = ReadHints(skip_rows={"S": frozenset({1})})
    # Without its title the table still reads, but "2022 (part year)" names no months: left out.
    assert len(read_sheet(grid, "S", title).figures) == 4  # type: ignore[arg-type]


def test_read_sheet_blanks_skipped_cells() -> None:
    grid: list[list[object]] = [["Year", "SPOs granted"], [2021, 3], [2022, 4]]
    hints = ReadHints(skip_cells={"S": frozenset({"B3"})})
    got = read_sheet(grid, "S", hints)  # type: ignore[arg-type]
    assert [(f.ref, f.parsed.value) for f in got.figures] == [("B2", 3)]
    assert [f.ref for f in read_sheet(grid, "S").figures] == ["B2", "B3"]  # type: ignore[arg-type]


def test_sidecars_are_not_returns_and_changes_reach_the_cache(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    ret = _csv(raw / "cleveland" / "response.csv", RETURN)
    side = sidecar.path_for(ret)
    side.write_text('note = "first"\n', encoding="utf-8")
    assert discover(raw) == [ret]
    code, _, rows = _ingest(raw, tmp_path / "clean")
    assert code == 0 and {r.note for r in rows} == {"first"}
    side.write_text('note = "second"\n', encoding="utf-8")
    code, _, rows = _ingest(raw, tmp_path / "clean")
    assert code == 0 and {r.note for r in rows} == {"second"}


def _readme_block(heading: str) -> str:
    text = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    after = text[text.index(heading) :]
    return after[after.index("```toml\n") + 8 : after.index("\n```", after.index("```toml"))]


def test_readme_example_is_valid_and_its_error_is_exact() -> None:
    block = _readme_block("## Sidecars")
    side = sidecar.parse(block, "cleveland/response.xlsx.spo.toml")
    assert side.spec.force == "cleveland" and side.spec.labels and side.spec.skip.cells
    with pytest.raises(SidecarError) as info:
        sidecar.parse(block.replace('"2022/23"', '"Q5 2023"'), "cleveland/response.xlsx.spo.toml")
    shown = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert " ".join(f"Failed: {info.value}".split()) in " ".join(shown.split())


def test_readme_compiled_example_is_valid() -> None:
    from spo_stats.sources.compiled import recipe

    side = sidecar.parse(_readme_block("### Compiled tables"), "t.csv.spo.toml")
    rec = recipe(side)
    assert [c.measure for c in rec.columns] == ["all_spo_granted", "stalking_offences"]
    assert rec.leave_out[0].where == {"foi_response": "no"}


def test_compiled_table_through_ingest(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    ret = _csv(
        raw / "table.csv",
        "Force,code,Orders,Rate,as_of\n"
        "Cleveland ,E23000013,4,12%,31/03/22\n"
        "Durhm,E23000008,n/a,#DIV/0!,31/03/22\n"
        "Kent,E23000013,7,1%,31/03/22\n",
    )
    side = sidecar.path_for(ret)
    side.write_text(
        '[compiled]\narea_column = "Force"\ncode_column = "code"\nheader_row = 2\n'
        'ignore = ["Rate"]\n\n[[compiled.columns]]\ncolumn = "Orders"\nmeasure = "spo_granted"\n'
        'period_start = 2021-04-01\nperiod_end_column = "as_of"\n',
        encoding="utf-8",
    )
    code, stderr, rows = _ingest(raw, tmp_path / "clean")
    assert code == 0, stderr
    # Durham by its code; its n/a is no figure. Kent's code is Cleveland's: that row is left out.
    assert [(r.force, r.value, r.period_label) for r in rows] == [("cleveland", 4, "2021/22")]
    assert "cell C4 (Durhm | Orders): left out, 'n/a' is not a count." in stderr
    assert "row 5: left out, its name 'Kent' is kent but its code E23000013 is cleveland." in stderr
    side.write_text('force = "kent"\n' + side.read_text(encoding="utf-8"), encoding="utf-8")
    code, stderr, _ = _ingest(raw, tmp_path / "clean2")
    assert code == 1
    assert (
        "table.csv.spo.toml, line 1, key force: a compiled table states force per row or column "
        "in [compiled]; remove force" in stderr
    )


def test_a_sidecar_without_its_return_is_named(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _csv(raw / "cleveland" / "response-v2.csv", RETURN)
    (raw / "cleveland" / "response.csv.spo.toml").write_text('note = "x"\n', encoding="utf-8")
    code, stderr, rows = _ingest(raw, tmp_path / "clean")
    assert code == 1
    assert (
        "Failed: cleveland/response.csv.spo.toml: no return named 'response.csv' beside it, so "
        "nothing it states is applied. Rename it to '<return file name>.spo.toml' (e.g. "
        "response.xlsx.spo.toml)." in stderr
    )
    assert rows and {r.source_sidecar for r in rows} == {""}


def test_a_compiled_leave_out_that_matches_no_row_is_an_error(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    ret = _csv(raw / "table.csv", "Force,Orders\nCleveland,4\n")
    sidecar.path_for(ret).write_text(
        '[compiled]\narea_column = "Force"\nheader_row = 2\n\n[[compiled.columns]]\n'
        'column = "Orders"\nmeasure = "spo_granted"\nperiod = "2021"\n\n'
        '[[compiled.leave_out]]\narea = "Clevland"\nreason = "x"\n',
        encoding="utf-8",
    )
    code, stderr, _ = _ingest(raw, tmp_path / "clean")
    assert code == 1
    assert (
        "Failed: table.csv.spo.toml, line 11, key compiled.leave_out[0].area: matches no row "
        "of the table" in stderr
    )


def test_the_sidecars_note_is_added_even_where_the_figures_note_holds_its_words(
    tmp_path: Path,
) -> None:
    # The note was added only where the figure's note did not already hold its words, so a
    # footnote saying "not estimated" kept a sidecar's "estimated" off that figure.
    ret = tmp_path / "cleveland" / "r.csv"
    ret.parent.mkdir()
    ret.write_text(
        f"{SYNTHETIC}\nYear,SPOs granted\n2021,3*\n2022,4\n\n* this figure is not estimated\n",
        encoding="utf-8",
    )
    sidecar.path_for(ret).write_text('note = "estimated"\n', encoding="utf-8")
    code, stderr, rows = _ingest(tmp_path, tmp_path / "clean")
    assert code == 0, stderr
    assert {r.period_label: r.note for r in rows} == {
        "2021": "* this figure is not estimated; estimated",
        "2022": "estimated",
    }


def test_a_sidecar_can_say_a_dash_means_nil(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    ret = _csv(raw / "durham" / "response.csv", RETURN)
    sidecar.path_for(ret).write_text('# synthetic\n[values]\nnil = ["-"]\n', encoding="utf-8")
    code, stderr, rows = _ingest(raw, tmp_path / "clean")
    assert code == 0, stderr
    assert any(r.source_cell == "C4" and r.value == 0 and r.status == "reported" for r in rows)
