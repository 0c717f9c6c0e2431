"""examples/builder answers its sample query (as `tasks.py run` shows it) and its mutation."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "builder" / "main.py"

SAMPLE_ANSWER = {
    "data": {
        "fiction": [
            {"title": "The Dispossessed", "year": 1974, "review": None},
            {
                "title": "The Left Hand of Darkness",
                "year": 1969,
                "review": "Cold planet, warm book.",
            },
        ],
        "author": {
            "name": "Stephen Hawking",
            "books": [{"title": "A Brief History of Time", "genre": "SCIENCE"}],
        },
    }
}


@pytest.fixture(scope="module")
def example() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location("builder_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def test_running_the_example_prints_the_answer() -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLE)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == SAMPLE_ANSWER


async def test_sample_query(example: ModuleType) -> None:
    result = await example.schema.execute(example.SAMPLE_QUERY, context=example.sample_shelf())
    assert result.to_dict() == SAMPLE_ANSWER


async def test_add_book_mutation(example: ModuleType) -> None:
    shelf = example.sample_shelf()
    source = """
        mutation Add($book: NewBook!) {
          addBook(book: $book) { id title author { name books { title } } }
        }
    """
    book = {"title": "The Lathe of Heaven", "year": 1971, "genre": "FICTION", "authorId": "a1"}
    result = await example.schema.execute(source, {"book": book}, context=shelf)
    titles = ["The Left Hand of Darkness", "The Lathe of Heaven", "The Dispossessed"]
    assert result.to_dict() == {
        "data": {
            "addBook": {
                "id": "4",
                "title": "The Lathe of Heaven",
                "author": {"name": "Ursula K. Le Guin", "books": [{"title": t} for t in titles]},
            }
        }
    }

    missing = {**book, "authorId": "nobody"}
    result = await example.schema.execute(source, {"book": missing}, context=shelf)
    assert result.to_dict() == {
        "data": None,
        "errors": [
            {
                "message": "no author with id nobody",
                "locations": [{"line": 3, "column": 11}],
                "path": ["addBook"],
                "extensions": {"code": "NOT_FOUND"},
            }
        ],
    }
