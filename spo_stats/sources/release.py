"""Which release of the Home Office table a file is, so that every figure from it carries its date.

Releases revise earlier quarters (Hampshire 2019/20: 622 in a 2021 release, 661 in October 2023),
so a figure from the table is only complete with its release date, and two releases are two
sources of which the newer wins. The date comes from, in order:

1. the provenance beside the table (`<file>.provenance.json`, read by sources/provenance.py, as
   `spo-stats fetch home-office` writes it), used only when its sha256 is the file's own;
2. the date the Home Office writes into the file name (`...-tables-191023.ods` is 19 October 2023);
3. nothing: the figures are kept with no release date, and the file report says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from spo_stats.sources import provenance

PUBLISHER = "Home Office"
DEFAULT_TITLE = "Police recorded crime: police force area tables"
# ddmmyy after a hyphen or underscore, as in prc-pfa-mar2013-onwards-tables-191023.ods. A bare
# "tables201718" (a financial year, not a date) has no separator and is never read as one.
_NAME_DATE = re.compile(r"[-_](\d{2})(\d{2})(\d{2})(?=[-_.]|$)")
FIRST_RELEASE = date(2013, 1, 1)


@dataclass(frozen=True)
class Release:
    date: date | None
    source: str  # the citation in words
    url: str = ""
    how: str = ""  # provenance, file name, or unknown
    warning: str = ""


def date_in_name(name: str) -> date | None:
    for m in _NAME_DATE.finditer(Path(name).name):
        day, month, year = int(m[1]), int(m[2]), 2000 + int(m[3])
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= FIRST_RELEASE:
            return found
    return None


def _as_date(value: Any) -> date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        # GOV.UK gives local time with an offset (2023-10-19T09:30:00.000+01:00): its date is
        # the publication date as printed on the page.
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None


def citation(title: str, released: date | None, extra: str = "") -> str:
    # The same words as a fetched table's provenance gives (sources/provenance.py).
    when = f"released {released.day} {released:%B %Y}" if released else "release date unknown"
    return f"{PUBLISHER}, {title}, {when}{extra}"


def set_aside(release: Release, warning: str) -> Release:
    """The release with its date set aside as impossible: cited as of unknown date."""
    return Release(None, citation(DEFAULT_TITLE, None), release.url, "unknown", warning)


def release_of(
    path: Path, display: str, sha256: str, found: provenance.Beside | None = None
) -> Release:
    """The release a Home Office table file belongs to (see the module's docstring); found: the
    provenance beside it as the caller loaded it."""
    found = found or provenance.beside(path)
    prov, warning = found.prov, f"{found.problem}; it was ignored." if found.problem else ""
    if prov is not None:
        if prov.sha256.lower() != sha256:
            warning = (
                f"{provenance.path_for(path).name} describes another file (its sha256 is not "
                "this file's); it was ignored. Fetch the table again to renew it."
            )
        elif prov.release_date is None:
            warning = (
                f"{provenance.path_for(path).name} gives no public_updated_at date; it was ignored."
            )
        else:
            return Release(prov.release_date, prov.citation(), prov.cited_url, "provenance")
    released = date_in_name(display)
    if released is not None:
        return Release(released, citation(DEFAULT_TITLE, released), "", "file name", warning)
    return Release(
        None,
        citation(DEFAULT_TITLE, None),
        "",
        "unknown",
        warning
        or (
            "release date unknown: a newer release of the table will not be told apart from "
            "this one. Keep the Home Office's file name (it ends in the release date, ddmmyy) "
            "or fetch the table with 'spo-stats fetch home-office'."
        ),
    )
