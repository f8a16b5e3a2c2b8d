"""Briefings on disk: Markdown tables, charts and source lists for a force or the country."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from spo_stats.analysis.rates import Rate, resolve
from spo_stats.dataset.store import atomic_write_text
from spo_stats.publish.report import (
    STATUS_WORDS,
    ForceReport,
    NationalReport,
    area_name,
    fmt_count,
    measure_label,
    source_line,
)
from spo_stats.understand.periods import period_label


def _table_md(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(c.replace("|", "/") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def observation_table(rows: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    headers = ["period", "measure", "figure", "source"]
    body = []
    for r in sorted(rows, key=lambda r: (r["period_start"], r["period_end"], r["measure"])):
        if r["status"] == "reported":
            figure = fmt_count(r["value"], r["approximate"])
        else:
            figure = STATUS_WORDS.get(r["status"], r["status"])
        what = measure_label(r["measure"], r.get("definition"))
        body.append([r["period_label"], what, figure, source_line(r)])
    return headers, body


def rate_rows(rates: list[Rate]) -> tuple[list[str], list[list[str]]]:
    headers = ["area", "period", "orders", "offences", "per 100", "95% interval", "rank"]
    body = [
        [
            r.force,
            r.label,
            f"{r.numerator:,}",
            fmt_count(r.denominator, r.approximate),
            f"{r.per_100:.2f}",
            f"{r.ci_low:.2f} to {r.ci_high:.2f}",
            f"{r.rank} of {r.of}" if r.rank else "",
        ]
        for r in rates
    ]
    return headers, body


_ORDER_KINDS = {"spo_granted": "full", "interim_spo_granted": "interim", "all_spo_granted": "all"}


def order_bars(rows: list[dict[str, Any]]) -> list[tuple[str, int | None, str]]:
    """One bar per period and kind of order: the figure rates use, or what was said instead."""
    figs, _ = resolve([r for r in rows if r["measure"] in _ORDER_KINDS], "force")
    bars: dict[tuple[date, date, str], tuple[str, int | None, str]] = {}
    for f in figs:
        label = f"{period_label(f.start, f.end)} ({_ORDER_KINDS[f.measure]})"
        bars[(f.start, f.end, f.measure)] = (label, f.value, "")
    for r in rows:
        key = (r["period_start"], r["period_end"], r["measure"])
        if r["measure"] in _ORDER_KINDS and key not in bars:
            label = f"{r['period_label']} ({_ORDER_KINDS[r['measure']]})"
            bars[key] = (label, None, r["status"].replace("_", " "))
    return [bars[k] for k in sorted(bars)]


def write_force_report(rep: ForceReport, out: Path) -> list[Path]:
    from spo_stats.publish import charts

    folder = out / rep.force.slug
    bars = order_bars(rep.observations)
    orders_png, rate_png, md = folder / "orders.png", folder / "rate.png", folder / "briefing.md"
    charts.orders_chart(orders_png, f"{rep.force.name}: SPOs granted by period", bars)
    refs = [(f"{area_name(r.force)} {r.label}", r.per_100) for r in rep.references]
    charts.rate_chart(
        rate_png, f"{rep.force.name}: SPOs per 100 recorded stalking offences", rep.rates, refs
    )
    parts = [
        f"# {rep.force.name}: Stalking Protection Orders",
        "",
        "What the spo-stats dataset says about this force. Every figure below names its source.",
        "",
        "## In plain words",
        "",
        *[f"- {s}" for s in rep.sentences],
        "",
        "## Rates",
        "",
        _table_md(*rate_rows(rep.rates))
        if rep.rates
        else "No period has both an SPO count and a recorded stalking offence count for this force.",
        "",
        "![Orders by period](orders.png)",
        "",
        "![Rate against national figures](rate.png)",
        "",
        "## Every figure and its source",
        "",
        _table_md(*observation_table(rep.observations)),
        "",
        "Suppressed, not held and refused figures are never counted as zero. Rates use the Wilson score "
        "interval at 95%.",
        "",
    ]
    atomic_write_text(md, "\n".join(parts))
    return [md, orders_png, rate_png]


def write_national_report(rep: NationalReport, out: Path) -> list[Path]:
    from spo_stats.publish import charts

    folder = out / "national"
    league_png, md = folder / "league.png", folder / "briefing.md"
    charts.league_chart(
        league_png,
        "SPOs granted per 100 recorded stalking offences",
        [*rep.force_rates, *rep.aggregate_rates],
        rep.table.national,
    )
    sources = sorted(
        {
            s
            for r in [*rep.force_rates, *rep.aggregate_rates]
            for s in (*r.numerator_sources, *r.denominator_sources)
        }
    )
    conflicts = [
        f"{c.force} {c.measure} {period_label(c.start, c.end)}: "
        + "; ".join(f"{v:,} ({k}: {s})" for v, k, s in c.values)
        + f"; used {c.chosen:,}"
        for c in rep.table.conflicts
    ]
    parts = [
        "# Stalking Protection Orders: national picture",
        "",
        "## In plain words",
        "",
        *[f"- {s}" for s in rep.sentences],
        "",
        "## Aggregate figures (many forces together)",
        "",
        _table_md(*rate_rows(rep.aggregate_rates)) if rep.aggregate_rates else "None.",
        "",
        "## League table of forces",
        "",
        _table_md(*rate_rows(sorted(rep.force_rates, key=lambda r: (r.start, -r.per_100))))
        if rep.force_rates
        else "No force has a period with both figures.",
        "",
        "![Rates by force](league.png)",
        "",
        "## Sources that disagree",
        "",
        *([f"- {c}" for c in conflicts] or ["None."]),
        "",
        "## Sources of every rate",
        "",
        *[f"- {s}" for s in sources],
        "",
    ]
    written = [md, league_png]
    if rep.per_resident is not None:
        from spo_stats.publish.per_resident import league_markdown, write_league_chart

        chart = write_league_chart(folder / "per-resident.png", rep.per_resident)
        parts += [*league_markdown(rep.per_resident), f"![Per resident]({chart.name})", ""]
        written.append(chart)
    atomic_write_text(md, "\n".join(parts))
    return written
