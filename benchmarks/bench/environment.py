"""What a run was measured on: machine, versions, and how grommet's extension was built."""

from __future__ import annotations

import datetime
import importlib.metadata
import importlib.util
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

DISTRIBUTIONS = ("grommet", "graphql-core", "strawberry-graphql", "ariadne")


def describe(floor_version: str | None) -> dict[str, Any]:
    versions: dict[str, str] = {}
    for distribution in DISTRIBUTIONS:
        try:
            versions[distribution] = importlib.metadata.version(distribution)
        except importlib.metadata.PackageNotFoundError:
            continue
    if floor_version:
        versions["async-graphql (floor)"] = floor_version
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "cpus": os.cpu_count(),
        "versions": versions,
        "grommet_build": grommet_build(),
        "commit": git_commit(),
    }


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def grommet_build() -> str:
    """``release`` or ``debug``: a dev-profile extension carries DWARF sections."""
    spec = importlib.util.find_spec("grommet._core")
    if spec is None or spec.origin is None:
        return "not installed"
    sections = elf_section_names(Path(spec.origin).read_bytes())
    if sections is None:
        return "unknown"
    return "debug" if ".debug_info" in sections else "release"


def elf_section_names(image: bytes) -> set[str] | None:
    """The section names of a little-endian ELF64 file; None for anything else."""
    if image[:6] != b"\x7fELF\x02\x01":
        return None
    section_offset = int.from_bytes(image[0x28:0x30], "little")
    entry_size = int.from_bytes(image[0x3A:0x3C], "little")
    count = int.from_bytes(image[0x3C:0x3E], "little")
    names_index = int.from_bytes(image[0x3E:0x40], "little")

    def header(index: int) -> tuple[int, int]:
        start = section_offset + index * entry_size
        name = int.from_bytes(image[start : start + 4], "little")
        offset = int.from_bytes(image[start + 0x18 : start + 0x20], "little")
        return name, offset

    names_offset = header(names_index)[1]
    found = set()
    for index in range(count):
        start = names_offset + header(index)[0]
        found.add(image[start : image.index(b"\0", start)].decode(errors="replace"))
    return found


def git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip()
