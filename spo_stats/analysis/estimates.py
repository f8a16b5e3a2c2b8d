"""Bounds on a count for a period that finer pieces overlap but do not tile exactly.

A count of SPOs from 1 January 2020 to 6 May 2021 has no offence count for exactly that period,
but the Home Office's quarters bound it: the quarters wholly inside the window are a floor, every
quarter that overlaps it a ceiling, and each part quarter shared out by days the central estimate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol, TypeVar

# Pieces longer than a quarter would make the floor and ceiling too far apart to say anything.
LONGEST_PIECE_DAYS = 92


class Piece(Protocol):
    @property
    def start(self) -> date: ...
    @property
    def end(self) -> date: ...
    @property
    def value(self) -> int: ...


P = TypeVar("P", bound=Piece)


@dataclass(frozen=True)
class Bounds:
    floor: int  # pieces wholly inside the window
    central: float  # floor plus each part piece's share by days
    ceiling: int  # every piece that overlaps the window
    part_pieces: int  # how many pieces straddle an end of the window


def _days(a: date, b: date) -> int:
    return (b - a).days + 1


def covering(pieces: Sequence[P], start: date, end: date) -> list[P] | None:
    """Pieces end to end from one that holds start to one that holds end, or None on a gap."""
    short = [p for p in pieces if _days(p.start, p.end) <= LONGEST_PIECE_DAYS]
    first = [p for p in short if p.start <= start <= p.end]
    if not first:
        return None
    chosen = [max(first, key=lambda p: (p.end, -p.start.toordinal()))]
    while chosen[-1].end < end:
        cursor = chosen[-1].end + timedelta(days=1)
        options = [p for p in short if p.start == cursor]
        if not options:
            return None
        chosen.append(max(options, key=lambda p: p.end))  # quarters before months
    return chosen


def bounds(pieces: Sequence[P], start: date, end: date) -> tuple[list[P], Bounds] | None:
    """The floor, central estimate and ceiling of start..end from pieces, or None.

    None also where no piece lies wholly inside the window: with a floor of nothing, the rate
    could be anything above the one from the ceiling.
    """
    chosen = covering(pieces, start, end)
    if chosen is None:
        return None
    inside = [p for p in chosen if start <= p.start and p.end <= end]
    parts = [p for p in chosen if p.start < start or p.end > end]
    if not inside or not parts:
        return None
    floor = sum(p.value for p in inside)
    share = sum(
        p.value * _days(max(p.start, start), min(p.end, end)) / _days(p.start, p.end) for p in parts
    )
    ceiling = floor + sum(p.value for p in parts)
    return chosen, Bounds(floor, floor + share, ceiling, len(parts))
