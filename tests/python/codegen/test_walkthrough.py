"""The SDL-first walkthrough runs verbatim in an empty directory.

Every markdown file below that has the "SDL-first from an empty directory" section is tested:
its ```sh blocks run in order, in one bash, with this environment's tools on PATH.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import BIN, EXAMPLE, REPO

HEADING = "SDL-first from an empty directory"
DOCS = [p for p in (REPO / "README.md", EXAMPLE / "README.md") if p.is_file()]


def walkthrough(doc: Path) -> str:
    text = doc.read_text(encoding="utf-8")
    section = text[text.index(HEADING) :]
    following = re.search(r"^#{1,2} ", section[1:], re.MULTILINE)
    if following:
        section = section[: following.start() + 1]
    return "\n".join(re.findall(r"^```sh\n(.*?)^```", section, re.DOTALL | re.MULTILINE))


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize(
    "doc",
    [d for d in DOCS if HEADING in d.read_text(encoding="utf-8")],
    ids=lambda d: str(d.relative_to(REPO)),
)
def test_walkthrough_runs_verbatim(doc: Path, tmp_path: Path) -> None:
    script = walkthrough(doc)
    assert "grommet-codegen" in script
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "{'data': {'hello': 'Hello, SDL!'}}" in done.stdout
    resolvers = (tmp_path / "app" / "resolvers.py").read_text()
    assert 'return f"Hello, {name}!"' in resolvers  # kept across regeneration
    assert "def answer(" in resolvers  # added for the new field
