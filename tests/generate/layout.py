"""Rendering a table from its two axes: header rows (one or two levels), row labels and cells."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.generate.context import Cell
from tests.generate.model import Block, Truth


@dataclass
class Item:
    """One row or column of a table: its label(s) and what it stands for."""

    labels: tuple[Any, ...]
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Fig:
    """A cell's content and, if a correct reader gives it, its truth (force, measure, span)."""

    cell: Cell
    force: str | None = None
    measure: str | None = None
    span: Any = None
    required: bool = True
    why: str = ""  # for a cell no correct reader gives: why not


CellFn = Callable[[Item, Item], Fig | None]


def render(
    titles: list[str],
    corner: Any,
    rows: list[Item],
    cols: list[Item],
    cell: CellFn,
    notes: list[str],
    tags: set[str],
    merge_groups: bool = False,
) -> Block:
    """A block: titles, header row(s), a label column, the cells, then notes."""
    block = Block(rows=[], tags=set(tags))
    for t in titles:
        block.rows.append([t])
    depth = max(len(c.labels) for c in cols)
    top = len(block.rows)
    for level in range(depth):
        line: list[Any] = [corner if level == depth - 1 else None]
        prev = object()
        start = 0
        for i, c in enumerate(cols):
            label = c.labels[level] if level < len(c.labels) else None
            if level < depth - 1:
                # A group label is written once, over the first column of its run.
                if label == prev:
                    line.append(None)
                    continue
                if merge_groups and i - start > 1:
                    block.merges.append((top + level, 1 + start, top + level, i))
                prev, start = label, i
            line.append(label)
        if level < depth - 1 and merge_groups and len(cols) - start > 1:
            block.merges.append((top + level, 1 + start, top + level, len(cols)))
        block.rows.append(line)
    if depth > 1 and merge_groups:
        block.merges.append((top, 0, top + depth - 1, 0))
        block.rows[top][0] = corner
        block.rows[top + depth - 1][0] = None
    for r in rows:
        line = [r.labels[0]]
        for c in cols:
            fig = cell(r, c)
            if fig is None:
                line.append(None)
                continue
            line.append(fig.cell.shown)
            if fig.why:
                block.decoys[(len(block.rows), len(line) - 1)] = fig.why
            elif fig.force and fig.measure and fig.span:
                pos = (len(block.rows), len(line) - 1)
                block.figures[pos] = Truth(
                    force=fig.force,
                    measure=fig.measure,
                    start=fig.span[0],
                    end=fig.span[1],
                    status=fig.cell.status,
                    value=fig.cell.value,
                    lo=fig.cell.lo,
                    hi=fig.cell.hi,
                    required=fig.required,
                    tags=own_tags(tags, fig.cell.tag),
                )
        block.rows.append(line)
    for n in notes:
        block.rows.append([n])
    return block


def own_tags(tags: set[str], value_tag: str) -> tuple[str, ...]:
    """A figure's transforms: its table's, but of the value forms only its own."""
    return tuple(sorted({t for t in tags if not t.startswith("values:")} | {value_tag}))
