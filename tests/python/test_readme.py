"""Every ```python block of README.md runs, top to bottom, as its own module."""

import re
import sys
import types
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
FENCE = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


def python_blocks() -> list[tuple[int, str]]:
    """(first line number, code) of each block."""
    text = README.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start(1)) + 1, m.group(1)) for m in FENCE.finditer(text)]


def test_readme_has_python_blocks() -> None:
    assert len(python_blocks()) >= 2


@pytest.mark.parametrize(
    ("line", "source"),
    [pytest.param(line, source, id=f"README.md:{line}") for line, source in python_blocks()],
)
def test_readme_block_runs(line: int, source: str) -> None:
    # A real module in sys.modules, so dataclasses and type-hint lookups resolve names in it.
    name = f"readme_block_line{line}"
    module = types.ModuleType(name)
    module.__file__ = str(README)
    sys.modules[name] = module
    try:
        # Blank lines keep tracebacks pointing at the README's own line numbers.
        code = compile("\n" * (line - 1) + source, str(README), "exec")
        exec(code, module.__dict__)
    finally:
        del sys.modules[name]
