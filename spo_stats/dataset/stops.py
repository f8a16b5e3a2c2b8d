"""Named points in ingest's write where a test can stop the process, deterministically.

SPO_STATS_STOP_AT=<phase> stops the process when ingest reaches that phase; SPO_STATS_STOP_HOW
says how: sigint (Ctrl-C, the default), sigkill (kill -9) or sigstop (frozen, holding its lock,
until a SIGCONT). A test that kills at a random moment tests one moment in forty; these test each.
Unset, a stop point costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal

STOP_AT = "SPO_STATS_STOP_AT"
STOP_HOW = "SPO_STATS_STOP_HOW"

# In the order ingest reaches them. A stop before "switch" must leave the old dataset wholly in
# place; one at "switched" or after, the new one wholly.
PHASES = (
    "read",  # every file read, nothing written
    "build",  # the dataset's parts built in memory
    "takeover",  # an older version's plain files linked into a generation, not yet current
    "takeover-links",  # that generation current, the first public name made a link through it
    "generation",  # the new generation's folder made
    "observations.parquet",  # each part written and synced in the new generation
    "observations.csv",
    "ingest-report.json",
    "population.csv",
    "datapackage.json",
    "manifest",  # the manifest written: the generation complete, not yet current
    "links",  # every public name a link through .current
    "switch",  # the new .current link made, about to be renamed over the old
    "switched",  # the new generation current
    "cleanup",  # old generations removed
    "cache",  # the cache pruned: the run's last write
)

_SIGNALS = {"sigint": signal.SIGINT, "sigkill": signal.SIGKILL, "sigstop": signal.SIGSTOP}


def stop_point(phase: str) -> None:
    """Stop the process here if SPO_STATS_STOP_AT names this phase."""
    if os.environ.get(STOP_AT) != phase:
        return
    how = os.environ.get(STOP_HOW, "sigint").lower()
    signal.raise_signal(_SIGNALS.get(how, signal.SIGINT))
