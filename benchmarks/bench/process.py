"""Run one workload-library pair in a child process and read its report and peak RSS."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class PairRun:
    report: dict[str, Any]
    peak_rss_mb: float


class PairFailed(RuntimeError):
    pass


def run_pair(command: list[str], cwd: Path) -> PairRun:
    """Run ``command``, which prints one JSON object; its peak RSS comes from ``wait4``.

    ``wait4`` gives this child's own resource usage (``RUSAGE_CHILDREN`` would give the
    largest of all children so far).
    """
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        child = subprocess.Popen(command, cwd=cwd, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        out = stdout.read().decode()
        err = stderr.read().decode()
    lines = out.strip().splitlines()
    report: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    if child.returncode != 0 and "error" not in report:
        raise PairFailed(f"{' '.join(command)} exited with {child.returncode}:\n{err}{out}")
    # Linux reports ru_maxrss in KiB.
    return PairRun(report=report, peak_rss_mb=usage.ru_maxrss / 1024)
