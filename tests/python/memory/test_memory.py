"""Memory stays flat under load (issue 7, "done when" 4), measured in a fresh subprocess.

``benchmarks/memory.py`` runs the full counts (200,000 executions of each kind, 1,000 builds);
CI runs fewer with the same per-operation bound. RSS is asserted on, not time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "benchmarks" / "memory.py"
MIB = 1024 * 1024


def measure(*args: str) -> dict[str, Any]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=240, env=env
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.timeout(300)
def test_executions_do_not_grow_memory() -> None:
    # 40,000 of each kind: a fifth of the full count, so a fifth of the 10 MiB bound.
    executions = measure("--executions", "40000", "--builds", "0")["executions"]
    assert executions["bound"] == 2 * MIB
    for kind, figures in executions["kinds"].items():
        assert figures["rss_growth"] < executions["bound"], (kind, figures)


@pytest.mark.timeout(300)
def test_builds_from_fresh_classes_leave_nothing_behind() -> None:
    builds = measure("--executions", "0", "--builds", "1000")["builds"]
    assert builds["classes_alive"] == 0, builds
    assert builds["rss_growth"] < 5 * MIB, builds
