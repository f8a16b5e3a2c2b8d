"""Briefings as a reader gets them: one self-contained page, plain words, the measure everywhere.

The synthetic corpus (tests/fixtures, generated, every file says it is synthetic) and the shipped
published figures are rendered through the command line, then read as HTML.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spo_stats.cli.main import app
from spo_stats.dataset.store import load_rows
from spo_stats.ingest import ingest
from spo_stats.publish import words
from spo_stats.publish.report import build_force_report, build_national_report
from spo_stats.publish.request import chase_list, request_letter
from tests.conftest import RETURNS
from tests.helpers import row

runner = CliRunner()
RAW = Path(__file__).parent.parent / "data" / "raw"
D = date


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clean = tmp_path_factory.mktemp("clean")
    assert runner.invoke(app, ["ingest", str(RETURNS), "--out", str(clean)]).exit_code == 0
    return clean


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    clean = tmp_path_factory.mktemp("shipped")
    raw = tmp_path_factory.mktemp("raw")
    shutil.copy(RAW / "published-figures.csv", raw)
    ingest(raw, clean, use_cache=False)
    return clean


def _report(clean: Path, out: Path, *args: str) -> None:
    result = runner.invoke(app, ["report", "--clean", str(clean), "--out", str(out), *args])
    assert result.exit_code == 0, result.stderr


class Page(HTMLParser):
    """What a reader's browser would fetch and what a screen reader would announce."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.remote: list[str] = []
        self.imgs: list[dict[str, str | None]] = []
        self.tags: list[str] = []
        self.th = 0
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "th":
            self.th += 1
        if tag == "img":
            self.imgs.append(a)
        for key in ("src", "href"):
            v = a.get(key) or ""
            if tag != "a" and v and not v.startswith("data:"):
                self.remote.append(v)
        if tag in ("script", "link", "iframe"):
            self.remote.append(tag)


def test_force_briefing_is_one_self_contained_accessible_page(corpus: Path, tmp_path: Path) -> None:
    _report(corpus, tmp_path, "--force", "cleveland")
    text = (tmp_path / "cleveland" / "briefing.html").read_text()
    page = Page(text)
    assert page.remote == []  # nothing fetched from anywhere: it opens as an attachment
    assert len(page.imgs) == 3 and all(i["alt"] and len(i["alt"] or "") > 40 for i in page.imgs)
    assert page.headings[0] == 1 and page.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False))
    assert page.th > 10 and "<caption>" in text
    assert "@media print" in text and "size: A4" in text and 'name="viewport"' in text
    # Plain words first, and the trace-back footer.
    assert "A Stalking Protection Order (SPO) is a civil order" in text
    assert "recorded stalking offences, about 1 order for every 100 (0.98 per 100" in text
    assert re.search(r"Dataset fingerprint \(SHA-256 of observations.csv\): [0-9a-f]{64}", text)
    assert "spo-stats 0.1.0" in text and "Briefing made " in text
    # Names, not slugs; no jargon.
    for jargon in ("Wilson score", "(seed article)", "bbc-44-uk-forces", "(full)", "1 SPOs"):
        assert jargon not in text


def test_every_chart_is_svg_with_date_and_source(corpus: Path, tmp_path: Path) -> None:
    import base64

    _report(corpus, tmp_path, "--force", "cleveland")
    text = (tmp_path / "cleveland" / "briefing.html").read_text()
    svgs = [base64.b64decode(m).decode() for m in re.findall(r"svg\+xml;base64,([^\"]+)", text)]
    assert len(svgs) == 3
    for svg in svgs:
        assert svg.lstrip().startswith("<?xml") and "<svg" in svg
        assert "#0072b2" in svg.lower()  # the colour-blind-safe palette
        assert not re.search(r"href=\"(?!#)", svg)  # nothing linked from outside the chart


def test_grant_ratio_never_says_offences_and_never_overwrites(corpus: Path, tmp_path: Path) -> None:
    _report(corpus, tmp_path, "--force", "cleveland")
    before = (tmp_path / "cleveland" / "briefing.html").read_bytes()
    _report(corpus, tmp_path, "--force", "cleveland", "--measure", "grant_ratio")
    folder = tmp_path / "cleveland"
    assert (folder / "briefing.html").read_bytes() == before
    for name in ("briefing-grant-ratio.html", "briefing-grant-ratio.md"):
        text = (folder / name).read_text()
        assert "per 100 recorded stalking offences" not in text
        assert "SPOs granted per 100 SPO applications" in text
    md = (folder / "briefing-grant-ratio.md").read_text()
    assert "| Period | SPOs granted | SPO applications | Per 100 |" in md
    assert "4 SPOs granted from 5 SPO applications, 80 of every 100 applications" in md


