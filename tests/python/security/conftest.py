"""Hypothesis profiles of the fuzzer: ``ci`` (the default) and ``long``.

pytest tests/python/security                               # ci: bounded for CI
pytest tests/python/security --hypothesis-profile=long     # >= 20,000 documents
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings

from .oracle import STATISTICS

# Generation is the slow part of an example, and drawing a document is meant to be big.
_COMMON: dict[str, Any] = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
    # No explain phase: its line tracing multiplies the time of a failing run on Python 3.11.
    "phases": [Phase.explicit, Phase.generate, Phase.shrink],
    "database": None,
}
# ci: 3 tests x 600 examples (~1 min on 2 cores); long: 3 x 7,000 = 21,000 documents.
settings.register_profile("ci", max_examples=600, **_COMMON)
settings.register_profile("long", max_examples=7_000, **_COMMON)
# Per test; a failing example's shrinking can take minutes on a loaded machine.
CI_TIMEOUT = 600
LONG_RUN_TIMEOUT = 4 * 3600


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("hypothesis_profile", None):
        settings.load_profile("ci")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    long_run = config.getoption("hypothesis_profile", None) == "long"
    for item in items:
        if item.path.parent == Path(__file__).parent:
            item.add_marker(pytest.mark.timeout(LONG_RUN_TIMEOUT if long_run else CI_TIMEOUT))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not STATISTICS.documents:
        return
    write = terminalreporter.write_line
    write(
        f"fuzz: {STATISTICS.documents} documents, slowest grommet answer "
        f"{STATISTICS.slowest * 1000:.1f} ms"
    )
    for label, count in sorted(STATISTICS.outcomes.items()):
        write(f"fuzz:   {label}: {count}")
    for name, count in sorted(STATISTICS.known_issues.items()):
        write(f"fuzz:   known issue {name}: {count}")
    for name, count in sorted(STATISTICS.allowed.items()):
        write(f"fuzz:   allowed difference ({name}): {count}")
