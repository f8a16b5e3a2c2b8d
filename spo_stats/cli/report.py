"""spo-stats report."""

from __future__ import annotations


def report() -> None:
    """Not built yet."""
