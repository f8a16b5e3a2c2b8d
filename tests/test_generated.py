"""Generated returns (tests/generate, ALL SYNTHETIC): every figure out is true, every true one comes out.

For each transform family (a table shape, a way of writing periods or values, a decoy, where the
force is named, a file format) Hypothesis draws returns that show that transform on an otherwise
plain return, writes them as files, runs the library's ingest and compares with the truth the
generator encoded:

- zero wrong: every figure that comes out is in the truth (right force, measure, period, value);
  a wrong figure of a class in KNOWN_WRONG (each with its own strict-xfail unit test) is xfailed
  naming it, any other wrong figure fails the test.

Then returns that compose many transforms at random. Failures print the wrong and missed figures,
the transforms and the whole return as cells. Recall (every figure a correct reader must give
comes out) is measured by `make fuzz`, not here (see below).
Examples per test: SPO_GEN_EXAMPLES (default 6 per family) and SPO_GEN_COMPOSED (60). Every run
draws other returns: the seed is fresh each run (printed at the end of the run and in every failure)
unless SPO_SEED is set, which draws the same returns again. No example database. SPO_GEN_SHRINK=1
shrinks a failure to a small return (slow). `make fuzz` runs ten thousand returns and prints a table
per transform and decoy family (python -m tests.generate.fuzz --help).
"""

from __future__ import annotations

import os
import re
import zlib

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as draw_seed
from hypothesis import strategies as st

from spo_stats.schema import Observation
from tests.generate.check import Outcome, run
from tests.generate.choices import DrawChooser, run_seed
from tests.generate.compose import FAMILIES, generate
from tests.generate.model import GeneratedReturn

SEED = run_seed()
PER_FAMILY = int(os.environ.get("SPO_GEN_EXAMPLES", "6"))
COMPOSED = int(os.environ.get("SPO_GEN_COMPOSED", "60"))
# Shrinking finds the smallest failing return but costs minutes per failure; ask for it by name.
PHASES = [Phase.explicit, Phase.generate] + (
    [Phase.shrink] if os.environ.get("SPO_GEN_SHRINK") else []
)


def _settings(n: int) -> settings:
    return settings(
        max_examples=n,
        derandomize=False,
        database=None,
        deadline=None,
        phases=PHASES,
        report_multiple_bugs=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=False,
    )


# Families whose returns give wrong figures today: the reader must give none, ever.
_GRID = "{}: each cell (one {}) read as the whole year's figure"
_BREAKDOWN = "rows per BCU, borough or age band read as the force's own figures"
_OUTCOMES = "court outcomes (Granted / Refused / Withdrawn) each read as SPO applications"
_OTHER_THINGS = (
    "counts of other things (harassment, 101/999 calls, training, arrests, police dogs, "
    "restraining orders, DVPOs, refused applications) read as stalking offences or SPOs"
)
_HIDDEN = "hidden {} read as data"
WRONG_TODAY: dict[str, str] = {}

# Wrong figures of a class the reader gives today, each with a failing unit test of its own in
# tests/test_reader_round2.py (xfail, strict): a family test whose wrong figures are all of these
# classes is xfailed naming them; any other wrong figure fails it. Remove a class with its fix.
KNOWN_WRONG: list[tuple[str, re.Pattern[str]]] = []


def _known(ret: GeneratedReturn, obs: Observation) -> str | None:
    """The known class of a wrong figure, or None."""
    for why, pattern in KNOWN_WRONG:
        if pattern.search(obs.source_label):
            return why
    return None


def _check_wrong(ret: GeneratedReturn) -> None:
    outcome = _outcome(ret)
    if not outcome.wrong:
        return
    known = [_known(ret, obs) for obs, _ in outcome.wrong]
    if None in known:
        _fail(outcome)
    pytest.xfail("known reader bugs: " + "; ".join(sorted({k for k in known if k})))


# Families whose figures the reader misses today.
_RANGES = (
    "numeric date ranges with two-digit years ('01/01/20 - 31/12/20') or ISO dates "
    "('2020-01-01 to 2020-12-31') are not understood"
)
_GRID_MISSED = "a year by {} grid is not composed into {} periods"
# Recall is not a test here: the reader misses figures written in the generator's own words
# ("Interims issued", "Qtr 3 2023", a force in a CamelCase file name, ...) wherever a return draws
# them, so a per-family recall test could only be xfailed, and a test that cannot fail measures
# nothing. `make fuzz` measures recall per family over ten thousand returns (94.9% on 3 December
# 2026) and fails on any wrong figure.


