"""`cli.main` called in this process (the subprocess tests cover the same paths for real)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from grommet_codegen.cli import main

from .conftest import EXAMPLE, snapshot


def test_main_regenerates_the_example_identically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.rmtree(root / "app" / "generated")
    monkeypatch.chdir(root)
    assert main(["--check"]) == 1
    assert "stale: app/generated/types.py" in capsys.readouterr().err
    assert main([]) == 0
    assert snapshot(root / "app") == snapshot(EXAMPLE / "app")
    assert main(["--check"]) == 0


def test_main_reports_bad_sdl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.graphql").write_text("type Query {\n  a: B\n}\n")
    monkeypatch.chdir(tmp_path)
    assert main(["bad.graphql", "-o", "out"]) == 2
    assert capsys.readouterr().err.startswith("bad.graphql:2:6: ")
    assert not (tmp_path / "out").exists()
