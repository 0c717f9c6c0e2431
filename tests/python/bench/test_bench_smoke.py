"""The benchmark suite runs end to end (``--quick``) and compares libraries before timing."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"
PEERS = {"graphql-core": "graphql", "strawberry": "strawberry", "ariadne": "ariadne"}
WORKLOADS = ("W1", "W3", "W4")


def installed(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def test_quick_run_writes_results_and_every_library_agrees(tmp_path: Path) -> None:
    command = [
        sys.executable,
        str(BENCHMARKS / "run.py"),
        "--quick",
        "--only",
        ",".join(WORKLOADS),
        "--no-floor",
        "--out",
        str(tmp_path),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr + done.stdout

    run = json.loads((tmp_path / "results.json").read_text())
    assert run["meta"]["quick"] is True
    assert run["meta"]["reps"] == 1
    assert list(run["workloads"]) == list(WORKLOADS)
    for key, workload in run["workloads"].items():
        libraries = workload["libraries"]
        expected = {"grommet-codegen", "grommet-builder"}
        expected |= {name for name, module in PEERS.items() if installed(module)}
        if key == "W4" and installed("graphql"):
            expected.add("graphql-core-cached")
        ran = {name for name, entry in libraries.items() if "median_s" in entry}
        assert ran == expected, key
        for name in ran:
            entry = libraries[name]
            assert len(entry["times_s"]) == 1
            assert entry["median_s"] > 0
            assert entry["peak_rss_mb"] > 0
        assert len({libraries[name]["digest"] for name in ran}) == 1, key
        assert workload["reference"] == "grommet-codegen"
    assert "per_request_us" in run["workloads"]["W4"]["libraries"]["grommet-codegen"]
    assert {check["workload"] for check in run["targets"]} >= {"W1", "W3", "W4"}

    markdown = (tmp_path / "results.md").read_text()
    assert "| W1 list_attrs |" in markdown
    assert "## Targets" in markdown
    if installed("matplotlib"):
        assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")


def test_a_result_that_differs_from_the_reference_is_not_timed(tmp_path: Path) -> None:
    command = [
        sys.executable, "-m", "bench.worker",
        "--library", "grommet-codegen", "--workload", "W1", "--size", "3", "--reps", "1",
        "--outcome-file", str(tmp_path / "outcome.json"), "--expect", "0" * 64,
    ]  # fmt: skip
    done = subprocess.run(command, cwd=BENCHMARKS, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["times_s"] == []
    assert report["error"] == "result differs from the reference"
    outcome = json.loads((tmp_path / "outcome.json").read_text())
    assert outcome["data"]["rows"][2] == {
        "a": 2,
        "b": 4,
        "c": 6,
        "cells": [{"value": f"Cell {10 + k}"} for k in range(5)],
    }
