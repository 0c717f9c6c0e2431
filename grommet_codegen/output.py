"""Comparing and writing the generated files: all of them or none."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import codegen_error


def stale_files(files: Mapping[Path, str]) -> list[Path]:
    """The files whose content on disk differs from ``files`` (or that do not exist)."""
    return [path for path, text in files.items() if _read(path) != text]


def write_files(files: Mapping[Path, str]) -> list[Path]:
    """Write the stale files atomically; returns them.

    Every new content goes to a temporary file beside its target first; only when all are
    written are they moved into place with ``os.replace``, so a failure (disk full, a
    directory in the way) leaves the previous output untouched.
    """
    changed = stale_files(files)
    staged: list[tuple[str, Path]] = []
    try:
        for path in changed:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged.append((temp, path))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as file:
                file.write(files[path])
        for _, path in staged:
            if path.is_dir():
                raise codegen_error(f"{path}: is a directory")
        for temp, path in staged:
            os.replace(temp, path)
    except OSError as error:
        raise codegen_error(f"cannot write {error.filename or ''}: {error.strerror}") from error
    finally:
        for temp, _ in staged:
            if os.path.exists(temp):
                os.unlink(temp)
    return changed


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
