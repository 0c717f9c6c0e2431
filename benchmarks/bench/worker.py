"""One workload on one library in a process of its own: ``python -m bench.worker``.

Prints a JSON object with the timings on stdout. The first run is the warm-up; its result,
as plain JSON, is written to ``--outcome-file`` and compared (by digest) with ``--expect``
before anything is timed. A library that is not installed reports ``unavailable``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
import time
from pathlib import Path

from bench import adapters
from bench.adapters.common import Prepared
from bench.outcome import canonical, digest
from bench.process import peak_rss_mb
from bench.workloads import WORKLOADS

# The most timed runs ``--min-time`` adds up to.
MAX_REPS = 100


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    parser.add_argument("--library", required=True, choices=sorted(adapters.ADAPTERS))
    parser.add_argument("--workload", required=True, choices=sorted(WORKLOADS))
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--reps", type=int, required=True)
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs (at least 1)")
    parser.add_argument(
        "--min-time",
        type=float,
        default=0.0,
        help=f"keep timing runs until this many seconds are timed (at most {MAX_REPS} runs)",
    )
    parser.add_argument("--outcome-file", type=Path, required=True)
    parser.add_argument("--expect", help="digest the outcome must have")
    return parser.parse_args()


async def measure(prepared: Prepared, args: argparse.Namespace) -> dict[str, object]:
    outcome = await prepared.outcome(await prepared.run())
    found = digest(outcome)
    args.outcome_file.write_text(canonical(outcome))
    del outcome
    if args.expect and found != args.expect:
        return {"digest": found, "times_s": [], "error": "result differs from the reference"}
    for _ in range(args.warmup - 1):
        await prepared.run()
    times: list[float] = []
    while len(times) < args.reps or (sum(times) < args.min_time and len(times) < MAX_REPS):
        gc.collect()
        start = time.perf_counter()
        result = await prepared.run()
        times.append(time.perf_counter() - start)
        # The result is freed after the clock stops, alike for every library.
        del result
    return {"digest": found, "times_s": times}


def main() -> int:
    args = parse_args()
    adapter = adapters.ADAPTERS[args.library]
    if args.workload not in adapter.workloads:
        print(f"{args.library} does not run {args.workload}", file=sys.stderr)
        return 2
    try:
        module = adapter.load()
    except ImportError as error:
        print(json.dumps({"unavailable": str(error)}))
        return 0
    prepared = module.prepare(args.workload, args.size)
    report = asyncio.run(measure(prepared, args))
    report["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(report))
    return 1 if "error" in report else 0


if __name__ == "__main__":
    sys.exit(main())
