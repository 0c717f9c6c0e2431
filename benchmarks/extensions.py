"""What extensions cost: W4 and W2 with no extension, operation hooks only, OpenTelemetry with
operation spans, and OpenTelemetry with resolver spans; Strawberry with and without its
OpenTelemetry extension on the same workloads.

    .venv/bin/python benchmarks/extensions.py [--quick] [--reps N] [--fraction F] [--out DIR]
                                              [--clock wall|cpu]

Every variant runs in this one process, alternated round by round (so drift hits all alike),
on the suite's data and resolvers (`bench/adapters`); the answers are checked equal first. The
spans go to an OpenTelemetry SDK `TracerProvider` with no exporter: the cost measured is making
them. Both libraries' OpenTelemetry runs make the same spans (one per operation, two phase spans,
one per resolver call; neither traces data fields): a separate pass counts them with the SDK's
`InMemorySpanExporter` at a small size, and the report gives the counts. "SDK spans alone" makes
as many bare spans as the resolver-span run makes resolver spans (`start_span`, one attribute,
`end`) and nothing else: what the SDK itself costs, which bounds any library's ratio.
Writes `results/extensions.json` and `results/extensions.md`.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
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
from opentelemetry.sdk.trace.export import SimpleSpanProcessor  # noqa: E402
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (  # noqa: E402
    InMemorySpanExporter,
)

import grommet  # noqa: E402
from grommet.extensions import Operation, SchemaExtension  # noqa: E402
from grommet.extensions.base import Hook  # noqa: E402

PROVIDER = TracerProvider()
trace.set_tracer_provider(PROVIDER)  # Strawberry's extension uses the global provider

SIZES = {"W4": (5_000, 50), "W2": (20_000, 200)}
# Resolver calls per unit of size: W4's user and friends per request; W2's cell values per row.
RESOLVER_SPANS: dict[str, Callable[[int], int]] = {
    "W4": lambda size: 2 * size,
    "W2": lambda size: 1 + 5 * size,
}
COUNT_SIZES = {"W4": 10, "W2": 20}


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


def grommet_variants(
    provider: TracerProvider = PROVIDER,
) -> dict[str, Callable[[str, int], Prepared]]:
    from grommet.extensions import OpenTelemetry

    def variant(*extensions: SchemaExtension) -> Callable[[str, int], Prepared]:
        schema = grommet_schema(*extensions)
        return lambda key, size: prepare_execution(schema, key, size)

    return {
        "grommet": variant(),
        "grommet + operation hooks": variant(OperationHooks()),
        "grommet + OpenTelemetry": variant(OpenTelemetry(tracer_provider=provider)),
        "grommet + OpenTelemetry resolver spans": variant(
            OpenTelemetry(tracer_provider=provider, resolver_spans=True)
        ),
    }


def strawberry_variants(
    provider: TracerProvider | None = None,
) -> dict[str, Callable[[str, int], Prepared]]:
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

    # As users add it: the class, made per request on the global provider (the counting pass
    # gives a factory its own provider).
    traced: Any = OpenTelemetryExtension
    if provider is not None:
        traced = functools.partial(OpenTelemetryExtension, tracer_provider=provider)
    return {
        "strawberry": variant([]),
        "strawberry + OpenTelemetryExtension": variant([traced]),
    }


def sdk_spans(key: str, size: int) -> Prepared:
    """Only the SDK's spans: as many as the resolver-span run makes resolver spans, each
    started under one parent with one attribute, and ended."""
    tracer = PROVIDER.get_tracer("floor")
    count = RESOLVER_SPANS[key](size)

    async def run() -> int:
        parent = trace.set_span_in_context(tracer.start_span("parent"))
        start = tracer.start_span
        for _ in range(count):
            span = start("GraphQL resolve T.f", parent)
            span.set_attribute("graphql.field.path", "rows.0.value")
            span.end()
        return count

    async def outcome(made: int) -> int:
        return made

    return Prepared(run=run, outcome=outcome)


TRACED = (
    "grommet + OpenTelemetry",
    "grommet + OpenTelemetry resolver spans",
    "strawberry + OpenTelemetryExtension",
)


async def count_spans(key: str) -> dict[str, Any]:
    """The spans each traced variant exports, by name, at a small size."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    variants = {**grommet_variants(provider), **strawberry_variants(provider)}
    size = COUNT_SIZES[key]
    counts: dict[str, Any] = {"size": size}
    for name in TRACED:
        prepared = variants[name](key, size)
        exporter.clear()
        await prepared.outcome(await prepared.run())
        spans = exporter.get_finished_spans()
        by_name: dict[str, int] = {}
        for span in spans:
            by_name[span.name] = by_name.get(span.name, 0) + 1
        counts[name] = {"total": len(spans), "by_name": by_name}
    return counts


