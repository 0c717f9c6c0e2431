"""Reading SDL files and parsing them with the engine's own parser."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import CodegenError, codegen_error

SDL_SUFFIXES = (".graphql", ".graphqls")


def collect_sources(paths: Sequence[Path], cwd: Path) -> list[tuple[str, str]]:
    """(display path, text) of every SDL file; directories are searched recursively, sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in SDL_SUFFIXES and p.is_file())
        elif path.is_file():
            files.append(path)
        else:
            raise codegen_error(f"{display_path(path, cwd)}: no such file or directory")
    if not files:
        raise codegen_error("no SDL files found (expected *.graphql or *.graphqls)")
    sources = []
    for file in dict.fromkeys(files):
        try:
            sources.append((display_path(file, cwd), file.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as error:
            raise codegen_error(f"{display_path(file, cwd)}: {error}") from error
    return sources


def display_path(path: Path, cwd: Path) -> str:
    """``path`` relative to the working directory when it is below it."""
    absolute = path if path.is_absolute() else cwd / path
    try:
        return absolute.relative_to(cwd).as_posix()
    except ValueError:
        return os.fspath(absolute)


def parse_sdl(sources: list[tuple[str, str]]) -> dict[str, Any]:
    """Merge and validate the SDL with ``grommet._core.parse_schema``.

    Raises `CodegenError` with one ``file:line:col: message`` line per diagnostic.
    """
    from grommet import _core

    try:
        return _core.parse_schema(sources)
    except _core.SchemaError as error:
        diagnostics = getattr(error, "diagnostics", None)
        if not diagnostics:
            raise CodegenError(str(error).splitlines() or ["invalid schema"]) from error
        raise CodegenError(
            [f"{path}:{line}:{col}: {message}" for path, line, col, message in diagnostics]
        ) from error
