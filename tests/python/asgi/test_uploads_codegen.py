"""`scalar Upload` in SDL: grommet-codegen maps it to grommet.UploadFile, and the generated
schema takes files over a real server."""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import grommet
from grommet.asgi import GraphQL

from .live import serve

SDL = """\
scalar Upload
input Attachments { label: String! files: [Upload!]! }
type Query { ok: Boolean }
type Mutation {
  upload(file: Upload!): String!
  attach(a: Attachments!): String!
}
"""


class Query:
    def ok(self, parent: object, info: grommet.Info) -> bool:
        return True


class Mutation:
    async def upload(self, parent: object, info: grommet.Info, *, file: grommet.UploadFile) -> str:
        return f"{file.filename}:{(await file.read()).decode()}"

    async def attach(self, parent: object, info: grommet.Info, *, a: Any) -> str:
        contents = [(await f.read()).decode() for f in a.files]
        return f"{a.label}:{type(a).__name__}:{','.join(contents)}"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    root = tmp_path_factory.mktemp("codegen_upload")
    (root / "schema.graphql").write_text(SDL, encoding="utf-8")
    package = root / "upload_app" / "generated"
    subprocess.run(
        [sys.executable, "-m", "grommet_codegen", "schema.graphql", "-o", str(package)],
        cwd=root,
        check=True,
        capture_output=True,
        timeout=60,
    )
    (root / "upload_app" / "__init__.py").write_text("", encoding="utf-8")
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module("upload_app.generated")
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m.startswith("upload_app")]:
            del sys.modules[name]


def test_the_generated_alias_is_the_upload_file(generated: Any) -> None:
    assert generated.types.Upload is grommet.UploadFile


def test_generated_schema_takes_files(generated: Any) -> None:
    schema = generated.build_schema(query=Query(), mutation=Mutation())
    app = GraphQL(schema, multipart_uploads=True)
    with (
        serve(app) as address,
        httpx.Client(base_url=f"http://{address}", timeout=5.0) as http,
    ):
        one = http.post(
            "/graphql",
            data={
                "operations": '{"query": "mutation($f: Upload!) { upload(file: $f) }", '
                '"variables": {"f": null}}',
                "map": '{"0": ["variables.f"]}',
            },
            files={"0": ("a.txt", b"alpha", "text/plain")},
            headers={"x-apollo-operation-name": "upload"},
        )
        assert one.json() == {"data": {"upload": "a.txt:alpha"}}
        two = http.post(
            "/graphql",
            data={
                "operations": '{"query": "mutation($a: Attachments!) { attach(a: $a) }", '
                '"variables": {"a": {"label": "L", "files": [null, null]}}}',
                "map": '{"0": ["variables.a.files.0"], "1": ["variables.a.files.1"]}',
            },
            files={"0": ("a", b"x", "text/plain"), "1": ("b", b"y", "text/plain")},
            headers={"x-apollo-operation-name": "attach"},
        )
        assert two.json() == {"data": {"attach": "L:Attachments:x,y"}}


def test_a_configured_mapping_still_wins(tmp_path: Path) -> None:
    (tmp_path / "schema.graphql").write_text("scalar Upload\ntype Query { f(u: Upload): Int }\n")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.grommet-codegen.scalars.Upload]\ntype = "builtins:bytes"\n'
    )
    subprocess.run(
        [sys.executable, "-m", "grommet_codegen", "schema.graphql", "-o", "gen"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert "Upload = bytes" in (tmp_path / "gen" / "types.py").read_text()
