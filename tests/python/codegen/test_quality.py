"""Generated code is clean under ruff and mypy --strict, and mypy checks user resolvers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import EXAMPLE, Project, run_tool
from .rich_schema import RICH_PYPROJECT, RICH_SDL

RULES = ["--select", "E,F,W,I,UP,B,SIM,RUF"]


@pytest.fixture
def rich(project: Project) -> Project:
    project.write("pyproject.toml", RICH_PYPROJECT)
    project.schema(RICH_SDL)
    run = project.codegen()
    assert run.code == 0, run.stderr
    return project


def mypy(project_root: Path, *targets: str) -> str:
    run = run_tool(
        "mypy",
        "--strict",
        "--no-incremental",
        "--python-version",
        "3.11",
        *targets,
        cwd=project_root,
    )
    return run.stdout + run.stderr if run.code else ""


@pytest.mark.parametrize("line_length", ["88"])
def test_rich_output_is_ruff_clean(rich: Project, line_length: str) -> None:
    # Long SDL and description lines are the user's text: E501 would flag them.
    fmt = run_tool(
        "ruff",
        "format",
        "--isolated",
        "--line-length",
        line_length,
        "--check",
        ".",
        cwd=rich.root,
    )
    assert fmt.code == 0, fmt.stdout + fmt.stderr
    lint = run_tool(
        "ruff",
        "check",
        "--isolated",
        "--line-length",
        line_length,
        *RULES,
        "--ignore",
        "E501",
        ".",
        cwd=rich.root,
    )
    assert lint.code == 0, lint.stdout + lint.stderr


def test_rich_output_and_fresh_scaffold_pass_mypy_strict(rich: Project) -> None:
    assert mypy(rich.root, "app") == ""


@pytest.mark.parametrize("line_length", ["88", "100", "120"])
def test_example_package_is_clean_at_any_usual_line_length(
    tmp_path: Path, line_length: str
) -> None:
    generated = EXAMPLE / "app" / "generated"
    for args in (["format", "--check"], ["check", *RULES]):
        run = run_tool(
            "ruff", *args, "--isolated", "--line-length", line_length, generated, cwd=tmp_path
        )
        assert run.code == 0, run.stdout + run.stderr


def copy_example(tmp_path: Path) -> Path:
    root = tmp_path / "example"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns("__pycache__", ".mypy_cache"))
    return root


def test_example_service_passes_mypy_strict(tmp_path: Path) -> None:
    assert mypy(copy_example(tmp_path), "app", "main.py") == ""


def test_mypy_catches_a_resolver_with_a_wrong_signature(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    resolvers = root / "app" / "resolvers.py"
    text = resolvers.read_text()
    # `user(id: ID!)` takes a str; the user typed it as an int.
    wrong = text.replace(
        "        *,\n        id: str,\n    ) -> generated.User | None:",
        "        *,\n        id: int,\n    ) -> generated.User | None:",
    )
    assert wrong != text
    resolvers.write_text(wrong)
    output = mypy(root, "app", "main.py")
    assert 'Argument 3 of "user" is incompatible with supertype' in output
    assert "app/resolvers.py:" in output


def test_mypy_catches_a_resolver_object_missing_a_method(tmp_path: Path) -> None:
    root = copy_example(tmp_path)
    main = root / "main.py"
    main.write_text(
        main.read_text().replace("user=resolvers.User(blog),", "user=resolvers.Query(blog),")
    )
    output = mypy(root, "main.py")
    assert 'Argument "user" to "build_schema" has incompatible type "Query"' in output