CLOCKS: dict[str, Callable[[], float]] = {
    "wall": time.perf_counter,
    # The process's CPU time, every thread's: on a shared, loaded machine a run preempted by
    # other work does not count that wait (every variant here runs its work in this process).
    "cpu": time.process_time,
}


async def measure(
    prepared: dict[str, Prepared], reps: int, clock: Callable[[], float] = time.perf_counter
) -> dict[str, list[float]]:
    digests = {}
    for name, p in prepared.items():  # the warm-up run, and the answers compared
        answer = await p.outcome(await p.run())
        if name != FLOOR:
            digests[name] = digest(answer)
    if len(set(digests.values())) != 1:
        raise SystemExit(f"the variants answer differently: {digests}")
    times: dict[str, list[float]] = {name: [] for name in prepared}
    for _ in range(reps):
        for name, p in prepared.items():
            gc.collect()
            start = clock()
            result = await p.run()
            times[name].append(clock() - start)
            del result
    return times


FLOOR = "SDK spans alone"


def main() -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/extensions.py")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, 1 rep")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument(
        "--clock", choices=sorted(CLOCKS), default="wall", help="cpu: for a loaded machine"
    )
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
        "clock": args.clock,
        "label": args.label,
        "workloads": {},
    }
    for key in args.only.split(","):
        full, quick = SIZES[key]
        size = quick if args.quick else max(1, int(full * args.fraction))
        prepared = {name: make(key, size) for name, make in variants.items()}
        prepared[FLOOR] = sdk_spans(key, size)
        times = asyncio.run(measure(prepared, reps, CLOCKS[args.clock]))
        medians = {name: statistics.median(ts) for name, ts in times.items()}
        spans = asyncio.run(count_spans(key))
        report["workloads"][key] = {
            "size": size,
            "resolver_spans": RESOLVER_SPANS[key](size),
            "times_s": times,
            "median_s": medians,
            "span_counts": spans,
        }
        print(key, {name: f"{m * 1e3:.1f} ms" for name, m in medians.items()}, flush=True)
        print(key, "spans", {n: spans[n]["total"] for n in TRACED}, flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "extensions.json").write_text(json.dumps(report, indent=1) + "\n")
    (args.out / "extensions.md").write_text(render(report))
    return 0


def render(report: dict[str, Any]) -> str:
    lines = [
        "# What extensions cost (benchmarks/extensions.py)",
        "",
        f"Python {report['python']}, median of {report['reps']} runs, "
        f"{'CPU' if report.get('clock') == 'cpu' else 'wall-clock'} time. "
        f"{report['label']}".rstrip(),
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
            if name == FLOOR:
                continue
            peer = peers.get(name)
            versus = f"{medians[peer] / median:.1f}x faster" if peer else ""
            lines.append(
                f"| {key} | {name} | {median * 1e3:.1f} ms | {median / base:.2f} | {versus} |"
            )
    lines += ["", "The OpenTelemetry SDK's own cost, and the spans each side makes:", ""]
    for key, run in report["workloads"].items():
        medians = run["median_s"]
        floor, count = medians[FLOOR], run["resolver_spans"]
        best = medians["strawberry + OpenTelemetryExtension"] / (medians["grommet"] + floor)
        lines.append(
            f"- {key} (size {run['size']}): {count:,} bare SDK spans, as many as the run's "
            f"resolver spans, take {floor * 1e3:.1f} ms ({floor / count * 1e6:.1f} us each), so "
            f"with resolver spans no library could be more than {best:.1f}x faster than "
            "Strawberry's run here (an upper bound: the operation's own spans cost more)."
        )
        counts = run["span_counts"]
        for name in TRACED:
            entry = counts[name]
            names = ", ".join(f"{n} x{c}" for n, c in sorted(entry["by_name"].items()))
            lines.append(f"  - {name} at size {counts['size']}: {entry['total']} spans ({names})")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
