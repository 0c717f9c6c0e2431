"""Memory under load: ``python benchmarks/memory.py [--executions N] [--builds N] [--out DIR]``.

Two measurements, each in this process after a warm-up, RSS read after ``gc.collect()``:

- *executions*: N executions each of a normal query, a query with field errors (and null
  propagation) and a document with a syntax error (a request error) on one schema;
- *builds*: N ``grommet.Schema`` builds from freshly defined classes (as a test suite or a
  plugin reloading its types does), each run once and dropped; also counts how many of those
  classes are still alive (none should be: the builder keeps nothing global per class).

Prints JSON; with ``--out`` also writes ``memory.json`` and ``memory.md`` there. The test suite
runs smaller counts with the same per-operation bounds (tests/python/memory).
"""

from __future__ import annotations

import argparse
import enum
import gc
import json
import platform
import sys
import time
import weakref
from pathlib import Path
from typing import Any

import psutil

import grommet

MIB = 1024 * 1024
# The bounds of issue 7 ("done when" 4), per the full counts.
FULL_EXECUTIONS, EXECUTION_BOUND = 200_000, 10 * MIB
FULL_BUILDS, BUILD_BOUND = 1_000, 5 * MIB
EXECUTION_WARM_UP = 5_000
BUILD_WARM_UP = 100


@grommet.type
class Item:
    name: str
    rank: int

    @grommet.field
    def broken(self) -> str | None:
        raise ValueError(f"item {self.name} is broken")

    @grommet.field
    def strict(self) -> str:
        raise ValueError("strict field failed")


ITEMS = [Item(name=f"item{i}", rank=i) for i in range(5)]


@grommet.type
class Query:
    @grommet.field
    def items(self, first: int = 5) -> list[Item]:
        return ITEMS[:first]

    @grommet.field
    def greeting(self, name: str = "world") -> str:
        return f"hello {name}"


REQUESTS: dict[str, tuple[str, dict[str, Any] | None]] = {
    "normal": ("query($n: Int!) { greeting items(first: $n) { name rank } }", {"n": 3}),
    "field errors": ("{ items { name broken } other: items(first: 1) { strict } }", None),
    "syntax error": ("{ items { name ", None),
}


def rss() -> int:
    gc.collect()
    return int(psutil.Process().memory_info().rss)


def execute_many(schema: grommet.Schema, request: tuple[str, Any], count: int) -> None:
    source, variables = request
    for _ in range(count):
        if not schema.execute_sync(source, variables).to_dict():
            raise AssertionError("empty response")


def measure_executions(count: int) -> dict[str, Any]:
    schema = grommet.Schema(query=Query)
    kinds: dict[str, Any] = {}
    for kind, request in REQUESTS.items():
        execute_many(schema, request, EXECUTION_WARM_UP)
        before, started = rss(), time.perf_counter()
        execute_many(schema, request, count)
        seconds = time.perf_counter() - started
        kinds[kind] = {"rss_growth": rss() - before, "seconds": round(seconds, 2)}
    bound = EXECUTION_BOUND * count // FULL_EXECUTIONS
    return {"executions": count, "bound": bound, "kinds": kinds}


def build_fresh(alive: list[weakref.ref[type]]) -> None:
    @grommet.enum
    class Mood(enum.Enum):
        HAPPY = 1
        SAD = 2

    @grommet.input
    class Window:
        first: int = 10
        mood: Mood | None = None

    @grommet.type
    class Thing:
        name: str
        mood: Mood

        @grommet.field
        def again(self) -> Thing | None:
            return None

    @grommet.type
    class Root:
        @grommet.field
        def things(self, window: Window | None = None) -> list[Thing]:
            return [Thing(name="a", mood=Mood.HAPPY)]

    schema = grommet.Schema(query=Root)
    result = schema.execute_sync("{ things(window: {first: 1}) { name mood again { name } } }")
    if result.errors:
        raise AssertionError(result.errors)
    alive.extend(weakref.ref(cls) for cls in (Mood, Window, Thing, Root))


def measure_builds(count: int) -> dict[str, Any]:
    warm: list[weakref.ref[type]] = []
    for _ in range(BUILD_WARM_UP):
        build_fresh(warm)
    before, started = rss(), time.perf_counter()
    alive: list[weakref.ref[type]] = []
    for _ in range(count):
        build_fresh(alive)
    seconds = time.perf_counter() - started
    return {
        "builds": count,
        "bound": BUILD_BOUND * count // FULL_BUILDS,
        "rss_growth": rss() - before,
        "classes_alive": sum(ref() is not None for ref in alive),
        "classes_built": len(alive),
        "seconds": round(seconds, 2),
    }


def markdown(run: dict[str, Any]) -> str:
    executions, builds = run["executions"], run["builds"]
    lines = [
        "# Memory under load",
        "",
        f"{run['meta']['date']} · CPython {run['meta']['python']} · "
        f"command: `python benchmarks/memory.py`. RSS after `gc.collect()`, after a warm-up.",
        "Times are wall-clock and only for orientation: this measures memory, not speed.",
        "",
        f"## {executions['executions']:,} executions of each kind "
        f"(bound: {executions['bound'] / MIB:.1f} MiB)",
        "",
        "| kind | RSS growth | time |",
        "| --- | ---: | ---: |",
    ]
    for kind, figures in executions["kinds"].items():
        lines.append(f"| {kind} | {figures['rss_growth'] / MIB:.2f} MiB | {figures['seconds']} s |")
    lines += [
        "",
        f"## {builds['builds']:,} builder builds from fresh classes "
        f"(bound: {builds['bound'] / MIB:.1f} MiB)",
        "",
        f"RSS growth {builds['rss_growth'] / MIB:.2f} MiB; classes still alive "
        f"{builds['classes_alive']} of {builds['classes_built']}; {builds['seconds']} s.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/memory.py")
    parser.add_argument("--executions", type=int, default=FULL_EXECUTIONS)
    parser.add_argument("--builds", type=int, default=FULL_BUILDS)
    parser.add_argument("--out", type=Path, help="write memory.json and memory.md here")
    args = parser.parse_args(argv)
    run: dict[str, Any] = {
        "meta": {
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "python": platform.python_version(),
        },
        "executions": measure_executions(args.executions) if args.executions else None,
        "builds": measure_builds(args.builds) if args.builds else None,
    }
    print(json.dumps(run))
    if args.out is not None and run["executions"] and run["builds"]:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "memory.json").write_text(json.dumps(run, indent=2) + "\n")
        (args.out / "memory.md").write_text(markdown(run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
