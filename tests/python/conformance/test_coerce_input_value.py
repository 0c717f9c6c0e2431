"""graphql-core tests/utilities/test_coerce_input_value.py, through variables on both engines.

graphql-core tests its `coerce_input_value` utility directly; grommet coerces inside
execution, so each case sends the value as a variable of the type and compares what the
resolver receives (or that the request is refused, and where).
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from .harness import Case, Request, Scalar, check, run


def _parse_test_scalar(value: Any) -> Any:
    assert isinstance(value, dict)
    if value.get("error"):
        raise ValueError(value["error"])
    return value.get("value")


TYPES = {
    "nonNull": "Int!",
    "scalar": "TestScalar",
    "enum": "TestEnum",
    "object": "TestInputObject",
    "defaults": "WithDefault",
    "list": "[Int]",
    "nested": "[[Int]]",
    "listNonNull": "[Int!]",
}

CASE = Case(
    """
    scalar TestScalar
    scalar Any
    enum TestEnum { FOO BAR }
    input TestInputObject { foo: Int! bar: Int }
    input WithDefault { foo: Any = 7 none: Any = null }
    type Query {
    """
    + "\n".join(f"  {name}(v: {ty}): String" for name, ty in TYPES.items())
    + "\n}",
    resolvers={
        "Query": {name: (lambda _p, _i, **args: repr(args.get("v", "absent"))) for name in TYPES}
    },
    scalars={"TestScalar": Scalar(parse=_parse_test_scalar)},
    enums={"TestEnum": {"FOO": "InternalFoo", "BAR": 123_456_789}},
)


def _query(field: str) -> str:
    return f"query ($v: {TYPES[field]}) {{ {field}(v: $v) }}"


@pytest.mark.parametrize(
    ("field", "value", "received"),
    [
        ("nonNull", 1, "1"),
        ("scalar", {"value": 1}, "1"),
        ("scalar", {"value": None}, "None"),
        ("scalar", {"value": math.inf}, "inf"),
        ("enum", "FOO", "'InternalFoo'"),
        ("enum", "BAR", "123456789"),
        ("object", {"foo": 123}, "{'foo': 123}"),
        ("defaults", {"foo": 5}, "{'foo': 5, 'none': None}"),
        ("defaults", {}, "{'foo': 7, 'none': None}"),
        ("list", [1, 2, 3], "[1, 2, 3]"),
        ("list", 42, "[42]"),
        ("list", None, "None"),
        ("nested", [[1], [2], [3]], "[[1], [2], [3]]"),
        ("nested", 42, "[[42]]"),
        ("nested", None, "None"),
        ("nested", [1, 2, 3], "[[1], [2], [3]]"),
        ("nested", [42, [None], None], "[[42], [None], None]"),
    ],
)
def test_values_coerced(field: str, value: Any, received: str) -> None:
    check(CASE, Request(_query(field), {"v": value}), {"data": {field: received}})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("nonNull", None),
        ("scalar", {"error": "Some error message"}),
        ("enum", "foo"),
        ("enum", 123),
        ("enum", {"field": "value"}),
        ("object", 123),
        ("object", {"foo": math.nan}),
        ("object", {"foo": "abc", "bar": "def"}),
        ("object", {"bar": 123}),
        ("object", {"foo": 123, "unknownField": 123}),
        ("object", {"foo": 123, "bart": 123}),
        ("list", [1, "b", True, 4]),
        ("list", "INVALID"),
        ("listNonNull", [None]),
    ],
)
def test_values_refused(field: str, value: Any) -> None:
    core, ours = run(CASE, Request(_query(field), {"v": value}))
    for answer in (core, ours):
        assert answer["data"] is None, answer
        assert {tuple(loc.values()) for e in answer["errors"] for loc in e["locations"]} == {(1, 8)}


def test_missing_non_null_variable_is_refused() -> None:
    core, ours = run(CASE, Request(_query("nonNull"), {}))
    assert core["data"] is None and ours["data"] is None
