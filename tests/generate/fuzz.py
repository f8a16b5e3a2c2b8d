"""`make fuzz`: ingest thousands of generated returns (ALL SYNTHETIC) and count wrong and missed figures.

    python -m tests.generate.fuzz [--examples 10000] [--jobs 2] [--seed N] [--family TAG [--plain]]
                                  [--per-family 50] [--today] [--show 3] [--keep DIR]

Each return is a random composition of transforms (tests/generate/compose.py), or with --family one
transform (on a plain return with --plain); with --per-family K, K plain returns for every
transform, each counted under that transform alone (which transforms the reader handles); with
--today, compositions of only the transforms not marked as failing in tests/test_generated.py. Prints one row per transform: the returns that showed
it, how many of them gave a wrong figure, the wrong figures in them, and the figures a correct reader
must give against those missed (figure-level: a missed figure counts under its own table's
transforms), then the same for each decoy family alone. The seed is fresh each run unless --seed or
SPO_SEED gives it; the report prints it. Exit 1 if any figure was wrong: the reader must be right
or silent.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

from tests.generate.check import run
from tests.generate.choices import RandomChooser, run_seed
from tests.generate.compose import FAMILIES, generate
from tests.generate.model import GeneratedReturn
from tests.generate.vocab import DECOY_FAMILIES
from tests.generate.writers import write


@dataclass
class Tally:
    returns: Counter[str] = field(default_factory=Counter)
    wrong_returns: Counter[str] = field(default_factory=Counter)
    wrong: Counter[str] = field(default_factory=Counter)
    required: Counter[str] = field(default_factory=Counter)
    missed: Counter[str] = field(default_factory=Counter)
    # Wrong figures by the cell they were read from: a decoy family's cell, or a figure's own.
    wrong_from: Counter[str] = field(default_factory=Counter)
    ran: int = 0
    total_wrong: int = 0
    total_missed: int = 0
    total_required: int = 0
    bad_returns: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, other: Tally, show: int) -> None:
        for name in ("returns", "wrong_returns", "wrong", "required", "missed", "wrong_from"):
            getattr(self, name).update(getattr(other, name))
        self.ran += other.ran
        self.total_wrong += other.total_wrong
        self.total_missed += other.total_missed
        self.total_required += other.total_required
        self.bad_returns += other.bad_returns
        # Returns with a wrong figure are shown first: they are what must never happen.
        merged = sorted(self.examples + other.examples, key=lambda e: "  WRONG " not in e)
        self.examples = merged[:show]


@dataclass(frozen=True)
class Job:
    seed: int
    family: str | None
    plain: bool
    show: int
    keep: str | None
    allow: frozenset[str] | None = None


def one(job: Job) -> Tally:
    ret = generate(RandomChooser(job.seed), require=job.family, plain=job.plain, allow=job.allow)
    outcome = run(ret)
    t = Tally(ran=1)
    # A plain return shows one transform: count everything under it alone.
    only = [job.family] if job.family and job.plain else None
    t.returns.update(only or ret.tags)
    if outcome.wrong:
        t.wrong_returns.update(only or ret.tags)
        for tag in only or ret.tags:
            t.wrong[tag] += len(outcome.wrong)
    for obs, _ in outcome.wrong:
        t.wrong_from[
            _cell_kind(ret, f"{obs.source_file}!{obs.source_sheet}!{obs.source_cell}")
        ] += 1
    for truth in ret.required:
        t.required.update(only or truth.tags)
    for truth, _ in outcome.missed:
        t.missed.update(only or truth.tags)
    t.total_wrong, t.total_missed = len(outcome.wrong), len(outcome.missed)
    t.total_required = len(ret.required)
    if outcome.wrong or outcome.missed:
        t.bad_returns = 1
        if job.show:
            t.examples.append(f"=== seed {job.seed}\n{outcome.explain(8)}")
        if job.keep:
            _keep(Path(job.keep) / f"seed-{job.seed}", ret)
    return t


def _cell_kind(ret: GeneratedReturn, where: str) -> str:
    """What the cell a wrong figure came from holds: its decoy family, or why it is left out."""
    why = ret.left_out.get(where)
    if why is None:
        return "a figure's own cell (wrong period, measure or value)"
    if why.startswith("decoy:"):
        return why.split(":", 2)[0] + ":" + why.split(":", 2)[1]
    return why.split(" (")[0].split(":")[0]


def _keep(folder: Path, ret) -> None:
    """The failing return's files and its truth, to ingest or explain by hand."""
    for spec in ret.files:
        write(folder / "raw", spec)
    with (folder / "truth.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            [
                "force",
                "measure",
                "period_start",
                "period_end",
                "status",
                "value",
                "value_min",
                "value_max",
                "required",
                "cell",
            ]
        )
        for t in ret.truth:
            w.writerow(
                [
                    t.force,
                    t.measure,
                    t.start,
                    t.end,
                    t.status,
                    t.value,
                    t.lo,
                    t.hi,
                    t.required,
                    t.where,
                ]
            )
    (folder / "transforms.txt").write_text(ret.describe() + "\n")


