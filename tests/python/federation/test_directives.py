"""Schema directives from the builder: declared by their SDL definition, applied anywhere."""

from __future__ import annotations

import enum
from typing import Annotated

import graphql
import pytest

import grommet
from grommet.builder import build_bundle
from grommet.directives import value_literal

audited = grommet.directive(
    '"Who may read it." directive @audited(level: Int!, tags: [String!] = [])'
    " repeatable on OBJECT | FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION"
)


class Color(enum.Enum):
    RED = "r"


@grommet.input
class Filter:
    text: Annotated[str, grommet.field(directives=[audited(level=3)])]


@grommet.type(directives=[audited(level=1), audited(level=2, tags=["a", "b"])])
class Query:
    plain: Annotated[int, grommet.field(directives=[audited(level=0)])] = 1

    @grommet.field(directives=[audited(level=5)])
    def search(
        self,
        filter: Filter,
        limit: Annotated[int, grommet.field(directives=[audited(level=4)])] = 10,
    ) -> list[str]:
        return [filter.text] * limit


def test_definitions_once_and_applications_in_place() -> None:
    sdl = build_bundle(Query)["sdl"]
    assert sdl == (
        '"Who may read it." directive @audited(level: Int!, tags: [String!] = [])'
        " repeatable on OBJECT | FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION"
        "\n\n"
        'type Query @audited(level: 1) @audited(level: 2, tags: ["a", "b"]) {\n'
        "  plain: Int! @audited(level: 0)\n"
        "  search(filter: Filter!, limit: Int! = 10 @audited(level: 4)): [String!]!"
        " @audited(level: 5)\n"
        "}\n\n"
        "input Filter {\n"
        "  text: String! @audited(level: 3)\n"
        "}\n"
    )
    # graphql-core reads the same SDL, directives where they were applied.
    schema = graphql.build_schema(sdl)
    query = schema.query_type
    assert query is not None and query.ast_node is not None
    assert [d.name.value for d in query.ast_node.directives or ()] == ["audited", "audited"]
    assert schema.get_directive("audited") is not None


def test_the_engine_builds_and_serves_it() -> None:
    schema = grommet.Schema(Query)
    assert schema.execute_sync('{ search(filter: {text: "x"}, limit: 2) }').to_dict() == {
        "data": {"search": ["x", "x"]}
    }
    assert "directive @audited(" in schema.sdl


def test_value_literals() -> None:
    assert value_literal({"a": [1, 2.5, None, True], "b": Color.RED}) == (
        "{a: [1, 2.5, null, true], b: RED}"
    )
    assert value_literal('say "hi" — ok\n') == '"say \\"hi\\" — ok\\n"'
    with pytest.raises(ValueError, match="has no GraphQL literal"):
        value_literal(float("nan"))
    with pytest.raises(TypeError, match="has no GraphQL literal"):
        value_literal(object())


def test_bad_declarations_and_names() -> None:
    with pytest.raises(ValueError, match="not a directive definition: 'type A'"):
        grommet.directive("type A")
    with pytest.raises(ValueError, match="'bad-name' is not a GraphQL directive name"):
        grommet.Directive("bad-name")
    with pytest.raises(ValueError, match="@ok: 'not ok' is not a GraphQL argument name"):
        grommet.Directive("ok", {"not ok": 1})
    with pytest.raises(TypeError, match=r'keys is a list of field sets: keys=\["id"\]'):
        grommet.type(keys="id")


def test_a_directive_applied_where_its_definition_forbids_is_a_schema_error() -> None:
    only_fields = grommet.directive("directive @onlyFields on FIELD_DEFINITION")

    @grommet.type(directives=[only_fields()])
    class Root:
        x: int = 1

    message = "schema.graphql:7:11: onlyFields directive is not supported for OBJECT location"
    with pytest.raises(grommet.SchemaError, match=message):
        grommet.Schema(Root)


def test_two_definitions_under_one_name_are_refused() -> None:
    first = grommet.directive("directive @twice on OBJECT")
    second = grommet.directive("directive @twice(x: Int) on OBJECT")

    @grommet.type(directives=[first()])
    class A:
        x: int = 1

    @grommet.type(directives=[second(x=1)])
    class Root:
        a: A

    with pytest.raises(TypeError, match="two different directives are named @twice"):
        build_bundle(Root)


def test_federation_directives_need_a_subgraph_schema() -> None:
    @grommet.type(keys=["id"])
    class Keyed:
        id: grommet.ID = grommet.ID("1")

    message = r"@key is a federation directive: build the schema with grommet\.federation"
    with pytest.raises(TypeError, match=message):
        grommet.Schema(Keyed)
