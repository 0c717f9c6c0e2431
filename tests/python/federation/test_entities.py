"""`Query._entities`: batching by type, order, and errors per representation."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from products_subgraph import resolvers as products_sdl

import grommet
from grommet import federation

from .conftest import execute

ENTITIES = """
query ($r: [_Any!]!) {
  _entities(representations: $r) {
    __typename
    ... on Product { id }
    ... on User { email }
    ... on DeprecatedProduct { sku }
  }
}
"""


def mixed(count: int) -> list[dict[str, Any]]:
    """``count`` representations cycling over three entity types."""
    out: list[dict[str, Any]] = []
    for i in range(count):
        if i % 3 == 0:
            out.append({"__typename": "Product", "id": "apollo-federation"})
        elif i % 3 == 1:
            out.append({"__typename": "User", "email": f"user{i}@example.com"})
        else:
            out.append(
                {
                    "__typename": "DeprecatedProduct",
                    "sku": "apollo-federation-v1",
                    "package": "@apollo/federation-v1",
                }
            )
    return out


def expected(representations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in representations:
        if r["__typename"] == "Product":
            out.append({"__typename": "Product", "id": r["id"]})
        elif r["__typename"] == "User":
            out.append({"__typename": "User", "email": r["email"]})
        else:
            out.append({"__typename": "DeprecatedProduct", "sku": r["sku"]})
    return out


def test_a_thousand_mixed_representations_make_one_call_per_type() -> None:
    entities = products_sdl.Entities()
    schema = products_sdl.make_schema(entities)
    representations = mixed(1000)
    result = asyncio.run(_execute(schema, ENTITIES, {"r": representations}))
    assert result == {"data": {"_entities": expected(representations)}}
    assert sorted(entities.calls) == [("DeprecatedProduct", 333), ("Product", 334), ("User", 333)]


async def _execute(schema: grommet.Schema, query: str, variables: Any) -> dict[str, Any]:
    return (await schema.execute(query, variables)).to_dict()


@grommet.type(keys=["id"])
class Thing:
    id: grommet.ID

    @classmethod
    def resolve_references(cls, representations: Sequence[Mapping[str, Any]]) -> Any:
        CALLS.append(len(representations))
        if representations[0]["id"] == "set":
            return {r["id"] for r in representations}
        if representations[0]["id"] == "generator":
            return (Thing(id=r["id"]) for r in representations)
        out: list[Any] = []
        for r in representations:
            if r["id"] == "raise":
                raise ValueError("the thing store is down")
            if r["id"] == "short":
                return []
            out.append(None if r["id"] == "missing" else Thing(id=r["id"]))
        return out


@grommet.type(keys=["code"])
class Gadget:
    code: int

    @classmethod
    async def resolve_references(
        cls, representations: Sequence[Mapping[str, Any]], info: grommet.Info
    ) -> list[Gadget | Exception]:
        await asyncio.sleep(0)
        return [
            ValueError(f"no gadget {r['code']}") if r["code"] < 0 else Gadget(code=r["code"])
            for r in representations
        ]


@grommet.type(directives=[federation.key("id", resolvable=False)])
class Opaque:
    """An entity this subgraph references but does not resolve (resolvable: false)."""

    id: grommet.ID


CALLS: list[int] = []


@grommet.type
class Query:
    @grommet.field
    def thing(self) -> Thing | None:
        return None

    @grommet.field
    def opaque(self) -> Opaque | None:
        return Opaque(id=grommet.ID("o1"))


@pytest.fixture(scope="module")
def things() -> grommet.Schema:
    return federation.subgraph_schema(Query, types=[Gadget])


SELECT = "_entities(representations: $r) { ... on Thing { id } ... on Gadget { code } }"


def run(schema: grommet.Schema, representations: list[Any]) -> dict[str, Any]:
    CALLS.clear()
    return asyncio.run(
        _execute(schema, f"query ($r: [_Any!]!) {{ {SELECT} }}", {"r": representations})
    )


def test_order_kept_and_missing_entities_are_null(things: grommet.Schema) -> None:
    result = run(
        things,
        [
            {"__typename": "Gadget", "code": 2},
            {"__typename": "Thing", "id": "a"},
            {"__typename": "Thing", "id": "missing"},
            {"__typename": "Gadget", "code": 1},
            {"__typename": "Thing", "id": "b"},
        ],
    )
    assert result == {
        "data": {"_entities": [{"code": 2}, {"id": "a"}, None, {"code": 1}, {"id": "b"}]}
    }
    assert CALLS == [3]


def test_errors_stay_with_their_representation(things: grommet.Schema) -> None:
    result = run(
        things,
        [
            {"__typename": "Gadget", "code": 1},
            {"__typename": "Nope", "id": "x"},
            {"id": "no typename"},
            "not an object",
            {"__typename": "Gadget", "code": -5},
            {"__typename": "Opaque", "id": "o1"},
        ],
    )
    location = [{"line": 1, "column": 24}]
    assert result == {
        "data": {"_entities": [{"code": 1}, None, None, None, None, None]},
        "errors": [
            {
                "message": "'Nope' is not an entity type of this subgraph",
                "locations": location,
                "path": ["_entities", 1],
            },
            {
                "message": "a representation must be an object with __typename",
                "locations": location,
                "path": ["_entities", 2],
            },
            {
                "message": "a representation must be an object with __typename",
                "locations": location,
                "path": ["_entities", 3],
            },
            {"message": "no gadget -5", "locations": location, "path": ["_entities", 4]},
            {
                "message": "Opaque entities are not resolved by this subgraph (resolvable: false)",
                "locations": location,
                "path": ["_entities", 5],
            },
        ],
    }


def test_a_raising_reference_resolver_fails_its_type_only(things: grommet.Schema) -> None:
    result = run(
        things,
        [
            {"__typename": "Thing", "id": "a"},
            {"__typename": "Gadget", "code": 7},
            {"__typename": "Thing", "id": "raise"},
        ],
    )
    location = [{"line": 1, "column": 24}]
    assert result == {
        "data": {"_entities": [None, {"code": 7}, None]},
        "errors": [
            {"message": "the thing store is down", "locations": location, "path": ["_entities", 0]},
            {"message": "the thing store is down", "locations": location, "path": ["_entities", 2]},
        ],
    }


def test_a_reference_resolver_returning_the_wrong_count_is_an_error(things: grommet.Schema) -> None:
    result = run(
        things, [{"__typename": "Thing", "id": "short"}, {"__typename": "Thing", "id": "b"}]
    )
    message = "the reference resolver of Thing returned 0 values for 2 representations"
    assert result == failed_on_each(message, 2)


def failed_on_each(message: str, count: int) -> dict[str, Any]:
    """The response when every one of ``count`` representations fails with ``message``."""
    location = [{"line": 1, "column": 24}]
    return {
        "data": {"_entities": [None] * count},
        "errors": [
            {"message": message, "locations": location, "path": ["_entities", i]}
            for i in range(count)
        ],
    }


def test_representations_as_literals_reach_the_resolver_as_dicts(things: grommet.Schema) -> None:
    query = (
        '{ _entities(representations: [{__typename: "Gadget", code: 3, extra: {a: [1, null]}}])'
        " { ... on Gadget { code } } }"
    )
    assert execute(things, query) == {"data": {"_entities": [{"code": 3}]}}


def test_resolvable_false_key_is_in_the_sdl_and_the_entity_union(things: grommet.Schema) -> None:
    sdl = execute(things, "{ _service { sdl } }")["data"]["_service"]["sdl"]
    assert 'type Opaque @key(fields: "id", resolvable: false) {' in sdl
    assert "_entities" not in sdl and "_Service" not in sdl and "_Any" not in sdl
    assert "union _Entity = Gadget | Thing | Opaque" in things.sdl


def test_a_subgraph_without_entities_has_no_entities_field() -> None:
    @grommet.type
    class Plain:
        @grommet.field
        def hello(self) -> str:
            return "hi"

    schema = federation.subgraph_schema(Plain)
    assert execute(schema, "{ hello _service { sdl } }") == {
        "data": {
            "hello": "hi",
            "_service": {
                "sdl": 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7")\n\n'
                "schema {\n  query: Plain\n}\n\ntype Plain {\n  hello: String!\n}\n"
            },
        }
    }
    assert "_entities" not in schema.sdl


def test_an_entity_without_reference_resolver_is_refused() -> None:
    @grommet.type(keys=["id"])
    class Lonely:
        id: grommet.ID

    @grommet.type
    class Root:
        @grommet.field
        def lonely(self) -> Lonely:
            return Lonely(id=grommet.ID("1"))

    with pytest.raises(
        TypeError, match="entity type Lonely needs a classmethod resolve_references"
    ):
        federation.subgraph_schema(Root)


def test_an_instance_method_reference_resolver_is_refused() -> None:
    @grommet.type(keys=["id"])
    class Wrong:
        id: grommet.ID

        def resolve_references(self, representations: list[Any]) -> list[Any]:
            return []

    @grommet.type
    class Root:
        @grommet.field
        def wrong(self) -> Wrong:
            return Wrong(id=grommet.ID("1"))

    with pytest.raises(TypeError, match=r"Wrong\.resolve_references must be a classmethod"):
        federation.subgraph_schema(Root)


def test_a_staticmethod_reference_resolver_works() -> None:
    @grommet.type(keys=["id"])
    class Still:
        id: grommet.ID

        @staticmethod
        def resolve_references(representations: list[Any]) -> list[Still]:
            return [Still(id=r["id"]) for r in representations]

    @grommet.type
    class Root:
        @grommet.field
        def still(self) -> Still:
            return Still(id=grommet.ID("1"))

    schema = federation.subgraph_schema(Root)
    query = (
        '{ _entities(representations: [{__typename: "Still", id: "9"}]) { ... on Still { id } } }'
    )
    assert execute(schema, query) == {"data": {"_entities": [{"id": "9"}]}}


MALFORMED = [
    {"__typename": "Product", "sku": "federation", "variation": [{"id": "OSS"}]},
    {"__typename": "Product", "sku": "federation", "variation": {"name": "OSS"}},
    {"__typename": "Product", "package": "@apollo/federation"},
    {"__typename": "ProductResearch", "study": "case-1"},
    {"__typename": "ProductResearch", "study": {"description": "x"}},
    {"__typename": "Product", "id": "apollo-federation"},
]


def test_a_representation_without_its_key_fields_is_its_own_error(
    products: grommet.Schema,
) -> None:
    """Both entry points check a representation against the entity's @key field sets
    before the reference resolver sees it: a client's malformed representation is a
    clear error for that item, not an exception inside user code."""
    query = """
    query ($r: [_Any!]!) {
      _entities(representations: $r) { __typename ... on Product { id } }
    }
    """
    result = execute(products, query, {"r": MALFORMED})
    assert result["data"] == {
        "_entities": [
            None,
            None,
            None,
            None,
            None,
            {"__typename": "Product", "id": "apollo-federation"},
        ]
    }
    names = {0: "Product", 1: "Product", 2: "Product", 3: "ProductResearch", 4: "ProductResearch"}
    assert result["errors"] == [
        {
            "message": f"the representation of {name} matches none of its @key field sets",
            "locations": [{"line": 3, "column": 7}],
            "path": ["_entities", index],
        }
        for index, name in names.items()
    ]


def test_a_reference_resolver_returning_a_set_is_an_error(things: grommet.Schema) -> None:
    # A set has no order to match representations by; a generator has one.
    result = run(things, [{"__typename": "Thing", "id": "set"}, {"__typename": "Thing", "id": "b"}])
    message = "the reference resolver of Thing returned a non-sequence for 2 representations"
    assert result == failed_on_each(message, 2)
    result = run(
        things, [{"__typename": "Thing", "id": "generator"}, {"__typename": "Thing", "id": "b"}]
    )
    assert result == {"data": {"_entities": [{"id": "generator"}, {"id": "b"}]}}
