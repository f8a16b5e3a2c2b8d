"""Charts: nothing a reader needs is cut off, and a change in counting rules is marked."""

from __future__ import annotations

from datetime import date as D

from matplotlib.figure import Figure

from spo_stats.publish import charts


def _label_fits(fig: Figure) -> bool:
    ax = fig.axes[0]
    fig.draw_without_rendering()
    label = ax.yaxis.label.get_window_extent()
    return label.height <= ax.get_window_extent().height and label.x0 >= 0


def test_a_y_label_longer_than_the_axis_is_wrapped_and_kept_inside_the_figure() -> None:
    fig = Figure(figsize=(charts.WIDTH, 2.4), dpi=100)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 2250])
    ax.set_ylabel("Recorded stalking offences counted by the force each year", fontsize=8.5)
    fig.subplots_adjust(left=0.05, bottom=0.3, top=0.85)
    assert not _label_fits(fig)  # the case the fit is for: taller than the plot, off the edge
    charts.fit_y_label(fig, ax)
    assert _label_fits(fig)
    assert "\n" in ax.get_ylabel()


def test_a_rate_chart_spanning_the_change_says_so_under_its_title() -> None:
    point = charts.Point("force", "Kent Police", 0, 0.4, 0.2, 0.6)
    svg = charts.rate_chart(
        "Kent Police: rate",
        "SPOs granted per 100 recorded stalking offences",
        [f"2020 {charts.COUNTING_MARK}"],
        [point],
        "Source: Home Office.",
        mark="Offence counts span the April 2020 counting-rule change",
    )
    assert "Offence counts span the April 2020" in svg  # the title wraps after it


def test_counts_chart_draws_the_change_as_a_line_in_its_legend() -> None:
    svg = charts.counts_chart(
        "Offences",
        "Recorded stalking offences",
        [
            (
                "Calendar years",
                [(D(2019, 1, 1), D(2019, 12, 31), 100), (D(2020, 1, 1), D(2020, 12, 31), 900)],
            )
        ],
        "Source: Home Office.",
        mark=(D(2020, 4, 1), "Counting rules changed, April 2020"),
    )
    assert "Counting rules changed, April 2020" in svg
