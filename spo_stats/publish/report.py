"""Force and national reports: the figures, plain sentences, like-for-like comparisons, sources.

What a briefing says is decided here, once, for the terminal, the Markdown and the HTML page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from spo_stats.analysis.rates import (
    SPO_START,
    Conflict,
    Disagreement,
    Fig,
    Inconsistent,
    National,
    Prefer,
    Rate,
    RateTable,
    compute,
    disagreements,
    figure_for,
    member_sums,
    resolve,
)
from spo_stats.areas import all_areas, area_name
from spo_stats.forces import Force, get_force, territorial_forces
from spo_stats.measures import RATES
from spo_stats.publish import regions, words
from spo_stats.publish.compiled import compiled_spo_sentences
from spo_stats.publish.disagree import disagreement_words, summary_sentence
from spo_stats.publish.per_resident import (
    League,
    league_sentence,
    per_resident_league,
    per_resident_sentence,
)
from spo_stats.publish.regions import neighbours, region_of
from spo_stats.publish.request import Missing, chase_list
from spo_stats.understand.periods import classify, is_year_or_longer

if TYPE_CHECKING:
    from spo_stats.schema import Observation, PopulationFigure

# From April 2020 the Home Office counted stalking alongside other crimes in the same case.
COUNTING_CHANGE = date(2020, 4, 1)


def rate_words(r: Rate | National) -> str:
    """ "0.98 per 100 (95% interval 0.27 to 2.49)"; no interval where a count is an estimate."""
    if isinstance(r, Rate) and not r.has_interval:
        return f"{r.per_100:.2f} per 100 (no interval: a count behind it is an estimate)"
    if isinstance(r, Rate) and (span := r.per_100_range) is not None:
        return (
            f"about {r.per_100:.2f} per 100, estimated from part periods (between {span[0]:.2f} "
            f"and {span[1]:.2f} as the part quarters are counted in or out; with chance, "
            f"{r.ci_low:.2f} to {r.ci_high:.2f})"
        )
    return f"{r.per_100:.2f} per 100 (95% interval {r.ci_low:.2f} to {r.ci_high:.2f})"


@dataclass
class Comparison:
    """A figure for exactly the same period and measure as the force's own rate."""

    kind: str  # "published" (an area's own figure), "sum" (forces in the dataset), "neighbour"
    name: str
    rate: Rate | National
    note: str = ""


@dataclass
class ForceReport:
    force: Force
    measure: str
    table: RateTable
    rates: list[Rate]
    observations: list[Observation]
    gaps: list[Observation]
    unmatched: list[Fig]
    offences_only: list[Fig]  # offence figures since SPOs began with no matching SPO figure
    offence_history: list[Fig]  # every offence figure, for the history chart
    comparisons: dict[tuple[date, date], list[Comparison]]
    no_comparison: dict[tuple[date, date], str]
    disagreements: list[Disagreement]
    conflicts: list[Conflict]
    missing: Missing
    region: str | None
    sentences: list[str] = field(default_factory=list)  # everything, for the terminal
    brief: list[str] = field(default_factory=list)  # the plain-words opening
    per_resident: str | None = None  # the force's per-resident sentence, where there is one
    inconsistent: list[Inconsistent] = field(default_factory=list)  # counts above their denominator
    prefer: str = "ranked"  # the precedence the figures were chosen by, for the charts too

    @property
    def latest(self) -> Rate | None:
        """The latest rate over a year or longer, else the latest of any length."""
        long = [r for r in self.rates if is_year_or_longer(r.start, r.end)]
        pool = long or self.rates
        return max(pool, key=lambda r: (r.end, r.end - r.start)) if pool else None


