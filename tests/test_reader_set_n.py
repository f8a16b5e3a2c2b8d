"""Reader (issue 17): classes of the misses of fresh set N.

Set N (304/449, 68%, 0 wrong on a4f2967) was written by someone who never saw the code and
scored before any of these rules existed. Each test is one class of its misses, on a small
synthetic return written for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from spo_stats.read.cells import Grid
from spo_stats.sources.returns import read_file
from spo_stats.understand.period_text import label_period
from spo_stats.understand.tables import read_sheet
from spo_stats.understand.values import parse_value, split_interim
from tests.fixtures import make_letters as ml


def figures(grid: Grid) -> set[tuple[str, str, str, int | None, str]]:
    reading = read_sheet(grid, "Sheet1")
    return {
        (f.ref, f.measure, f.period.label, f.parsed.value, f.parsed.status) for f in reading.figures
    }


def test_orders_with_their_interim_part_in_brackets_give_all_and_interim() -> None:
    # Years down the side, a column of applications and one of grants, each "N (M interim)".
    grid: Grid = [
        ["Anytown Constabulary: FOI 0099"],
        ["Calendar year", "Stalking crimes", "SPO applications", "SPOs obtained"],
        ["2021", 310, "7 (3 interim)", "5 (1 interim)"],
        ["2022", 344, "9 (of which 4 interim)", "8 (<5 interim)"],
    ]
    assert figures(grid) == {
        ("B3", "stalking_offences", "2021", 310, "reported"),
        ("C3", "interim_spo_applications", "2021", 3, "reported"),
        ("D3", "all_spo_granted", "2021", 5, "reported"),
        ("D3", "interim_spo_granted", "2021", 1, "reported"),
        ("B4", "stalking_offences", "2022", 344, "reported"),
        ("C4", "interim_spo_applications", "2022", 4, "reported"),
        ("D4", "all_spo_granted", "2022", 8, "reported"),
        ("D4", "interim_spo_granted", "2022", None, "suppressed"),
    }


def test_a_bracket_note_or_label_naming_interim_speaks_of_the_bracket() -> None:
    # "(of which interim)" on the label, and a note that brackets are interim orders: the whole
    # is still every order granted, not interim orders.
    grid: Grid = [
        ["Stalking Protection Orders"],
        ["Measure", "2022", "2023", "Total"],
        ["Orders made by the court (of which interim)", "4 (2 interim)", "6 (3 interim)", "10"],
        [None],
        ["Numbers in brackets are interim orders, included in the figure before them."],
    ]
    got = figures(grid)
    assert ("B3", "all_spo_granted", "2022", 4, "reported") in got
    assert ("B3", "interim_spo_granted", "2022", 2, "reported") in got
    assert ("C3", "all_spo_granted", "2023", 6, "reported") in got
    assert not {f for f in got if f[1] == "spo_granted"}


@pytest.mark.parametrize(
    ("header", "note"),
    [
        ("Full SPOs granted", "Interim orders shown in brackets."),
        ("SPOs granted", "Interim orders are shown in brackets in addition to the full orders."),
        ("Interim SPOs granted", ""),
        ("Breaches recorded", ""),
    ],
)
def test_a_bracketed_interim_count_that_is_not_a_part_gives_no_figure(
    header: str, note: str
) -> None:
    grid: Grid = [
        ["Year", "Stalking offences", header],
        ["2022", 120, "6 (2 interim)"],
        [None],
        [note or None],
    ]
    assert {f[0] for f in figures(grid)} == {"B2"}


@pytest.mark.parametrize(
    "text", ["5 (7 interim)", "5 (2 full)", "5 (2* interim)", "5 (about 2 interim)"]
)
def test_a_bracket_that_is_no_interim_part_is_not_split(text: str) -> None:
    assert split_interim(text) is None
    assert parse_value(text) is None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2022 H1", "2022-01-01", "2022-06-30"),
        ("H2 2022", "2022-07-01", "2022-12-31"),
        ("2022 H2 (Jul-Dec)", "2022-07-01", "2022-12-31"),
        ("2022/23 H1", "2022-04-01", "2022-09-30"),
        ("H2 2022/23 (Oct-Mar)", "2022-10-01", "2023-03-31"),
        ("First half 2022", "2022-01-01", "2022-06-30"),
        ("2nd half of 2022/23", "2022-10-01", "2023-03-31"),
        ("Half-year 1 2022", "2022-01-01", "2022-06-30"),
    ],
)
def test_a_half_year_is_its_six_months(text: str, start: str, end: str) -> None:
    p = label_period(text)
    assert p is not None and (p.start.isoformat(), p.end.isoformat()) == (start, end)


@pytest.mark.parametrize("text", ["2022 H1 (Jul-Dec)", "2022 H3", "H1 2022/24", "half 3 2022"])
def test_a_half_year_that_contradicts_itself_gives_no_period(text: str) -> None:
    assert label_period(text) is None


def test_a_long_export_by_half_year_reads_each_half() -> None:
    grid: Grid = [
        ["Area", "Period", "Measure", "Count"],
        ["Force", "2022 H1 (Jan-Jun)", "Stalking (8Q) crimes", 410],
        ["Force", "2022 H2 (Jul-Dec)", "Stalking (8Q) crimes", 433],
    ]
    assert figures(grid) == {
        ("D2", "stalking_offences", "Jan 2022 to Jun 2022", 410, "reported"),
        ("D3", "stalking_offences", "Jul 2022 to Dec 2022", 433, "reported"),
    }


def _months_lines_letter() -> ml.Blocks:
    """Bullets each opening with a span of months, then 'label: value' pairs."""
    return [
        ("title", "Durham Constabulary"),
        ("p", ml.MARK),
        ("p", "Stalking Protection Orders, by half year:"),
        ("bullet", "January to June 2022 - full SPO applications: 3; full SPOs granted: 2"),
        (
            "bullet",
            "July to December 2022 - full SPO applications: 4; full SPOs granted: fewer than 5",
        ),
        ("bullet", "2023 H1 - full SPO applications: 6; full SPOs granted: 5"),
    ]


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".html"])
def test_lines_opening_with_months_of_a_year_read_each_pair(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / "replies" / f"reply{suffix}"
    {".pdf": ml.write_pdf, ".docx": ml.write_docx, ".html": ml.write_html}[suffix](
        path, _months_lines_letter()
    )
    obs, _ = read_file(path, tmp_path, None)
    got = {(o.measure, str(o.period_start), str(o.period_end), o.value, o.status) for o in obs}
    assert got == {
        ("spo_applications", "2022-01-01", "2022-06-30", 3, "reported"),
        ("spo_granted", "2022-01-01", "2022-06-30", 2, "reported"),
        ("spo_applications", "2022-07-01", "2022-12-31", 4, "reported"),
        ("spo_granted", "2022-07-01", "2022-12-31", None, "suppressed"),
        ("spo_applications", "2023-01-01", "2023-06-30", 6, "reported"),
        ("spo_granted", "2023-01-01", "2023-06-30", 5, "reported"),
    }


def _side_by_side_pdf(path: Path, heads: tuple[str, str]) -> None:
    """A joint answer: two forces' tables side by side, a line over them naming each."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 7, "Joint Information Unit - FOI 0042", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, ml.MARK, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.cell(95, 6, heads[0])
    pdf.cell(95, 6, heads[1], new_x="LMARGIN", new_y="NEXT")
    top = pdf.get_y()
    tables = (
        [
            ["Year", "Stalking crimes", "SPOs made"],
            ["2022/23", "512", "4"],
            ["2023/24", "530", "6"],
        ],
        [
            ["Year", "Stalking crimes", "SPOs made"],
            ["2022/23", "201", "1"],
            ["2023/24", "214", "3"],
        ],
    )
    for rows, align in zip(tables, ("LEFT", "RIGHT"), strict=True):
        pdf.set_y(top)
        with pdf.table(width=88, align=align, text_align="LEFT") as table:
            for row in rows:
                cells = table.row()
                for value in row:
                    cells.cell(value)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))


