"""spo-stats export: rates or observations as csv, xlsx, parquet, json or sqlite."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from spo_stats.cli.common import CleanOpt, MeasureOpt, PreferOpt, checked_options, err, handled


class What(StrEnum):
    rates = "rates"
    observations = "observations"


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
        if what is What.rates:
            records, docs = exports.rate_records(compute(rows, measure, prefer))  # type: ignore[arg-type]
        else:
            records, docs = exports.observation_records(rows)
        if out_file is None:
            sys.stdout.write(exports.to_stdout_csv(records, docs))
            return
        for p in exports.export(records, docs, out_file, what.value):
            err().print(f"wrote {p}")
