"""Words made at the end, in publish/."""

from __future__ import annotations

from spo_stats.publish.words import sentence_case


def test_sentence_case_keeps_spos_in_capitals() -> None:
    assert (
        sentence_case("SPOs granted per 100,000 residents") == "SPOs granted per 100,000 residents"
    )
    assert sentence_case("interim SPOs granted") == "Interim SPOs granted"
