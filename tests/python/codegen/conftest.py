"""Helpers for running grommet-codegen for real: in a subprocess, in a temporary project."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
EXAMPLE = REPO / "examples" / "sdl_first"

PYPROJECT = """\
[tool.grommet-codegen]
schema = ["schema"]
output = "app/generated"
resolvers = "app/resolvers.py"
"""


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run_codegen(*args: str | Path, cwd: Path) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "grommet_codegen", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def run_tool(tool: str, *args: str | Path, cwd: Path, timeout: float = 300) -> Run:
    """ruff / mypy from this interpreter's environment; mypy reads grommet from this checkout."""
    env = dict(os.environ, MYPYPATH=str(REPO))
    done = subprocess.run(
        [str(BIN / tool), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file below ``directory`` (no caches) with its bytes."""
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and ".mypy_cache" not in p.parts
    }


@dataclass
class Project:
    """A temporary project: pyproject.toml with [tool.grommet-codegen], schema/, app/."""

    root: Path

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")

    def schema(self, sdl: str, name: str = "schema.graphql") -> Path:
        return self.write(f"schema/{name}", sdl)

    def codegen(self, *args: str | Path) -> Run:
        return run_codegen(*args, cwd=self.root)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    made = Project(tmp_path)
    made.write("pyproject.toml", PYPROJECT)
    made.write("app/__init__.py", "")
    return made


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[[str], Project]:
    def make(name: str) -> Project:
        made = Project(tmp_path / name)
        made.write("pyproject.toml", PYPROJECT)
        made.write("app/__init__.py", "")
        return made

    return make
