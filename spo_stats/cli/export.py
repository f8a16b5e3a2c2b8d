"""spo-stats export: rates or observations as csv, xlsx, parquet, json or sqlite."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from spo_stats.cli.common import CleanOpt, MeasureOpt, PreferOpt, checked_options, err, handled


class What(StrEnum):
    rates = "rates"
    observations = "observations"


class Per(StrEnum):
    offences = "offences"
    residents = "residents"


def export(
    what: Annotated[What, typer.Argument(help="rates or observations.")],
    clean: CleanOpt = Path("data/clean"),
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="File to write; the format comes from its extension. Default: CSV to stdout.",
        ),
    ] = None,
    measure: MeasureOpt = "spo_granted",
    prefer: PreferOpt = "force",
    per: Annotated[
        Per,
        typer.Option(
            "--per",
            help="Rates per 100 recorded stalking offences (offences), or per resident (residents: "
            "stalking offences per 1,000 and --measure per 100,000, with ONS population).",
        ),
    ] = Per.offences,
) -> None:
    """Export the rates or the observations for Datawrapper, Excel, Datasette or code."""
    from spo_stats.analysis.rates import compute
    from spo_stats.dataset.store import load_rows
    from spo_stats.errors import ExportFormatError
    from spo_stats.publish import exports

    with handled():
        checked_options(measure, prefer)
        if out_file is not None and out_file.suffix.lower() not in exports.FORMATS:
            raise ExportFormatError(str(out_file))
        rows = load_rows(clean)
        if per is Per.residents:
            records, docs = _per_resident(what, clean, rows, measure, prefer)
        elif what is What.rates:
            records, docs = exports.rate_records(compute(rows, measure, prefer))  # type: ignore[arg-type]
        else:
            records, docs = exports.observation_records(rows)
        if out_file is None:
            sys.stdout.write(exports.to_stdout_csv(records, docs))
            return
        for p in exports.export(records, docs, out_file, what.value):
            err().print(f"wrote {p}")


def _per_resident(
    what: What, clean: Path, rows: list[dict[str, Any]], measure: str, prefer: str
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    from spo_stats.analysis.per_resident import PER, compute_per_resident
    from spo_stats.dataset.store import load_population
    from spo_stats.errors import PopulationMissingError, UsageError
    from spo_stats.publish.per_resident import resident_records

    if what is not What.rates:
        raise UsageError("--per residents goes with 'export rates', not observations.")
    if measure not in PER:
        raise UsageError(f"--measure {measure} has no rate per resident; use an SPO count.")
    population = load_population(clean)
    if not population:
        raise PopulationMissingError(str(clean))
    tables = [
        compute_per_resident(rows, population, m, prefer)  # type: ignore[arg-type]
        for m in ("stalking_offences", measure)
    ]
    return resident_records(tables)
