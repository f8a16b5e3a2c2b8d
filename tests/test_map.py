"""The map a journalist draws: rates.csv from the shipped data, joined by ONS code, as a tile map."""

from __future__ import annotations

import csv
import textwrap
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spo_stats.cli.main import app
from spo_stats.forces import all_forces

runner = CliRunner()
RAW = Path(__file__).parent.parent / "data" / "raw"

# One square per force at an approximate place (column west to east, row south to north): a tile
# map, where every force is the same size, so the small ones (City of London, Cleveland) show.
TILES: dict[str, tuple[int, int]] = {
    "northumbria": (4, 10),
    "cumbria": (3, 9), "durham": (4, 9), "cleveland": (5, 9),
    "lancashire": (3, 8), "north-yorkshire": (4, 8), "humberside": (5, 8),
    "merseyside": (2, 7), "greater-manchester": (3, 7), "west-yorkshire": (4, 7),
    "south-yorkshire": (5, 7), "lincolnshire": (6, 7),
    "north-wales": (1, 6), "cheshire": (2, 6), "staffordshire": (3, 6), "derbyshire": (4, 6),
    "nottinghamshire": (5, 6), "norfolk": (7, 6),
    "dyfed-powys": (1, 5), "west-mercia": (2, 5), "west-midlands": (3, 5),
    "leicestershire": (4, 5), "northamptonshire": (5, 5), "cambridgeshire": (6, 5),
    "suffolk": (7, 5),
    "south-wales": (1, 4), "gwent": (2, 4), "gloucestershire": (3, 4), "warwickshire": (4, 4),
    "bedfordshire": (5, 4), "hertfordshire": (6, 4), "essex": (7, 4),
    "avon-and-somerset": (2, 3), "wiltshire": (3, 3), "thames-valley": (4, 3),
    "metropolitan": (5, 3), "city-of-london": (6, 3), "kent": (7, 3),
    "devon-and-cornwall": (1, 2), "dorset": (2, 2), "hampshire": (3, 2), "surrey": (4, 2),
    "sussex": (5, 2),
}  # fmt: skip


def _codes() -> dict[str, tuple[str, tuple[int, int]]]:
    """ONS code -> (short label, tile) for the 43 territorial forces, from the force registry."""
    out = {}
    for f in all_forces():
        if f.territorial and f.code:
            out[f.code] = (
                "\n".join(textwrap.wrap(f.slug.replace("-", " "), 11, break_long_words=False)),
                TILES[f.slug],
            )
    return out


def test_the_tiles_cover_the_43_forces_once() -> None:
    codes = _codes()
    assert len(codes) == 43
    assert len(set(TILES.values())) == len(TILES) == 43


def _rates(tmp_path: Path) -> list[dict[str, str]]:
    clean, out = tmp_path / "clean", tmp_path / "rates.csv"
    result = runner.invoke(app, ["ingest", str(RAW), "--out", str(clean), "--quiet"])
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(app, ["export", "rates", "--clean", str(clean), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(out.open(encoding="utf-8")))


def _one_per_force(rows: list[dict[str, str]]) -> dict[str, float]:
    """Each force's rate over its longest period (a map shows one value per area)."""

    def length(r: dict[str, str]) -> int:
        return (date.fromisoformat(r["period_end"]) - date.fromisoformat(r["period_start"])).days

    out: dict[str, float] = {}
    for r in sorted(rows, key=length, reverse=True):
        if r["ons_code"] and r["spo_per_100_offences"]:
            out.setdefault(r["ons_code"], float(r["spo_per_100_offences"]))
    return out


def test_a_tile_map_of_spo_use_is_drawn_from_rates_csv(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import Normalize

    rows = _rates(tmp_path)
    codes = _codes()
    with_code = [r for r in rows if r["ons_code"]]
    assert with_code  # the shipped data gives forces a rate
    unknown = {r["ons_code"] for r in with_code} - set(codes)
    assert unknown == set()  # every row with a code joins to a police force area
    assert all(r["area_type"] == "force" for r in with_code)
    assert all(not r["ons_code"] for r in rows if r["area_type"] == "aggregate")
    rate = _one_per_force(rows)
    assert rate and set(rate) <= set(codes)
    norm = Normalize(0, max(rate.values()))
    cmap = matplotlib.colormaps["viridis"]
    fig, ax = plt.subplots(figsize=(6, 7))
    for code, (label, (x, y)) in codes.items():
        colour = cmap(norm(rate[code])) if code in rate else "#dddddd"
        ax.add_patch(plt.Rectangle((x, y), 0.95, 0.95, facecolor=colour, edgecolor="white"))
        text = f"{label}\n{rate[code]:.2f}" if code in rate else label
        ax.text(x + 0.475, y + 0.475, text, ha="center", va="center", fontsize=4.5)
    ax.set_xlim(0.9, 8)
    ax.set_ylim(1.9, 11)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.colorbar(
        plt.cm.ScalarMappable(norm, cmap), ax=ax, shrink=0.5, label="SPOs per 100 offences"
    )
    ax.set_title("SPOs granted per 100 recorded stalking offences (grey: no rate)", fontsize=8)
    png = tmp_path / "spo-map.png"
    fig.savefig(png, dpi=150, bbox_inches="tight")
    plt.close(fig)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
