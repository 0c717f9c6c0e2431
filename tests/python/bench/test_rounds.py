"""W7's libraries run in interleaved rounds: a target between two of them is the median of
the rounds' ratios, and a worker keeps timing until its round's time budget is spent."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"

# Run in the benchmarks directory, whose `bench` package this test package's name shadows.
CHECK = """
import json, sys
from bench.targets import check_targets
from bench.workloads import W7
results = json.loads(sys.stdin.read())
own = [c for c in check_targets(results) if c.workload == "W7" and c.grommet == "grommet-batch"
       and "DataLoader" in c.target]
print(json.dumps({"checks": [(c.ratio, c.met) for c in own], "w7": [W7.rounds, W7.min_time_s]}))
"""


def _check(results: dict[str, Any]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=BENCHMARKS,
        input=json.dumps(results),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def _w7(batch: list[float], loader: list[float]) -> dict[str, Any]:
    def entry(medians: list[float]) -> dict[str, Any]:
        return {"median_s": sorted(medians)[len(medians) // 2], "round_medians_s": medians}

    return {"W7": {"grommet-batch": entry(batch), "grommet-dataloader": entry(loader)}}


@pytest.mark.timeout(90)
def test_the_ratio_of_two_libraries_is_the_median_of_their_rounds_ratios() -> None:
    # Round 3 was slow for the batch resolver only (load that came and went): the ratio of
    # the medians (0.100 / 0.030) would be 3.33, the rounds' ratios are 4, 4, 1, 4, 4.
    found = _check(_w7([0.025, 0.025, 0.100, 0.025, 0.030], [0.100, 0.100, 0.100, 0.100, 0.120]))
    assert found == {"checks": [[4.0, True]], "w7": [5, 0.5]}


@pytest.mark.timeout(90)
def test_without_rounds_the_ratio_is_of_the_medians() -> None:
    results = {"W7": {"grommet-batch": {"median_s": 0.04}, "grommet-dataloader": {"median_s": 0.1}}}
    assert _check(results)["checks"] == [[2.5, False]]


@pytest.mark.timeout(120)
def test_a_worker_times_runs_until_its_budget_is_spent(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "bench.worker", "--library", "grommet-batch"]
    command += ["--workload", "W7", "--size", "20", "--reps", "2", "--min-time", "0.05"]
    command += ["--outcome-file", str(tmp_path / "outcome.json")]
    done = subprocess.run(command, cwd=BENCHMARKS, capture_output=True, text=True, timeout=100)
    assert done.returncode == 0, done.stderr
    times = json.loads(done.stdout.strip().splitlines()[-1])["times_s"]
    # 20 posts take well under a millisecond: the budget, not --reps, decides the count.
    assert len(times) > 2
    assert sum(times[:-1]) < 0.05 <= sum(times) or len(times) == 100
