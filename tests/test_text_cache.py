"""The pure functions that read a label's text keep their answers (understand.TEXT_CACHE): an
answer kept must be the answer the text gives, whatever was asked before it."""

from __future__ import annotations

from spo_stats.forces import forces_in_text
from spo_stats.understand.labels import type_label


def test_a_cell_of_another_type_equal_to_one_asked_before_gets_its_own_label() -> None:
    # 1.0 == True and their hashes are equal: kept by value alone, True would get 1.0's label.
    assert type_label(1.0).text == "1"
    assert type_label(True).text == "True"
    assert type_label(1).text == "1"


def test_the_forces_named_in_a_text_are_a_fresh_set_each_time() -> None:
    title = "Stalking Protection Orders, Cleveland Police"
    found = forces_in_text(title)
    assert found == {"cleveland"}
    found.add("durham")  # a caller may add to what it was given
    assert forces_in_text(title) == {"cleveland"}
