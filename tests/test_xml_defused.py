"""XML inside the files we read (xlsx, ods, docx parts) is parsed only by defused parsers."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl.xml

import spo_stats

PACKAGE = Path(spo_stats.__file__).parent
# The standard library's parsers expand entities (billion laughs) and, fed in chunks, re-scan.
_PARSE = re.compile(
    r"\b(?:ET|ElementTree|etree)\.(?:fromstring|parse|iterparse|XMLParser|XMLPullParser|XML)\(|"
    r"\bminidom\b|\bxml\.sax\b|\bexpat\b\.ParserCreate"
)


def test_only_read_xml_parses_xml() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{n}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).as_posix() != "read/xml.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if _PARSE.search(line)
    ]
    assert found == []


def test_openpyxl_parses_with_defusedxml() -> None:
    # openpyxl (the streaming reader of long sheets) uses defusedxml when it is installed.
    assert openpyxl.xml.DEFUSEDXML
