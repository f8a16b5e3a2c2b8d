"""A return is opened once for its hash, its format and (a small one) its bytes, not once by each
sniffer: counted by an audit hook on Python's opens, in a child process of its own."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import RETURNS
from tests.fixtures import make_letters as ml

ROOT = Path(__file__).resolve().parents[1]

_COUNT = """
import json, sys
from pathlib import Path
raw, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
watched = {str(p) for p in raw.rglob("*") if p.is_file()}
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, Path)) and str(Path(args[0]).resolve()) in watched:
        opened.append(Path(args[0]).name)
from spo_stats.ingest import ingest
sys.addaudithook(hook)
ingest(raw, out, use_cache=sys.argv[3] == "cache")
print(json.dumps(opened))
"""


def _opens(raw: Path, out: Path, cache: bool = False) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-c", _COUNT, str(raw), str(out), "cache" if cache else "no"]
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
    opened: list[str] = json.loads(done.stdout.splitlines()[-1])
    return opened


def test_a_csv_return_is_opened_twice_not_five_times(tmp_path: Path) -> None:
    # Once in the survey of the raw folder (is it ONS's population lookup; with the cache, its
    # hash for the key), once to hash, sniff and read it. It was five (six with the cache): the
    # lookup, the hash, the letter sniffer, the spreadsheet sniffer and the CSV reader each
    # opened it.
    raw = tmp_path / "raw"
    shutil.copytree(RETURNS / "02-years-as-rows-csv-bom", raw)
    (name,) = [p.name for p in raw.rglob("*.csv")]
    assert _opens(raw, tmp_path / "clean").count(name) == 2
    assert _opens(raw, tmp_path / "cached", cache=True).count(name) == 2


def test_a_workbook_is_opened_twice_not_seven_times(tmp_path: Path) -> None:
    # Once in the survey, once for the peek that hashes it, lists its members and keeps its
    # bytes, from which its sheets' XML is inspected and calamine reads it. It was seven in
    # Python (eight with the cache), and calamine opened it once more.
    raw = tmp_path / "raw"
    shutil.copytree(RETURNS / "01-years-as-columns", raw)
    (name,) = [p.name for p in raw.rglob("*.xlsx")]
    assert _opens(raw, tmp_path / "clean").count(name) == 2
    assert _opens(raw, tmp_path / "cached", cache=True).count(name) == 2


def test_a_letter_is_opened_once_not_four_times(tmp_path: Path) -> None:
    # The peek keeps a small letter's bytes for its reader. It was four (PDF: the hash, the
    # letter sniffer, the check of its streams, pdfplumber) and five for a Word document.
    for name, write in (("reply.pdf", ml.write_pdf), ("reply.docx", ml.write_docx)):
        raw = tmp_path / name / "raw"
        write(raw / "cleveland" / name, ml.table_letter())
        assert _opens(raw, tmp_path / name / "clean").count(name) == 1, name
