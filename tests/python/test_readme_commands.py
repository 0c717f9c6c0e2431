"""The README's shell blocks run as written.

test_readme.py runs the ```python blocks and codegen/test_walkthrough.py the SDL-first
walkthrough; this file runs every other ```sh block. The one command it cannot run from inside
the suite is `python3 tasks.py test`, which *is* this suite: CI runs it (`.ci/run`), which this
file checks.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
WALKTHROUGH = "SDL-first from an empty directory"
SH = re.compile(r"^```sh[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


def sh_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    start = text.index(WALKTHROUGH)
    end = re.compile(r"^## ", re.MULTILINE).search(text, start)
    assert end is not None
    return [m.group(1) for m in SH.finditer(text) if not start <= m.start() < end.start()]


def commands(block: str) -> list[str]:
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def test_every_sh_block_outside_the_walkthrough_is_run_here() -> None:
    assert [commands(b) for b in sh_blocks()] == [
        ["python3 tasks.py run", "python3 tasks.py test"],
        ["grommet-codegen schema/ -o app/generated --resolvers app/resolvers.py"],
    ]


def test_ci_runs_the_test_command() -> None:
    assert "python3 tasks.py test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_run_command_answers_with_the_examples() -> None:
    python3 = shutil.which("python3") or sys.executable
    done = subprocess.run(
        [python3, "tasks.py", "run"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        env={k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert '"data"' in done.stdout
    assert "examples/builder/main.py" in done.stdout + done.stderr
    assert "examples/sdl_first/main.py" in done.stdout + done.stderr


def test_codegen_command_on_a_schema_directory(tmp_path: Path) -> None:
    shutil.copytree(REPO / "examples" / "sdl_first" / "schema", tmp_path / "schema")
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    (block,) = [b for b in sh_blocks() if "grommet-codegen" in b]
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", block],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    generated = tmp_path / "app" / "generated"
    assert sorted(p.name for p in generated.iterdir() if p.name != "__pycache__") == [
        "__init__.py",
        "resolvers.py",
        "schema.py",
        "types.py",
    ]
    assert "class Query(generated.QueryResolvers):" in (
        tmp_path / "app" / "resolvers.py"
    ).read_text(encoding="utf-8")
