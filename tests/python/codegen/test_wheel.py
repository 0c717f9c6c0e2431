"""A wheel built with maturin, installed in a fresh venv, runs grommet-codegen (templates ship).

There is one set of templates, ``grommet_codegen/templates/``; the top-level ``templates/`` the
layout names is a link to it, and the wheel ships it inside the package (never a top-level
``templates/`` in site-packages).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from .conftest import BIN, EXAMPLE, REPO, snapshot

TEMPLATES = REPO / "grommet_codegen" / "templates"


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=900
    )


@pytest.mark.skipif(not (BIN / "maturin").exists(), reason="needs maturin")
# The wheel build recompiles pyo3 and the engine (optimised in the dev profile): minutes on a
# busy 2-core machine, past pytest's default timeout.
@pytest.mark.timeout(900)
def test_installed_wheel_regenerates_the_example(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = run(BIN / "maturin", "build", "--profile", "dev", "-q", "-o", wheels, cwd=REPO)
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("grommet-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = {
            name: archive.read(name) for name in archive.namelist() if name.endswith(".jinja")
        }
    assert shipped == {
        f"grommet_codegen/templates/{path.name}": path.read_bytes()
        for path in TEMPLATES.glob("*.jinja")
    }

    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    install = run(python, "-m", "pip", "install", "-q", f"{wheel}[codegen]", cwd=tmp_path)
    assert install.returncode == 0, install.stderr

    example = tmp_path / "example"
    shutil.copytree(EXAMPLE, example, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.rmtree(example / "app" / "generated")
    generated = run(env / "bin" / "grommet-codegen", cwd=example)
    assert generated.returncode == 0, generated.stderr
    assert snapshot(example / "app" / "generated") == snapshot(EXAMPLE / "app" / "generated")
    check = run(env / "bin" / "grommet-codegen", "--check", cwd=example)
    assert check.returncode == 0, check.stderr
    # The installed package, not this checkout, did the work.
    where = run(
        python, "-c", "import grommet_codegen; print(grommet_codegen.__file__)", cwd=example
    )
    assert str(env) in where.stdout
    assert sys.prefix not in where.stdout
    service = run(python, "main.py", cwd=example)
    assert service.returncode == 0, service.stderr
    assert '"createPost"' in service.stdout


def test_the_top_level_templates_are_the_package_templates() -> None:
    assert (REPO / "templates").is_symlink()
    assert (REPO / "templates").resolve() == TEMPLATES.resolve()
    assert sorted(p.name for p in TEMPLATES.iterdir()) == [
        "__init__.py.jinja",
        "federation.py.jinja",
        "resolvers.py.jinja",
        "scaffold.py.jinja",
        "schema.py.jinja",
        "types.py.jinja",
    ]
