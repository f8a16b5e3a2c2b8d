"""The child that read/xls.py runs: calamine reads an xls here, where an abort costs nothing.

It writes a pickled ("ok", ...) or ("error", type, reason) to stdout for the parent to read.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import python_calamine as pc

from spo_stats.errors import UnreadableFileError
from spo_stats.read.cells import _short, calamine_sheets, native


def main(path: str, name: str, mode: str) -> None:
    try:
        if mode == "names":
            with native(name):
                out = pickle.dumps(("ok", pc.CalamineWorkbook.from_path(path).sheet_names))
        else:
            out = pickle.dumps(("ok", *calamine_sheets(Path(path), name)))
    except UnreadableFileError as exc:
        out = pickle.dumps(("error", type(exc).__name__, exc.reason))
    except Exception as exc:  # calamine raises several unrelated types for damaged files
        reason = f"the workbook is corrupt or truncated ({_short(exc)}). Open and save it again."
        out = pickle.dumps(("error", type(exc).__name__, reason))
    sys.stdout.buffer.write(out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