@dataclass
class NationalReport:
    measure: str
    table: RateTable
    force_rates: list[Rate]
    aggregate_rates: list[Rate]
    member_comparisons: list[str]
    coverage: dict[str, int]
    missing: list[Missing]
    disagreements: list[Disagreement]
    sentences: list[str] = field(default_factory=list)
    brief: list[str] = field(default_factory=list)
    per_resident: League | None = None  # the league of forces per resident
    compiled: list[str] = field(default_factory=list)  # per-force counts of compiled tables
    published: list[str] = field(default_factory=list)  # each published rate in words
    published_note: str = ""  # what each published rate would say, said once

    def national_sums(self) -> list[National]:
        """Sums over two or more forces (a 'sum' of one force is just that force)."""
        return [n for n in self.table.national if n.forces >= 2]

    def widest_sum(self) -> National | None:
        """The sum the opening gives: a year or longer, with the most forces; the rest in a table."""
        sums = self.national_sums()
        return max(
            sums, key=lambda n: (is_year_or_longer(n.start, n.end), n.forces, n.end), default=None
        )

    def leagues(self) -> list[tuple[tuple[date, date], list[Rate]]]:
        """Force rates grouped by exact period, only where two or more forces share it."""
        groups: dict[tuple[date, date], list[Rate]] = defaultdict(list)
        for r in self.force_rates:
            if not r.estimated:  # estimated rates are listed apart (estimated_leagues)
                groups[(r.start, r.end)].append(r)
        return [
            (k, sorted(v, key=lambda r: -r.per_100))
            for k, v in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0]))
            if len(v) >= 2
        ]

    def estimated_leagues(self) -> list[list[Rate]]:
        """Estimated force rates from one source (the BBC's 2021 table), highest first: each over
        its own period, so listed together but never ranked."""
        groups: dict[tuple[str, ...], list[Rate]] = defaultdict(list)
        for r in self.force_rates:
            if r.estimated:
                groups[r.numerator_files].append(r)
        return [
            sorted(g, key=lambda r: (-r.per_100, r.force))
            for _, g in sorted(groups.items())
            if len(g) >= 2
        ]


def rate_sentence(r: Rate, name: str, measure: str, in_a_list: bool = False) -> str:
    """One rate in plain words: counts, 'about 1 order for every N', the rate and its range.
    in_a_list: one of several that all lack a range and span the counting-rule change, which the
    list says once (see list_note) rather than in each."""
    w = words.measure_words(measure)
    approx = "about " if r.approximate else ""
    when = words.period_words(r.start, r.end)
    num = words.count(r.numerator, r.numerator_measure)
    definition = r.denominator_definition
    den = words.count_defined(
        r.denominator, r.denominator_measure, definition, r.approximate or r.estimated
    )
    # An estimated rate keeps two decimals: "about 0.1" would hide the range that follows it.
    per = f"about {r.per_100:.2f}" if r.estimated else words.per_100(r.per_100, r.approximate)
    if RATES[measure].is_ratio:
        every = words.short_noun(r.denominator_measure)
        head = f"{name}, {when}: {num} from {den}, {approx}{round(r.per_100)} of every 100 {every}"
    else:
        n = words.one_in(r.numerator, r.denominator)
        ratio = (
            # The counts were just named: "1 order for every 1,400", not the noun again.
            f"about 1 {w.one} for every {n:,}" if n is not None else f"no {w.many} at all"
        )
        # In a list, the rate per 100 alone: the list is compared by it, and said twice is noise.
        head = f"{name}, {when}: {num} against {den}" + ("" if in_a_list else f", {ratio}")
    tail = f" ({per} per 100"
    if r.per_100_range is not None and r.estimate is not None:
        # The part-quarter span is the table's; the sentence says what a reader must know.
        tail += (
            f"; range {r.ci_low:.2f} to {r.ci_high:.2f}). The offence count is an estimate: no "
            f"count covers exactly {when}."
        )
    elif r.has_interval:
        tail += f"; range {r.ci_low:.2f} to {r.ci_high:.2f})."
    elif in_a_list:
        tail += ")."
    else:
        tail += "; no range is given because a count behind it is itself an estimate)."
    return head + tail + coverage_warning(r) + rate_provenance(r, said=in_a_list)


def list_note(rates: Sequence[Rate]) -> tuple[bool, str]:
    """Whether a list of rates can say once what each would say (no range; the counting-rule
    change), and the words that say it."""
    if not rates or any(r.has_interval or r.estimate is not None for r in rates):
        return False, ""
    if not all(_spans_change(r) for r in rates):
        return False, ""
    return True, (
        "No range is given for any of them, because a count behind each is itself an estimate, "
        "and the offences of each span the April 2020 change in counting rules."
    )


def _spans_change(r: Rate) -> bool:
    return r.start < COUNTING_CHANGE <= r.end and r.denominator_measure == "stalking_offences"


def benchmark_sentence(r: Rate, name: str) -> str:
    """The force against England and Wales, as public-health indicator profiles compare areas."""
    if not r.comparison or r.benchmark_per_100 is None:
        return ""
    said = {
        "higher": "higher than",
        "lower": "lower than",
        "similar": "not clearly different from",
    }[r.comparison]
    why = {
        "higher": "its whole range lies above",
        "lower": "its whole range lies below",
        "similar": "its range takes in",
    }[r.comparison]
    each = ", each over its own period" if r.estimated else ""
    return (
        f"Compared with England and Wales ({r.benchmark_forces} forces together{each}: "
        f"{'about ' if r.estimated else ''}{r.benchmark_per_100:.2f} per 100), {name}'s rate is {said} "
        f"the England and Wales rate: {why} it."
    )


