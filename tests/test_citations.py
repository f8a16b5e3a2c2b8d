"""A citation's words go in `source`, its web address in `source_url` (a URL or nothing)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from spo_stats.ingest import ingest
from spo_stats.sources.manual import read_manual, split_citation

RAW = Path(__file__).parent.parent / "data" / "raw"


@pytest.mark.parametrize(
    ("text", "words", "url"),
    [
        (
            "BBC FOI, reported 2025 (syndicated copy: https://example.org/a-story)",
            "BBC FOI, reported 2025 (syndicated copy)",
            "https://example.org/a-story",
        ),
        (
            "Guardian report, 2021 (copy at https://example.org/?nid=1)",
            "Guardian report, 2021 (copy)",
            "https://example.org/?nid=1",
        ),
        ("FOI 900-24: https://www.example.police.uk/foi/900-24/", "FOI 900-24", "https://www.example.police.uk/foi/900-24/"),
        ("https://www.example.co.uk/news/1.story/", "example.co.uk", "https://www.example.co.uk/news/1.story/"),
        ("BBC FOI, 2025 (seed article)", "BBC FOI, 2025 (seed article)", ""),
        ("Hansard, 16 March 2022, https://example.org/x.", "Hansard, 16 March 2022", "https://example.org/x"),
    ],
)  # fmt: skip
def test_split_citation(text: str, words: str, url: str) -> None:
    assert split_citation(text) == (words, url)


def read_csv_text(text: str) -> list[list[object]]:
    return [[c or None for c in row] for row in csv.reader(io.StringIO(text))]


def _manual(text: str) -> list[tuple[str, str]]:
    # SYNTHETIC manual-entry rows.
    reading = read_manual(read_csv_text(text), "s")
    assert not reading.warnings, reading.warnings
    return [(f.source, f.url) for f in reading.figures]


def test_a_source_url_column_is_honoured_and_checked() -> None:
    header = "area,period,measure,value,source,source_url\n"
    assert _manual(
        header + "Kent,2021,spo_granted,4,FOI 12 (SYNTHETIC),https://example.org/12\n"
    ) == [("FOI 12 (SYNTHETIC)", "https://example.org/12")]
    reading = read_manual(
        read_csv_text(header + "Kent,2021,spo_granted,4,FOI 12,a letter (SYNTHETIC)\n"), "s"
    )
    assert reading.figures == []
    assert "source_url 'a letter (SYNTHETIC)' is not a web address" in reading.warnings[0]


def test_shipped_data_keeps_prose_out_of_source_url(tmp_path: Path) -> None:
    result = ingest(RAW, tmp_path, use_cache=False)
    assert result.observations
    for o in result.observations:
        assert o.source, o
        assert o.source_url == "" or re.fullmatch(r"https?://\S+", o.source_url), o.source_url
        assert "http" not in o.source, o.source
