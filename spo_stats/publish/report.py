"""Force and national reports: the figures, plain sentences, sources, and the briefing on disk."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spo_stats.analysis.rates import (
    OUTCOMES_NOTE,
    Fig,
    National,
    Prefer,
    Rate,
    RateTable,
    compute,
    member_sums,
    resolve,
)
from spo_stats.areas import all_areas, find_area
from spo_stats.forces import Force, all_forces, get_force
from spo_stats.publish.per_resident import (
    League,
    league_sentence,
    per_resident_league,
    per_resident_sentence,
)
from spo_stats.understand.measures import MEASURE_LABELS
from spo_stats.understand.periods import period_label

STATUS_WORDS = {
    "suppressed": "suppressed (a small number withheld)",
    "not_held": "not held",
    "refused": "refused (e.g. section 12 cost limit or an exemption)",
}


def measure_label(measure: str, definition: str | None = "") -> str:
    """A measure in words; a count under another definition says which."""
    if measure == "stalking_offences" and definition == "outcomes_incidents":
        return "stalking incidents in Home Office outcomes data (not recorded crime, 8Q)"
    return MEASURE_LABELS[measure]


def fmt_count(value: int, approximate: bool = False) -> str:
    return f"{'about ' if approximate else ''}{value:,}"


def rate_words(r: Rate | National) -> str:
    return f"{r.per_100:.2f} per 100 (95% interval {r.ci_low:.2f} to {r.ci_high:.2f})"


def source_line(row: dict[str, Any]) -> str:
    where = f"{row['source_file']}, sheet {row['source_sheet']}, cell {row['source_cell']}"
    cite = ", ".join(str(x) for x in (row.get("source"), row.get("source_url")) if x)
    manual = row.get("source_url") or row.get("source_kind") == "manual"
    return f"{cite} (entered in {where})" if manual and cite else where


@dataclass
class ForceReport:
    force: Force
    measure: str
    table: RateTable
    rates: list[Rate]
    observations: list[dict[str, Any]]
    gaps: list[dict[str, Any]]
    unmatched: list[Fig]
    offences_only: list[Fig]
    references: list[Rate]
    sentences: list[str] = field(default_factory=list)
    per_resident: str | None = None  # the force's per-resident sentence, where there is one


@dataclass
class NationalReport:
    measure: str
    table: RateTable
    force_rates: list[Rate]
    aggregate_rates: list[Rate]
    member_comparisons: list[str]
    coverage: dict[str, int]
    sentences: list[str] = field(default_factory=list)
    per_resident: League | None = None  # the league of forces per resident


def area_name(slug: str) -> str:
    area = find_area(slug)
    if area:
        return area.name
    force = get_force(slug)
    return force.name


def _rate_sentence(r: Rate, name: str) -> str:
    what = MEASURE_LABELS[r.numerator_measure]
    den = MEASURE_LABELS[r.denominator_measure]
    if OUTCOMES_NOTE in r.note:  # the denominator is outcomes data, not recorded crime
        den = measure_label(r.denominator_measure, "outcomes_incidents")
    approx = "about " if r.approximate else ""
    return (
        f"{name}, {r.label}: {fmt_count(r.numerator)} {what} against {approx}{r.denominator:,} "
        f"{den}, {approx}{rate_words(r)}."
    )


def build_force_report(
    rows: list[dict[str, Any]],
    force: str,
    measure: str = "spo_granted",
    prefer: Prefer = "force",
    population: list[dict[str, Any]] | None = None,
) -> ForceReport:
    f = get_force(force)
    table = compute(rows, measure, prefer)
    mine = [r for r in rows if r["force"] == f.slug]
    rates = sorted((r for r in table.rates if r.force == f.slug), key=lambda r: (r.start, r.end))
    gaps = [r for r in mine if r["status"] != "reported"]
    unmatched = [u for u in table.unmatched if u.force == f.slug]
    figs, _ = resolve(mine, prefer)
    rate_periods = {(r.start, r.end) for r in rates}
    offences_only = [
        x
        for x in figs
        if x.measure == table.denominator_measure and (x.start, x.end) not in rate_periods
    ]
    references = [r for r in table.rates if r.area_type == "aggregate"]
    report = ForceReport(f, measure, table, rates, mine, gaps, unmatched, offences_only, references)
    report.sentences = _force_sentences(report)
    if population:
        report.per_resident = per_resident_sentence(rows, population, f.slug, prefer)
        if report.per_resident:
            report.sentences.append(report.per_resident)
    return report


def _force_sentences(rep: ForceReport) -> list[str]:
    name = rep.force.name
    out = []
    if not rep.observations:
        return [f"The dataset holds no figures for {name}."]
    for r in rep.rates:
        s = _rate_sentence(r, name)
        if r.rank and r.of and r.of > 1:
            s += f" That ranks {_ordinal(r.rank)} of {r.of} forces with a rate for {r.label}."
        out.append(s + _rate_provenance(r))
    what = MEASURE_LABELS[rep.table.numerator_measure]
    for u in sorted(rep.unmatched, key=lambda x: x.start):
        out.append(
            f"{name} reported {fmt_count(u.value, u.approximate)} {what} for {period_label(u.start, u.end)}, "
            f"but the dataset has no count of recorded stalking offences for that exact period, so no rate is given."
        )
    for o in sorted(rep.offences_only, key=lambda x: x.start):
        counted = (
            f"had {fmt_count(o.value, o.approximate)} {measure_label(o.measure, o.definition)}"
            if o.definition
            else f"recorded {fmt_count(o.value, o.approximate)} stalking offences"
        )
        out.append(
            f"{name} {counted} in {period_label(o.start, o.end)}, but the dataset has no {what} "
            "figure for that period."
        )
    shown = {rep.table.numerator_measure, rep.table.denominator_measure}
    for x in sorted(rep.observations, key=lambda r: (r["period_start"], r["measure"])):
        if x["measure"] in shown or x["status"] != "reported":
            continue
        out.append(
            f"Also reported: {fmt_count(x['value'], x['approximate'])} "
            f"{MEASURE_LABELS[x['measure']]}, {x['period_label']}"
            + (f" ({x['note']})" if x["note"] else "")
            + "."
        )
    for g in rep.gaps:
        out.append(
            f"{MEASURE_LABELS[g['measure']].capitalize()}, {g['period_label']}: "
            f"{STATUS_WORDS.get(g['status'], g['status'])}"
            + (
                f" (between {g['value_min']} and {g['value_max']})"
                if g["value_min"] is not None
                else ""
            )
            + "."
        )
    for ref in rep.references:
        out.append(f"For comparison: {_rate_sentence(ref, area_name(ref.force))}")
    return out


def _rate_provenance(r: Rate) -> str:
    """The rate's note (how its periods were matched) and the releases its offences come from."""
    releases = sorted(
        {x.split("release of ")[1][:10] for x in r.denominator_sources if "release of " in x}
    )
    words = f" Note: {r.note}." if r.note else ""
    if releases:
        words += f" Offences from the Home Office table, release of {', '.join(releases)}."
    return words


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def build_national_report(
    rows: list[dict[str, Any]],
    measure: str = "spo_granted",
    prefer: Prefer = "force",
    population: list[dict[str, Any]] | None = None,
) -> NationalReport:
    table = compute(rows, measure, prefer)
    force_rates = [r for r in table.rates if r.area_type == "force"]
    aggregate_rates = [r for r in table.rates if r.area_type == "aggregate"]
    figs, _ = resolve(rows, prefer)
    comparisons = []
    for area in all_areas():
        for f in figs:
            if f.force != area.slug or f.measure != table.numerator_measure or not area.members:
                continue
            sums = member_sums(figs, area.members, f.measure, f.start, f.end)
            if sums is None:
                continue
            total, count = sums
            comparisons.append(
                f"{area.name}, {period_label(f.start, f.end)}: the aggregate figure is "
                f"{fmt_count(f.value, f.approximate)} {MEASURE_LABELS[f.measure]}; the {count} of "
                f"{len(area.members)} member forces with their own figure sum to {total:,}. "
                "The aggregate is shown beside the forces, never added to them."
            )
    territorial = {f.slug for f in all_forces() if f.territorial}
    with_any = {r["force"] for r in rows if r["area_type"] == "force"}
    coverage = {
        "forces_with_figures": len(with_any & territorial),
        "forces_with_rates": len({r.force for r in force_rates} & territorial),
        "territorial_forces": len(territorial),
    }
    rep = NationalReport(measure, table, force_rates, aggregate_rates, comparisons, coverage)
    rep.sentences = _national_sentences(rep, rows)
    if population:
        rep.per_resident = per_resident_league(rows, population, prefer=prefer)
        if rep.per_resident:
            rep.sentences.append(league_sentence(rep.per_resident))
    return rep


