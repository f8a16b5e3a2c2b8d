"""spo-stats export: rates or observations as csv, xlsx, parquet, json or sqlite, or a data package."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spo_stats.cli.common import (
    CleanOpt,
    MeasureOpt,
    PreferOpt,
    checked_options,
    err,
    escape,
    handled,
)

if TYPE_CHECKING:
    from spo_stats.publish.tables import Bundle
    from spo_stats.schema import Observation


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
            help="File to write; the format comes from its extension (.csv, .xlsx, .parquet, "
            ".json, .sqlite, .db). Default: CSV to stdout.",
        ),
    ] = None,
    package_dir: Annotated[
        Path | None,
        typer.Option(
            "--package",
            help="Folder to write a frictionless data package into: datapackage.json, "
            "rates.csv and observations.csv.",
        ),
    ] = None,
    measure: MeasureOpt = "spo_granted",
    prefer: PreferOpt = "ranked",
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
    from spo_stats.dataset.generations import current_folder
    from spo_stats.dataset.store import check_output_dir, check_output_file, load_rows
    from spo_stats.errors import ExportFormatError
    from spo_stats.publish import exports
    from spo_stats.publish.tables import bundle

    with handled():
        checked_options(measure, prefer)
        if out_file is not None:
            if out_file.suffix.lower() not in exports.FORMATS:
                raise ExportFormatError(str(out_file))
            check_output_file(out_file)
        if package_dir is not None:
            check_output_dir(package_dir)
        folder = current_folder(clean)  # once: the rows and the population from one generation
        rows = load_rows(folder)
        if per is Per.residents:
            tables = _per_resident(what, clean, folder, rows, measure, prefer)
        else:
            tables = bundle(what.value, rows, compute(rows, measure, prefer))  # type: ignore[arg-type]
        if out_file is None and package_dir is None:
            sys.stdout.write(exports.to_stdout_csv(tables.main))
            return
        tables = replace(tables, made_at=datetime.now(UTC))
        written: list[Path] = []
        if out_file is not None:
            written += exports.export(tables, out_file)
        if package_dir is not None:
            from spo_stats.publish.package import write_package

            written += write_package(tables, package_dir)
        for p in written:
            err().print(f"wrote {escape(str(p))}")


def _per_resident(
    what: What, clean: Path, folder: Path, rows: list[Observation], measure: str, prefer: str
) -> Bundle:
    from spo_stats.analysis.per_resident import PER, compute_per_resident
    from spo_stats.dataset.store import load_population
    from spo_stats.errors import PopulationMissingError, UsageError
    from spo_stats.publish.per_resident import resident_bundle

    if what is not What.rates:
        raise UsageError("--per residents goes with 'export rates', not observations.")
    if measure not in PER:
        raise UsageError(f"--measure {measure} has no rate per resident; use an SPO count.")
    population = load_population(folder)
    if not population:
        raise PopulationMissingError(str(clean))
    tables = [
        compute_per_resident(rows, population, m, prefer)  # type: ignore[arg-type]
        for m in ("stalking_offences", measure)
    ]
    return resident_bundle(tables)
