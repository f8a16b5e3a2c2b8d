"""`headline` marks every figure `check` finds inconsistent with another, and says with what."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from spo_stats.cli.main import app
from spo_stats.dataset.store import write_dataset
from spo_stats.schema import Observation

runner = CliRunner()


def _obs(force: str, measure: str, value: int, cell: str, **more: object) -> Observation:
    # SYNTHETIC figures.
    fields: dict[str, object] = {
        "force": force,
        "period_start": date(2022, 1, 1),
        "period_end": date(2022, 12, 31),
        "period_label": "2022",
        "measure": measure,
        "value": value,
        "status": "reported",
        "source_kind": "manual",
        "source": f"SYNTHETIC source {cell}",
        "source_file": "synthetic.csv",
        "source_sheet": "synthetic",
        "source_cell": cell,
        "source_sha256": "0" * 64,
        **more,
    }
    return Observation(**fields)  # type: ignore[arg-type]


def _clean(tmp_path: Path) -> Path:
    national = {"area_type": "aggregate"}
    longer = {"period_start": date(2022, 1, 1), "period_end": date(2023, 3, 31)}
    obs = [
        # England and Wales: 300 SPOs in 2022 but only 120 in a longer period containing it.
        _obs("england-and-wales", "spo_granted", 300, "A1", **national),
        _obs("england-and-wales", "stalking_offences", 90000, "A2", **national),
        _obs("england-and-wales", "spo_granted", 120, "A3", **national, **longer),
        # Kent: two sources give 2022's SPOs differently.
        _obs("kent", "spo_granted", 6, "B1", source_kind="foi_return"),
        _obs("kent", "spo_granted", 9, "B2"),
        _obs("kent", "stalking_offences", 2000, "B3", source_kind="foi_return"),
        # Essex: nothing inconsistent.
        _obs("essex", "spo_granted", 5, "C1", source_kind="foi_return"),
        _obs("essex", "stalking_offences", 1500, "C2", source_kind="foi_return"),
    ]
    folder = tmp_path / "clean"
    write_dataset(folder, obs, {"synthetic": True})
    return folder


def test_headline_marks_every_figure_check_finds_inconsistent(tmp_path: Path) -> None:
    clean = _clean(tmp_path)
    check = runner.invoke(app, ["check", "--clean", str(clean)])
    assert check.exit_code == 1
    assert "Disagree england-and-wales spo_granted" in check.stdout
    assert "Conflict kent spo_granted 2022" in check.stdout
    result = runner.invoke(app, ["headline", "--clean", str(clean)], terminal_width=400)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (
        "(!) England and Wales, 2022: 300 SPOs against 90,000 recorded stalking offences: "
        "0.33 per 100 (95% interval 0.30 to 0.37)." in lines
    )
    assert (
        "    (!) Inconsistent with another figure (see spo-stats check): England and Wales: 300 "
        "SPOs granted for 2022, but only 120 SPOs granted for January 2022 to March 2023, a "
        "longer period that contains it (counting from 20 January 2020, when SPOs began)."
    ) in lines
    kent = next(i for i, line in enumerate(lines) if "Kent Police, 2022" in line)
    assert lines[kent].startswith("(!) Kent Police, 2022: 6 SPOs against 2,000")
    assert lines[kent + 1] == (
        "    (!) Inconsistent with another figure (see spo-stats check): Kent Police: sources give "
        "different counts of SPOs granted for 2022 (6 from synthetic.csv sheet 'synthetic' cell "
        "B1; 9 from SYNTHETIC source B2 (synthetic.csv B2)); 6 is used."
    )
    essex = next(line for line in lines if "Essex Police, 2022" in line)
    assert essex.startswith("Essex Police, 2022: 5 SPOs")
    assert sum(line.startswith("(!) ") for line in lines) == 2