def notes_for(rows: list[dict[str, Any]], r: Rate) -> list[str]:
    """The sources' notes on the figures behind a rate (e.g. "40 of 44 forces answered")."""
    return sorted(
        {
            x["note"]
            for x in rows
            if x["force"] == r.force
            and x["period_start"] == r.start
            and x["period_end"] == r.end
            and x["note"]
        }
    )


def _national_sentences(rep: NationalReport, rows: list[dict[str, Any]]) -> list[str]:
    out = []
    for r in sorted(rep.aggregate_rates, key=lambda r: (r.start, r.force)):
        s = _rate_sentence(r, area_name(r.force))
        notes = notes_for(rows, r)
        if notes:
            s += " Notes: " + "; ".join(notes) + "."
        out.append(s)
    for n in rep.table.national:
        out.append(
            f"Sum of forces, {n.label}: {n.numerator:,} {MEASURE_LABELS[rep.table.numerator_measure]} "
            f"against {n.denominator:,} recorded stalking offences, {rate_words(n)}; coverage {n.coverage}."
        )
    c = rep.coverage
    out.append(
        f"The dataset holds figures for {c['forces_with_figures']} of {c['territorial_forces']} forces of "
        f"England and Wales; {c['forces_with_rates']} have a period with both an SPO count and an offence count."
    )
    out += rep.member_comparisons
    out += compiled_spo_sentences(rows)
    return out