def test_no_figures_gives_a_short_page_with_what_to_ask(corpus: Path, tmp_path: Path) -> None:
    _report(corpus, tmp_path, "--force", "northamptonshire")
    text = (tmp_path / "northamptonshire" / "briefing.html").read_text()
    assert "The dataset holds no figures at all for Northamptonshire Police" in text
    assert "<img" not in text and "What to ask for" in text
    assert "if a figure is below five, please say so" in text
    assert len(text) < 20_000


def test_offence_history_is_one_chart_not_a_line_per_year() -> None:
    # Regression: about 42 "no SPO figure" lines per force, back to 2014.
    rows = [
        row("kent", "stalking_offences", D(y, m, 1), D(y, m + 2, 28 if m + 2 == 2 else 30), 100)
        for y in range(2014, 2020)
        for m in (4, 7, 10)
    ]
    rows.append(row("kent", "spo_granted", D(2021, 1, 1), D(2021, 12, 31), 3))
    rows.append(row("kent", "stalking_offences", D(2021, 1, 1), D(2021, 12, 31), 900))
    rows.append(row("kent", "stalking_offences", D(2018, 1, 1), D(2018, 12, 31), 700))
    rep = build_force_report(rows, "kent", today=D(2026, 11, 25))
    assert rep.offences_only == []
    assert not any("no SPOs granted figure" in s for s in rep.sentences)
    assert len(rep.offence_history) == len(rows) - 1


def test_home_office_quarters_are_labelled_as_the_home_office_does() -> None:
    assert words.period_words(D(2017, 4, 1), D(2017, 6, 30)) == "2017/18 Q1 (Apr to Jun 2017)"
    assert words.period_words(D(2018, 1, 1), D(2018, 3, 31)) == "2017/18 Q4 (Jan to Mar 2018)"
    assert words.period_short(D(2017, 10, 1), D(2017, 12, 31)) == "2017/18 Q3"
    assert words.period_words(D(2021, 4, 1), D(2022, 3, 31)) == "2021/22 (April 2021 to March 2022)"


def test_a_withheld_figure_is_said_the_same_way_everywhere() -> None:
    r = row(
        "kent",
        "spo_breaches",
        D(2022, 1, 1),
        D(2022, 12, 31),
        None,
        status="suppressed",
        value_min=0,
        value_max=4,
    )
    assert words.figure_words(r) == words.status_words(r) == "withheld as a small number (0 to 4)"
    rep = build_force_report([r], "kent", today=D(2026, 1, 1))
    assert "SPO breaches, 2022: withheld as a small number (0 to 4)." in rep.sentences


def test_shipped_figures_flag_disagreement_and_estimates(shipped: Path) -> None:
    rep = build_national_report(load_rows(shipped), today=D(2026, 11, 25))
    text = " ".join([*rep.brief, *rep.published, rep.published_note])
    # 456 SPOs in 2020, yet 189 from 20 January 2020 to February 2021.
    assert (
        "456 SPOs granted for 2020, but only 189 SPOs granted for 20 January 2020 to 28 February 2021"
        in text
    )
    # "about 440,000" offences: no interval; orders from 40 forces, offences from 44.
    # Said once for the list, not in each of its four items.
    assert "No range is given for any of them, because a count behind each is itself" in text
    assert not any("no range is given" in s or "span the April 2020" in s for s in rep.published)
    assert "0.30 to 0.33" not in text
    assert "The orders come from 40 forces but the offences from 44" in text


def test_comparisons_only_like_for_like(shipped: Path) -> None:
    # Cleveland's figures are for 2021, 2023 and 2024; the national figures for 2020 and 2020-23.
    rep = build_force_report(load_rows(shipped), "cleveland", today=D(2026, 11, 25))
    text = " ".join(rep.sentences)
    assert "England and Wales, 2020" not in text and "44 UK" not in text


def test_request_letter_asks_for_missing_years_only() -> None:
    rows = [
        row("kent", m, D(y, 1, 1), D(y, 12, 31), 5)
        for y in (2020, 2021, 2022)
        for m in ("stalking_offences", "spo_granted")
    ]
    missing = chase_list(rows, "kent", D(2024, 3, 1))
    assert missing.years == [2020, 2021, 2022, 2023]
    assert missing.by_measure["spo_granted"] == [2023]
    letter = request_letter(missing, D(2024, 3, 1))
    assert "To: Freedom of Information Officer, Kent Police" in letter
    assert "(Home Office crime classification 8Q, stalking), for 2023." in letter
    assert "interim Stalking Protection Orders, for 2020 to 2023." in letter
    assert 'if a figure is below five, please say so (for example "fewer than 5")' in letter