@st.composite
def returns(
    draw: st.DrawFn, family: str | None = None, allow: frozenset[str] | None = None
) -> GeneratedReturn:
    """With a family, that transform on a plain return; else a composition (of allow, if given)."""
    return generate(DrawChooser(draw), require=family, plain=family is not None, allow=allow)


def _seed(name: str) -> int:
    """The run's seed, mixed with the test's name: each test draws its own returns."""
    return (SEED ^ zlib.crc32(name.encode())) % 2**32


_RUN: dict[str, Outcome] = {}


def _outcome(ret: GeneratedReturn) -> Outcome:
    """One ingest per return: the wrong and the recall test draw the same returns (same seed)."""
    key = f"{ret.force_option}\n{ret.describe()}"
    if key not in _RUN:
        _RUN[key] = run(ret)
    return _RUN[key]


def _fail(outcome: Outcome) -> None:
    pytest.fail(f"SPO_SEED={SEED} draws this again\n{outcome.explain()}", pytrace=False)


def _families(today: dict[str, str]) -> list:
    return [
        pytest.param(f, marks=pytest.mark.xfail(strict=False, reason=today[f])) if f in today else f
        for f in FAMILIES
    ]


@pytest.mark.parametrize("family", _families(WRONG_TODAY))
def test_zero_wrong(family: str) -> None:
    @draw_seed(_seed(family))
    @_settings(PER_FAMILY)
    @given(returns(family))
    def check(ret: GeneratedReturn) -> None:
        _check_wrong(ret)

    check()


# Compositions of every family the reader handles alone today: these must hold now, and cover more
# as families leave the lists above.
SUPPORTED_TODAY = frozenset(f for f in FAMILIES if f not in WRONG_TODAY)


def test_compositions_of_what_reads_today_zero_wrong() -> None:
    @draw_seed(_seed("compositions:supported"))
    @_settings(COMPOSED)
    @given(returns(allow=SUPPORTED_TODAY))
    def check(ret: GeneratedReturn) -> None:
        _check_wrong(ret)

    check()


@pytest.mark.xfail(
    bool(WRONG_TODAY), strict=False, reason="composes the families in WRONG_TODAY", run=True
)
def test_compositions_zero_wrong() -> None:
    @draw_seed(_seed("compositions:all"))
    @_settings(COMPOSED)
    @given(returns())
    def check(ret: GeneratedReturn) -> None:
        _check_wrong(ret)

    check()


def test_generated_files_say_they_are_synthetic(tmp_path) -> None:
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


def test_generator_keeps_its_own_promises() -> None:
    """The truth is one value per figure, sits in the cell it names, and '*' means one thing."""
    import re

    from spo_stats.read.cells import cell_ref
    from tests.generate import vocab as V
    from tests.generate.choices import RandomChooser

    for seed in range(400):
        ret = generate(RandomChooser(seed))
        keys = [t.key for t in ret.truth]
        assert len(keys) == len(set(keys)), seed
        cells = {
            f"{f.path}!{s.name}!{cell_ref(r, c)}": v
            for f in ret.files
            for s in f.sheets
            for r, row in enumerate(s.rows)
            for c, v in enumerate(row)
        }
        for t in ret.truth:
            shown = cells[t.where]
            if t.status == "reported" and t.value:
                assert re.sub(r"[^0-9]", "", str(shown).split("(")[0]) == str(t.value), (seed, t)
            assert not set(ret.left_out) & {t.where}, (seed, t)
        texts = {v for v in cells.values() if isinstance(v, str)}
        stars = {V.FOOTNOTE_STAR_BETWEEN, V.FOOTNOTE_STAR_FEWER} & texts
        marked = any(x.endswith(V.FOOTNOTE_PROVISIONAL.split("}")[1]) for x in texts)
        assert len(stars) + marked <= 1, seed


def test_every_family_shows_when_required() -> None:
    from tests.generate.choices import RandomChooser

    for family in FAMILIES:
        for plain in (True, False):
            for seed in range(10):
                ret = generate(RandomChooser(seed), require=family, plain=plain)
                assert family in ret.tags, (family, plain, seed)
