"""Which release of the Home Office table a file is, so that every figure from it carries its date.

Releases revise earlier quarters (Hampshire 2019/20: 622 in a 2021 release, 661 in October 2023),
so a figure from the table is only complete with its release date, and two releases are two
sources of which the newer wins. The date comes from, in order:

1. a provenance file beside the table (`<file>.provenance.json` or `<stem>.provenance.json`, as
   `spo-stats fetch home-office` writes it: page_url, attachment_url, attachment_title,
   public_updated_at, retrieved_at, size, sha256), used only when its sha256 is the file's own;
2. the date the Home Office writes into the file name (`...-tables-191023.ods` is 19 October 2023);
3. nothing: the figures are kept with no release date, and the file report says so.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

PUBLISHER = "Home Office"
DEFAULT_TITLE = "Police recorded crime open data Police Force Area tables"
PROVENANCE_SUFFIX = ".provenance.json"
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


def provenance_path(path: Path) -> Path | None:
    for candidate in (
        path.with_name(path.name + PROVENANCE_SUFFIX),
        path.with_name(path.stem + PROVENANCE_SUFFIX),
    ):
        if candidate.is_file():
            return candidate
    return None


def provenance_digest(path: Path) -> str:
    """A digest of the provenance file beside path ('' if none), for the ingest cache key."""
    found = provenance_path(path)
    if found is None:
        return ""
    try:
        return hashlib.sha256(found.read_bytes()).hexdigest()
    except OSError:
        return ""


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
    when = f"release of {released.day} {released:%B %Y}" if released else "release date unknown"
    return f"{PUBLISHER}, {title}, {when}{extra}"


def release_of(path: Path, display: str, sha256: str) -> Release:
    """The release a Home Office table file belongs to (see the module's docstring)."""
    found = provenance_path(path)
    warning = ""
    if found is not None:
        try:
            data = json.loads(found.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            data, warning = None, f"{found.name} cannot be read ({exc}); it was ignored."
        if isinstance(data, dict):
            stated = str(data.get("sha256") or "").lower()
            released = _as_date(data.get("public_updated_at"))
            if stated and stated != sha256:
                warning = (
                    f"{found.name} describes another file (its sha256 is not this file's); "
                    "it was ignored. Fetch the table again to renew it."
                )
            elif released is None:
                warning = f"{found.name} gives no public_updated_at date; it was ignored."
            else:
                title = str(data.get("attachment_title") or DEFAULT_TITLE)
                url = str(data.get("attachment_url") or data.get("page_url") or "")
                return Release(released, citation(title, released), url, "provenance")
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
