"""benchmarks/extensions.py runs end to end (``--quick``): every variant answers alike."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"
VARIANTS = [
    "grommet",
    "grommet + operation hooks",
    "grommet + OpenTelemetry",
    "grommet + OpenTelemetry resolver spans",
    "strawberry",
    "strawberry + OpenTelemetryExtension",
    "SDK spans alone",
]


def test_quick_run_writes_results_for_every_variant(tmp_path: Path) -> None:
    command = [sys.executable, str(BENCHMARKS / "extensions.py"), "--quick", "--out", str(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr + done.stdout
    report = json.loads((tmp_path / "extensions.json").read_text())
    assert list(report["workloads"]) == ["W4", "W2"]
    for run in report["workloads"].values():
        assert list(run["median_s"]) == VARIANTS
        assert all(len(times) == 1 for times in run["times_s"].values())
        counts = run["span_counts"]
        # Both libraries trace the same things: an operation, two phases, each resolver call.
        spans = counts["grommet + OpenTelemetry resolver spans"]["total"]
        assert spans == counts["strawberry + OpenTelemetryExtension"]["total"]
    assert report["workloads"]["W2"]["span_counts"]["grommet + OpenTelemetry resolver spans"] == {
        "total": 104,  # 20 rows x 5 cells, the root field, the operation and its two phases
        "by_name": {
            "GraphQL validation": 1,
            "GraphQL resolve Query.computedRows": 1,
            "GraphQL resolve ComputedCell.value": 100,
            "GraphQL execution": 1,
            "query": 1,
        },
    }
    table = (tmp_path / "extensions.md").read_text()
    assert "| W2 | grommet + OpenTelemetry resolver spans |" in table
    assert "bare SDK spans" in table
