"""Where the generator's choices come from: a seeded random.Random, or Hypothesis draws.

Every random decision of the layout generator goes through a Chooser, so the same generator code is
driven by Hypothesis in the test suite (draws it can replay and shrink) and by a plain seeded
random.Random in `make fuzz` (ten thousand returns, fast, no Hypothesis machinery).
"""

from __future__ import annotations

import os
import random
from collections.abc import Sequence
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

T = TypeVar("T")


class Chooser(Protocol):
    def choice(self, options: Sequence[T]) -> T: ...

    def integer(self, lo: int, hi: int) -> int: ...

    def chance(self, p: float) -> bool: ...


def run_seed() -> int:
    """This run's seed: SPO_SEED if set, else a fresh one, so no two runs draw the same returns.

    A fresh seed is put into the environment, so every process of the run shares it and the line
    that reports it (tests/conftest.py, the fuzz report) says the one to set to draw them again.
    """
    text = os.environ.get("SPO_SEED", "").strip()
    if not text:
        text = str(random.SystemRandom().randrange(2**32))
        os.environ["SPO_SEED"] = text
    return int(text)


class RandomChooser:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def choice(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def integer(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


class DrawChooser:
    """Choices drawn by Hypothesis (the draw of an st.composite), so a failing return shrinks."""

    def __init__(self, draw: Any) -> None:
        from hypothesis import strategies as st

        self.draw = draw
        self.st = st

    def choice(self, options: Sequence[T]) -> T:
        return options[self.draw(self.st.integers(0, len(options) - 1))]

    def integer(self, lo: int, hi: int) -> int:
        return int(self.draw(self.st.integers(lo, hi)))

    def chance(self, p: float) -> bool:
        # Shrinks towards False: a shrunk failure keeps only the transforms it needs.
        return bool(self.draw(self.st.integers(0, 999)) >= 1000 - round(p * 1000))


# Which transforms a return may use (None: all). Set by compose.generate for one return, read by
# every choice point, so a composition can be limited to, say, what the reader supports today.
_ALLOW: ContextVar[frozenset[str] | None] = ContextVar("allow", default=None)
FAMILY_TAGS: set[str] = set()  # filled by compose: tags outside it are never limited


def allowed(tag: str) -> bool:
    allow = _ALLOW.get()
    return allow is None or tag in allow or tag not in FAMILY_TAGS


def only(options: Sequence[T]) -> list[T]:
    """The options (tags) a limited composition may use."""
    return [o for o in options if allowed(str(o))]
