"""Generated returns (tests/generate, ALL SYNTHETIC): every figure out is true, every true one comes out.

For each transform family (a table shape, a way of writing periods or values, a decoy, where the
force is named, a file format) Hypothesis draws returns that show that transform on an otherwise
plain return, writes them as files, runs the library's ingest and compares with the truth the
generator encoded:

- zero wrong: every figure that comes out is in the truth (right force, measure, period, value);
- recall: every figure a correct reader must give comes out.

Then returns that compose many transforms at random. Failures print the wrong and missed figures,
the transforms and the whole return as cells. Families the reader fails today are marked xfail
(strict=False) below, each with its reason: remove a family from the list when the reader is fixed.
Examples per test: SPO_GEN_EXAMPLES (default 8 per family, 60 for compositions); `make fuzz` runs
ten thousand returns and prints a table per transform (python -m tests.generate.fuzz).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.generate.check import run
from tests.generate.choices import DrawChooser
from tests.generate.compose import FAMILIES, generate
from tests.generate.model import GeneratedReturn

PER_FAMILY = int(os.environ.get("SPO_GEN_EXAMPLES", "8"))
COMPOSED = int(os.environ.get("SPO_GEN_COMPOSED", "60"))
# Shrinking finds the smallest failing return but costs minutes per failure; ask for it by name.
PHASES = [Phase.explicit, Phase.generate] + (
    [Phase.shrink] if os.environ.get("SPO_GEN_SHRINK") else []
)


def _settings(n: int) -> settings:
    return settings(
        max_examples=n,
        derandomize=True,
        database=None,
        deadline=None,
        phases=PHASES,
        report_multiple_bugs=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=False,
    )


# Families whose returns give wrong figures today: the reader must give none, ever.
WRONG_TODAY: dict[str, str] = {}

# Families whose figures the reader misses today.
MISSED_TODAY: dict[str, str] = {}


@st.composite
def returns(draw: st.DrawFn, family: str | None = None) -> GeneratedReturn:
    """A generated return: with a family, that transform on a plain return; else any composition."""
    return generate(DrawChooser(draw), require=family, plain=family is not None)


def _families(today: dict[str, str]) -> list:  # type: ignore[type-arg]
    return [
        pytest.param(f, marks=pytest.mark.xfail(strict=False, reason=today[f])) if f in today else f
        for f in FAMILIES
    ]


@pytest.mark.parametrize("family", _families(WRONG_TODAY))
def test_zero_wrong(family: str) -> None:
    @_settings(PER_FAMILY)
    @given(returns(family))
    def check(ret: GeneratedReturn) -> None:
        outcome = run(ret)
        assert not outcome.wrong, outcome.explain()

    check()


@pytest.mark.parametrize("family", _families(MISSED_TODAY))
def test_recall(family: str) -> None:
    @_settings(PER_FAMILY)
    @given(returns(family))
    def check(ret: GeneratedReturn) -> None:
        outcome = run(ret)
        assert not outcome.missed, outcome.explain()

    check()


@pytest.mark.xfail(strict=False, reason="")
def test_compositions_zero_wrong() -> None:
    @_settings(COMPOSED)
    @given(returns())
    def check(ret: GeneratedReturn) -> None:
        outcome = run(ret)
        assert not outcome.wrong, outcome.explain()

    check()


@pytest.mark.xfail(strict=False, reason="")
def test_compositions_recall() -> None:
    @_settings(COMPOSED)
    @given(returns())
    def check(ret: GeneratedReturn) -> None:
        outcome = run(ret)
        assert not outcome.missed, outcome.explain()

    check()


def test_generated_files_say_they_are_synthetic(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from spo_stats.read.cells import read_sheets
    from tests.generate.choices import RandomChooser
    from tests.generate.vocab import MARK
    from tests.generate.writers import write

    for seed in range(40):
        ret = generate(RandomChooser(seed))
        for spec in ret.files:
            path = write(tmp_path / str(seed), spec)
            _, sheets = read_sheets(path)
            assert any(MARK in str(v) for s in sheets for row in s.rows for v in row), spec.path
