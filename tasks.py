#!/usr/bin/env python3
"""grommet's two entry points for a fresh clone.

    python3 tasks.py run    set up .venv, build the extension, run the example services
    python3 tasks.py test   set up .venv, build the extension, run every check CI runs
    python3 tasks.py hostile  the hostile-input tests again, on a release build (CI runs it too)

Setup is idempotent: the project is reinstalled only when its dependencies (pyproject.toml)
or the Rust sources change. Needs only Python >= 3.11 with pip and the Rust toolchain.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
VENV_BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
VENV_PYTHON = VENV_BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".grommet-install.json"

# Inputs of the compiled extension; a change to any of them means a rebuild.
RUST_INPUTS = ("Cargo.toml", "Cargo.lock", "build.rs", "rust-toolchain.toml", "src")
# The pyproject.toml tables that decide what `pip install -e '.[dev]'` installs and builds;
# tool settings (pytest, mypy, ruff) can change without a reinstall.
INSTALL_TABLES = ("build-system", "project", "tool.maturin")

EXAMPLES = ("examples/builder/main.py", "examples/sdl_first/main.py")

# Requests built to exhaust the engine: deep nesting on a 256 KiB thread, huge documents. A
# release build's stack frames differ from the dev profile's (session 3 found an overflow only
# there), so CI runs these on both.
HOSTILE_TESTS = (
    "tests/python/asgi/test_hostile_http.py",
    # The engine serves a plain JSON POST's whole ASGI exchange (src/http_post.rs).
    "tests/python/asgi/test_fast_post.py",
    "tests/python/asgi/test_direct_lists.py",
    "tests/python/runtime/test_hostile.py",
    "tests/python/runtime/test_slot_attributes.py",
    "tests/python/security/test_fuzz_findings.py",
)

# Tests and local runs use cargo's dev profile; `maturin build --release` is for wheels.
MATURIN_ARGS = "--profile dev"


class StepFailed(Exception):
    def __init__(self, step: str, detail: str) -> None:
        super().__init__(f"{step}: {detail}")
        self.step = step
        self.detail = detail


def say(message: str) -> None:
    print(f"\n==> {message}", flush=True)


def run_step(
    step: str,
    command: Sequence[str | os.PathLike[str]],
    *,
    env: Mapping[str, str] | None = None,
    explain: Mapping[int, str] | None = None,
) -> None:
    """Run one command; raise StepFailed with a readable reason if it exits non-zero."""
    args = [os.fspath(part) for part in command]
    say(f"{step}: {shlex.join(args)}")
    started = time.monotonic()
    try:
        code = subprocess.call(args, cwd=ROOT, env=dict(env) if env is not None else None)
    except FileNotFoundError:
        raise StepFailed(step, f"command not found: {args[0]}") from None
    if code != 0:
        reason = (explain or {}).get(code, f"exit status {code}")
        raise StepFailed(step, reason)
    print(f"    {step} ok ({time.monotonic() - started:.1f}s)", flush=True)


def digest(paths: Iterable[str]) -> str:
    """A hash of the named files and of every file under the named directories."""
    sha = hashlib.sha256()
    for name in paths:
        top = ROOT / name
        files = sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else [top]
        for path in files:
            sha.update(path.relative_to(ROOT).as_posix().encode())
            sha.update(b"\0")
            sha.update(path.read_bytes() if path.exists() else b"<missing>")
            sha.update(b"\0")
    return sha.hexdigest()


def install_digest() -> str:
    import tomllib  # here, so that an older python3 reaches the version check in setup()

    with (ROOT / "pyproject.toml").open("rb") as file:
        pyproject = tomllib.load(file)
    tables = {}
    for dotted in INSTALL_TABLES:
        table: Any = pyproject
        for key in dotted.split("."):
            table = table.get(key, {}) if isinstance(table, dict) else {}
        tables[dotted] = table
    return hashlib.sha256(json.dumps(tables, sort_keys=True).encode()).hexdigest()


def tool_env() -> dict[str, str]:
    """The environment every project tool runs in: the venv first on PATH, pyo3 aimed at it."""
    env = dict(os.environ)
    env["VIRTUAL_ENV"] = str(VENV)
    env["PATH"] = os.pathsep.join([str(VENV_BIN), env.get("PATH", "")])
    # pyo3's build script reads this interpreter's sysconfig, so `cargo test` links the
    # libpython of the Python the project is installed into (build.rs adds its rpath).
    env["PYO3_PYTHON"] = str(VENV_PYTHON)
    env.setdefault("MATURIN_PEP517_ARGS", MATURIN_ARGS)
    env.pop("PYTHONHOME", None)
    return env


def extension_built() -> bool:
    return any((ROOT / "grommet").glob("_core.*"))


def installer() -> list[str]:
    """`pip install` of the venv; `uv pip install` into it when it was made by uv (no pip)."""
    has_pip = subprocess.call(
        [VENV_PYTHON, "-c", "import pip"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    if has_pip == 0:
        return [str(VENV_PYTHON), "-m", "pip", "install", "--disable-pip-version-check"]
    uv = shutil.which("uv")
    if uv is None:
        raise StepFailed("setup", ".venv has no pip and uv is not on PATH; remove .venv")
    return [uv, "pip", "install", "--python", str(VENV_PYTHON)]


def read_stamp() -> dict[str, str]:
    try:
        loaded = json.loads(STAMP.read_text())
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def setup() -> None:
    """Create .venv if missing and (re)install the project when its inputs changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - a newcomer's python3 may be older
        raise StepFailed("setup", f"Python >= 3.11 is required, this is {sys.version.split()[0]}")
    if shutil.which("cargo") is None:
        raise StepFailed("setup", "cargo not found: install the Rust toolchain (rustup)")
    if not VENV_PYTHON.exists():
        run_step("create .venv", [sys.executable, "-m", "venv", VENV])

    env = tool_env()
    stamp = read_stamp()
    wanted = {"deps": install_digest(), "rust": digest(RUST_INPUTS)}
    if stamp.get("deps") != wanted["deps"]:
        run_step("install the project with dev extras", [*installer(), "-e", ".[dev]"], env=env)
    elif stamp.get("rust") != wanted["rust"] or not extension_built():
        # Dependencies are in place (maturin among them): rebuild the extension only.
        run_step(
            "rebuild the extension",
            [*installer(), "--no-deps", "--no-build-isolation", "-e", "."],
            env=env,
        )
    else:
        say("setup: .venv is up to date (no dependency or Rust source changed)")
    STAMP.write_text(json.dumps(wanted))


