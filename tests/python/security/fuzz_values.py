"""Hypothesis draws of input values: GraphQL literals (text) and variable values (JSON)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import graphql
from hypothesis import strategies as st

Draw = Callable[..., Any]

NAME = st.from_regex(r"[_A-Za-z][_0-9A-Za-z]{0,6}", fullmatch=True)
INT32 = st.one_of(st.integers(-3, 10), st.integers(-(2**31), 2**31 - 1))
FLOAT = st.floats(allow_nan=False, allow_infinity=False)
# Every Unicode scalar value (no lone surrogates: those are a syntax error, tested apart).
TEXT = st.text(st.characters(codec="utf-8"), max_size=6)
BLOCK_TEXT = st.text(st.sampled_from(' ab"\\\t\n\n    '), max_size=12)

JSON = st.recursive(
    st.none() | st.booleans() | INT32 | FLOAT | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(NAME, inner, max_size=3),
    max_leaves=6,
)

MAX_INPUT_DEPTH = 3


def string_literal(draw: Draw, value: str | None = None) -> str:
    if value is None and draw(st.integers(0, 5)) == 0:
        return block_string(draw(BLOCK_TEXT))
    text = draw(TEXT) if value is None else value
    return json.dumps(text, ensure_ascii=draw(st.booleans()))


def block_string(content: str) -> str:
    content = content.replace('"""', '\\"""')
    if content.endswith(('"', "\\")):
        content += "x"
    return f'"""{content}"""'


def untyped_literal(draw: Draw, depth: int = 0) -> str:
    """Any constant literal: what a custom scalar accepts."""
    kind = draw(st.integers(0, 8 if depth < 2 else 5))
    if kind == 0:
        return "null"
    if kind == 1:
        return str(draw(st.sampled_from(["true", "false"])))
    if kind == 2:
        return str(draw(INT32))
    if kind == 3:
        return repr(draw(FLOAT))
    if kind in (4, 5):
        return string_literal(draw)
    if kind == 6:
        return str(draw(NAME.filter(lambda n: n not in ("true", "false", "null"))))
    if kind == 7:
        items = draw(st.lists(st.just(0), max_size=3))
        return "[" + ", ".join(untyped_literal(draw, depth + 1) for _ in items) + "]"
    keys = draw(st.lists(NAME, max_size=3, unique=True))
    return "{" + ", ".join(f"{k}: {untyped_literal(draw, depth + 1)}" for k in keys) + "}"


def scalar_literal(draw: Draw, scalar: graphql.GraphQLScalarType) -> str:
    name = scalar.name
    if name == "Int":
        return str(draw(INT32))
    if name == "Float":
        return str(draw(INT32)) if draw(st.booleans()) else repr(draw(FLOAT))
    if name == "String":
        return string_literal(draw)
    if name == "Boolean":
        return str(draw(st.sampled_from(["true", "false"])))
    if name == "ID":
        return str(draw(st.integers(0, 99))) if draw(st.booleans()) else string_literal(draw)
    return untyped_literal(draw)


def scalar_json(draw: Draw, scalar: graphql.GraphQLScalarType) -> Any:
    name = scalar.name
    if name == "Int":
        return draw(INT32)
    if name == "Float":
        return draw(INT32 | FLOAT)
    if name == "String":
        return draw(TEXT)
    if name == "Boolean":
        return draw(st.booleans())
    if name == "ID":
        return draw(TEXT | st.integers(0, 99))
    return draw(JSON)


def input_json(
    draw: Draw, type_: graphql.GraphQLInputType, depth: int = 0, nullable: bool = True
) -> Any:
    """A valid value for a variable of ``type_``."""
    if isinstance(type_, graphql.GraphQLNonNull):
        return input_json(draw, type_.of_type, depth, nullable=False)
    if nullable and draw(st.integers(0, 7)) == 0:
        return None
    if isinstance(type_, graphql.GraphQLList):
        if draw(st.integers(0, 3)) == 0:
            # A single value coerces to a list of it (but a null stays null).
            return input_json(draw, type_.of_type, depth, nullable=nullable)
        count = draw(st.integers(0, 3))
        return [input_json(draw, type_.of_type, depth) for _ in range(count)]
    if isinstance(type_, graphql.GraphQLEnumType):
        return draw(st.sampled_from(sorted(type_.values)))
    if isinstance(type_, graphql.GraphQLScalarType):
        value = scalar_json(draw, type_)
        return value if value is not None or nullable else draw(TEXT)
    assert isinstance(type_, graphql.GraphQLInputObjectType)
    fields = type_.fields
    if type_.is_one_of:
        chosen = draw(st.sampled_from(sorted(fields)))
        return {chosen: input_json(draw, fields[chosen].type, depth + 1, nullable=False)}
    out: dict[str, Any] = {}
    for name in draw(st.permutations(sorted(fields))):
        field = fields[name]
        required = graphql.is_required_input_field(field)
        if required or (depth < MAX_INPUT_DEPTH and draw(st.booleans())):
            out[name] = input_json(draw, field.type, depth + 1, nullable=not required)
    return out
