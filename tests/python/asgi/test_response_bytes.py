"""The bytes of HTTP responses against ``json.dumps`` of the same result, with the settings
grommet.asgi has always answered with (compact, ``ensure_ascii=False``, UTF-8): unicode,
escapes, floats (-0.0, 1e300, exponents), big ints, nested lists, errors with locations,
paths and extensions; and the 500 a lone surrogate (not encodable as UTF-8) gets."""

from __future__ import annotations

import json
from typing import Annotated, Any

import pytest

import grommet
from grommet.asgi import GraphQL
from tests.python.asgi.asgi_call import call, http_scope

pytestmark = pytest.mark.timeout(30)

CORPUS: dict[str, Any] = {
    "unicode": "é漢字\U0001f600\u2028\u2029\ufeff",
    "escapes": '"\\/\n\r\t\b\f\x00\x01\x1f\x7f',
    "floats": [0.0, -0.0, 1e300, -1e-300, 0.1, 1e16, 1.5e-05, 123456789.123, 5e-324],
    "ints": [0, -1, 2**31, 2**63, -(2**63) - 1, 10**30],
    "nested": [[[]], [{}], {"a": [1, {"b": None, "c": [True, False]}]}, [[[[["deep"]]]]]],
    "keys": {"é": 1, "": 2, '"': 3, "\n": 4},
    "surrogate": "a\ud800b",
}

JSON = Annotated[Any, grommet.scalar(name="JSON", serialize=lambda v: v, parse_value=lambda v: v)]


@grommet.type
class Item:
    name: str
    weight: float


@grommet.type
class Query:
    @grommet.field
    def value(self, name: str) -> JSON:
        return CORPUS[name]

    @grommet.field
    def text(self) -> str:
        return f"{CORPUS['escapes']}{CORPUS['unicode']}"

    @grommet.field
    def items(self) -> list[Item]:
        return [Item(name=f"item {i} é", weight=i / 3 - 1) for i in range(50)]

    @grommet.field
    def fails(self) -> str | None:
        raise grommet.GraphQLError(
            'nope "é"\n', extensions={"code": "X", "detail": {"n": 2**70, "f": -0.0, "l": [1e300]}}
        )


SCHEMA = grommet.Schema(query=Query)
QUERIES = [
    *(f'{{ value(name: "{name}") }}' for name in CORPUS if name != "surrogate"),
    "{ text items { name weight } }",
    "{ a: fails b: text c: fails }",
    "{ items { name weight } nope }",
    "{ value }",
    "query($n: String!) { value(name: $n) }",
]


def reference(query: str) -> bytes:
    result = SCHEMA.execute_sync(query, {"n": "floats"}).to_dict()
    return json.dumps(result, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


async def post(query: str) -> tuple[int, bytes]:
    body = json.dumps({"query": query, "variables": {"n": "floats"}}).encode()
    scope = http_scope("POST", [("content-type", "application/json")])
    sent = await call(GraphQL(SCHEMA), scope, [{"type": "http.request", "body": body}])
    return sent[0]["status"], sent[1]["body"]


@pytest.mark.parametrize("query", QUERIES)
async def test_body_is_json_dumps_of_the_result(query: str) -> None:
    status, body = await post(query)
    assert body == reference(query)
    assert status == 200


async def test_a_lone_surrogate_is_a_server_error_not_a_broken_body() -> None:
    status, body = await post('{ value(name: "surrogate") }')
    assert (status, body) == (500, b'{"errors":[{"message":"Internal server error"}]}')
