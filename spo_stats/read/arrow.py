"""pyarrow without pandas: pyarrow imports pandas, where it is installed, the first time it builds
or computes on an array (to look for pandas types our data never holds). That is 0.15-0.45 s of a
run that never uses pandas; a reader working in Arrow does so inside without_pandas().

dataset/store.py keeps its own copy for the Parquet writer (its write path is being reworked);
the two can become this one when that work lands.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import sys
from collections.abc import Iterator
from typing import Any


class _NoPandas(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        if name == "pandas":
            raise ModuleNotFoundError("not needed to read in Arrow", name=name)


@contextlib.contextmanager
def without_pandas() -> Iterator[None]:
    """pandas cannot be imported inside; pyarrow, finding no pandas, tries again on a later use."""
    finder = _NoPandas()
    if "pandas" not in sys.modules:
        sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(finder)
