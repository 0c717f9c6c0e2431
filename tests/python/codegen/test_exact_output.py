"""The exact text generated for a small schema (expected/small/*.txt)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import run_codegen

EXPECTED = Path(__file__).parent / "expected" / "small"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("small")
    shutil.copy(EXPECTED / "schema.graphql", root / "s.graphql")
    run = run_codegen("s.graphql", "-o", "gen", "--resolvers", "res.py", cwd=root)
    assert run.code == 0, run.stderr
    return root


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("gen/__init__.py", "__init__.py.txt"),
        ("gen/types.py", "types.py.txt"),
        ("gen/resolvers.py", "resolvers.py.txt"),
        ("gen/schema.py", "schema.py.txt"),
        ("res.py", "scaffold.py.txt"),
    ],
)
def test_output_is_exactly_as_expected(generated: Path, output: str, expected: str) -> None:
    assert (generated / output).read_text() == (EXPECTED / expected).read_text()
