"""The value parser: every form FOI returns use for a count or its absence."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spo_stats.understand.values import MAX_SUPPRESSION, ParsedValue, parse_value


@pytest.mark.parametrize(
    ("cell", "status", "value", "lo", "hi"),
    [
        (5, "reported", 5, None, None),
        (5.0, "reported", 5, None, None),
        ("1,234", "reported", 1234, None, None),
        ("  12 ", "reported", 12, None, None),
        ("12*", "reported", 12, None, None),
        ("12 (a)", "reported", 12, None, None),
        ("Nil", "reported", 0, None, None),
        ("-", "reported", 0, None, None),
        ("0", "reported", 0, None, None),
        ("<5", "suppressed", None, 0, 4),
        ("< 5", "suppressed", None, 0, 4),
        ("*", "suppressed", None, None, None),
        ("fewer than 5", "suppressed", None, 0, 4),
        ("Fewer than five", "suppressed", None, 0, 4),
        ("1-4", "suppressed", None, 1, 4),
        ("Not held", "not_held", None, None, None),
        ("Information not held", "not_held", None, None, None),
        ("Not recorded", "not_held", None, None, None),
        ("N/a", "not_held", None, None, None),
        ("Section 12", "refused", None, None, None),
        ("Refused - s.12 cost limit", "refused", None, None, None),
        ("Exempt under section 40", "refused", None, None, None),
        ("about 440,000", "reported", 440000, None, None),
    ],
)
def test_forms(
    cell: object, status: str, value: int | None, lo: int | None, hi: int | None
) -> None:
    parsed = parse_value(cell)  # type: ignore[arg-type]
    assert parsed is not None
    assert (parsed.status, parsed.value, parsed.value_min, parsed.value_max) == (
        status,
        value,
        lo,
        hi,
    )


def test_footnote_marker_is_kept() -> None:
    assert parse_value("12*") == ParsedValue("reported", 12, marker="*")
    assert parse_value("7[b]") == ParsedValue("reported", 7, marker="b")


def test_approximate_is_marked() -> None:
    parsed = parse_value("about 440,000")
    assert parsed is not None and parsed.approximate


@pytest.mark.parametrize(
    "cell", ["Applications", "Total", "2.5", 2.5, -3, "2020-2023", "Year", None, True]
)
def test_not_values(cell: object) -> None:
    assert parse_value(cell) is None  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=10_000_000))
def test_integers_round_trip(n: int) -> None:
    assert parse_value(n) == ParsedValue("reported", n)
    assert parse_value(f"{n:,}") == ParsedValue("reported", n)
    assert parse_value(str(n)) == ParsedValue("reported", n)


@given(st.text(max_size=60))
def test_never_crashes_on_text(text: str) -> None:
    parsed = parse_value(text)
    if parsed is not None:
        assert parsed.status in ("reported", "suppressed", "not_held", "refused")
        assert (parsed.value is not None) == (parsed.status == "reported")
        if parsed.value_min is not None and parsed.value_max is not None:
            assert parsed.value_min <= parsed.value_max


@given(st.one_of(st.floats(allow_nan=True), st.integers(), st.booleans(), st.dates(), st.none()))
def test_never_crashes_on_cells(cell: object) -> None:
    parsed = parse_value(cell)  # type: ignore[arg-type]
    assert parsed is None or parsed.value is None or parsed.value >= 0


@given(st.integers(min_value=1, max_value=MAX_SUPPRESSION))
def test_less_than_bounds(n: int) -> None:
    assert parse_value(f"<{n}") == ParsedValue("suppressed", None, 0, n - 1)


@given(st.integers(min_value=MAX_SUPPRESSION + 1, max_value=200))
def test_a_bound_above_any_suppression_is_no_value(n: int) -> None:
    # "<18", "18-64" and ">64" head age bands (set C, Dyfed-Powys): "<18" is no count withheld.
    assert parse_value(f"<{n}") is None
    assert parse_value(f"{n - 1}-{n}") is None


# Excel's accounting format, as the Home Office's 2017/18 table was saved to CSV: counts padded
# with spaces (" 65 ") and zero written as "-00".
_PADDING = st.text(alphabet=" \u00a0\t", max_size=3)


@given(st.integers(min_value=0, max_value=10_000_000), _PADDING, _PADDING, st.booleans())
def test_accounting_format_counts(n: int, left: str, right: str, commas: bool) -> None:
    text = f"{n:,}" if commas else str(n)
    assert parse_value(f"{left}{text}{right}") == ParsedValue("reported", n)


@given(st.sampled_from(["-0", "-00", "-000", "- 0", "–00"]), _PADDING, _PADDING)
def test_accounting_format_zero(dash: str, left: str, right: str) -> None:
    assert parse_value(f"{left}{dash}{right}") == ParsedValue("reported", 0)


@given(st.sampled_from(["-", "–", "—"]), _PADDING, _PADDING)
def test_a_lone_dash_is_marked_as_one(dash: str, left: str, right: str) -> None:
    # Nil only where the return's key (or a sidecar) says so: the reader decides, not the value.
    assert parse_value(f"{left}{dash}{right}") == ParsedValue("reported", 0, dash=True)


@given(st.integers(min_value=1, max_value=10_000))
def test_negative_numbers_are_not_counts(n: int) -> None:
    # The same table holds adjustments such as "-1 "; a negative count is left out, never read.
    assert parse_value(f"-{n} ") is None
    assert parse_value(f"-{n:02d}") is None


@pytest.mark.parametrize(
    "text",
    [
        "FY 2022-23;SPOs refused by court;3",
        "SPOs refused by the magistrates' court",
        "Applications refused",
        "2 orders were refused",
    ],
)
def test_a_court_refusing_an_order_is_no_refusal_of_the_request(text: str) -> None:
    # Regression (held-out fresh set F): a court's refusal was read as the force refusing to
    # give the figure, and became a "refused" SPOs-granted row.
    assert parse_value(text) is None or parse_value(text).status != "refused"  # type: ignore[union-attr]


def test_the_force_refusing_is_still_refused() -> None:
    assert parse_value("Refused under section 12 (cost limit)") == ParsedValue("refused")