def run_examples() -> None:
    env = tool_env()
    found = [name for name in EXAMPLES if (ROOT / name).exists()]
    if not found:
        raise StepFailed("run", "no example service found under examples/")
    for name in found:
        run_step(f"example {name}", [VENV_PYTHON, name], env=env)


def run_checks() -> None:
    env = tool_env()
    run_step("cargo test", ["cargo", "test", "--locked"], env=env)
    run_step(
        "cargo clippy",
        ["cargo", "clippy", "--locked", "--all-targets", "--", "-D", "warnings"],
        env=env,
    )
    run_step(
        "pytest",
        [
            VENV_PYTHON,
            "-m",
            "pytest",
            "--cov=grommet",
            "--cov=grommet_codegen",
            "--cov-report=term:skip-covered",
        ],
        env=env,
        explain={5: "pytest collected no tests (exit status 5), which counts as a failure"},
    )
    # The hooks run `ruff check`, `ruff format --check`, `mypy --strict`, `cargo fmt --check`
    # and the example's `grommet-codegen --check`: each check once, here.
    if not (ROOT / ".git").exists():
        raise StepFailed("prek", "`prek run -a` needs a git checkout; run from a clone")
    run_step("prek", [VENV_BIN / "prek", "run", "-a"], env=env)


def run_hostile_on_release() -> None:
    env = tool_env()
    env["MATURIN_PEP517_ARGS"] = "--profile release"
    # The next setup must put the dev profile's build back, whatever happens here.
    stamp = read_stamp()
    stamp.pop("rust", None)
    STAMP.write_text(json.dumps(stamp))
    run_step(
        "build the extension (release profile)",
        [*installer(), "--no-deps", "--no-build-isolation", "-e", "."],
        env=env,
    )
    run_step(
        "hostile inputs, release build", [VENV_PYTHON, "-m", "pytest", *HOSTILE_TESTS], env=env
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "task",
        choices=("run", "test", "hostile"),
        help="run: examples; test: all checks; hostile: hostile inputs on a release build",
    )
    task = parser.parse_args(argv).task
    started = time.monotonic()
    try:
        setup()
        if task == "run":
            run_examples()
        elif task == "hostile":
            run_hostile_on_release()
        else:
            run_checks()
    except StepFailed as failure:
        print(f"\ntasks.py {task}: FAILED at {failure.step}: {failure.detail}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\ntasks.py {task}: interrupted", file=sys.stderr)
        return 130
    print(f"\ntasks.py {task}: all steps passed ({time.monotonic() - started:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
