"""spo-stats forces: the registry of forces and aggregate areas."""

from __future__ import annotations

from typing import Annotated

import typer

from spo_stats.cli.common import handled, out


def forces(
    name: Annotated[str | None, typer.Argument(help="Look up one force by name or alias.")] = None,
) -> None:
    """List the police forces (slug, name, ONS code, country, aliases) and aggregate areas."""
    from rich.table import Table

    from spo_stats.areas import all_areas
    from spo_stats.forces import all_forces, get_force

    with handled():
        chosen = [get_force(name)] if name else list(all_forces())
        table = Table(title="Police forces" if not name else None)
        for col in ("slug", "name", "code", "country", "aliases"):
            table.add_column(col)
        for f in chosen:
            table.add_row(f.slug, f.name, f.code or "", f.country, ", ".join(f.aliases))
        out().print(table)
        if not name:
            areas = Table(title="Aggregate areas (figures for many forces together)")
            for col in ("slug", "name", "forces"):
                areas.add_column(col)
            for a in all_areas():
                areas.add_row(a.slug, a.name, str(len(a.members)) if a.members else "not published")
            out().print(areas)