def test_request_command_prints_and_saves(corpus: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["request", "--force", "Cleveland Police", "--clean", str(corpus), "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.stderr
    saved = (tmp_path / "cleveland" / "foi-request.txt").read_text()
    assert result.stdout == saved
    expected = request_letter(
        chase_list(load_rows(corpus), "cleveland", date.today()), date.today()
    )
    assert saved == expected
    assert f"wrote {tmp_path / 'cleveland' / 'foi-request.txt'}" in result.stderr


def test_request_unknown_force_is_a_usage_error(corpus: Path) -> None:
    result = runner.invoke(app, ["request", "--force", "clevland", "--clean", str(corpus)])
    assert result.exit_code == 2
    assert "Did you mean: cleveland" in result.stderr


def test_national_briefing_lists_every_forces_missing_years(corpus: Path, tmp_path: Path) -> None:
    _report(corpus, tmp_path)
    text = (tmp_path / "national" / "briefing.html").read_text()
    assert "What is missing: every force&#39;s years" in text
    table = text[text.index("Calendar years each force") :]
    assert all(name in table for name in ("Cleveland Police", "Dyfed-Powys Police"))
    # Every force rate, in one table; ranks only within exactly the same period.
    assert "forces are ranked only against others with a rate for exactly the same period" in text


def _year(force: str, orders: int, offences: int, y: int = 2022) -> list[dict]:
    return [
        row(force, "spo_granted", D(y, 1, 1), D(y, 12, 31), orders),
        row(force, "stalking_offences", D(y, 1, 1), D(y, 12, 31), offences),
    ]


def test_rank_is_explained_and_neighbours_compared_for_the_same_year_only() -> None:
    rows = [
        *_year("cleveland", 40, 1000),
        *_year("durham", 5, 1000),  # North East, like Cleveland
        *_year("kent", 2, 1000),
        *_year("essex", 90, 1000),
        *_year("northumbria", 3, 1000, y=2021),  # a neighbour, but another year
    ]
    rep = build_force_report(rows, "cleveland", today=D(2026, 1, 1))
    text = " ".join(rep.brief)
    assert (
        "Rank 2 of 4: of the 4 forces with a rate for 2022, Cleveland Police had the 2nd highest."
        in text
    )
    assert "A force in the same region, same period: Durham Constabulary, 0.50 per 100" in text
    assert "Northumbria" not in text
    assert "the 4 forces in the dataset with both figures for this period added together" in text


def test_exact_rates_of_one_period_are_ranked_whatever_their_ranges() -> None:
    # Overlapping intervals are not a test of difference, so they do not withhold a rank; with
    # three forces there is no England and Wales benchmark, so no comparison is claimed.
    rows = [*_year("cleveland", 10, 1000), *_year("durham", 11, 1000), *_year("kent", 12, 1000)]
    rep = build_force_report(rows, "cleveland", today=D(2026, 1, 1))
    assert (
        "Rank 3 of 3: of the 3 forces with a rate for 2022, Cleveland Police had the 3rd highest."
        in rep.brief
    )
    assert not any("Compared with England and Wales" in s for s in rep.brief)


def test_many_monthly_figures_share_a_timeline_row_and_go_to_the_appendix(tmp_path: Path) -> None:
    from spo_stats.publish.briefing import force_blocks, order_bars
    from spo_stats.publish.charts import _lanes
    from spo_stats.publish.html import Stamp, Table
    from spo_stats.understand.periods import month_end

    rows = [
        row("essex", m, D(y, k, 1), month_end(y, k), v)
        for y in (2021, 2022)
        for k in range(1, 13)
        for m, v in (("spo_granted", 2), ("stalking_offences", 300))
    ]
    rows.append(row("essex", "interim_spo_granted", D(2021, 1, 1), D(2021, 12, 31), 6))
    lanes = _lanes(order_bars(rows))
    assert [label for label, _ in lanes] == [
        "2021, interim orders",
        "Orders, monthly figures, Jan 2021 to Dec 2022",
    ]
    rep = build_force_report(rows, "essex", today=D(2026, 1, 1))
    tables = [
        b
        for b in force_blocks(rep, Stamp(D(2026, 1, 1), "synthetic", "0" * 64))
        if isinstance(b, Table)
    ]
    body = next(t for t in tables if t.caption.endswith("recorded stalking offences"))
    assert [r[0] for r in body.rows] == ["2021", "2021/22 (April 2021 to March 2022)", "2022"]
    # The months are covered by the years: said once, not a table of 24 monthly rates.
    assert not any(t.caption.endswith("shorter periods") for t in tables)
    assert "Rates for 24 shorter periods" in rep_text(rep)


def rep_text(rep: object) -> str:
    from spo_stats.publish.briefing import force_blocks
    from spo_stats.publish.html import Para, Stamp

    blocks = force_blocks(rep, Stamp(D(2026, 1, 1), "synthetic", "0" * 64))  # type: ignore[arg-type]
    return " ".join(str(p) for b in blocks if isinstance(b, Para) for p in b.parts)


@pytest.mark.parametrize(
    ("source_url", "text", "url"),
    [
        (
            "BBC FOI, reported 2025 (syndicated copy: https://fastnewsusa.com/protection-orders)",
            "BBC FOI, reported 2025 (copy at fastnewsusa.com)",
            "https://fastnewsusa.com/protection-orders",
        ),
        ("BBC FOI, 2025 (seed article)", "BBC FOI, 2025", ""),
        (
            "https://itv.com/news/calendar/2024-10-22/x",
            "ITV News",
            "https://itv.com/news/calendar/2024-10-22/x",
        ),
        (
            "https://www.cleveland.police.uk/foi-ai/x/",
            "Cleveland Police, disclosure log",
            "https://www.cleveland.police.uk/foi-ai/x/",
        ),
    ],
)
def test_sources_are_cited_as_a_reader_cites_them(source_url: str, text: str, url: str) -> None:
    r = row(
        "kent",
        "spo_granted",
        D(2021, 1, 1),
        D(2021, 12, 31),
        1,
        kind="manual",
        source_url=source_url,
    )
    assert (words.citation(r).text, words.citation(r).url) == (text, url)


def test_a_release_date_is_not_said_twice() -> None:
    r = row(
        "kent",
        "stalking_offences",
        D(2022, 4, 1),
        D(2023, 3, 31),
        1000,
        kind="home_office",
        source="Home Office, police recorded crime tables, released 19 October 2023",
        source_date=D(2023, 10, 19),
    )
    assert words.citation(r).text == r.source


def _questions(letter: str) -> list[str]:
    return [ln for ln in letter.splitlines() if re.match(r"\d+\. ", ln)]


def test_scottish_letter_asks_under_scottish_law() -> None:
    missing = chase_list([], "Police Scotland", D(2025, 3, 1))
    assert set(missing.by_measure) == {"stalking_offences"}  # no SPO years to chase, ever
    letter = request_letter(missing, D(2025, 3, 1))
    assert "Freedom of Information (Scotland) Act 2002" in letter
    assert "Freedom of Information Act 2000" not in letter
    assert "section 39 of the Criminal Justice and Licensing (Scotland) Act 2010" in letter
    assert "8Q" not in letter
    assert _questions(letter) and not any("Protection Order" in q for q in _questions(letter))
    assert (
        "Request under the Freedom of Information (Scotland) Act 2002: recorded stalking" in letter
    )
    assert "section 15 advice and assistance" in letter


def test_northern_ireland_letter_asks_for_orders_from_october_2023() -> None:
    missing = chase_list([], "PSNI", D(2025, 3, 1))
    assert missing.by_measure["stalking_offences"] == [2020, 2021, 2022, 2023, 2024]
    assert missing.by_measure["spo_granted"] == [2023, 2024]
    letter = request_letter(missing, D(2025, 3, 1))
    assert "Freedom of Information Act 2000" in letter
    assert "section 1 of the Protection from Stalking Act (Northern Ireland) 2022" in letter
    assert "19 October 2023" in letter and "20 January 2020" not in letter
    assert "8Q" not in letter
    spo = [q for q in _questions(letter) if "Protection Order" in q]
    assert len(spo) == 5 and all(q.endswith("for 2023 and 2024.") for q in spo)


def test_northern_ireland_order_from_19_october_2023_counts_for_2023() -> None:
    rows = [row("northern-ireland", "spo_granted", D(2023, 10, 19), D(2023, 12, 31), 2)]
    assert chase_list(rows, "PSNI", D(2025, 3, 1)).by_measure["spo_granted"] == [2024]


@pytest.mark.parametrize("force", ["Kent Police", "British Transport Police"])
def test_england_and_wales_wide_letters_keep_the_2000_act_and_8q(force: str) -> None:
    letter = request_letter(chase_list([], force, D(2025, 3, 1)), D(2025, 3, 1))
    assert "Request under the Freedom of Information Act 2000: Stalking Protection Orders" in letter
    assert "(Home Office crime classification 8Q, stalking), for 2020 to 2024." in letter
    assert "(for 2020, from 20 January 2020, when the orders came into force)" in letter
    assert len(_questions(letter)) == 6


@pytest.mark.parametrize(
    ("force", "slug", "act"),
    [
        ("Police Scotland", "scotland", "Freedom of Information (Scotland) Act 2002"),
        ("PSNI", "northern-ireland", "Protection from Stalking Act (Northern Ireland) 2022"),
    ],
)
def test_request_command_for_scotland_and_northern_ireland(
    corpus: Path, tmp_path: Path, force: str, slug: str, act: str
) -> None:
    result = runner.invoke(
        app, ["request", "--force", force, "--clean", str(corpus), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.stderr
    assert act in result.stdout and "8Q" not in result.stdout
    assert (tmp_path / slug / "foi-request.txt").read_text() == result.stdout
