"""The force registry: 43 territorial forces of England and Wales, BTP, Police Scotland and PSNI.

Names, ONS police force area codes and aliases come from shared/research/forces.md (forms seen in
real returns and in the Home Office tables).
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from spo_stats.errors import UnknownForceError

Country = Literal["England", "Wales", "UK", "Scotland", "Northern Ireland"]


class Force(BaseModel):
    model_config = ConfigDict(frozen=True)

    slug: str
    name: str
    code: str | None
    country: Country
    aliases: tuple[str, ...] = ()

    @property
    def territorial(self) -> bool:
        """One of the 43 forces of England and Wales (the Home Office's police force areas)."""
        return self.country in ("England", "Wales")


# (name, ONS code, country, aliases); the slug is derived from the name.
_FORCES: list[tuple[str, str | None, Country, tuple[str, ...]]] = [
    ("Metropolitan Police Service", "E23000001", "England", ("Metropolitan Police", "Met", "MPS")),
    ("Cumbria Constabulary", "E23000002", "England", ()),
    ("Lancashire Constabulary", "E23000003", "England", ()),
    ("Merseyside Police", "E23000004", "England", ()),
    ("Greater Manchester Police", "E23000005", "England", ("GMP",)),
    ("Cheshire Constabulary", "E23000006", "England", ()),
    ("Northumbria Police", "E23000007", "England", ()),
    ("Durham Constabulary", "E23000008", "England", ()),
    ("North Yorkshire Police", "E23000009", "England", ("NYP",)),
    ("West Yorkshire Police", "E23000010", "England", ("WYP",)),
    ("South Yorkshire Police", "E23000011", "England", ("SYP",)),
    ("Humberside Police", "E23000012", "England", ()),
    ("Cleveland Police", "E23000013", "England", ()),
    ("West Midlands Police", "E23000014", "England", ("WMP",)),
    ("Staffordshire Police", "E23000015", "England", ()),
    ("West Mercia Police", "E23000016", "England", ()),
    ("Warwickshire Police", "E23000017", "England", ()),
    ("Derbyshire Constabulary", "E23000018", "England", ()),
    ("Nottinghamshire Police", "E23000019", "England", ()),
    ("Lincolnshire Police", "E23000020", "England", ()),
    ("Leicestershire Police", "E23000021", "England", ()),
    ("Northamptonshire Police", "E23000022", "England", ()),
    ("Cambridgeshire Constabulary", "E23000023", "England", ()),
    ("Norfolk Constabulary", "E23000024", "England", ()),
    ("Suffolk Constabulary", "E23000025", "England", ()),
    ("Bedfordshire Police", "E23000026", "England", ()),
    ("Hertfordshire Constabulary", "E23000027", "England", ()),
    ("Essex Police", "E23000028", "England", ()),
    ("Thames Valley Police", "E23000029", "England", ("TVP",)),
    (
        "Hampshire and Isle of Wight Constabulary",
        "E23000030",
        "England",
        ("Hampshire Constabulary", "Hampshire & Isle of Wight", "Hampshire"),
    ),
    ("Surrey Police", "E23000031", "England", ()),
    ("Kent Police", "E23000032", "England", ()),
    ("Sussex Police", "E23000033", "England", ()),
    ("City of London Police", "E23000034", "England", ("London, City of", "City of London")),
    ("Devon and Cornwall Police", "E23000035", "England", ("Devon & Cornwall",)),
    ("Avon and Somerset Constabulary", "E23000036", "England", ("Avon & Somerset",)),
    ("Gloucestershire Constabulary", "E23000037", "England", ()),
    ("Wiltshire Police", "E23000038", "England", ()),
    ("Dorset Police", "E23000039", "England", ()),
    ("North Wales Police", "W15000001", "Wales", ("Heddlu Gogledd Cymru",)),
    ("Gwent Police", "W15000002", "Wales", ()),
    ("South Wales Police", "W15000003", "Wales", ("SWP",)),
    ("Dyfed-Powys Police", "W15000004", "Wales", ("Dyfed Powys",)),
    ("British Transport Police", None, "UK", ("BTP",)),
    ("Police Scotland", None, "Scotland", ("Scotland",)),
    ("Police Service of Northern Ireland", None, "Northern Ireland", ("PSNI", "Northern Ireland")),
]

# Slugs the ingest contract fixes where the rule below would give something else.
_SLUG_OVERRIDES = {
    "Hampshire and Isle of Wight Constabulary": "hampshire",
    "Police Scotland": "scotland",
    "Police Service of Northern Ireland": "northern-ireland",
    "Metropolitan Police Service": "metropolitan",
}

_GENERIC_WORDS = {"police", "constabulary", "service", "force", "the"}


def normalise(text: str) -> str:
    """Lower case, '&' as 'and', punctuation to spaces, generic words dropped."""
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(w for w in text.split() if w not in _GENERIC_WORDS)


def slugify(name: str) -> str:
    return normalise(name).replace(" ", "-")


@lru_cache(maxsize=1)
def territorial_forces() -> tuple[Force, ...]:
    """The 43 forces of England and Wales (not British Transport Police, Scotland or PSNI)."""
    return tuple(f for f in all_forces() if f.territorial)


@lru_cache(maxsize=1)
def all_forces() -> tuple[Force, ...]:
    forces = []
    for name, code, country, aliases in _FORCES:
        slug = _SLUG_OVERRIDES.get(name, slugify(name))
        forces.append(Force(slug=slug, name=name, code=code, country=country, aliases=aliases))
    return tuple(forces)


@lru_cache(maxsize=1)
def _index() -> dict[str, Force]:
    """Every accepted key (normalised slug, name, alias, code) to its force."""
    index: dict[str, Force] = {}
    for force in all_forces():
        keys = [force.slug, force.name, *force.aliases]
        for key in keys:
            index[normalise(key)] = force
        index[force.slug.replace("-", " ")] = force
        if force.code:
            index[force.code.lower()] = force
    # "London" alone is ambiguous between the Met and the City; "Scotland" and "Northern Ireland"
    # are unambiguous for forces.
    index.pop("london", None)
    return index


@lru_cache(maxsize=1 << 12)
def find_force(name: str) -> Force | None:
    """The force a name, slug, alias or ONS code stands for, or None."""
    return _index().get(normalise(name)) or _index().get(name.strip().lower())


def get_force(name: str) -> Force:
    """Like find_force, but an unknown name raises UnknownForceError with suggestions."""
    force = find_force(name)
    if force is None:
        raise UnknownForceError(name, suggest(name))
    return force


def suggest(name: str, n: int = 3) -> list[str]:
    keys = list(_index())
    close = difflib.get_close_matches(normalise(name), keys, n=n * 2, cutoff=0.6)
    slugs: list[str] = []
    for key in close:
        slug = _index()[key].slug
        if slug not in slugs:
            slugs.append(slug)
    return slugs[:n]


# Forms safe to look for inside free text or file names: every name and multi-word alias, and the
# abbreviations. Single-word county names are safe too; "Met" and "London" are not (ordinary words).
_UNSAFE_IN_TEXT = {"met", "london", "scotland", "northern ireland"}


@lru_cache(maxsize=1)
def _text_patterns() -> list[tuple[re.Pattern[str], Force]]:
    pairs: list[tuple[str, Force]] = []
    for key, force in _index().items():
        if key in _UNSAFE_IN_TEXT or len(key) < 3 or re.fullmatch(r"[ew]\d+", key):
            continue
        pairs.append((key, force))
    # Longest first so "north yorkshire" wins over "yorkshire"-like shorter keys.
    pairs.sort(key=lambda p: -len(p[0]))
    return [(re.compile(rf"(?<![a-z0-9]){re.escape(k)}(?![a-z0-9])"), f) for k, f in pairs]


def forces_in_name(stem: str) -> set[str]:
    """Slugs of the forces a file name names: as in text, or written run together
    ("CityofLondon", "HampshireandIsleofWight"), for names of two words or more."""
    # Both: a joint answer's name may write one force apart and the other run together
    # ("WestMercia_Warwickshire_joint").
    compact = re.sub(r"[^a-z]", "", stem.lower())
    return forces_in_text(stem) | {slug for run, slug in _run_together() if run in compact}


@lru_cache(maxsize=1)
def _run_together() -> tuple[tuple[str, str], ...]:
    """(name with its spaces and punctuation taken out, slug) for names of two words or more."""
    runs = (
        (re.sub(r"[^a-z]", "", key), f.slug) for key, f in _index().items() if " " in key.strip()
    )
    return tuple((run, slug) for run, slug in runs if len(run) >= 8)


def forces_in_text(text: str) -> set[str]:
    """Slugs of every force named in free text (a title cell, a file name)."""
    return set(_forces_in_text(text))


# Some sixty patterns tried on each title: a title repeated across sheets and files is tried once.
@lru_cache(maxsize=1 << 12)
def _forces_in_text(text: str) -> frozenset[str]:
    norm = " " + normalise(text.replace("_", " ").replace("-", " ")) + " "
    found: set[str] = set()
    for pattern, force in _text_patterns():
        if pattern.search(norm):
            found.add(force.slug)
            norm = pattern.sub(" ", norm)
    return frozenset(found)