def test_tables_side_by_side_under_a_line_naming_a_force_over_each(tmp_path: Path) -> None:
    path = tmp_path / "replies" / "joint_reply_0042.pdf"
    _side_by_side_pdf(path, ("Dyfed-Powys Police", "Gwent Police"))
    obs, _ = read_file(path, tmp_path, None)
    got = {(o.force, str(o.period_start), o.measure, o.value) for o in obs}
    assert got == {
        ("dyfed-powys", "2022-04-01", "stalking_offences", 512),
        ("dyfed-powys", "2022-04-01", "spo_granted", 4),
        ("dyfed-powys", "2023-04-01", "stalking_offences", 530),
        ("dyfed-powys", "2023-04-01", "spo_granted", 6),
        ("gwent", "2022-04-01", "stalking_offences", 201),
        ("gwent", "2022-04-01", "spo_granted", 1),
        ("gwent", "2023-04-01", "stalking_offences", 214),
        ("gwent", "2023-04-01", "spo_granted", 3),
    }


def test_a_joint_answer_named_with_one_force_run_together_names_both() -> None:
    from spo_stats.forces import forces_in_name

    assert forces_in_name("DyfedPowys_Gwent_joint_FOI_0042") == {"dyfed-powys", "gwent"}


def test_counts_as_text_under_a_header_spanning_the_years_are_figures() -> None:
    # A web page's table: every cell is text, "Financial year" spans the years (two header rows).
    grid: Grid = [
        ["Measure", "Financial year", "Financial year"],
        ["Measure", "2021/22", "2022/23"],
        ["Recorded stalking crimes", "1,204", "1,377"],
        ["Full SPOs granted", "6", "[x]"],
        [None],
        ["* Provisional. [x] = fewer than 5, suppressed to protect identities."],
    ]
    assert figures(grid) == {
        ("B3", "stalking_offences", "2021/22", 1204, "reported"),
        ("C3", "stalking_offences", "2022/23", 1377, "reported"),
        ("B4", "spo_granted", "2021/22", 6, "reported"),
        ("C4", "spo_granted", "2022/23", None, "suppressed"),
    }


