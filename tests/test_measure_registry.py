"""A measure is listed in one place (spo_stats/measures.py): a new entry there reaches the dataset's
schema, the words, the rates, the FOI request and the reports, with nothing else edited.

The check runs in a child process on a copy of the package whose registry has one more entry, so
the registry is changed as a developer would change it: by editing that one file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import spo_stats

ENTRY = """    MeasureInfo(
        "spo_variations",
        "spo",
        "SPO variations",
        "SPO variations",
        "SPO variation",
        "SPO variations",
        "variation",
        "variations",
        per_residents=100_000,
        rate_file="variations",
        ask="the number of Stalking Protection Orders varied on the force's application",
    ),
"""

CHECK = textwrap.dedent(
    """
    import sys
    from datetime import date
    from pathlib import Path

    from typer.testing import CliRunner

    from spo_stats.cli.main import app
    from spo_stats.dataset.columns import observation_columns
    from spo_stats.dataset.store import write_dataset
    from spo_stats.publish import words
    from spo_stats.publish.request import REQUEST_MEASURES
    from spo_stats.schema import COLUMN_DOCS, Observation

    def obs(measure, value, cell):  # SYNTHETIC figures
        return Observation(
            force="cleveland", period_start=date(2022, 1, 1), period_end=date(2022, 12, 31),
            period_label="2022", measure=measure, value=value, status="reported",
            source_kind="foi_return", source="SYNTHETIC", source_file="synthetic.csv",
            source_sheet="synthetic", source_cell=cell, source_sha256="0" * 64,
        )

    [column] = [c for c in observation_columns() if c.name == "measure"]
    assert "spo_variations" in column.enum, column.enum
    assert "spo_variations" in COLUMN_DOCS["measure"]
    assert words.count(3, "spo_variations") == "3 SPO variations"
    assert words.measure_name("spo_variations") == "SPO variations"
    assert words.measure_words("spo_variations").title == (
        "SPO variations per 100 recorded stalking offences"
    )
    assert words.file_stem("briefing", "spo_variations") == "briefing-variations"
    assert "spo_variations" in REQUEST_MEASURES
    clean, out = Path(sys.argv[1]) / "clean", Path(sys.argv[1]) / "reports"
    write_dataset(clean, [obs("spo_variations", 7, "A1"), obs("stalking_offences", 700, "A2")], {})
    runner = CliRunner()
    rates = runner.invoke(app, ["export", "rates", "--measure", "spo_variations", "--clean", str(clean)])
    assert rates.exit_code == 0, rates.output
    assert "cleveland" in rates.stdout and "spo_variations" in rates.stdout, rates.stdout
    report = runner.invoke(app, ["report", "--force", "cleveland", "--measure", "spo_variations",
                                 "--clean", str(clean), "--out", str(out)])
    assert report.exit_code == 0, report.output
    page = (out / "cleveland" / "briefing-variations.md").read_text()
    assert "SPO variations per 100 recorded stalking offences" in page
    print("found everywhere")
    """
)


def _run(package: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CHECK, str(tmp)],
        cwd=tmp,
        env={"PYTHONPATH": str(package), "MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_measure_added_to_the_registry_alone_is_in_the_schema_words_and_reports(
    tmp_path: Path,
) -> None:
    source = Path(spo_stats.__file__).parent
    package = tmp_path / "pkg"
    shutil.copytree(source, package / "spo_stats", ignore=shutil.ignore_patterns("__pycache__"))
    registry = package / "spo_stats" / "measures.py"
    text = registry.read_text()
    end = "\n)\nMEASURES: dict"
    assert text.count(end) == 1
    registry.write_text(text.replace(end, "\n" + ENTRY.rstrip("\n") + end))
    (tmp_path / "work").mkdir()
    done = _run(package, tmp_path / "work")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "found everywhere" in done.stdout


def test_the_unchanged_registry_has_no_such_measure(tmp_path: Path) -> None:
    """The check above can fail: without the entry, the same child process stops at the schema."""
    done = _run(Path(spo_stats.__file__).parent.parent, tmp_path)
    assert done.returncode != 0
    assert "AssertionError" in done.stderr and "all_spo_granted" in done.stderr
    assert "found everywhere" not in done.stdout