def rate_provenance(r: Rate, said: bool = False) -> str:
    """Whether the offences span the counting-rule change (unless said already), and the
    releases they come from; how the periods were matched is in the rate's note, for the
    terminal and the exports."""
    out = ""
    if _spans_change(r) and not said:
        out += " The offences span the April 2020 change in counting rules."
    if r.denominator_release is not None:
        out += f" Offences from the Home Office table released {words.day_words(r.denominator_release)}."
    return out


def coverage_warning(r: Rate) -> str:
    """Say plainly when the two counts come from different sets of forces."""
    a, b = r.numerator_forces, r.denominator_forces
    if a is not None and b is not None and a != b:
        return (
            f" The {words.short_noun(r.numerator_measure)} come from {a} forces but the "
            f"{words.short_noun(r.denominator_measure)} from {b}, so the two counts do not cover the "
            "same forces and the rate is only a rough guide."
        )
    return ""


def build_force_report(
    rows: list[Observation],
    force: str,
    measure: str = "spo_granted",
    prefer: Prefer = "ranked",
    *,
    today: date,
    population: list[PopulationFigure] | None = None,
) -> ForceReport:
    """A force's report as of today (the day the briefing is made: its list of what to ask for
    runs to it), given by the caller so the library never reads the clock."""
    f = get_force(force)
    table = compute(rows, measure, prefer)
    mine = [r for r in rows if r.force == f.slug]
    rates = sorted((r for r in table.rates if r.force == f.slug), key=lambda r: (r.start, r.end))
    gaps = [r for r in mine if r.status != "reported"]
    unmatched = [u for u in table.unmatched if u.force == f.slug]
    figs, conflicts = resolve(mine, prefer)
    inconsistent = [i for i in table.inconsistent if i.numerator.force == f.slug]
    # A period named as inconsistent is said once, there, not again as lacking a partner.
    rate_periods = {(r.start, r.end) for r in rates} | {
        (p.start, p.end) for i in inconsistent for p in (i.numerator, i.denominator)
    }
    offences = sorted(
        (x for x in figs if x.measure == "stalking_offences"), key=lambda x: (x.start, x.end)
    )
    # The history chart is of recorded crime only: outcomes-data incidents are another count.
    history = [x for x in offences if not x.definition]
    # The figure the precedence chooses for the period, given or summed, of the same definition
    # (outcomes-data incidents are another count): the one the offences chart draws (a quoted
    # 1,635 for 2021 gives way to the Home Office's quarters, 1,646).
    offences_only = [
        figure_for([y for y in offences if y.definition == x.definition], x.start, x.end, prefer)
        or x
        for x in offences
        if table.denominator_measure == "stalking_offences"
        and x.end >= SPO_START
        and (x.start, x.end) not in rate_periods
        and classify(x.start, x.end) not in ("quarter", "month")
    ]
    comparisons, none = _comparisons(table, f.slug, rates)
    rep = ForceReport(
        f,
        measure,
        table,
        rates,
        mine,
        gaps,
        unmatched,
        offences_only,
        history,
        comparisons,
        none,
        disagreements(figs),
        conflicts,
        chase_list(rows, f.slug, today, prefer),
        region_of(f.slug),
    )
    rep.inconsistent = inconsistent
    rep.prefer = prefer
    if population:
        rep.per_resident = per_resident_sentence(rows, population, f.slug, prefer)
    rep.brief = _force_brief(rep)
    if rep.per_resident:
        rep.brief.append(rep.per_resident)
    rep.sentences = rep.brief + _force_details(rep)
    return rep