@dataclass
class CompiledCounts:
    """One compiled table's per-force SPO counts (e.g. the BBC's of 2021), as it gives them."""

    source: str
    measure: str
    counts: list[tuple[str, int, date, date]]  # force name, count, period start and end
    missing: list[str]  # territorial forces with no count in the table


def compiled_spo_counts(rows: list[dict[str, Any]]) -> list[CompiledCounts]:
    """Per-force SPO counts from compiled tables, one entry per table and measure."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        if (
            r.get("source_kind") == "compiled"
            and r["measure"] in ("spo_granted", "all_spo_granted")
            and r["status"] == "reported"
            and r["area_type"] == "force"
        ):
            key = (r.get("source") or r["source_file"], r["measure"])
            groups.setdefault(key, []).append(r)
    territorial = [f for f in all_forces() if f.territorial]
    out = []
    for (source, measure), group in sorted(groups.items()):
        group.sort(key=lambda r: (-int(r["value"]), area_name(r["force"])))
        have = {r["force"] for r in group}
        out.append(
            CompiledCounts(
                source,
                measure,
                [
                    (area_name(r["force"]), int(r["value"]), r["period_start"], r["period_end"])
                    for r in group
                ],
                [f.name for f in territorial if f.slug not in have],
            )
        )
    return out


def compiled_spo_sentences(rows: list[dict[str, Any]]) -> list[str]:
    out = []
    for c in compiled_spo_counts(rows):
        starts = sorted({start for _, _, start, _ in c.counts})
        ends = sorted({end for _, _, _, end in c.counts})
        if len(starts) == 1 and len(ends) == 1:
            span = f"from {_day(starts[0])} to {_day(ends[0])}"
        elif len(starts) == 1:
            span = (
                f"from {_day(starts[0])} to each force's own date "
                f"({_day(ends[0])} to {_day(ends[-1])})"
            )
        else:
            span = f"over each force's own period ({_day(starts[0])} to {_day(ends[-1])})"
        listed = ", ".join(f"{name} {value:,}" for name, value, _, _ in c.counts)
        total = sum(v for _, v, _, _ in c.counts)
        s = (
            f"Per force, {MEASURE_LABELS[c.measure]} {span}, {len(c.counts)} forces, "
            f"{total:,} in all: {listed}. Source: {c.source}."
        )
        if c.missing:
            s += f" No figure for {', '.join(c.missing)} (see the ingest report for why)."
        out.append(s)
    return out


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def headline_rows(
    rows: list[dict[str, Any]], prefer: Prefer = "force"
) -> list[tuple[str, Rate, list[str]]]:
    """Rates of the aggregate areas (national and regional figures), with their notes."""
    table = compute(rows, "spo_granted", prefer)
    out = []
    for r in sorted(
        (r for r in table.rates if r.area_type == "aggregate"),
        key=lambda r: (-(r.end - r.start).days, r.start),
    ):
        out.append((area_name(r.force), r, notes_for(rows, r)))
    return out
