"""Neighbouring forces: the region (ONS region, or Wales) each police force area lies in.

Every police force area of England lies inside one English region, so the region is a fair
"neighbours" group for a like-for-like comparison. Forces outside England and Wales have none.
"""

from __future__ import annotations

from spo_stats.forces import all_forces

# ONS police force area code -> region.
_REGION_BY_CODE = {
    "E23000001": "London",
    "E23000034": "London",
    **{f"E230000{n:02d}": "North West" for n in (2, 3, 4, 5, 6)},
    **{f"E230000{n:02d}": "North East" for n in (7, 8, 13)},
    **{f"E230000{n:02d}": "Yorkshire and the Humber" for n in (9, 10, 11, 12)},
    **{f"E230000{n:02d}": "West Midlands" for n in (14, 15, 16, 17)},
    **{f"E230000{n:02d}": "East Midlands" for n in (18, 19, 20, 21, 22)},
    **{f"E230000{n:02d}": "East of England" for n in (23, 24, 25, 26, 27, 28)},
    **{f"E230000{n:02d}": "South East" for n in (29, 30, 31, 32, 33)},
    **{f"E230000{n:02d}": "South West" for n in (35, 36, 37, 38, 39)},
    **{f"W1500000{n}": "Wales" for n in (1, 2, 3, 4)},
}


def region_of(slug: str) -> str | None:
    for f in all_forces():
        if f.slug == slug and f.code:
            return _REGION_BY_CODE.get(f.code)
    return None


def neighbours(slug: str) -> tuple[str, ...]:
    """The other forces of the same region, by slug."""
    region = region_of(slug)
    if region is None:
        return ()
    return tuple(
        f.slug
        for f in all_forces()
        if f.slug != slug and f.code and _REGION_BY_CODE.get(f.code) == region
    )


def in_words(region: str) -> str:
    """'the North East', 'London', 'Wales'."""
    return region if region in ("London", "Wales") else f"the {region}"
