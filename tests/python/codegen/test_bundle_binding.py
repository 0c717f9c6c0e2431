"""Binding tables read by `Schema.from_bundle`: each field binds from its table key (no new
string per field), and any table the quick way cannot take is bound field by field in the
SDL's order, with the same errors as ever (the first problem in SDL order is the one reported).
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import grommet

SDL = "type Query { a(x: Int): Int b: Int c: Int }"


class Text(str):
    """A `str` subclass: not interned in place, bound by its text."""


class Root:
    aa = 1
    bb = 2
    c = 3


def resolve_a(parent: object, **kwargs: object) -> int:
    return 7


async def execute(schema: grommet.Schema, query: str) -> grommet.ExecutionResult:
    return await schema.execute(query, root=Root())


def build(fields: dict[Any, Any]) -> grommet.Schema:
    return grommet.Schema.from_bundle({"sdl": SDL, "types": {"Query": {"fields": fields}}})


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        pytest.param(
            {"nope": ("attr", "x")},
            ValueError,
            "bundle binds Query.nope, which the SDL does not define",
            id="unknown-field",
        ),
        pytest.param(
            {1: ("attr", "x")}, TypeError, "'int' object is not an instance of 'str'", id="int-key"
        ),
        pytest.param(
            {"b": 5, "a": 6}, TypeError, "field spec of Query.a must be a tuple", id="sdl-order"
        ),
        pytest.param(
            {"nope": 1, "a": 6},
            TypeError,
            "field spec of Query.a must be a tuple",
            id="bad-spec-before-unknown-key",
        ),
        pytest.param(
            {"a": ("call", resolve_a, None, {"x": 3})},
            TypeError,
            "'int' object is not an instance of 'str'",
            id="int-argument-name",
        ),
        pytest.param(
            {"a": ("call", resolve_a, None, {"y": "y"})},
            ValueError,
            'Query.a has no argument "y" in the SDL',
            id="unknown-argument",
        ),
        pytest.param(
            {"a": ("attr", 5)},
            TypeError,
            "'int' object is not an instance of 'str'",
            id="int-attribute",
        ),
        pytest.param(
            {"a": ("attr", "\ud800")},
            UnicodeEncodeError,
            "surrogates not allowed",
            id="surrogate-attribute",
        ),
    ],
)
def test_bad_tables_give_the_first_error_in_sdl_order(
    fields: dict[Any, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as raised:
        build(fields)
    assert message in str(raised.value)


def test_keys_and_names_made_at_run_time_or_subclassing_str_bind() -> None:
    schema = build({Text("a"): ("attr", Text("aa")), "".join(["b"]): ("attr", "".join(["b", "b"]))})
    result = asyncio.run(execute(schema, "{ a(x: 1) b c }"))
    assert (result.data, result.errors) == ({"a": 1, "b": 2, "c": 3}, [])


def test_argument_names_made_at_run_time_bind() -> None:
    seen: list[dict[str, object]] = []

    def resolve(parent: object, **kwargs: object) -> int:
        seen.append(kwargs)
        return 7

    schema = build({"a": ("call", resolve, None, {"x": "".join(["x", "_"])})})
    result = asyncio.run(execute(schema, "{ a(x: 1) c }"))
    assert (result.data, result.errors, seen) == ({"a": 7, "c": 3}, [], [{"x_": 1}])
