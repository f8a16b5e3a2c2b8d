"""File formats are listed in one place (spo_stats/read/formats.py): every other module asks it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import spo_stats
from spo_stats.fetch import govuk, pages
from spo_stats.ingest import ingest
from spo_stats.read import formats
from spo_stats.sources import population

PACKAGE = Path(spo_stats.__file__).parent
_SUFFIX = re.compile(
    r"^\.(xlsx|xlsm|xls|ods|csv|pdf|docx|html?|doc|rtf|odt|msg|eml|pptx?|zip|7z|rar|txt|json|md|"
    r"png|jpe?g)$",
    re.I,
)
# Suffixes of what spo-stats writes, not of what it reads: each module names its own outputs.
OUTPUTS = {
    "dataset/cache.py",  # its entries, <key>.json
    "publish/package.py",  # the rates package's own CSV
    "fetch/foi.py",  # the reply page kept as <page>.html
    "publish/exports.py",  # export's output formats
    "publish/briefing.py",  # briefing.html and .md
    "publish/national.py",
}


def test_no_module_but_the_registry_spells_out_an_input_suffix() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel == "read/formats.py" or rel in OUTPUTS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and _SUFFIX.match(text):
                found.append(f"{rel}:{node.lineno} {text}")
    assert found == []


def test_every_suffix_has_one_format_and_every_format_not_read_says_why() -> None:
    listed = [s for f in formats.FORMATS for s in f.suffixes]
    assert len(listed) == len(set(listed))
    for f in formats.FORMATS:
        assert (f.reads_as is None) == bool(f.why_not), f.name


def test_fetch_and_ingest_agree_on_what_is_read() -> None:
    # .xlsm is read, so fetch downloads it; it is no longer named as a format it cannot read.
    assert ".xlsm" in pages.RETURN_SUFFIXES and ".xlsm" not in pages.OTHER_SUFFIXES
    assert ".xlsm" in govuk.TABLE_SUFFIXES
    assert ".pptx" in pages.OTHER_SUFFIXES and ".7z" in pages.OTHER_SUFFIXES
    # Every format read is downloaded, but for a web page: a link to one is another page.
    read = set(formats.SHEET_SUFFIXES) | set(formats.LETTER_SUFFIXES)
    assert read - set(pages.RETURN_SUFFIXES) == {".html", ".htm"}


def test_an_xlsm_population_workbook_is_sniffed(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = population.TABLE_SHEET  # type: ignore[union-attr]
    path = tmp_path / "mye.xlsm"
    book.save(path)
    assert population.is_estimates_workbook(path)


def test_ingest_names_formats_it_does_not_read(tmp_path: Path) -> None:
    raw = tmp_path / "raw" / "cleveland"
    raw.mkdir(parents=True)
    (raw / "slides.pptx").write_bytes(b"PK\x03\x04 a damaged presentation")
    (raw / "bundle.7z").write_bytes(b"7z\xbc\xaf\x27\x1c" + b"\x00" * 40)
    (raw / "notes.txt").write_text("SYNTHETIC notes\n")
    result = ingest(tmp_path / "raw", out=tmp_path / "clean")
    said = {r.file: (r.status, r.error) for r in result.files}
    assert said["cleveland/slides.pptx"] == (
        "unsupported",
        "cleveland/slides.pptx: PPTX: a presentation, not read; save it as PDF or enter its "
        "figures in the manual-entry format.",
    )
    assert said["cleveland/bundle.7z"][1].endswith(
        "7Z: an archive, not read; unpack it into the folder and re-run."
    )
    assert said["cleveland/notes.txt"][0] == "unsupported"