def _comparisons(
    table: RateTable, slug: str, rates: list[Rate]
) -> tuple[dict[tuple[date, date], list[Comparison]], dict[tuple[date, date], str]]:
    """Only like for like: the same period and measure. Where none exists, say why."""
    near = set(neighbours(slug))
    out: dict[tuple[date, date], list[Comparison]] = {}
    none: dict[tuple[date, date], str] = {}
    for r in rates:
        key = (r.start, r.end)
        found: list[Comparison] = []
        for o in table.rates:
            if (o.start, o.end) != key or o.force == slug:
                continue
            if o.area_type == "aggregate":
                found.append(Comparison("published", area_name(o.force), o))
            elif o.force in near:
                found.append(Comparison("neighbour", area_name(o.force), o))
        for n in table.national:
            if (n.start, n.end) == key and n.forces > 1:
                found.append(
                    Comparison(
                        "sum",
                        f"the {n.forces} forces in the dataset with both figures for this period "
                        "added together (this force among them)",
                        n,
                    )
                )
        out[key] = found
        if not found:
            region = region_of(slug)
            none[key] = (
                f"The dataset has no national figure and no figure for another force"
                f"{' in ' + regions.in_words(region) if region else ''} for exactly "
                f"{words.period_words(r.start, r.end)}, so there is nothing like for like to compare with."
            )
    return out, none


def _force_brief(rep: ForceReport) -> list[str]:
    name = rep.force.name
    w = words.measure_words(rep.measure)
    out = [words.SPO_SENTENCE]
    if not rep.observations:
        out.append(
            f"The dataset holds no figures at all for {name}: no orders, no applications and no "
            "recorded stalking offences. The section 'What to ask for' lists what a Freedom of "
            "Information request should ask."
        )
        return out
    latest = rep.latest
    if latest is None:
        out.append(
            f"The dataset has no period with both {w.numerator} and {w.denominator} for {name}, "
            f"so no rate ({words.in_sentence(w.title)}) can be given. What it does hold is listed below."
        )
        return out
    out.append("Latest: " + rate_sentence(latest, name, rep.measure))
    if latest.has_interval:
        out.append(words.INTERVAL_SENTENCE)
    out.append(rank_sentence(latest, name))
    if bench := benchmark_sentence(latest, name):
        out.append(bench)
    key = (latest.start, latest.end)
    found = rep.comparisons.get(key, [])
    for c in found:
        out.append(comparison_sentence(c, rep.measure))
    if key in rep.no_comparison and not latest.comparison:
        out.append(rep.no_comparison[key])
    elif rep.region and not any(c.kind == "neighbour" for c in found):
        out.append(
            f"No other force in {regions.in_words(rep.region)} has a rate for exactly "
            f"{words.period_words(latest.start, latest.end)} in the dataset."
        )
    return out


def rank_sentence(r: Rate, name: str) -> str:
    when = words.period_words(r.start, r.end)
    if r.estimated:
        return "An estimated rate is not ranked: its place would depend on how its part periods are counted."
    if r.rank is None or r.of is None or r.of < 2:
        return (
            f"No other force has a rate for exactly {when} in the dataset, so there is no ranking."
        )
    return (
        f"Rank {r.rank} of {r.of}: of the {r.of} forces with a rate for {when}, {name} had the "
        f"{words.ordinal(r.rank)} highest."
    )


def comparison_sentence(c: Comparison, measure: str) -> str:
    r = c.rate
    per = words.per_100(r.per_100, isinstance(r, Rate) and r.approximate)
    if isinstance(r, Rate) and not r.has_interval:
        rng = "no range: a count behind it is an estimate"
    else:
        rng = f"range {r.ci_low:.2f} to {r.ci_high:.2f}"
    what = {
        "published": "Published figure for the same period",
        "sum": "For the same period",
        "neighbour": "A force in the same region, same period",
    }[c.kind]
    extra = coverage_warning(r) if isinstance(r, Rate) else ""
    return f"{what}: {c.name}, {per} per 100 ({rng}).{extra}"


def inconsistent_words(i: Inconsistent, name: str) -> str:
    n, d = i.numerator, i.denominator
    set_against = "the offences estimated for it" if i.estimated else "the count for that period"
    return (
        f"{name}: {words.count(n.value, n.measure, n.approximate)} for "
        f"{words.period_words(n.start, n.end)} is more than {set_against} "
        f"({words.count_defined(d.value, d.measure, d.definition, d.approximate)}), so the two "
        "cannot be set against each other as a rate: they differ in definition or period, and "
        "no rate is given."
    )


