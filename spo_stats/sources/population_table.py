"""The population table of the clean dataset: residents of each police force area and aggregate.

Population is not a figure a force returns, so it is not an Observation: it is its own small table
(population.csv beside observations.csv), one row per area, reference date (30 June) and ONS
edition. ONS revises its estimates (Cleveland's mid-2022: 579,287 in one edition, 579,710 in the
next), so every row names its edition, and where two editions give the same area and year the
newer edition (by publication date) is current and the older is kept, marked superseded.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from spo_stats.areas import area_name_and_code
from spo_stats.errors import PopulationFileError, SpoStatsError
from spo_stats.forces import find_force
from spo_stats.schema import FileReport, FileWarning, PopulationFigure, notes
from spo_stats.sources.population import (
    AGGREGATES,
    ENGLAND_AND_WALES,
    ONS_PAGE,
    PUBLISHER,
    WALES,
    Estimates,
    Lookup,
    read_estimates,
    read_lookup,
)


def choose_lookup(est: Estimates, lookups: list[Lookup]) -> Lookup:
    """The lookup whose local authorities are exactly the workbook's (same boundaries)."""
    mine = set(est.authorities)
    for lookup in lookups:
        if set(lookup.force_area) == mine:
            return lookup
    if not lookups:
        raise PopulationFileError(
            est.edition.file,
            "no local authority to police force area lookup beside it. Put ONS's "
            "'Local Authority District to CSPs to Police Force Areas' lookup CSV for the same "
            "boundaries in the raw folder.",
        )
    best = min(lookups, key=lambda lk: len(mine ^ set(lk.force_area)))
    missing = sorted(mine - set(best.force_area))
    extra = sorted(set(best.force_area) - mine)
    detail = "; ".join(
        x
        for x in (
            f"{len(missing)} of its local authorities are not in {best.file} (e.g. {', '.join(missing[:3])})"
            if missing
            else "",
            f"{best.file} has {len(extra)} not in it (e.g. {', '.join(extra[:3])})"
            if extra
            else "",
        )
        if x
    )
    raise PopulationFileError(
        est.edition.file,
        f"no lookup has the same local authorities ({detail}). Add ONS's lookup for the "
        "boundaries of this edition.",
    )


def _citation(est: Estimates, lookup: Lookup | None) -> str:
    words = f"{PUBLISHER}, {est.edition.label}, table {est.sheet}"
    if lookup is not None:
        words += f"; local authorities summed to police force areas with ONS's {lookup.title}"
    return words


def figures_of(est: Estimates, lookup: Lookup) -> list[PopulationFigure]:
    """One edition's figures: every force area and aggregate, for every year in the workbook."""
    by_area: dict[str, list[str]] = defaultdict(list)
    for la in est.authorities:
        by_area[lookup.force_area[la][0]].append(la)
    out: list[PopulationFigure] = []
    common = {
        "edition": est.edition.label,
        "edition_date": est.edition.published,
        "source_url": ONS_PAGE,
        "source_file": est.edition.file,
        "source_sheet": est.sheet,
        "source_sha256": est.edition.sha256,
    }
    for year in est.years:
        ref = date(year, 6, 30)
        _check_totals(est, lookup, year)
        for pfa, members in sorted(by_area.items()):
            force = find_force(pfa)
            if force is None or not force.territorial:
                raise PopulationFileError(
                    lookup.file, f"police force area {pfa} is not one of the 43 forces."
                )
            out.append(
                PopulationFigure(
                    area=force.slug,
                    area_name=force.name,
                    ons_code=pfa,
                    area_type="force",
                    reference_date=ref,
                    population=sum(est.values[la][year] for la in members),
                    local_authorities=len(members),
                    source=_citation(est, lookup),
                    source_cells=" ".join(est.cells[la][year] for la in members),
                    lookup_file=lookup.file,
                    lookup_sha256=lookup.sha256,
                    **common,  # type: ignore[arg-type]
                )
            )
        for code, slug in AGGREGATES.items():
            if code not in est.values:
                continue
            out.append(
                PopulationFigure(
                    area=slug,
                    area_name=area_name_and_code(slug)[0],
                    ons_code=code,
                    area_type="aggregate",
                    reference_date=ref,
                    population=est.values[code][year],
                    local_authorities=1,
                    source=_citation(est, None),
                    source_cells=est.cells[code][year],
                    lookup_file="",
                    lookup_sha256="",
                    **common,  # type: ignore[arg-type]
                )
            )
    return out


