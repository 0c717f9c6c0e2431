"""The `grommet-codegen` hook of .pre-commit-hooks.yaml under real prek in a git repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import BIN, PYPROJECT, REPO, Project

SDL = "type Query {\n  hello: String!\n}\n"


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, timeout=120, env=_env()
    )


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.update(
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
        PREK_HOME=env.get("PREK_HOME", str(Path.home() / ".cache" / "prek")),
    )
    return env


def published_hook() -> dict[str, object]:
    """The hook of .pre-commit-hooks.yaml (flat `key: value` lines; lists in flow style)."""
    hook: dict[str, object] = {}
    for line in (REPO / ".pre-commit-hooks.yaml").read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, value = line.lstrip("- ").partition(": ")
        value = value.strip()
        if value.startswith("["):
            hook[key] = [item.strip().strip('"') for item in value[1:-1].split(",") if item]
        else:
            hook[key] = {"true": True, "false": False}.get(value, value)
    return hook


def local_hook_config() -> str:
    """Our published hook as a `repo: local` hook run by this environment's Python.

    JSON is YAML, so the config needs no YAML library.
    """
    hook = published_hook()
    assert hook["id"] == "grommet-codegen" and hook["args"] == ["--check"]
    hook.update(language="system", entry=str(BIN / "grommet-codegen"))
    hook.pop("additional_dependencies", None)
    return json.dumps({"repos": [{"repo": "local", "hooks": [hook]}]}, indent=2)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_commit_with_stale_generated_code_is_rejected_then_accepted(project: Project) -> None:
    root = project.root
    project.write("pyproject.toml", PYPROJECT)
    project.schema(SDL)
    project.write(".pre-commit-config.yaml", local_hook_config())
    assert project.codegen().code == 0
    assert git(root, "init", "-q", "-b", "main").returncode == 0
    install = subprocess.run(
        [str(BIN / "prek"), "install"], cwd=root, capture_output=True, text=True, env=_env()
    )
    assert install.returncode == 0, install.stderr
    git(root, "add", "-A")
    first = git(root, "commit", "-q", "-m", "initial")
    assert first.returncode == 0, first.stdout + first.stderr

    # Change the SDL without regenerating: the hook rejects the commit.
    project.schema(SDL.replace("String!\n", "String!\n  bye: String\n"))
    git(root, "add", "-A")
    rejected = git(root, "commit", "-q", "-m", "add bye")
    assert rejected.returncode != 0
    assert "stale: app/generated/schema.py" in rejected.stdout + rejected.stderr
    assert git(root, "log", "--oneline").stdout.count("\n") == 1

    # Regenerate, stage, commit: accepted.
    assert project.codegen().code == 0
    git(root, "add", "-A")
    accepted = git(root, "commit", "-q", "-m", "add bye")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert git(root, "status", "--porcelain").stdout == ""
