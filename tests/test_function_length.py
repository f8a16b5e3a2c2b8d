"""A function fits on a screen: none in spo_stats is longer than 80 lines (its decorators aside)."""

from __future__ import annotations

import ast
from pathlib import Path

import spo_stats

PACKAGE = Path(spo_stats.__file__).parent
MAX_LINES = 80


def long_functions(root: Path, limit: int = MAX_LINES) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > limit:
                    found.append(f"{path.relative_to(root)}:{node.lineno} {node.name} {lines}")
    return found


def test_no_function_is_longer_than_a_screen() -> None:
    assert long_functions(PACKAGE) == []


def test_the_check_counts_a_long_function(tmp_path: Path) -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(MAX_LINES))
    (tmp_path / "m.py").write_text(f"def short():\n    pass\n\n\ndef long():\n{body}")
    assert long_functions(tmp_path) == [f"m.py:5 long {MAX_LINES + 1}"]
