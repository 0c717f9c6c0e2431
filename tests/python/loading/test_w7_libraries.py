"""W7 (benchmarks/): every library answers alike with exactly 2 load calls, one per level."""

from __future__ import annotations

import asyncio
import importlib
import sys
from pathlib import Path
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"
LIBRARIES = ("grommet-batch", "grommet-dataloader", "graphql-core", "strawberry", "ariadne")


@pytest.fixture(scope="module")
def outcomes() -> dict[str, Any]:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        adapters = importlib.import_module("bench.adapters")
        found = {}
        for name in LIBRARIES:
            prepared = adapters.ADAPTERS[name].load().prepare("W7", 40)

            async def once(prepared: Any = prepared) -> Any:
                return await prepared.outcome(await prepared.run())

            found[name] = asyncio.run(once())
        return found
    finally:
        sys.path.remove(str(BENCHMARKS))


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
