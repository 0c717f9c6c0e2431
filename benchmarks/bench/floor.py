"""The pure-Rust floor (``benchmarks/rust_floor``): built with cargo, run like a worker."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

FLOOR_DIR = Path(__file__).resolve().parent.parent / "rust_floor"
MANIFEST = FLOOR_DIR / "Cargo.toml"
BINARY = FLOOR_DIR / "target" / "release" / "grommet-bench-floor"


def build() -> Path | None:
    """``cargo build --release``; None (and a note) when cargo is not installed."""
    cargo = shutil.which("cargo")
    if cargo is None:
        print("cargo not found: skipping the pure-Rust floor")
        return None
    print("building the pure-Rust floor (cargo build --release) ...", flush=True)
    subprocess.run(
        [cargo, "build", "--release", "--quiet", "--manifest-path", str(MANIFEST)], check=True
    )
    return BINARY


def command(
    binary: Path, workload: str, size: int, reps: int, warmup: int, outcome: Path
) -> list[str]:
    return [
        str(binary),
        "--workload", workload,
        "--size", str(size),
        "--reps", str(reps),
        "--warmup", str(warmup),
        "--outcome-file", str(outcome),
    ]  # fmt: skip


def async_graphql_version() -> str | None:
    lock = FLOOR_DIR / "Cargo.lock"
    if not lock.exists():
        return None
    packages = tomllib.loads(lock.read_text()).get("package", [])
    versions = [p["version"] for p in packages if p["name"] == "async-graphql"]
    return versions[0] if versions else None
