"""The generated packages the benchmarks measure are what grommet-codegen makes of their SDL now.

Each config is regenerated into an empty directory (no cache of an earlier run can answer) and
compared file by file with the committed package: a change to the generator or to the SDL that
was not followed by ``grommet-codegen --config ...`` in ``benchmarks/`` fails here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"


def files(directory: Path) -> dict[str, str]:
    return {
        p.relative_to(directory).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(directory.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.mark.parametrize("config", ["codegen.toml", "codegen_wide.toml"])
def test_committed_package_is_regenerated_unchanged(tmp_path: Path, config: str) -> None:
    with (BENCHMARKS / config).open("rb") as file:
        settings = tomllib.load(file)["tool"]["grommet-codegen"]
    shutil.copy(BENCHMARKS / config, tmp_path / config)
    for schema in settings["schema"]:
        shutil.copy(BENCHMARKS / schema, tmp_path / schema)
    done = subprocess.run(
        [sys.executable, "-m", "grommet_codegen", "--config", config],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    output = settings["output"]
    regenerated = files(tmp_path / output)
    assert sorted(regenerated) == ["__init__.py", "resolvers.py", "schema.py", "types.py"]
    assert files(BENCHMARKS / output) == regenerated, (
        f"benchmarks/{output} is stale: cd benchmarks && grommet-codegen --config {config}"
    )
