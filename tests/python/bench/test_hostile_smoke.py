"""``benchmarks/hostile.py`` runs end to end at a tiny scale and records every case it ran."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"
CASES = ("deep selection", "deep input variable", "fragment bomb 30", "many aliases")


@pytest.mark.timeout(180)
def test_tiny_run_records_time_and_outcome_of_each_case(tmp_path: Path) -> None:
    command = [
        sys.executable,
        str(BENCHMARKS / "hostile.py"),
        "--scale",
        "0.001",
        "--only",
        ",".join(CASES),
        "--timeout",
        "60",
        "--out",
        str(tmp_path),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=170)
    assert done.returncode == 0, done.stderr + done.stdout

    run = json.loads((tmp_path / "hostile.json").read_text())
    assert run["meta"]["scale"] == 0.001
    assert list(run["cases"]) == list(CASES)
    for case in run["cases"].values():
        for stack in ("main", "256k"):
            assert isinstance(case[stack]["outcome"], str)
            assert case[stack]["seconds"] >= 0
    # On the main thread these small documents all get an answer.
    assert {run["cases"][name]["main"]["outcome"] for name in CASES} <= {"data", "request error"}
    table = (tmp_path / "hostile.md").read_text()
    assert all(f"| {name} |" in table for name in CASES)
