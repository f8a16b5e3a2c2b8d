"""The shipped briefings read as a commissioner reads them: every sentence, checked against the others.

Cleveland's and the national briefing are made from the real data in data/raw, then read as text:
each paragraph, list item and table row. No sentence may hold command-line text or an ISO date,
and no two may contradict: a rate given for figures also listed as having no partner, or a period
said both to have a figure and to lack it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spo_stats.cli.main import app

runner = CliRunner()
RAW = Path(__file__).parent.parent / "data" / "raw"
NAMES = ("cleveland", "national")


class _Units(HTMLParser):
    """The page's text as a reader meets it: paragraphs, list items, captions, table rows."""

    BLOCKS = ("p", "li", "caption", "figcaption", "h1", "h2", "h3", "pre")

    def __init__(self) -> None:
        super().__init__()
        self.units: list[str] = []
        self.rows: list[list[str]] = []
        self.headers: list[list[str]] = []
        self._text: list[str] | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_head = False
        self._skip = 0
        self.alts: dict[str, str] = {}  # each chart's alt text, by its name
        self.tables: list[tuple[list[list[str]], list[list[str]]]] = []  # (header rows, rows)
        self.sections: list[str] = []  # the heading each unit is under
        self._chart = ""
        self._heading = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "figure":
            self._chart = a.get("data-chart") or ""
        if tag == "img" and self._chart:
            self.alts[self._chart] = a.get("alt") or ""
        if tag == "table":
            self.tables.append(([], []))
        if tag in ("style", "footer"):
            self._skip += 1
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag in self.BLOCKS and self._row is None:
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "footer"):
            self._skip -= 1
        elif tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            (self.headers if self._in_head else self.rows).append(self._row)
            self.tables[-1][0 if self._in_head else 1].append(self._row)
            self._row = None
        elif tag in self.BLOCKS and self._text is not None:
            text = " ".join("".join(self._text).split())
            if tag == "h2":
                self._heading = text
            self.units.append(text)
            self.sections.append(self._heading)
            self._text = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        for buf in (self._cell, self._text):
            if buf is not None:
                buf.append(data)


@dataclass(frozen=True)
class Page:
    name: str
    force: str
    units: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    headers: tuple[tuple[str, ...], ...]
    alts: tuple[tuple[str, str], ...] = ()
    sections: tuple[str, ...] = ()
    tables: tuple[tuple[list[list[str]], list[list[str]]], ...] = ()

    @property
    def sentences(self) -> list[str]:
        # A full stop ends a sentence where a capital or a digit starts the next one.
        return [s for u in self.units for s in re.split(r"(?<=[.;])\s+(?=[A-Z0-9])", u) if s]

    @property
    def text(self) -> list[str]:
        return [*self.sentences, *(" | ".join(r) for r in (*self.headers, *self.rows))]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Page]:
    clean = tmp_path_factory.mktemp("prose-clean")
    out = tmp_path_factory.mktemp("prose-reports")
    assert runner.invoke(app, ["ingest", str(RAW), "--out", str(clean)]).exit_code == 0
    pages = {}
    for name, args in (("cleveland", ["--force", "cleveland"]), ("national", [])):
        result = runner.invoke(app, ["report", "--clean", str(clean), "--out", str(out), *args])
        assert result.exit_code == 0, result.stderr
        parsed = _Units()
        parsed.feed((out / name / "briefing.html").read_text(encoding="utf-8"))
        pages[name] = Page(
            name,
            "Cleveland Police" if name == "cleveland" else "",
            tuple(parsed.units),
            tuple(map(tuple, parsed.rows)),
            tuple(map(tuple, parsed.headers)),
            tuple(parsed.alts.items()),
            tuple(parsed.sections),
            tuple(parsed.tables),
        )
        # The Markdown twin's prose: above its footer, links' addresses left out (an address is
        # not prose, and a news site's may hold a date).
        md = (out / name / "briefing.md").read_text(encoding="utf-8").split("\n---\n")[0]
        lines = re.sub(r"\]\([^)\s]*\)", "]", md).splitlines()
        pages[f"{name}.md"] = Page(f"{name}.md", "", tuple(lines), (), ())
    return pages


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
COMMAND = re.compile(
    r"(?:^|[\s(\"'])--[a-z]|\bspo-stats\s+(?:ingest|report|request|check|export|explain|fetch|"
    r"headline|forces)\b|\bmake\s+demo\b|\brun\s+spo-stats\b"
)


