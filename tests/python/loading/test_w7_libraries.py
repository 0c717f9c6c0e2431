"""W7 (benchmarks/): every library answers alike with exactly 2 load calls, one per level."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"
LIBRARIES = ("grommet-batch", "grommet-dataloader", "graphql-core", "strawberry", "ariadne")


# In a subprocess: importing Strawberry patches graphql-core for the rest of a process.
SCRIPT = """
import asyncio, json, sys
from bench import adapters

async def once(prepared):
    return await prepared.outcome(await prepared.run())

found = {name: asyncio.run(once(adapters.ADAPTERS[name].load().prepare("W7", 40)))
         for name in sys.argv[1:]}
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *LIBRARIES],
        cwd=BENCHMARKS,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


@pytest.mark.parametrize("library", LIBRARIES)
def test_two_load_calls_and_the_same_response(outcomes: dict[str, Any], library: str) -> None:
    outcome = outcomes[library]
    assert outcome["load_calls"] == 2
    assert outcome["response"] == outcomes["grommet-batch"]["response"]
    posts = outcome["response"]["data"]["posts"]
    assert len(posts) == 40
    assert posts[1] == {
        "id": "p1",
        "title": "post 1",
        "author": {"id": "7", "name": "user 7"},
        "comments": [
            {"id": "c1.0", "author": {"id": "13", "name": "user 13"}},
            {"id": "c1.1", "author": {"id": "44", "name": "user 44"}},
            {"id": "c1.2", "author": {"id": "75", "name": "user 75"}},
        ],
    }
