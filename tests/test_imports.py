"""Imports run one way, at the top of a module: no import inside a function to dodge a circle.

A function-level import of a spo_stats module hides a circle (two modules that need each other)
or a module in the wrong place. The few that are allowed are listed here with their reason.
Importing a heavy third-party library (matplotlib, pyarrow, openpyxl, pdfplumber, python-docx,
calamine) where it is used is fine: it keeps start-up fast and is no circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import spo_stats

PACKAGE = Path(spo_stats.__file__).parent
# Folders whose functions may import spo_stats modules, and why.
ALLOWED = {
    # Each command imports the library it needs when it runs, so `spo-stats --help` and every
    # other command start without loading it (the --help budget: 1.2x `import typer`).
    "cli/": "commands import what they need",
}


def function_level_imports(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if any(rel.startswith(folder) for folder in ALLOWED):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.ImportFrom):
                    names = [("." * node.level) + (node.module or "")]
                elif isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                else:
                    continue
                for name in names:
                    if name.startswith((".", "spo_stats")):
                        found.append(f"{rel}:{node.lineno} {fn.name} imports {name}")
    return found


def test_no_function_imports_a_spo_stats_module() -> None:
    assert function_level_imports(PACKAGE) == []


def test_the_check_finds_a_function_level_import(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        "def f():\n    from spo_stats.read import cells\n    return cells\n", encoding="utf-8"
    )
    (tmp_path / "cli").mkdir()
    (tmp_path / "cli" / "b.py").write_text("def g():\n    import spo_stats.ingest\n")
    assert function_level_imports(tmp_path) == ["a.py:2 f imports spo_stats.read"]