@pytest.mark.parametrize("name", [*NAMES, *(f"{n}.md" for n in NAMES)])
def test_no_command_line_text_and_no_iso_date(shipped: dict[str, Page], name: str) -> None:
    text = shipped[name].text
    assert text, "nothing read"
    assert [s for s in text if ISO_DATE.search(s)] == []
    assert [s for s in text if COMMAND.search(s)] == []


# ---- what each sentence claims ------------------------------------------------------------------

MEASURES = {
    "spo granted": "spo_granted",
    "spos granted": "spo_granted",
    "recorded stalking offences": "stalking_offences",
    "recorded stalking offence": "stalking_offences",
    "spo applications": "spo_applications",
    "interim spos granted": "interim_spo_granted",
    "spo breaches": "spo_breaches",
}
_MEASURE = "|".join(sorted(map(re.escape, MEASURES), key=len, reverse=True))
_PERIOD = r"\d{4}(?:/\d{2})?|(?:\d{1,2} )?[A-Z][a-z]+ \d{4} to (?:\d{1,2} )?[A-Z][a-z]+ \d{4}"
# "4 SPOs granted for 2023, but no count of recorded stalking offences for that exact period"
UNMATCHED = re.compile(
    rf"(?P<value>[\d,]+) (?P<has>{_MEASURE}) (?:for|in) (?P<period>{_PERIOD})"
    rf"(?: \([^)]*\))?, but no (?:count of )?(?P<lacks>{_MEASURE})(?: figure)? for that",
    re.I,
)
# "Latest: Cleveland Police, 20 January 2020 to 6 May 2021: 1 SPO granted against ..."
RATE_SENTENCE = re.compile(rf"(?P<period>{_PERIOD}): [\d,]+ (?:{_MEASURE}) against .*per 100", re.I)
# "1,635 recorded stalking offences for 2021" anywhere: the period has that figure.
HAS = re.compile(
    rf"(?<![\w,])(?:about )?(?P<value>[\d,]+) (?P<m>{_MEASURE}) (?:for|in) (?P<period>{_PERIOD})",
    re.I,
)


def _period(text: str) -> str:
    return text.replace("†", "").strip()


def _rated(page: Page) -> set[str]:
    """Periods the page gives a rate for (a rate table's row, or a sentence with 'per 100')."""
    rated = {_period(m["period"]) for s in page.sentences if (m := RATE_SENTENCE.search(s))}
    for head in page.headers:
        if "Per 100" in head and "Period" in head:
            i = head.index("Period")
            rated |= {_period(r[i]) for r in page.rows if len(r) == len(head)}
    return rated


def _unmatched(page: Page) -> list[re.Match[str]]:
    return [m for s in page.sentences for m in UNMATCHED.finditer(s)]


def _years(text: str, every: list[int]) -> list[int]:
    """'2023 to 2025', '2020, 2021 and 2025', 'all' (every year of the table), 'none'."""
    if text == "all":
        return every
    years: list[int] = []
    for part in re.split(r",\s*|\s+and\s+", text):
        if m := re.fullmatch(r"(\d{4}) to (\d{4})", part.strip()):
            years += range(int(m[1]), int(m[2]) + 1)
        elif re.fullmatch(r"\d{4}", part.strip()):
            years.append(int(part))
    return years


def _missing_years(page: Page) -> dict[tuple[str, str], str]:
    """(measure, year) the page's missing-years table says the force lacks."""
    found: dict[tuple[str, str], str] = {}
    captions = [u for u in page.units if "calendar years" in u and "lacks" in u]
    span = re.search(r"complete calendar years (\d{4}) to (\d{4})", " ".join(captions))
    if not span:
        return found
    every = list(range(int(span[1]), int(span[2]) + 1))
    for head in page.headers:
        if head[0] != "Force":
            continue
        for row in page.rows:
            if len(row) != len(head) or row[0] != page.force:
                continue
            for title, cell in zip(head[1:], row[1:], strict=True):
                measure = next(
                    (v for k, v in MEASURES.items() if title.lower().startswith(k)), None
                )
                for y in _years(cell, every) if measure else []:
                    found[(measure, str(y))] = f"the missing-years table: {title}, {cell}"  # type: ignore[index]
    return found


def test_the_claim_readers_can_parse_these_briefings(shipped: dict[str, Page]) -> None:
    """The checks below read real sentences: each pattern finds what it is for."""
    cle = shipped["cleveland"]
    assert _rated(cle) and _unmatched(cle) and _missing_years(cle)
    assert any(HAS.search(s) for s in cle.sentences)


def rate_clashes(page: Page) -> list[str]:
    """Periods given a rate and also listed as having a figure without its partner."""
    rated = _rated(page)
    return [m[0] for m in _unmatched(page) if _period(m["period"]) in rated]