def table(t: Tally) -> str:
    head = f"{'transform':34} {'returns':>7} {'w.ret':>6} {'wrong':>7} {'missed':>7} {'required':>8} {'recall':>7}"
    lines = [head, "-" * len(head)]
    for tag in sorted(t.returns, key=lambda x: (-t.wrong[x], -t.missed[x], x)):
        req, miss = t.required[tag], t.missed[tag]
        recall = f"{100 * (req - miss) / req:6.1f}%" if req else "     - "
        lines.append(
            f"{tag[:34]:34} {t.returns[tag]:7d} {t.wrong_returns[tag]:6d} {t.wrong[tag]:7d} "
            f"{miss:7d} {req:8d} {recall:>7}"
        )
    lines.append(
        "returns: returns showing the transform; w.ret: those with a wrong figure; wrong: the wrong "
        "figures in them; missed / required / recall: the transform's own figures."
    )
    return "\n".join(lines)


def by_cell(t: Tally) -> str:
    """Wrong figures by what their cell holds, every decoy family listed (0 where none)."""
    lines = [f"{'wrong figures read from':60} {'wrong':>7}", "-" * 68]
    kinds = [*DECOY_FAMILIES, *sorted(k for k in t.wrong_from if k not in DECOY_FAMILIES)]
    lines += [f"{k[:60]:60} {t.wrong_from[k]:7d}" for k in kinds]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m tests.generate.fuzz", description=__doc__.split("\n")[0]
    )
    ap.add_argument(
        "--examples",
        type=int,
        default=int(os.environ.get("SPO_FUZZ_EXAMPLES", "10000")),
        help="generated returns to run (default: SPO_FUZZ_EXAMPLES, else 10000)",
    )
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    ap.add_argument(
        "--seed",
        type=int,
        default=None,
        help="first seed; return i uses seed+i (default: SPO_SEED, else a fresh one, printed)",
    )
    ap.add_argument(
        "--family",
        choices=FAMILIES,
        metavar="TRANSFORM",
        help="every return shows this transform (e.g. shape:year_month; see compose.FAMILIES)",
    )
    ap.add_argument("--plain", action="store_true", help="with --family: nothing else")
    ap.add_argument(
        "--per-family",
        type=int,
        default=0,
        help="instead: this many plain returns for each transform, one row each",
    )
    ap.add_argument(
        "--today",
        action="store_true",
        help="compose only the transforms the reader handles alone today (tests/test_generated.py)",
    )
    ap.add_argument("--show", type=int, default=0, help="print this many failing returns in full")
    ap.add_argument("--keep", help="write failing returns (files, truth.csv) under this folder")
    args = ap.parse_args(argv)
    if args.seed is None:
        args.seed = run_seed()
    print(
        f"seed {args.seed} (--seed {args.seed} or SPO_SEED={args.seed} draws these returns again)"
    )
    if args.per_family:
        jobs = [
            Job(args.seed + i, fam, True, args.show, args.keep)
            for fam in FAMILIES
            for i in range(args.per_family)
        ]
    else:
        allow: frozenset[str] | None = None
        if args.today:
            from tests.test_generated import SUPPORTED_TODAY

            allow = SUPPORTED_TODAY
        jobs = [
            Job(args.seed + i, args.family, args.plain, args.show, args.keep, allow)
            for i in range(args.examples)
        ]
    started = time.perf_counter()
    total = Tally()
    with Pool(args.jobs) as pool:
        for i, t in enumerate(pool.imap_unordered(one, jobs, chunksize=20), start=1):
            total.add(t, args.show)
            if i % 500 == 0:
                print(
                    f"  {i}/{len(jobs)} returns, {total.total_wrong} wrong so far", file=sys.stderr
                )
    seconds = time.perf_counter() - started
    print(table(total))
    print()
    print(by_cell(total))
    print()
    for ex in total.examples:
        print(ex, "\n")
    got = total.total_required - total.total_missed
    recall = 100 * got / total.total_required if total.total_required else 100.0
    print(
        f"ran {total.ran} generated returns in {seconds:.0f} s: {total.total_wrong} wrong figures "
        f"({total.bad_returns} returns with a wrong or missed figure), {total.total_missed} missed "
        f"of {total.total_required} required (recall {recall:.1f}%)"
    )
    return 1 if total.total_wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
