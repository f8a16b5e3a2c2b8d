"""Aggregate areas: figures published for many forces together.

Such a figure is kept as its own area, shown beside the sum of the forces and never added to it.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from spo_stats.forces import all_forces, normalise


class Area(BaseModel):
    model_config = ConfigDict(frozen=True)

    slug: str
    name: str
    members: tuple[str, ...] = ()  # force slugs, where the area's membership is known
    description: str = ""
    aliases: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def all_areas() -> tuple[Area, ...]:
    forces = all_forces()
    return (
        Area(
            slug="england-and-wales",
            name="England and Wales",
            members=tuple(f.slug for f in forces if f.territorial),
            description="The 43 territorial police forces of England and Wales.",
            aliases=("E&W", "England & Wales"),
        ),
        Area(
            slug="wales",
            name="Wales",
            members=tuple(f.slug for f in forces if f.country == "Wales"),
            description="The four Welsh forces.",
        ),
        Area(
            slug="bbc-44-uk-forces",
            name="44 UK police forces (BBC FOI, 2025)",
            description="The 44 UK forces the BBC asked in its 2025 FOI exercise; SPO figures "
            "came from the 40 that answered. Membership not published.",
            aliases=("44 UK forces", "BBC 44 forces"),
        ),
        Area(
            slug="itv-six-yorkshire-east-midlands",
            name="Six Yorkshire and East Midlands forces (ITV, 2024)",
            members=(
                "derbyshire",
                "lincolnshire",
                "humberside",
                "west-yorkshire",
                "south-yorkshire",
                "north-yorkshire",
            ),
            description="Derbyshire, Lincolnshire, Humberside, West, South and North Yorkshire, "
            "as grouped by ITV Calendar (22 October 2024).",
            aliases=("ITV six forces",),
        ),
    )


def find_area(name: str) -> Area | None:
    key = normalise(name)
    for area in all_areas():
        if key in {normalise(area.slug), normalise(area.name), *map(normalise, area.aliases)}:
            return area
    return None


def area_name_and_code(slug: str) -> tuple[str, str]:
    """Display name and ONS code for a force or aggregate slug ("", "" when unknown)."""
    for f in all_forces():
        if f.slug == slug:
            return f.name, f.code or ""
    for area in all_areas():
        if area.slug == slug:
            return area.name, ""
    return "", ""


def area_name(slug: str) -> str:
    """A force's or aggregate's display name; the slug itself where no area has it."""
    return area_name_and_code(slug)[0] or slug
