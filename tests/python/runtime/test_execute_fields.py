"""Executing builder schemas: data fields, resolvers, root, context and info."""

import asyncio
from dataclasses import dataclass
from typing import Any

import grommet
from grommet._core import Execution


@grommet.type
class Pet:
    name: str
    nick_name: str | None = None

    @grommet.field
    def shout(self, times: int = 1) -> str:
        return (self.name.upper() + "!") * times

    @grommet.field
    async def later(self) -> str:
        await asyncio.sleep(0)
        return f"{self.name} later"


class PetRow:
    """Not a grommet class: data fields are duck typed by attribute."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.nick_name = "row"


@grommet.type
class Query:
    greeting: str = "hello"

    @grommet.field
    def pets(self) -> list[Pet]:
        return [Pet("rex", "rexy"), PetRow("tom")]  # type: ignore[list-item]

    @grommet.field
    def pet_map(self) -> Pet:
        return {"name": "map"}  # type: ignore[return-value]

    @grommet.field
    def describe(self, info: grommet.Info, prefix: str = ">") -> str:
        return (
            f"{prefix} {info.field_name} on {info.parent_type} at {info.path} "
            f"ctx={info.context} root={info.root} vars={info.variables} op={info.operation_name}"
        )

    @grommet.field
    async def count(self, *, info: grommet.Info) -> int:
        await asyncio.sleep(0)
        return len(info.context["items"])

    @grommet.field
    def whoami(self) -> str:
        return f"self={self!r}"


schema = grommet.Schema(Query)


def test_data_fields_read_attributes_keys_and_resolvers_take_the_parent_as_self() -> None:
    result = schema.execute_sync("{ pets { name nickName shout(times: 2) } }")
    assert result.to_dict() == {
        "data": {
            "pets": [
                {"name": "rex", "nickName": "rexy", "shout": "REX!REX!"},
                {"name": "tom", "nickName": "row", "shout": "TOM!TOM!"},
            ]
        }
    }


def test_a_mapping_parent_is_read_by_key_and_a_missing_key_is_null() -> None:
    result = schema.execute_sync("{ petMap { name nickName } }")
    assert result.to_dict() == {"data": {"petMap": {"name": "map", "nickName": None}}}


async def test_execute_returns_the_cores_awaitable_and_async_resolvers_run() -> None:
    execution = schema.execute("{ pets { later } }")
    assert isinstance(execution, Execution)
    assert not execution.done
    result = await execution
    assert result.to_dict() == {"data": {"pets": [{"later": "rex later"}, {"later": "tom later"}]}}


def test_sync_only_operations_complete_without_an_event_loop() -> None:
    execution = schema.execute("{ greeting }")
    assert execution.done
    assert execution.result().to_dict() == {"data": {"greeting": "hello"}}


def test_execute_sync_runs_suspending_resolvers_to_completion() -> None:
    result = schema.execute_sync("{ count }", context={"items": [1, 2, 3]})
    assert result.to_dict() == {"data": {"count": 3}}


def test_info_context_root_variables_and_operation_name() -> None:
    root = {"greeting": "from root"}
    result = schema.execute_sync(
        "query Look($p: String!) { greeting d: describe(prefix: $p) }",
        {"p": "#"},
        context="ctx",
        root=root,
        operation_name="Look",
    )
    assert result.to_dict() == {
        "data": {
            "greeting": "from root",
            "d": "# describe on Query at ['d'] ctx=ctx root={'greeting': 'from root'} "
            "vars={'p': '#'} op=Look",
        }
    }


def test_root_is_self_of_root_resolvers_and_root_data_fields_fall_back_to_defaults() -> None:
    @dataclass
    class Root:
        greeting: str

        def __repr__(self) -> str:
            return "Root"

    assert schema.execute_sync("{ greeting whoami }").to_dict() == {
        "data": {"greeting": "hello", "whoami": "self=None"}
    }
    assert schema.execute_sync("{ greeting whoami }", root=Root("hi")).to_dict() == {
        "data": {"greeting": "hi", "whoami": "self=Root"}
    }


def test_auto_camel_case_off_uses_python_names() -> None:
    plain = grommet.Schema(Query, auto_camel_case=False)
    result = plain.execute_sync("{ pets { nick_name } }")
    assert result.to_dict() == {"data": {"pets": [{"nick_name": "rexy"}, {"nick_name": "row"}]}}


def test_sdl_property_prints_the_schema() -> None:
    assert schema.sdl == (
        "type Query {\n"
        "  greeting: String!\n"
        "  pets: [Pet!]!\n"
        "  petMap: Pet!\n"
        '  describe(prefix: String! = ">"): String!\n'
        "  count: Int!\n"
        "  whoami: String!\n"
        "}\n"
        "\n"
        "type Pet {\n"
        "  name: String!\n"
        "  nickName: String\n"
        "  shout(times: Int! = 1): String!\n"
        "  later: String!\n"
        "}\n"
    )


def test_from_bundle_builds_the_same_schema() -> None:
    from grommet.builder import build_bundle

    bundle: dict[str, Any] = dict(build_bundle(Query))
    again = grommet.Schema.from_bundle(bundle, max_depth=5)
    assert again.sdl == schema.sdl
    assert again.execute_sync("{ greeting }").to_dict() == {"data": {"greeting": "hello"}}