def have_and_lack(page: Page) -> list[str]:
    """A figure said to be missing for a period, where another sentence gives it."""
    lacks = {(MEASURES[m["lacks"].lower()], _period(m["period"])): m[0] for m in _unmatched(page)}
    lacks |= _missing_years(page)
    has: dict[tuple[str, str], str] = {}
    for s in page.sentences:
        # A sentence saying one figure is missing names the one it has: that one counts as had.
        missing = {m["lacks"].lower() for m in UNMATCHED.finditer(s)}
        for m in HAS.finditer(s):
            if m["m"].lower() not in missing:
                has[(MEASURES[m["m"].lower()], _period(m["period"]))] = s
    return sorted(f"{lacks[k]!r} but {has[k]!r}" for k in lacks.keys() & has.keys())


def _page(*sentences: str, rows: tuple[tuple[str, ...], ...] = ()) -> Page:
    headers = (("Period", "SPOs granted", "Per 100"),) if rows else ()
    return Page("synthetic", "Kent Police", sentences, rows, headers)


def test_the_checks_catch_each_kind_of_contradiction() -> None:
    """The two the issue found: Durham's rate beside its unmatched figures, and a period said to
    lack offences in one sentence and to have them in the next."""
    unmatched = "2 SPOs granted for 2021, but no count of recorded stalking offences for that exact period, so no rate."
    assert rate_clashes(_page(unmatched, rows=(("2021 †", "2", "about 0.06"),)))
    assert not rate_clashes(_page(unmatched, rows=(("2022", "2", "0.06"),)))
    other = "1,635 recorded stalking offences in 2021, but no SPOs granted figure for that period."
    assert have_and_lack(_page(unmatched, other))
    assert not have_and_lack(_page(unmatched))
    caption = (
        "Calendar years the dataset lacks for Kent Police (complete calendar years 2020 to 2025)"
    )
    table = Page(
        "synthetic",
        "Kent Police",
        (caption, "4 SPOs granted for 2023 in the force's reply."),
        (("Kent Police", "2023 to 2025", "2020, 2023"),),
        (("Force", "Recorded stalking offences", "SPOs granted (full orders, or not said)"),),
    )
    assert have_and_lack(table) == [
        "'the missing-years table: SPOs granted (full orders, or not said), 2020, 2023' but "
        '"4 SPOs granted for 2023 in the force\'s reply."'
    ]


@pytest.mark.parametrize("name", NAMES)
def test_no_rate_is_given_for_figures_listed_as_unmatched(
    shipped: dict[str, Page], name: str
) -> None:
    assert rate_clashes(shipped[name]) == []


@pytest.mark.parametrize("name", NAMES)
def test_no_period_is_said_both_to_have_and_to_lack_a_figure(
    shipped: dict[str, Page], name: str
) -> None:
    assert have_and_lack(shipped[name]) == []


def _charted(page: Page) -> dict[str, int]:
    """The yearly offence counts the offences chart draws, from its alt text: {'2021': 1646}."""
    alt = dict(page.alts).get("offences", "")
    return {
        period: int(value.replace(",", ""))
        for period, value in re.findall(r"(\d{4}(?:/\d{2})?) ([\d,]+)(?=[,;.])", alt)
    }


def test_a_figure_in_the_chart_and_the_text_is_the_same_figure(shipped: dict[str, Page]) -> None:
    """Cleveland's 2021: the chart drew 1,646 (the Home Office's quarters, which the precedence
    chooses) while the text said 1,635; the other figure is named only as disagreeing."""
    page = shipped["cleveland"]
    charted = _charted(page)
    assert charted.get("2021") == 1646
    said = [
        (m["period"], int(m["value"].replace(",", "")), s)
        for s, section in zip(page.units, page.sections, strict=True)
        if section != "Sources that disagree"
        for m in HAS.finditer(s)
        if MEASURES[m["m"].lower()] == "stalking_offences"
    ]
    assert said, "no offence figure found in the text"
    clash = [(p, v, s) for p, v, s in said if p in charted and charted[p] != v]
    assert clash == []


def test_the_national_tables_show_every_force_the_brief_says_has_a_rate(
    shipped: dict[str, Page],
) -> None:
    """'40 have a period with both' once came over a table of three (Avon and Somerset and
    Norfolk missing)."""
    page = shipped["national"]
    said = next(
        int(m[1]) for s in page.units if (m := re.search(r"; (\d+) have a period with both", s))
    )
    shown: set[str] = set()
    for heads, rows in page.tables:
        if heads and "Per 100" in heads[0]:
            per = heads[0].index("Per 100")
            shown |= {r[0] for r in rows if r[per]}
    assert len(shown) == said == 40
