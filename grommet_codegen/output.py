"""Comparing and writing the generated files: all of them or none."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

from .errors import codegen_error


def stale_files(
    files: Mapping[Path, str], packages: Mapping[Path, str] | None = None
) -> list[Path]:
    """The files whose content on disk differs from ``files``, and the missing ``packages``."""
    stale = [path for path, text in files.items() if _read(path) != text]
    return stale + [path for path in (packages or {}) if not path.exists()]


def write_files(
    files: Mapping[Path, str], packages: Mapping[Path, str] | None = None
) -> list[Path]:
    """Write the stale files atomically; returns them.

    Every new content goes to a temporary file beside its target first; only when all are
    written are they moved into place with ``os.replace``, so a failure (disk full, a
    directory in the way) leaves the previous output untouched. A rewritten file keeps its
    mode; a new one gets the mode the umask gives.
    """
    changed = stale_files(files, packages)
    contents = {**(packages or {}), **files}
    new_mode = 0o666 & ~_umask()
    staged: list[tuple[str, Path]] = []
    try:
        for path in changed:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged.append((temp, path))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as file:
                file.write(contents[path])
            os.chmod(temp, _mode(path, new_mode))
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


def _mode(path: Path, new_mode: int) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return new_mode


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
