"""Hostile documents against a schema with default limits: ``python benchmarks/hostile.py``.

Each case (a document of at most 1 MiB, plus its variables) runs in a process of its own, so a
crash (a stack overflow is a SIGSEGV) or a hang is recorded instead of ending the run; each runs
on the main thread and on a thread with a 256 KiB stack (what many servers' worker threads
have). Writes ``results/hostile.json`` and ``results/hostile.md`` (``--out`` to change) with
each case's time, outcome and first error. Not a timed test: a smoke test runs it with
``--scale 0.001``. Options: ``--only name,name``, ``--timeout SECONDS``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
MIB = 1024 * 1024
SMALL_STACK = 256 * 1024

SDL = """
directive @r repeatable on FIELD
input F { n: F v: Int }
type U { id: ID b: U c: U name: String fail: String }
type Query {
  u: U
  v: Int
  f(x: F): Int
  l(x: [[Int]]): Int
  s(x: String): String
  items(n: Int!): [U]
}
type Mutation { b: Int }
"""


def _fail(parent: Any) -> Any:
    raise ValueError("this field always fails")


def build_schema() -> Any:
    import grommet

    node: dict[str, Any] = {"id": "1", "name": "n"}
    node["b"] = node["c"] = node
    root = {"u": node, "v": 1}

    def items(parent: Any, n: int) -> list[Any]:
        return [node] * max(0, min(n, 100_000))

    bundle = {
        "sdl": SDL,
        "types": {
            "Query": {
                "fields": {
                    "f": ("call", lambda parent, x=None: 1, None, {"x": "x"}),
                    "l": ("call", lambda parent, x=None: 1, None, {"x": "x"}),
                    "s": ("call", lambda parent, x=None: x, None, {"x": "x"}),
                    "items": ("call", items, None, {"n": "n"}),
                }
            },
            "U": {"fields": {"fail": ("call", _fail, None, {})}},
        },
    }
    return grommet.Schema.from_bundle(bundle), root


@dataclass(frozen=True)
class Case:
    name: str
    summary: str
    make: Callable[[float], tuple[str, Any, str | None]]  # scale -> (source, variables, op)


def nested(key: str, levels: int, leaf: Any) -> Any:
    value = leaf
    for _ in range(levels):
        value = {key: value}
    return value


def nested_list(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = [value]
    return value


def _n(scale: float, full: int) -> int:
    return max(2, int(full * scale))


def fragment_bomb(levels: int) -> str:
    lines = ["{ u { ...B0 } }"]
    for k in range(levels):
        lines.append(f"fragment B{k} on U {{ b {{ ...B{k + 1} }} c: b {{ ...B{k + 1} }} }}")
    lines.append(f"fragment B{levels} on U {{ id }}")
    return "\n".join(lines)


INTROSPECTION = (
    "__schema { types { name kind fields(includeDeprecated: true) { name args { name "
    "type { name kind ofType { name kind ofType { name kind ofType { name } } } } } "
    "type { name kind ofType { name kind ofType { name } } } } } }"
)

CASES = [
    Case(
        "deep selection",
        "`{ u { b { b { … } } } }`, nested 100,000 levels",
        lambda s: (
            "{ u " + "{ b " * _n(s, 100_000) + "{ id" + " }" * (_n(s, 100_000) + 2),
            None,
            None,
        ),
    ),
    Case(
        "deep inline fragments",
        "`{ ... { ... { … { v } } } }`, 100,000 levels",
        lambda s: (
            "{ " + "... { " * _n(s, 100_000) + "v" + " }" * (_n(s, 100_000) + 1),
            None,
            None,
        ),
    ),
    Case(
        "deep list literal",
        "`{ l(x: [[[…]]]) }`, 200,000 levels",
        lambda s: (
            "{ l(x: " + "[" * _n(s, 200_000) + "1" + "]" * _n(s, 200_000) + ") }",
            None,
            None,
        ),
    ),
    Case(
        "deep object literal",
        "`{ f(x: {n: {n: …}}) }`, 100,000 levels",
        lambda s: (
            "{ f(x: " + "{n: " * _n(s, 100_000) + "{v: 1}" + "}" * _n(s, 100_000) + ") }",
            None,
            None,
        ),
    ),
    Case(
        "deep input variable",
        "`query($x: F) { f(x: $x) }`, `x` nested 100,000 levels",
        lambda s: ("query($x: F) { f(x: $x) }", {"x": nested("n", _n(s, 100_000), {"v": 1})}, None),
    ),
    Case(
        "deep list variable",
        "`query($x: [[Int]]) { l(x: $x) }`, `x` nested 100,000 lists",
        lambda s: ("query($x: [[Int]]) { l(x: $x) }", {"x": nested_list(_n(s, 100_000))}, None),
    ),
    Case(
        "deep variable + introspection",
        "a 2,000-deep `F` variable and `__schema` (quadratic before)",
        lambda s: (
            "query($x: F) { f(x: $x) __schema { queryType { name } } }",
            {"x": nested("n", _n(s, 2_000), {"v": 1})},
            None,
        ),
    ),
    Case(
        "deep variable of the wrong type",
        "a 100,000-deep object sent for an `Int` variable",
        lambda s: ("query($x: Int) { l(x: [[$x]]) }", {"x": nested("n", _n(s, 100_000), 1)}, None),
    ),
    Case(
        "fragment bomb 30",
        "`fragment Bk on U { b { ...Bk+1 } c: b { ...Bk+1 } }`, 30 levels (2^30 fields)",
        lambda s: (fragment_bomb(max(2, min(30, int(30 * s) if s < 1 else 30))), None, None),
    ),
    Case(
        "fragment bomb 60",
        "the same, 60 levels",
        lambda s: (fragment_bomb(max(2, min(60, int(60 * s) if s < 1 else 60))), None, None),
    ),
    Case(
        "fragment chain",
        "20,000 fragments, each spreading the next",
        lambda s: (
            "{ u { ...F0 } }\n"
            + "\n".join(f"fragment F{i} on U {{ id ...F{i + 1} }}" for i in range(_n(s, 20_000)))
            + f"\nfragment F{_n(s, 20_000)} on U {{ id }}",
            None,
            None,
        ),
    ),
    Case(
        "many aliases",
        "`{ a0: v a1: v … }`, 90,000 aliases (~1 MiB)",
        lambda s: ("{ " + " ".join(f"a{i}: v" for i in range(_n(s, 90_000))) + " }", None, None),
    ),
    Case(
        "many same fields",
        "`{ v v v … }`, 300,000 times",
        lambda s: ("{ " + "v " * _n(s, 300_000) + "}", None, None),
    ),
    Case(
        "many conflicting fields",
        '`{ s(x: "0") s(x: "1") … }`, 20,000 (overlap check)',
        lambda s: (
            "{ " + " ".join(f's(x: "{i}")' for i in range(_n(s, 20_000))) + " }",
            None,
            None,
        ),
    ),
    Case(
        "many directives",
        "`{ v @r @r … }`, 150,000 repeatable directives",
        lambda s: ("{ v" + " @r" * _n(s, 150_000) + " }", None, None),
    ),
    Case(
        "many skips",
        "`{ v @skip(if: false) … }` 50,000 times (not repeatable: an error each)",
        lambda s: ("{ v" + " @skip(if: false)" * _n(s, 50_000) + " }", None, None),
    ),
    Case(
        "many arguments",
        '`{ s(x: "a", x: "a", …) }`, 100,000 duplicate arguments',
        lambda s: ("{ s(" + ", ".join(['x: "a"'] * _n(s, 100_000)) + ") }", None, None),
    ),
    Case(
        "long string",
        '`{ s(x: "aaa…") }`, a 1 MiB string literal',
        lambda s: ('{ s(x: "' + "a" * _n(s, MIB - 20) + '") }', None, None),
    ),
    Case(
        "long escaped string",
        "a string of 160,000 `\\u00e9` escapes",
        lambda s: ('{ s(x: "' + "\\u00e9" * _n(s, 160_000) + '") }', None, None),
    ),
    Case(
        "many operations",
        "30,000 named operations, the last one selected",
        lambda s: (
            "\n".join(f"query Q{i} {{ v }}" for i in range(_n(s, 30_000))),
            None,
            f"Q{_n(s, 30_000) - 1}",
        ),
    ),
    Case(
        "many variables",
        "30,000 variable definitions, all used",
        lambda s: (
            "query("
            + " ".join(f"$v{i}: Int" for i in range(_n(s, 30_000)))
            + ") { "
            + " ".join(f"a{i}: l(x: [[$v{i}]])" for i in range(_n(s, 30_000)))
            + " }",
            {f"v{i}": i for i in range(_n(s, 30_000))},
            None,
        ),
    ),
    Case(
        "huge list variable",
        "`l(x: $x)` with 300,000 integers",
        lambda s: ("query($x: [[Int]]) { l(x: $x) }", {"x": [list(range(_n(s, 300_000)))]}, None),
    ),
    Case(
        "introspection heavy",
        "200 aliased full `__schema` type walks",
        lambda s: (
            "{ " + " ".join(f"i{i}: {INTROSPECTION}" for i in range(_n(s, 200))) + " }",
            None,
            None,
        ),
    ),
    Case(
        "deep ofType",
        '`__type(name: "U") { ofType { ofType { … } } }`, 100,000 levels',
        lambda s: (
            '{ __type(name: "U") '
            + "{ ofType " * _n(s, 100_000)
            + "{ name"
            + " }" * (_n(s, 100_000) + 1),
            None,
            None,
        ),
    ),
    Case(
        "many field errors",
        "a 100,000-item list whose every item has a failing field",
        lambda s: (f"{{ items(n: {_n(s, 100_000)}) {{ fail }} }}", None, None),
    ),
    Case(
        "comment flood",
        "1 MiB of comments around `{ v }`",
        lambda s: ("#" + "x" * _n(s, MIB - 20) + "\n{ v }", None, None),
    ),
    Case(
        "token flood",
        "`{ v` then 500,000 commas (ignored tokens)",
        lambda s: ("{ v" + "," * _n(s, 500_000) + " }", None, None),
    ),
    Case(
        "lone surrogate in document",
        "a raw `\\ud800` in a string literal",
        lambda s: ('{ s(x: "\ud800") }', None, None),
    ),
    Case(
        "lone surrogate in operation name",
        '`operation_name="\\ud800"`',
        lambda s: ("query A { v }", None, "\ud800"),
    ),
    Case(
        "mutation with every field skipped",
        "`mutation { b @skip(if: true) }`",
        lambda s: ("mutation { b @skip(if: true) }", None, None),
    ),
]


def run_case(case: Case, scale: float) -> dict[str, Any]:
    """Run one case in this process (the child); returns its record."""
    schema, root = build_schema()
    source, variables, operation_name = case.make(scale)
    record: dict[str, Any] = {"bytes": len(source.encode("utf-8", "surrogatepass"))}
    started = time.perf_counter()
    try:
        result = schema.execute_sync(source, variables, root=root, operation_name=operation_name)
    except BaseException as error:  # a PanicException is a BaseException
        record.update(
            seconds=time.perf_counter() - started,
            outcome="raised",
            first_error=f"{type(error).__name__}: {error}"[:200],
        )
        return record
    record["seconds"] = time.perf_counter() - started
    response = result.to_dict()
    errors = response.get("errors", [])
    if "data" not in response:
        record["outcome"] = "request error"
    elif errors:
        record["outcome"] = "field errors" if response["data"] is not None else "data null"
    else:
        record["outcome"] = "data"
    record["errors"] = len(errors)
    if errors:
        record["first_error"] = errors[0]["message"][:200]
    return record


def child(name: str, scale: float, stack: str, memory_mib: int) -> None:
    # An exponential document must not take the machine down with it: past this address
    # space, allocation fails and the child dies (recorded as a crash).
    limit = memory_mib * MIB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    case = next(c for c in CASES if c.name == name)
    box: dict[str, Any] = {}
    if stack == "main":
        box.update(run_case(case, scale))
    else:
        threading.stack_size(SMALL_STACK)
        worker = threading.Thread(target=lambda: box.update(run_case(case, scale)))
        worker.start()
        worker.join()
    box["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(box))


def run_in_subprocess(
    case: Case, scale: float, stack: str, timeout: float, memory_mib: int
) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--child",
        case.name,
        "--scale",
        str(scale),
        "--stack",
        stack,
        "--memory-mib",
        str(memory_mib),
    ]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"outcome": "timeout", "seconds": timeout}
    if done.returncode != 0:
        signal = -done.returncode if done.returncode < 0 else None
        tail = done.stderr.strip().splitlines()[-1:] or [""]
        return {
            "outcome": f"crashed (signal {signal})" if signal else f"exit {done.returncode}",
            "seconds": round(time.perf_counter() - started, 3),
            "first_error": tail[0][:200],
        }
    record: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return record


def markdown(run: dict[str, Any]) -> str:
    meta = run["meta"]
    lines = [
        "# Hostile documents",
        "",
        f"{meta['date']} · {meta['machine']} · CPython {meta['python']} · scale {meta['scale']} · "
        f"default limits of `grommet.Schema.from_bundle` · command: `{meta['command']}`.",
        "Time is the `execute_sync` call (parse, validate, execute); each case in its own process;",
        "for a crash it is the process's whole life, for a timeout the limit.",
        *([f"Note: {meta['note']}"] if meta.get("note") else []),
        "",
        "| case | bytes | main thread | time | 256 KiB thread | time | first error |",
        "| --- | ---: | --- | ---: | --- | ---: | --- |",
    ]
    for name, stacks in run["cases"].items():
        main, small = stacks["main"], stacks["256k"]
        error = (main.get("first_error") or small.get("first_error") or "").replace("|", "\\|")
        lines.append(
            f"| {name} | {main.get('bytes', small.get('bytes', '?'))} | {main['outcome']} | "
            f"{main['seconds']:.3f} s | {small['outcome']} | {small['seconds']:.3f} s | {error} |"
        )
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/hostile.py")
    parser.add_argument("--scale", type=float, default=1.0, help="size factor (0.001: smoke test)")
    parser.add_argument("--only", help="comma-separated case names")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per case and stack")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR)
    parser.add_argument(
        "--memory-mib", type=int, default=4096, help="address-space limit of each case's process"
    )
    parser.add_argument("--note", default="", help="recorded with the run, e.g. the build")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--stack", default="main", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.scale, args.stack, args.memory_mib)
        return 0
    wanted = set(args.only.split(",")) if args.only else None
    run: dict[str, Any] = {
        "meta": {
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "machine": f"{platform.machine()} ({os.cpu_count()} CPUs)",
            "python": platform.python_version(),
            "scale": args.scale,
            "note": args.note,
            "command": "python benchmarks/hostile.py"
            + (f" --scale {args.scale}" if args.scale != 1 else ""),
        },
        "cases": {},
    }
    for case in CASES:
        if wanted is not None and case.name not in wanted:
            continue
        stacks = {
            stack: run_in_subprocess(case, args.scale, stack, args.timeout, args.memory_mib)
            for stack in ("main", "256k")
        }
        run["cases"][case.name] = {"summary": case.summary, **stacks}
        print(
            f"{case.name:36} {stacks['main']['outcome']:>18} {stacks['main']['seconds']:8.3f} s"
            f"  | 256 KiB: {stacks['256k']['outcome']:>18} {stacks['256k']['seconds']:8.3f} s",
            flush=True,
        )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "hostile.json").write_text(json.dumps(run, indent=2) + "\n")
    (args.out / "hostile.md").write_text(markdown(run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
