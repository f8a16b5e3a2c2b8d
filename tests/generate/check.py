"""Ingest a generated return with the library's own ingest and compare with its truth.

Wrong: a figure that came out and is not in the truth (another force, measure or period, another
value or status, another cell than the figure's own, or bounds the return does not give). Missed: a required truth figure that did not
come out exactly (a suppressed figure whose bounds were lost counts as missed, not wrong).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from spo_stats.ingest import ingest
from spo_stats.schema import Observation
from tests.generate.model import GeneratedReturn, Key, Truth
from tests.generate.writers import write


@dataclass
class Outcome:
    ret: GeneratedReturn
    right: list[Truth] = field(default_factory=list)
    wrong: list[tuple[Observation, str]] = field(default_factory=list)
    missed: list[tuple[Truth, str]] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    def explain(self, limit: int = 12) -> str:
        lines = [
            f"{len(self.wrong)} wrong, {len(self.missed)} missed, {len(self.right)} right "
            f"of {len(self.ret.required)} required",
        ]
        for obs, why in self.wrong[:limit]:
            lines.append(f"  WRONG {show(obs)}: {why}")
        for t, why in self.missed[:limit]:
            lines.append(f"  MISSED {t.show()} ({why}) [{', '.join(t.tags)}]")
        lines += [f"  file: {e}" for e in self.file_errors]
        lines.append(self.ret.describe())
        return "\n".join(lines)


def show(o: Observation) -> str:
    v = o.value if o.status == "reported" else o.status
    b = (
        f" [{o.value_min}..{o.value_max}]"
        if o.value_min is not None or o.value_max is not None
        else ""
    )
    return (
        f"{o.force} {o.measure} {o.period_start}..{o.period_end} = {v}{b} "
        f"at {o.source_file}!{o.source_sheet}!{o.source_cell} ({o.source_label!r})"
    )


def _bounds_ok(o: Observation, t: Truth) -> tuple[bool, bool]:
    """(not wrong, exact) for a suppressed figure's bounds."""
    if (o.value_min, o.value_max) == (t.lo, t.hi):
        return True, True
    if o.value_min is None and o.value_max is None:
        return True, False  # bounds lost: less said, nothing false
    if t.lo is None or t.hi is None:
        return False, False  # bounds the return does not give
    lo_ok = o.value_min is None or o.value_min <= t.lo
    hi_ok = o.value_max is None or o.value_max >= t.hi
    return lo_ok and hi_ok, False


def compare(ret: GeneratedReturn, observations: list[Observation]) -> Outcome:
    out = Outcome(ret)
    truth: dict[Key, Truth] = {t.key: t for t in ret.truth}
    exact: set[Key] = set()
    lost: dict[Key, str] = {}
    for o in observations:
        key = (o.force, o.measure, o.period_start, o.period_end)
        t = truth.get(key)
        where = f"{o.source_file}!{o.source_sheet}!{o.source_cell}"
        decoy = ret.left_out.get(where)
        because = f"; that cell is {decoy}" if decoy else ""
        if t is None:
            near = [x for x in ret.truth if x.force == o.force and x.measure == o.measure]
            if near and not decoy:
                because = "; that measure's periods: " + ", ".join(
                    f"{x.start}..{x.end}" for x in near[:4]
                )
            out.wrong.append((o, "no such figure in the return" + because))
            continue
        if o.status != t.status:
            why = f"status {o.status}, the return says {t.status} ({t.show()})"
            out.wrong.append((o, why + because))
            continue
        if o.value != t.value:
            out.wrong.append(
                (o, f"value {o.value}, the return says {t.value} ({t.show()})" + because)
            )
            continue
        if where != t.where:
            # The right number by coincidence: a figure is only right from its own cell.
            out.wrong.append((o, f"read from {where}, but the figure is at {t.where}" + because))
            continue
        ok, is_exact = _bounds_ok(o, t)
        if not ok:
            out.wrong.append((o, f"bounds the return does not give ({t.show()})"))
        elif is_exact:
            exact.add(key)
        else:
            lost[key] = "suppressed, but its footnote's bounds were lost"
    for t in ret.truth:
        if t.key in exact:
            out.right.append(t)
        elif t.required:
            out.missed.append((t, lost.get(t.key, "not read")))
    return out


def _scratch() -> str | None:
    """A memory-backed folder where there is one: the ingest's fsyncs then cost nothing."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def run(ret: GeneratedReturn, workdir: Path | None = None) -> Outcome:
    """Write the return's files to a raw folder, ingest it, compare."""
    with tempfile.TemporaryDirectory(prefix="spo-gen-", dir=workdir or _scratch()) as tmp:
        raw, out = Path(tmp) / "raw", Path(tmp) / "out"
        raw.mkdir()
        for spec in ret.files:
            write(raw, spec)
        result = ingest(raw, out, force=ret.force_option, use_cache=False)
        outcome = compare(ret, result.observations)
        outcome.file_errors = [
            f"{f.file}: {f.error}" for f in result.files if f.error and ret.required
        ]
    return outcome
