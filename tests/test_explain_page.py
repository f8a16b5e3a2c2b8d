"""The explain page (issue 20): made from the reading alone, the clock passed in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from spo_stats.publish.explain_html import render
from spo_stats.sources.explain import explain_file


def test_the_explain_page_reads_no_clock_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "synthetic.csv"
    path.write_text("Year,SPOs granted\n2021,3\n", encoding="utf-8")
    ex = explain_file(path)
    assert render(ex) == render(ex)
    assert "Made " not in render(ex)
    assert "Made 04 December 2026 09:30." in render(ex, datetime(2026, 12, 4, 9, 30))
