"""Time and peak memory of ingest on each hostile file of issue 21, beside one good return.

python -m tests.bench.hostile [CASE ...] [--timeout S] [--limit-gb G]
Each run is a fresh process with a deadline and an address-space ceiling, so a case that hangs
or balloons is reported as such instead of taking the machine down.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.conftest import RETURNS
from tests.hostile import BUILDERS

REPO = Path(__file__).resolve().parents[2]
GOOD = RETURNS / "01-years-as-columns" / "cleveland-foi-123-24.xlsx"


def measure(case: str, timeout: float, limit: int) -> tuple[str, float, float, str]:
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        raw.mkdir()
        shutil.copy(GOOD, raw / "cleveland.xlsx")
        built = BUILDERS[case](raw)
        size = built.stat().st_size

        def cap() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

        env = {**os.environ, "PYTHONPATH": str(REPO), "RUST_BACKTRACE": "0"}
        code = "from spo_stats.cli.main import run; run()"
        args = [
            sys.executable,
            "-c",
            code,
            "ingest",
            str(raw),
            "--out",
            f"{tmp}/clean",
            "--no-cache",
        ]
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, preexec_fn=cap, text=True
        )
        try:
            out, err = proc.communicate(timeout=timeout)
            seconds = time.perf_counter() - t0
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            seconds = timeout
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        failed = [ln for ln in err.splitlines() if built.name in ln]
        if seconds >= timeout:
            what = f"hung (killed at {timeout:.0f} s)"
        elif proc.returncode not in (0, 1):
            what = f"exit {proc.returncode}: {(err.strip().splitlines() or [''])[-1][:120]}"
        elif "Traceback" in err:
            what = "traceback"
        else:
            what = (failed[0] if failed else f"exit {proc.returncode}, file not named")[:150]
        good = (
            "good read"
            if "cleveland.xlsx" in out and (Path(tmp) / "clean" / "observations.csv").exists()
            else "GOOD NOT WRITTEN"
        )
        return f"{case} ({size / 1024:,.0f} KB)", seconds, peak, f"{good}; {what}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("cases", nargs="*", default=list(BUILDERS))
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--limit-gb", type=float, default=6)
    args = parser.parse_args()
    print("| case | seconds | peak MiB (max so far) | outcome |\n|---|---:|---:|---|")
    for case in args.cases:
        # Each case in its own process so ru_maxrss of children is this case's alone.
        if len(args.cases) > 1:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "tests.bench.hostile",
                    case,
                    "--timeout",
                    str(args.timeout),
                    "--limit-gb",
                    str(args.limit_gb),
                ],
                check=False,
                env={**os.environ, "HOSTILE_NO_HEADER": "1"},
            )
            continue
        label, seconds, peak, what = measure(case, args.timeout, int(args.limit_gb * 1024**3))
        print(f"| {label} | {seconds:.1f} | {peak:,.0f} | {what} |", flush=True)


if __name__ == "__main__":
    if os.environ.get("HOSTILE_NO_HEADER"):
        a = sys.argv[1:]
        p = argparse.ArgumentParser()
        p.add_argument("case")
        p.add_argument("--timeout", type=float)
        p.add_argument("--limit-gb", type=float)
        ns = p.parse_args(a)
        label, s, pk, w = measure(ns.case, ns.timeout, int(ns.limit_gb * 1024**3))
        print(f"| {label} | {s:.1f} | {pk:,.0f} | {w} |", flush=True)
    else:
        main()
