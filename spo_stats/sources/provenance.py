"""Where a fetched file came from: the `<file>.provenance.json` written beside it by `spo-stats fetch`.

Ingest reads it to cite every figure from the file: the URL it was published at, the release date
(Home Office tables) and a citation in words. A provenance that no longer matches the file (the
file was edited or replaced since it was fetched) cites nothing, with a warning, because it no
longer describes what was read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, ValidationError

from spo_stats.read.cells import sha256_of
from spo_stats.schema import Observation

SUFFIX = ".provenance.json"

ProvenanceKind = Literal["home_office", "foi_attachment", "foi_page"]


class Provenance(BaseModel):
    """What `spo-stats fetch` knew about a file when it saved it."""

    model_config = ConfigDict(extra="ignore")

    kind: ProvenanceKind = "home_office"  # a provenance written by hand is a Home Office table's
    page_url: str  # the page the file was found on (GOV.UK page, disclosure log, request page)
    page_title: str = ""
    attachment_url: str | None = None  # the file's own address (for a saved page, the page's)
    attachment_title: str = ""
    public_updated_at: datetime | None = None  # GOV.UK's date of the page's latest change
    retrieved_at: datetime | None = None  # None where it was written by hand
    # The address the bytes came from after any redirect (None: written by hand, or by a
    # version that did not record it); attachment_url is the address the page linked.
    retrieved_from: str | None = None
    size: int | None = None
    sha256: str

    @property
    def release_date(self) -> date | None:
        """The release date as the publisher states it (its own time zone, not UTC)."""
        return self.public_updated_at.date() if self.public_updated_at else None

    @property
    def cited_url(self) -> str:
        # A Home Office figure is cited to the table itself; an FOI figure to the page that
        # publishes the reply, which is what a reader can open and check against.
        if self.kind == "home_office":
            return self.attachment_url or self.page_url
        return self.page_url

    def citation(self) -> str:
        """The source in words, as a reader would cite it."""
        if self.kind == "home_office":
            if self.release_date:
                when = f"released {_long_date(self.release_date)}"
            elif self.retrieved_at:
                when = f"retrieved {_long_date(self.retrieved_at.date())}"
            else:
                when = "release date unknown"
            return f"Home Office, Police recorded crime: police force area tables, {when}"
        host = urlsplit(self.page_url).hostname or self.page_url
        title = self.page_title or self.attachment_title or "FOI reply"
        got = f", retrieved {_long_date(self.retrieved_at.date())}" if self.retrieved_at else ""
        return f"{title} ({host}){got}"


def _long_date(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def path_for(file: Path) -> Path:
    return file.with_name(file.name + SUFFIX)


def is_metadata(path: Path) -> bool:
    """A provenance or sidecar file, never a return itself."""
    return path.name.lower().endswith((SUFFIX, ".spo.toml"))


def stamp(file: Path) -> str:
    """A digest of the file's provenance ('' without one), so a changed provenance is re-read."""
    try:
        return hashlib.sha256(path_for(file).read_bytes()).hexdigest()
    except OSError:
        return ""


def load(file: Path) -> Provenance | None:
    """The provenance beside file; None if there is none. ValueError if it is damaged."""
    path = path_for(file)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ValueError(f"{path.name} cannot be read ({exc.strerror or exc})") from exc
    try:
        return Provenance.model_validate_json(text)
    except ValidationError as exc:
        raise ValueError(f"{path.name} is damaged ({exc.error_count()} problem(s))") from exc


@dataclass(frozen=True)
class Beside:
    """The provenance beside a file, loaded once for every stage that asks: prov None where
    there is none or it is damaged, and then `problem` says which."""

    prov: Provenance | None
    problem: str = ""


def beside(file: Path) -> Beside:
    try:
        return Beside(load(file))
    except ValueError as exc:
        return Beside(None, str(exc))


def load_or_none(file: Path) -> Provenance | None:
    """The provenance beside file; None if there is none or it is damaged (a fetch replaces it)."""
    try:
        return load(file)
    except ValueError:
        return None


def describes(prov: Provenance, file: Path) -> bool:
    """file is the very file prov was written for: same size and SHA-256."""
    try:
        return (
            file.is_file() and file.stat().st_size == prov.size and sha256_of(file) == prov.sha256
        )
    except OSError:
        return False


def cite(
    file: Path, observations: list[Observation], found: Beside | None = None
) -> tuple[list[Observation], list[str]]:
    """Observations with source_url, source_date and source filled from file's provenance
    (found: as the caller loaded it).

    Only empty fields are filled: a manual entry's own URL or a sidecar's citation is more
    specific than the page the file came from. Returns the observations and any warnings.
    """
    found = found or beside(file)
    prov = found.prov
    if found.problem:
        return observations, [
            f"{found.problem}: figures from this file are not cited to a web address."
        ]
    if prov is None or not observations:
        return observations, []
    if any(o.source_sha256 != prov.sha256 for o in observations):
        return observations, [
            f"the file has changed since it was fetched from {prov.cited_url}; its figures "
            "are not cited to that address. Fetch it again or delete "
            f"{path_for(file).name}."
        ]
    cited = [
        o.model_copy(
            update={
                "source_url": o.source_url or prov.cited_url,
                "source": o.source or prov.citation(),
                "source_date": o.source_date or prov.release_date,
            }
        )
        for o in observations
    ]
    return cited, []
