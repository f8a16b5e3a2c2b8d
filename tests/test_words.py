"""Words made at the end, in publish/."""

from __future__ import annotations

from spo_stats.publish.words import sentence_case


def test_sentence_case_keeps_spos_in_capitals() -> None:
    assert (
        sentence_case("SPOs granted per 100,000 residents") == "SPOs granted per 100,000 residents"
    )
    assert sentence_case("interim SPOs granted") == "Interim SPOs granted"


def test_no_module_capitalizes_with_str_capitalize() -> None:
    """str.capitalize() lowers the rest of the text ("Spos granted"): sentence_case is the one way."""
    import ast
    from pathlib import Path

    import spo_stats

    root = Path(spo_stats.__file__).parent
    calls = [
        f"{path.relative_to(root)}:{node.lineno}"
        for path in sorted(root.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "capitalize"
    ]
    assert calls == []
