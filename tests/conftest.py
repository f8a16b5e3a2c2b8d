from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

FIXTURES = Path(__file__).parent / "fixtures"
RETURNS = FIXTURES / "returns"
EXPECTED = FIXTURES / "expected"
