"""The seam: `transform_bundle` for every entry point, and the worked example of the contract."""

from __future__ import annotations

import importlib
import re
import sys
import types
from pathlib import Path
from typing import Any

import pytest

import grommet
from grommet.bundle import Bundle
from grommet.extensions import SchemaExtension

ROOT = Path(__file__).resolve().parents[3]


@grommet.type
class Query:
    greeting: str = "hello"


class AddField(SchemaExtension):
    """Adds `Query.<name>: String!` answering `value`."""

    def __init__(self, name: str, value: str, seen: list[str] | None = None) -> None:
        self.name, self.value, self.seen = name, value, seen

    def transform_bundle(self, bundle: Bundle) -> Bundle:
        if self.seen is not None:
            self.seen.append(bundle["sdl"])
        types_ = dict(bundle.get("types", {}))
        query = types_.get("Query", {})
        types_["Query"] = {
            **query,
            "fields": {
                **query.get("fields", {}),
                self.name: ("call", lambda _parent: self.value, None, {}),
            },
        }
        sdl = bundle["sdl"] + f"\nextend type Query {{ {self.name}: String! }}\n"
        return {**bundle, "sdl": sdl, "types": types_}


def test_schema_applies_transforms_in_list_order() -> None:
    seen: list[str] = []
    schema = grommet.Schema(
        Query, extensions=[AddField("first", "1", seen), AddField("second", "2", seen)]
    )
    assert schema.execute_sync("{ greeting first second }").to_dict() == {
        "data": {"greeting": "hello", "first": "1", "second": "2"}
    }
    # The second extension received the first one's output.
    assert "first: String!" not in seen[0]
    assert "first: String!" in seen[1]
    assert schema.sdl.endswith(
        "extend type Query {\n  first: String!\n}\n\nextend type Query {\n  second: String!\n}\n"
    )


def test_from_bundle_applies_transforms_without_mutating_the_bundle() -> None:
    bundle: dict[str, Any] = {"sdl": "type Query { a: Int }", "types": {}}
    schema = grommet.Schema.from_bundle(bundle, extensions=[AddField("b", "bee")])
    assert schema.execute_sync("{ b }", root={"a": 1}).to_dict() == {"data": {"b": "bee"}}
    assert bundle == {"sdl": "type Query { a: Int }", "types": {}}


def test_generated_build_schema_passes_extensions_on() -> None:
    # The example's main module puts its `app` package on sys.path.
    importlib.import_module("examples.sdl_first.main")
    resolvers = importlib.import_module("app.resolvers")
    build_schema = importlib.import_module("app.generated").build_schema
    blog = importlib.import_module("app.data").sample_blog()
    schema = build_schema(
        query=resolvers.Query(blog),
        mutation=resolvers.Mutation(blog),
        subscription=resolvers.Subscription(blog),
        user=resolvers.User(blog),
        extensions=[AddField("extra", "added")],
    )
    assert schema.execute_sync("{ extra }").to_dict() == {"data": {"extra": "added"}}


def test_an_extension_without_overrides_changes_nothing() -> None:
    schema = grommet.Schema(Query, extensions=[SchemaExtension()])
    assert schema._hooks is None
    assert schema.execute_sync("{ greeting }").to_dict() == {"data": {"greeting": "hello"}}


def test_an_unknown_option_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'mask_error'"):
        grommet.Schema(Query, mask_error=True)  # type: ignore[call-arg]


def test_the_contract_worked_example_runs() -> None:
    text = (ROOT / "docs" / "core-contract.md").read_text(encoding="utf-8")
    section = text[text.index("## Schema extensions") :]
    blocks = re.findall(r"^```python\n(.*?)^```$", section, re.DOTALL | re.MULTILINE)
    assert len(blocks) == 1
    module = types.ModuleType("contract_example")
    sys.modules["contract_example"] = module
    try:
        exec(compile(blocks[0], "docs/core-contract.md", "exec"), module.__dict__)
    finally:
        del sys.modules["contract_example"]
    schema = module.__dict__["schema"]
    assert schema.execute_sync("{ version }").to_dict() == {"data": {"version": "1.2.0"}}
    assert '"The server version."' in schema.sdl