def _check_totals(est: Estimates, lookup: Lookup, year: int) -> None:
    """The local authorities must add up to ONS's own totals, or a force would be miscounted."""
    las = est.authorities
    for code, members in (
        (ENGLAND_AND_WALES, las),
        (WALES, [la for la in las if la.startswith("W")]),
    ):
        if code not in est.values:
            continue
        total, summed = est.values[code][year], sum(est.values[la][year] for la in members)
        if total != summed:
            raise PopulationFileError(
                est.edition.file,
                f"sheet {est.sheet}: mid-{year} local authorities sum to {summed:,}, but ONS's "
                f"{est.names.get(code, code)} total is {total:,} (cell {est.cells[code][year]}).",
            )


def mark_superseded(figures: list[PopulationFigure]) -> list[PopulationFigure]:
    """Where editions overlap, the newest (by publication date) is current; undated editions
    are older than dated ones."""
    newest: dict[tuple[str, date], date] = {}
    for f in figures:
        key = (f.area, f.reference_date)
        when = f.edition_date or date.min
        newest[key] = max(newest.get(key, date.min), when)
    out = []
    for f in figures:
        current = (f.edition_date or date.min) == newest[(f.area, f.reference_date)]
        out.append(f if current else f.model_copy(update={"superseded": True}))
    return sorted(out, key=lambda f: (f.area_type, f.area, f.reference_date, f.superseded))


def read_population(
    inputs: list[tuple[Path, str, str, str]],
) -> tuple[list[PopulationFigure], list[FileReport]]:
    """Every ONS workbook and lookup found by ingest: (path, name, sha256, kind) each, kind
    "estimates" or "lookup". A file that cannot be used fails alone, with its reason."""
    reports: dict[str, FileReport] = {}
    estimates: list[Estimates] = []
    lookups: list[Lookup] = []
    for path, name, sha, kind in inputs:
        report = reports[name] = FileReport(file=name, status="ok", kind=f"population_{kind}")
        report.force = "(many)"
        try:
            if kind == "lookup":
                lookups.append(read_lookup(path, name, sha))
            else:
                est = read_estimates(path, name, sha)
                report.warnings += notes(est.warnings)
                estimates.append(est)
        except (SpoStatsError, OSError, UnicodeDecodeError) as exc:
            report.status, report.error = "failed", str(exc)
    figures: list[PopulationFigure] = []
    used: set[str] = set()
    dates: dict[date | None, str] = {}
    for est in sorted(estimates, key=lambda e: (e.edition.published or date.min, e.edition.file)):
        report = reports[est.edition.file]
        try:
            if est.edition.published in dates:
                raise PopulationFileError(
                    est.edition.file,
                    f"another edition ({dates[est.edition.published]}) has the same publication "
                    "date, so neither can be told the newer. Keep one of them.",
                )
            lookup = choose_lookup(est, lookups)
            mine = figures_of(est, lookup)
        except SpoStatsError as exc:
            report.status, report.error = "failed", str(exc)
            continue
        dates[est.edition.published] = est.edition.file
        used.add(lookup.file)
        figures += mine
        report.observations = len(mine)
    for lookup in lookups:
        if lookup.file not in used:
            reports[lookup.file].warnings.append(
                FileWarning("no ONS estimates workbook in the raw folder uses this lookup.")
            )
    return mark_superseded(figures), list(reports.values())
