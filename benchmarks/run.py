"""Run the benchmark suite: ``python benchmarks/run.py [--quick] [--only W1,W4] [--reps N]``.

Every workload-library pair runs in a process of its own (``bench.worker``; the Rust floor
for W1/W2), which gives each its own peak RSS. The first library's result is the reference:
every other library must return an equal result before it is timed. Writes
``results/results.json``, ``results/results.md`` and ``results/chart.png``.
"""

from __future__ import annotations

import argparse
import json
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

from bench import environment, floor, report, wide  # noqa: E402
from bench.adapters import ADAPTERS  # noqa: E402
from bench.outcome import digest, first_difference  # noqa: E402
from bench.process import run_pair  # noqa: E402
from bench.targets import FLOOR, check_targets  # noqa: E402
from bench.workloads import WORKLOADS, Workload  # noqa: E402

CODEGEN_CONFIGS = ("codegen.toml", "codegen_wide.toml")
RESULTS_DIR = BENCH_DIR / "results"
README = BENCH_DIR / "README.md"
README_START = "<!-- results:start -->"
README_END = "<!-- results:end -->"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/run.py", description=__doc__.split("\n\n")[1]
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes and 1 rep: a smoke test")
    parser.add_argument("--only", help="comma-separated workloads, e.g. W1,W4 (default: all)")
    parser.add_argument(
        "--libs", help=f"comma-separated libraries (default: all of {list(ADAPTERS)})"
    )
    parser.add_argument("--reps", type=int, help="timed runs per pair (default 5; 1 with --quick)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument("--no-floor", action="store_true", help="skip the pure-Rust floor")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="output directory")
    parser.add_argument(
        "--render-only",
        action="store_true",
        help="rewrite results.md, chart.png (and the README) from the existing results.json",
    )
    parser.add_argument(
        "--write-wide-schema",
        action="store_true",
        help=f"rewrite {wide.SDL_PATH.name} from bench/wide.py, then stop",
    )
    args = parser.parse_args(argv)
    args.reps = args.reps or (1 if args.quick else 5)
    args.warmup = max(args.warmup, 1)
    args.workloads = _selection(args.only, WORKLOADS, "workload")
    args.libraries = _selection(args.libs, ADAPTERS, "library")
    return args


def _selection(text: str | None, known: dict[str, Any], what: str) -> list[str]:
    if not text:
        return list(known)
    chosen = [item.strip() for item in text.split(",") if item.strip()]
    unknown = [item for item in chosen if item not in known]
    if unknown:
        raise SystemExit(f"unknown {what}: {', '.join(unknown)} (known: {', '.join(known)})")
    return [item for item in known if item in chosen]


def check_sources() -> None:
    """Refuse a stale wide SDL; warn when a generated package differs from codegen's output."""
    if wide.SDL_PATH.read_text() != wide.render_sdl():
        raise SystemExit(f"{wide.SDL_PATH} is stale: run with --write-wide-schema")
    for config in CODEGEN_CONFIGS:
        check = subprocess.run(
            [sys.executable, "-m", "grommet_codegen", "--config", config, "--check"],
            cwd=BENCH_DIR,
            capture_output=True,
            text=True,
        )
        if check.returncode == 1:
            print(
                f"warning: generated code is stale (measuring it anyway):\n{check.stderr}"
                f"regenerate: cd benchmarks && grommet-codegen --config {config}"
            )
        elif check.returncode != 0:
            print(f"note: could not check {config}: {check.stderr.strip()}")


def run_workload(
    workload: Workload, args: argparse.Namespace, floor_binary: Path | None, scratch: Path
) -> dict[str, Any]:
    size = workload.size(args.quick)
    entries: dict[str, dict[str, Any]] = {}
    reference: tuple[str, str, Path] | None = None  # library, digest, outcome file
    names = [name for name in args.libraries if workload.key in ADAPTERS[name].workloads]
    if workload.floor and floor_binary is not None:
        names.append(FLOOR)
    rounds = 1 if args.quick else workload.rounds
    # --reps runs in all, spread over the rounds (each round adds runs up to its time budget).
    reps = -(-args.reps // rounds)
    pairs: dict[str, list[dict[str, Any]]] = {}
    for round_ in range(rounds):
        for name in names:
            if name in entries:
                continue  # unavailable
            outcome_file = scratch / f"{workload.key}-{name}.json"
            if name == FLOOR:
                assert floor_binary is not None
                command = floor.command(
                    floor_binary, workload.key, size, args.reps, args.warmup, outcome_file
                )
            else:
                command = [
                    sys.executable, "-m", "bench.worker",
                    "--library", name, "--workload", workload.key, "--size", str(size),
                    "--reps", str(reps), "--warmup", str(args.warmup),
                    "--outcome-file", str(outcome_file),
                ]  # fmt: skip
                if workload.min_time_s and not args.quick:
                    command += ["--min-time", str(workload.min_time_s)]
                if reference is not None and reference[0] != name:
                    command += ["--expect", reference[1]]
            pair = run_pair(command, BENCH_DIR)
            if "unavailable" in pair:
                print(f"  {workload.key} {name:<20} not run: {pair['unavailable']}")
                entries[name] = {"unavailable": pair["unavailable"]}
                continue
            found = pair.get("digest") or digest(json.loads(outcome_file.read_text()))
            if reference is None:
                reference = (name, found, outcome_file)
            elif found != reference[1]:
                where = first_difference(
                    json.loads(reference[2].read_text()), json.loads(outcome_file.read_text())
                )
                raise SystemExit(
                    f"{workload.key}: {name}'s result differs from {reference[0]}'s at {where}"
                )
            pairs.setdefault(name, []).append({**pair, "digest": found})
            entry = _entry(pairs[name], workload, size)
            label = f" (round {round_ + 1}/{rounds})" if rounds > 1 else ""
            print(
                f"  {workload.key} {name:<20} {_progress(entry, workload, size)}{label}",
                flush=True,
            )
    entries = {
        name: _entry(pairs[name], workload, size) if name in pairs else entries[name]
        for name in names
        if name in pairs or name in entries
    }
    return {
        "name": workload.name,
        "summary": workload.summary,
        "query": workload.query,
        "size": size,
        "per_request": workload.per_request,
        "rounds": rounds,
        "min_time_s": workload.min_time_s if rounds > 1 else 0.0,
        "reference": reference[0] if reference else None,
        "libraries": entries,
    }


def _entry(pairs: list[dict[str, Any]], workload: Workload, size: int) -> dict[str, Any]:
    """One library's result from its processes (one per round)."""
    times = [t for pair in pairs for t in pair["times_s"]]
    median = statistics.median(times)
    entry: dict[str, Any] = {
        "median_s": median,
        "times_s": times,
        "peak_rss_mb": round(max(pair["peak_rss_mb"] for pair in pairs), 1),
        "digest": pairs[0]["digest"],
    }
    if len(pairs) > 1:
        entry["round_medians_s"] = [statistics.median(pair["times_s"]) for pair in pairs]
    if workload.per_request:
        entry["per_request_us"] = median / size * 1e6
    return entry


def _progress(entry: dict[str, Any], workload: Workload, size: int) -> str:
    median = report.format_seconds(entry["median_s"])
    if workload.per_request:
        median += f" ({report.format_seconds(entry['median_s'] / size)}/req)"
    return f"median {median:<24} peak RSS {entry['peak_rss_mb']:.0f} MB"


def metadata(args: argparse.Namespace, argv: list[str]) -> dict[str, Any]:
    floor_version = None if args.no_floor else floor.async_graphql_version()
    return {
        **environment.describe(floor_version),
        "reps": args.reps,
        "warmup": args.warmup,
        "quick": args.quick,
        "command": shlex.join(["python", "benchmarks/run.py", *argv]),
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.write_wide_schema:
        wide.SDL_PATH.write_text(wide.render_sdl())
        print(f"wrote {wide.SDL_PATH}; now regenerate W6's package:")
        print("  cd benchmarks && grommet-codegen --config codegen_wide.toml")
        return 0
    if args.render_only:
        write_reports(json.loads((args.out / "results.json").read_text()), args)
        return 0
    check_sources()
    if environment.grommet_build() == "debug":
        print("warning: grommet._core is a debug build; for real numbers run")
        print("  maturin develop --release")
    wants_floor = not args.no_floor and any(WORKLOADS[k].floor for k in args.workloads)
    floor_binary = floor.build() if wants_floor else None
    run: dict[str, Any] = {"meta": metadata(args, argv), "workloads": {}}
    with tempfile.TemporaryDirectory(prefix="grommet-bench-") as scratch:
        for key in args.workloads:
            workload = WORKLOADS[key]
            print(f"{key} {workload.name}: {workload.summary}", flush=True)
            run["workloads"][key] = run_workload(workload, args, floor_binary, Path(scratch))
    measured = {key: workload["libraries"] for key, workload in run["workloads"].items()}
    run["targets"] = [check.as_dict() for check in check_targets(measured)]
    write_reports(run, args)
    return 0


def write_reports(run: dict[str, Any], args: argparse.Namespace) -> None:
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(run, indent=2) + "\n")
    markdown = report.render_markdown(run)
    (args.out / "results.md").write_text(markdown)
    charted = report.write_chart(run, args.out / "chart.png")
    if args.out.resolve() == RESULTS_DIR and not run["meta"]["quick"]:
        update_readme(markdown)
    print(f"\nwrote {args.out / 'results.json'}, results.md" + (", chart.png" if charted else ""))
    if not charted:
        print("matplotlib is not installed: no chart (pip install -e '.[bench]')")
    print()
    print(markdown)


def update_readme(markdown: str) -> None:
    """Put the new tables between the README's results markers (headings one level down)."""
    text = README.read_text()
    if README_START not in text or README_END not in text:
        return
    body = "\n".join(
        "#" + line if line.startswith("#") else line
        for line in markdown.splitlines()
        if not line.startswith("# ")
    )
    start = text.index(README_START) + len(README_START)
    end = text.index(README_END)
    README.write_text(text[:start] + "\n" + body.strip() + "\n\n" + text[end:])


if __name__ == "__main__":
    sys.exit(main())
