from __future__ import annotations

import pytest

from spo_stats.errors import UnknownForceError
from spo_stats.forces import all_forces, find_force, forces_in_text, get_force

CONTRACT_SLUGS = [
    "avon-and-somerset",
    "bedfordshire",
    "cambridgeshire",
    "cheshire",
    "city-of-london",
    "cleveland",
    "cumbria",
    "derbyshire",
    "devon-and-cornwall",
    "dorset",
    "durham",
    "dyfed-powys",
    "essex",
    "gloucestershire",
    "greater-manchester",
    "gwent",
    "hampshire",
    "hertfordshire",
    "humberside",
    "kent",
    "lancashire",
    "leicestershire",
    "lincolnshire",
    "merseyside",
    "metropolitan",
    "norfolk",
    "north-wales",
    "north-yorkshire",
    "northamptonshire",
    "northumbria",
    "nottinghamshire",
    "south-wales",
    "south-yorkshire",
    "staffordshire",
    "suffolk",
    "surrey",
    "sussex",
    "thames-valley",
    "warwickshire",
    "west-mercia",
    "west-midlands",
    "west-yorkshire",
    "wiltshire",
    "british-transport",
    "scotland",
    "northern-ireland",
]


def test_registry_matches_contract() -> None:
    assert sorted(f.slug for f in all_forces()) == sorted(CONTRACT_SLUGS)
    assert sum(f.territorial for f in all_forces()) == 43


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("cleveland", "cleveland"),
        ("CLEVELAND POLICE", "cleveland"),
        ("Avon & Somerset", "avon-and-somerset"),
        ("Avon and Somerset Constabulary", "avon-and-somerset"),
        ("London, City of", "city-of-london"),
        ("MPS", "metropolitan"),
        ("Metropolitan Police Service", "metropolitan"),
        ("GMP", "greater-manchester"),
        ("wyp", "west-yorkshire"),
        ("TVP", "thames-valley"),
        ("BTP", "british-transport"),
        ("Dyfed Powys", "dyfed-powys"),
        ("Heddlu Gogledd Cymru", "north-wales"),
        ("Hampshire & Isle of Wight", "hampshire"),
        ("PSNI", "northern-ireland"),
        ("E23000013", "cleveland"),
    ],
)
def test_lookup(name: str, slug: str) -> None:
    force = find_force(name)
    assert force is not None and force.slug == slug


def test_did_you_mean() -> None:
    with pytest.raises(UnknownForceError) as info:
        get_force("Clevland")
    assert "cleveland" in info.value.suggestions
    assert "Did you mean: cleveland" in str(info.value)


def test_forces_in_text() -> None:
    assert forces_in_text("Cleveland Police has located information") == {"cleveland"}
    assert forces_in_text("foi_wyp_stalking") == {"west-yorkshire"}
    assert forces_in_text("north-yorkshire-return") == {"north-yorkshire"}
    assert forces_in_text("Stalking Protection Orders in London") == set()
