"""Run one workload-library pair in a child process and read its report."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any


class PairFailed(RuntimeError):
    pass


def run_pair(command: list[str], cwd: Path) -> dict[str, Any]:
    """Run ``command``, which prints one JSON object (with its own ``peak_rss_mb``) last."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    report: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    if done.returncode != 0 and "error" not in report:
        raise PairFailed(f"{' '.join(command)} exited with {done.returncode}:\n{done.stderr}")
    return report


def peak_rss_mb() -> float:
    """This process's peak RSS, from ``VmHWM``.

    Not ``ru_maxrss``: on Linux a child's ``ru_maxrss`` (``RUSAGE_SELF``, ``wait4`` or
    ``RUSAGE_CHILDREN``) starts from the high-water mark of the process that forked it,
    so a runner holding a big result would raise every later child's figure. ``VmHWM``
    belongs to the address space the child got at ``exec``.
    """
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")