def test_a_force_named_with_force_total_in_brackets_is_the_total_of_its_divisions() -> None:
    grid: Grid = [
        ["Recorded stalking offences (8Q) by division"],
        ["Division", "2022/23", "2023/24"],
        ["North Division", 101, 120],
        ["South Division", 99, 110],
        ["Cumbria (force total)", "200", "230"],
    ]
    assert figures(grid) == {
        ("B5", "stalking_offences", "2022/23", 200, "reported"),
        ("C5", "stalking_offences", "2023/24", 230, "reported"),
    }


def test_a_table_inside_a_question_and_response_cell_is_read(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Northamptonshire Police - FOI 0007", level=1)
    document.add_paragraph(ml.MARK)
    outer = document.add_table(rows=2, cols=2)
    outer.cell(0, 0).text, outer.cell(0, 1).text = "Question", "Response"
    outer.cell(1, 0).text = (
        "2. How many applications were made for Stalking Protection Orders, and how many of "
        "those orders were granted by the court, in each calendar year?"
    )
    answer = outer.cell(1, 1)
    answer.text = "Please see the table below, which sets out the figures for each year."
    inner = answer.add_table(rows=3, cols=3)
    for r, row in enumerate([["Measure", "2022", "2023"], ["SPO - applications", "6", "9"],
                             ["SPO - granted", "5", "fewer than 5"]]):  # fmt: skip
        for c, value in enumerate(row):
            inner.cell(r, c).text = value
    path = tmp_path / "replies" / "reply.docx"
    path.parent.mkdir(parents=True)
    document.save(str(path))
    obs, _ = read_file(path, tmp_path, None)
    got = {(o.measure, str(o.period_start), o.value, o.status) for o in obs}
    assert got == {
        ("spo_applications", "2022-01-01", 6, "reported"),
        ("spo_applications", "2023-01-01", 9, "reported"),
        ("spo_granted", "2022-01-01", 5, "reported"),
        ("spo_granted", "2023-01-01", None, "suppressed"),
    }


@pytest.mark.parametrize(
    ("line", "period"),
    [
        ("Figures for 2023 are set out below.", "2023"),
        ("The figures for 2022/23 are shown in the table below.", "2022/23"),
        ("Figures for 2023 are provisional.", None),
    ],
)
def test_a_line_giving_the_period_of_the_table_below_gives_its_figures_that_period(
    line: str, period: str | None
) -> None:
    grid: Grid = [
        ["Stalking Protection Orders"],
        [line],
        [None],
        ["Full SPO applications", "18"],
        ["Full SPOs granted", "15"],
    ]
    got = {(f[1], f[2], f[3]) for f in figures(grid)}
    want = {("spo_applications", period, 18), ("spo_granted", period, 15)}
    assert got == (want if period else set())


def test_a_note_that_this_information_is_not_held_gives_not_held_for_the_tables_periods() -> None:
    grid: Grid = [
        ["Q3 Stalking Protection Orders made by the court"],
        ["Financial year", "SPOs granted"],
        ["2022/23", "8"],
        ["2023/24", "11"],
        ["Q4 breaches: this information is not held in a retrievable format."],
    ]
    got = figures(grid)
    assert ("A5", "spo_breaches", "2022/23", None, "not_held") in got
    assert ("A5", "spo_breaches", "2023/24", None, "not_held") in got


def test_a_not_held_note_under_a_table_by_quarter_gives_no_figure() -> None:
    # Asked for years, answered by quarter: the note does not say which periods it is for.
    grid: Grid = [
        ["Stalking Protection Orders"],
        ["Quarter", "SPOs granted"],
        ["Jan-Mar 2023", "2"],
        ["Apr-Jun 2023", "3"],
        ["Breaches of SPOs: this information is not held."],
    ]
    assert not {f for f in figures(grid) if f[1] == "spo_breaches"}
    assert len(figures(grid)) == 2


@pytest.mark.parametrize(
    ("note", "held"),
    [
        ("- = nil. Interim SPOs granted: information not held.", False),
        (
            "- = dim / nil. Gorchmynion interim a roddwyd / Interim orders granted: "
            "gwybodaeth heb ei chadw / information not held.",
            False,
        ),
        # Another sentence names a period: the status may be for part of the time only.
        ("Interim SPOs granted: information not held. Figures before 2022 are estimates.", True),
    ],
)
def test_a_status_sentence_in_a_note_of_several_gives_not_held(note: str, held: bool) -> None:
    grid: Grid = [
        ["Stalking Protection Orders"],
        ["Financial year", "Full SPOs granted"],
        ["2022/23", "5"],
        ["2023/24", "-"],
        [note],
    ]
    interim = {f for f in figures(grid) if f[1] == "interim_spo_granted"}
    assert interim == (
        set()
        if held
        else {
            ("A5", "interim_spo_granted", "2022/23", None, "not_held"),
            ("A5", "interim_spo_granted", "2023/24", None, "not_held"),
        }
    )


@pytest.mark.parametrize(
    ("total", "kept"),
    [("1,060", True), ("1,000", False)],
)
def test_a_year_total_its_footnote_says_exceeds_its_quarters_is_the_years_figure(
    total: str, kept: bool
) -> None:
    # The footnote explains a total above the sum of the quarters; one below it is still wrong.
    grid: Grid = [
        ["Recorded stalking offences by quarter"],
        ["Year", "Jan-Mar", "Apr-Jun", "Jul-Sep", "Oct-Dec", "Year total†"],
        ["2022", 250, 260, 255, 245, total],
        ["† Year totals include offences with no recorded date; totals therefore exceed the sum."],
    ]
    year = {f for f in figures(grid) if f[2] == "2022"}
    assert year == ({("F3", "stalking_offences", "2022", 1060, "reported")} if kept else set())


def test_a_note_on_another_measure_after_a_refusal_does_not_hide_the_refusal(
    tmp_path: Path,
) -> None:
    blocks: ml.Blocks = [
        ("title", "Suffolk Constabulary"),
        ("p", ml.MARK),
        ("p", "1. How many SPOs were granted in each financial year 2022/23 and 2023/24?"),
        ("p", "2022/23: 4"),
        ("p", "2023/24: 6"),
        ("p", "2. How many breaches of SPOs were recorded?"),
        (
            "p",
            "This would exceed the cost limit and this part of the request is refused under "
            "section 12.",
        ),
        ("p", "Note: the 2022/23 SPOs granted figure of 4 was revised from 5."),
    ]
    path = tmp_path / "replies" / "reply.docx"
    ml.write_docx(path, blocks)
    obs, _ = read_file(path, tmp_path, None)
    got = {(o.measure, str(o.period_start), o.status) for o in obs if o.measure == "spo_breaches"}
    assert got == {
        ("spo_breaches", "2022-04-01", "refused"),
        ("spo_breaches", "2023-04-01", "refused"),
    }