def _force_details(rep: ForceReport) -> list[str]:
    """Everything else, as sentences: for the terminal and the Markdown."""
    name = rep.force.name
    w = words.measure_words(rep.measure)
    out = []
    latest = rep.latest
    for r in rep.rates:
        if r is not latest:
            out.append(rate_sentence(r, name, rep.measure))
    for u in sorted(rep.unmatched, key=lambda x: x.start):
        out.append(
            f"{name} reported {words.count(u.value, u.measure, u.approximate)} for "
            f"{words.period_words(u.start, u.end)}, but the dataset has no count of "
            f"{w.denominator} for that exact period, so no rate is given."
        )
    for i in rep.inconsistent:
        out.append(inconsistent_words(i, name))
    for o in rep.offences_only:
        counted = (
            f"{name} had {words.count_defined(o.value, o.measure, o.definition, o.approximate)}"
            if o.definition
            else f"{name}: {words.count(o.value, o.measure, o.approximate)}"
        )
        out.append(
            f"{counted} in {words.period_words(o.start, o.end)}, but the dataset has no "
            f"{w.numerator} figure for that period."
        )
    for d in rep.disagreements:
        out.append(f"Sources disagree: {disagreement_words(d)}")
    for g in rep.gaps:
        out.append(
            f"{words.measure_name(g.measure)}, {words.period_words(g.period_start, g.period_end)}: "
            f"{words.status_words(g)}."
        )
    return out


def build_national_report(
    rows: list[Observation],
    measure: str = "spo_granted",
    prefer: Prefer = "ranked",
    *,
    today: date,
    population: list[PopulationFigure] | None = None,
) -> NationalReport:
    """The national report as of today (see build_force_report)."""
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
                f"{area.name}, {words.period_words(f.start, f.end)}: the published figure is "
                f"{words.count(f.value, f.measure, f.approximate)}; the {count} of "
                f"{len(area.members)} member forces with their own figure sum to {total:,}. "
                "The published figure is shown beside the forces, never added to them."
            )
    territorial = territorial_forces()
    slugs = {f.slug for f in territorial}
    with_any = {r.force for r in rows if r.area_type == "force"}
    coverage = {
        "forces_with_figures": len(with_any & slugs),
        "forces_with_rates": len({r.force for r in force_rates} & slugs),
        "territorial_forces": len(slugs),
    }
    by_force: dict[str, list[Observation]] = defaultdict(list)
    for r in rows:
        by_force[r.force].append(r)
    missing = [chase_list(by_force[f.slug], f.slug, today, prefer) for f in territorial]
    rep = NationalReport(
        measure,
        table,
        force_rates,
        aggregate_rates,
        comparisons,
        coverage,
        missing,
        list(table.disagreements),  # compute's own, for the same two measures
    )
    rep.brief = _national_brief(rep, rows)
    rep.compiled = compiled_spo_sentences(rows)
    if population:
        rep.per_resident = per_resident_league(rows, population, prefer=prefer)
    rep.sentences = rep.brief + [f"Published: {s}" for s in rep.published]
    rep.sentences += comparisons + rep.compiled
    if rep.per_resident:
        rep.sentences.append(league_sentence(rep.per_resident))
    return rep


def notes_for(rows: list[Observation], r: Rate) -> list[str]:
    """The sources' notes on the figures behind a rate (e.g. "40 of 44 forces answered")."""
    return sorted(
        {
            x.note
            for x in rows
            if x.force == r.force
            and x.period_start == r.start
            and x.period_end == r.end
            and x.measure in (r.numerator_measure, r.denominator_measure)
            and x.note
        }
    )


def _national_brief(rep: NationalReport, rows: list[Observation]) -> list[str]:
    out = [words.SPO_SENTENCE]
    listed = sorted(rep.aggregate_rates, key=lambda r: (r.start, r.force))
    once, rep.published_note = list_note(listed)
    rep.published = [rate_sentence(r, area_name(r.force), rep.measure, once) for r in listed]
    w = words.measure_words(rep.measure)
    n = rep.widest_sum()  # a year or longer, with the most forces; the rest are in a table
    if n is not None:
        out.append(
            f"Adding up the forces in the dataset for {words.period_words(n.start, n.end)}: "
            f"{words.count(n.numerator, rep.table.numerator_measure)} against "
            f"{words.count(n.denominator, rep.table.denominator_measure)}, {rate_words(n)}. "
            f"Only {n.coverage} have both figures for that period, so this is not a national figure."
        )
    if rep.force_rates:
        out.append(words.INTERVAL_SENTENCE)
    c = rep.coverage
    out.append(
        f"The dataset holds figures for {c['forces_with_figures']} of the {c['territorial_forces']} "
        f"forces of England and Wales; {c['forces_with_rates']} have a period with both "
        f"{w.numerator} and {w.denominator}."
    )
    if len(rep.disagreements) == 1:
        out.append(f"Sources disagree: {disagreement_words(rep.disagreements[0])}")
    elif rep.disagreements:
        out.append(summary_sentence(rep.disagreements, []))
    return out
