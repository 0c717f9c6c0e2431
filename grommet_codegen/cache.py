"""What the last run produced, so that a run with the same inputs skips parse, lower, render.

Kept in ``OUTDIR/__pycache__/grommet-codegen.json`` (a directory version control already
ignores): a digest of the inputs (every SDL file, the settings, this package's own source),
a digest of each generated file as written, and the rendered scaffold the resolvers file is
merged from. The cache is trusted only while the inputs and every generated file on disk
still match it; anything else, or a damaged cache, means a full run.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_NAME = "grommet-codegen.json"
_FORMAT = 1


@dataclass(frozen=True)
class Entry:
    inputs: str
    outputs: dict[str, str]  # file name in OUTDIR → sha256 of its content
    scaffold: str


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def inputs_digest(settings: str, sources: Sequence[tuple[str, str]]) -> str:
    sha = hashlib.sha256(f"{_FORMAT}\0{_own_source()}\0{settings}".encode())
    for path, text in sources:
        sha.update(f"\0{path}\0{len(text)}\0".encode())
        sha.update(text.encode("utf-8"))
    return sha.hexdigest()


@cache
def _own_source() -> str:
    """A digest of grommet_codegen itself: another version renders other code."""
    root = Path(__file__).resolve().parent
    sha = hashlib.sha256()
    for path in sorted([*root.glob("*.py"), *(root / "templates").glob("*.jinja")]):
        sha.update(path.name.encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def load(output: Path, inputs: str) -> Entry | None:
    """The entry for ``inputs`` when every generated file on disk is still as written."""
    try:
        data = json.loads((output / "__pycache__" / _NAME).read_text(encoding="utf-8"))
        entry = Entry(data["inputs"], dict(data["outputs"]), data["scaffold"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if entry.inputs != inputs:
        return None
    for name, expected in entry.outputs.items():
        try:
            if digest((output / name).read_text(encoding="utf-8")) != expected:
                return None
        except (OSError, UnicodeDecodeError):
            return None
    return entry


def store(output: Path, entry: Entry) -> None:
    """Best effort: a cache that cannot be written only costs the next run its shortcut."""
    directory = output / "__pycache__"
    data = {"inputs": entry.inputs, "outputs": entry.outputs, "scaffold": entry.scaffold}
    try:
        directory.mkdir(exist_ok=True)
        temp = directory / f".{_NAME}.{os.getpid()}.tmp"
        temp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temp, directory / _NAME)
    except OSError:
        return


def outputs_of(files: Mapping[Path, str], output: Path) -> dict[str, str]:
    return {path.name: digest(text) for path, text in files.items() if path.parent == output}
