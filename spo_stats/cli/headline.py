"""spo-stats headline."""

from __future__ import annotations


def headline() -> None:
    """Not built yet."""
