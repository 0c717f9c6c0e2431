"""What extensions cost: W4 and W2 with no extension, operation hooks only, OpenTelemetry with
operation spans, and OpenTelemetry with resolver spans; Strawberry with and without its
OpenTelemetry extension on the same workloads.

    .venv/bin/python benchmarks/extensions.py [--quick] [--reps N] [--fraction F] [--out DIR]

Every variant runs in this one process, alternated round by round (so drift hits all alike),
on the suite's data and resolvers (`bench/adapters`); the answers are checked equal first. The
spans go to an OpenTelemetry SDK `TracerProvider` with no exporter: the cost measured is making
them. Writes `results/extensions.json` and `results/extensions.md`.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from bench.adapters import grommet_codegen_lib as grommet_lib  # noqa: E402
from bench.adapters.common import Prepared  # noqa: E402
from bench.adapters.grommet_common import prepare_execution  # noqa: E402
from bench.outcome import digest  # noqa: E402
from opentelemetry import trace  # noqa: E402
from opentelemetry.sdk.trace import TracerProvider  # noqa: E402

import grommet  # noqa: E402
from grommet.extensions import Operation, SchemaExtension  # noqa: E402
from grommet.extensions.base import Hook  # noqa: E402

PROVIDER = TracerProvider()
trace.set_tracer_provider(PROVIDER)  # Strawberry's extension uses the global provider

SIZES = {"W4": (5_000, 50), "W2": (20_000, 200)}


class OperationHooks(SchemaExtension):
    """An operation hook that does nothing: what the seam itself costs a request."""

    def on_operation(self, operation: Operation) -> Hook:
        yield


def grommet_schema(*extensions: SchemaExtension) -> grommet.Schema:
    return grommet_lib.generated.build_schema(
        query=grommet_lib.Query(),
        computed_cell=grommet_lib.ComputedCell(),
        async_cell=grommet_lib.AsyncCell(),
        user=grommet_lib.User(),
        item=grommet_lib.Item(),
        extensions=list(extensions),
    )


def grommet_variants() -> dict[str, Callable[[str, int], Prepared]]:
    from grommet.extensions import OpenTelemetry

    def variant(*extensions: SchemaExtension) -> Callable[[str, int], Prepared]:
        schema = grommet_schema(*extensions)
        return lambda key, size: prepare_execution(schema, key, size)

    return {
        "grommet": variant(),
        "grommet + operation hooks": variant(OperationHooks()),
        "grommet + OpenTelemetry": variant(OpenTelemetry(tracer_provider=PROVIDER)),
        "grommet + OpenTelemetry resolver spans": variant(
            OpenTelemetry(tracer_provider=PROVIDER, resolver_spans=True)
        ),
    }


def strawberry_variants() -> dict[str, Callable[[str, int], Prepared]]:
    import strawberry
    from bench.adapters import strawberry_lib
    from bench.adapters.common import executions
    from strawberry.extensions.tracing import OpenTelemetryExtension

    def variant(extensions: list[Any]) -> Callable[[str, int], Prepared]:
        schema = strawberry.Schema(query=strawberry_lib.Query, extensions=extensions)

        def prepare(key: str, size: int) -> Prepared:
            def execute(query: str, variables: dict[str, Any] | None, store: Any) -> Any:
                return schema.execute(query, variable_values=variables, root_value=store)

            return executions(key, size, execute, strawberry_lib.to_response)

        return prepare

    return {
        "strawberry": variant([]),
        "strawberry + OpenTelemetryExtension": variant([OpenTelemetryExtension]),
    }


async def measure(prepared: dict[str, Prepared], reps: int) -> dict[str, list[float]]:
    digests = {}
    for name, p in prepared.items():  # the warm-up run, and the answers compared
        digests[name] = digest(await p.outcome(await p.run()))
    if len(set(digests.values())) != 1:
        raise SystemExit(f"the variants answer differently: {digests}")
    times: dict[str, list[float]] = {name: [] for name in prepared}
    for _ in range(reps):
        for name, p in prepared.items():
            gc.collect()
            start = time.perf_counter()
            result = await p.run()
            times[name].append(time.perf_counter() - start)
            del result
    return times


def main() -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/extensions.py")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, 1 rep")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results")
    parser.add_argument("--label", default="", help="a note on the machine, kept in the results")
    parser.add_argument("--only", default="W4,W2", help="the workloads to run, e.g. W2")
    parser.add_argument(
        "--fraction", type=float, default=1.0, help="run this fraction of the full sizes"
    )
    args = parser.parse_args()
    reps = 1 if args.quick else args.reps
    variants = {**grommet_variants(), **strawberry_variants()}
    report: dict[str, Any] = {
        "python": platform.python_version(),
        "reps": reps,
        "label": args.label,
        "workloads": {},
    }
    for key in args.only.split(","):
        full, quick = SIZES[key]
        size = quick if args.quick else max(1, int(full * args.fraction))
        prepared = {name: make(key, size) for name, make in variants.items()}
        times = asyncio.run(measure(prepared, reps))
        medians = {name: statistics.median(ts) for name, ts in times.items()}
        report["workloads"][key] = {"size": size, "times_s": times, "median_s": medians}
        print(key, {name: f"{m * 1e3:.1f} ms" for name, m in medians.items()}, flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "extensions.json").write_text(json.dumps(report, indent=1) + "\n")
    (args.out / "extensions.md").write_text(render(report))
    return 0


def render(report: dict[str, Any]) -> str:
    lines = [
        "# What extensions cost (benchmarks/extensions.py)",
        "",
        f"Python {report['python']}, median of {report['reps']} runs. {report['label']}".rstrip(),
        "",
        "| workload | variant | median | vs grommet | vs the same Strawberry setup |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    peers = {
        "grommet": "strawberry",
        "grommet + OpenTelemetry resolver spans": "strawberry + OpenTelemetryExtension",
    }
    for key, run in report["workloads"].items():
        medians = run["median_s"]
        base = medians["grommet"]
        for name, median in medians.items():
            peer = peers.get(name)
            versus = f"{medians[peer] / median:.1f}x faster" if peer else ""
            lines.append(
                f"| {key} | {name} | {median * 1e3:.1f} ms | {median / base:.2f} | {versus} |"
            )
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
