"""graphql-core tests/type/test_scalars.py: the built-in scalars' input and result coercion,
value by value, through real requests on both engines (a variable for input values, a
literal for input literals, a resolver's return value for results).

graphql-core's table entries that are Python-only objects with no request form (e.g. a
`Decimal` as a variable, which JSON cannot carry) are kept where a resolver can return them.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from .harness import Case, Request, check, run

SCALARS = ("Int", "Float", "String", "Boolean", "ID")

CASE = Case(
    "type Query {\n" + "\n".join(f"  in{t}(v: {t}): String out{t}: {t}" for t in SCALARS) + "\n}",
    resolvers={
        "Query": {f"in{t}": (lambda _p, _i, v=None: repr(v)) for t in SCALARS},
    },
)


def _variable(type_name: str, value: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    return run(CASE, Request(f"query ($v: {type_name}) {{ in{type_name}(v: $v) }}", {"v": value}))


ACCEPTED_INPUTS = [
    ("Int", 1, "1"),
    ("Int", 123, "123"),
    ("Int", 0, "0"),
    ("Int", -1, "-1"),
    ("Int", 10**5, "100000"),
    ("Int", 2**31 - 1, "2147483647"),
    ("Int", -(2**31), "-2147483648"),
    ("Int", 1.0, "1"),
    ("Float", 1, "1.0"),
    ("Float", 0, "0.0"),
    ("Float", -1, "-1.0"),
    ("Float", 0.1, "0.1"),
    ("Float", 3.14, "3.14"),
    ("Float", -1.1, "-1.1"),
    ("Float", 1e5, "100000.0"),
    ("String", "string", "'string'"),
    ("String", "", "''"),
    ("Boolean", True, "True"),
    ("Boolean", False, "False"),
    ("ID", "string", "'string'"),
    ("ID", "3", "'3'"),
    ("ID", 1, "'1'"),
    ("ID", 123, "'123'"),
    ("ID", 0, "'0'"),
    ("ID", -1, "'-1'"),
    ("ID", 10**5, "'100000'"),
    ("ID", 2**40, "'1099511627776'"),
]


@pytest.mark.parametrize(("type_name", "value", "received"), ACCEPTED_INPUTS)
def test_input_values_accepted(type_name: str, value: Any, received: str) -> None:
    query = f"query ($v: {type_name}) {{ in{type_name}(v: $v) }}"
    check(CASE, Request(query, {"v": value}), {"data": {f"in{type_name}": received}})


REJECTED_INPUTS = [
    ("Int", 0.1),
    ("Int", 1e100),
    ("Int", float("nan")),
    ("Int", float("inf")),
    ("Int", 2**31),
    ("Int", -(2**31) - 1),
    ("Int", "123"),
    ("Int", ""),
    ("Int", True),
    ("Int", [1]),
    ("Int", {"value": 1}),
    ("Float", float("nan")),
    ("Float", float("inf")),
    ("Float", float("-inf")),
    ("Float", "123"),
    ("Float", True),
    ("Float", [1.0]),
    ("Float", 2**60 + 1),
    ("String", 1),
    ("String", 1.0),
    ("String", True),
    ("String", ["a"]),
    ("String", {"value": "a"}),
    ("Boolean", 0),
    ("Boolean", 1),
    ("Boolean", "true"),
    ("Boolean", [True]),
    ("ID", True),
    ("ID", 1.5),
    ("ID", ["1"]),
    ("ID", {"id": "1"}),
]


@pytest.mark.parametrize(("type_name", "value"), REJECTED_INPUTS)
def test_input_values_rejected(type_name: str, value: Any) -> None:
    core, ours = _variable(type_name, value)
    for answer in (core, ours):
        assert answer["data"] is None, answer
        assert [e["locations"] for e in answer["errors"]] == [[{"line": 1, "column": 8}]]


@pytest.mark.parametrize(
    ("type_name", "literal", "received"),
    [
        ("Int", "1", "1"),
        ("Int", "-2147483648", "-2147483648"),
        ("Float", "1", "1.0"),
        ("Float", "1.5", "1.5"),
        ("Float", "-1.5e3", "-1500.0"),
        ("String", '"s"', "'s'"),
        ("String", '"""block"""', "'block'"),
        ("Boolean", "true", "True"),
        ("ID", '"1"', "'1'"),
        ("ID", "1", "'1'"),
        ("Int", "null", "None"),
    ],
)
def test_input_literals_accepted(type_name: str, literal: str, received: str) -> None:
    check(CASE, f"{{ in{type_name}(v: {literal}) }}", {"data": {f"in{type_name}": received}})


@pytest.mark.parametrize(
    ("type_name", "literal"),
    [
        ("Int", "1.0"),
        ("Int", "2147483648"),
        ("Int", '"1"'),
        ("Int", "true"),
        ("Int", "ENUM"),
        ("Int", "[1]"),
        ("Int", "{a: 1}"),
        ("Float", '"1.5"'),
        ("Float", "false"),
        ("String", "1"),
        ("String", "ENUM"),
        ("Boolean", "1"),
        ("Boolean", '"true"'),
        ("ID", "1.5"),
        ("ID", "true"),
    ],
)
def test_input_literals_rejected(type_name: str, literal: str) -> None:
    core, ours = run(CASE, f"{{ in{type_name}(v: {literal}) }}")
    assert core["data"] is None and ours["data"] is None
    # Located alike (graphql-core gives a list or object literal for a scalar no location).
    for ours_error, core_error in zip(ours["errors"], core["errors"], strict=True):
        if "locations" in core_error:
            assert ours_error["locations"] == core_error["locations"]


class _Str:
    def __str__(self) -> str:
        return "str-able"


class _Index:
    def __index__(self) -> int:
        return 7


SERIALIZED = [
    ("Int", 1, 1),
    ("Int", "123", 123),
    ("Int", " 12 ", 12),
    ("Int", 1e5, 100000),
    ("Int", False, 0),
    ("Int", True, 1),
    ("Int", Decimal("3"), 3),
    ("Int", Fraction(4, 1), 4),
    ("Int", _Index(), 7),
    ("Float", 1, 1.0),
    ("Float", -1.5, -1.5),
    ("Float", "-1.1", -1.1),
    ("Float", False, 0),
    ("Float", True, 1),
    ("Float", Decimal("1.25"), 1.25),
    ("Float", Fraction(1, 4), 0.25),
    ("Float", _Index(), 7.0),
    ("String", "string", "string"),
    ("String", 1, "1"),
    ("String", -1.1, "-1.1"),
    ("String", True, "true"),
    ("String", False, "false"),
    ("String", _Str(), "str-able"),
    ("Boolean", True, True),
    ("Boolean", 1, True),
    ("Boolean", 0, False),
    ("Boolean", -1.5, True),
    ("Boolean", Decimal("0"), False),
    ("ID", "string", "string"),
    ("ID", 123, "123"),
    ("ID", 0, "0"),
    ("ID", 2**40, "1099511627776"),
    ("ID", 1.0, "1"),
    ("ID", _Str(), "str-able"),
]


@pytest.mark.parametrize(("type_name", "value", "serialized"), SERIALIZED)
def test_result_values_serialized(type_name: str, value: Any, serialized: Any) -> None:
    check(
        CASE,
        Request(f"{{ out{type_name} }}", root={f"out{type_name}": value}),
        {"data": {f"out{type_name}": serialized}},
    )


NOT_SERIALIZED = [
    ("Int", 0.1),
    ("Int", 1e100),
    ("Int", -1e100),
    ("Int", float("nan")),
    ("Int", float("inf")),
    ("Int", 2**31),
    ("Int", "-1.1"),
    ("Int", "one"),
    ("Int", ""),
    ("Int", [5]),
    ("Int", {"a": 1}),
    ("Int", Decimal("1.5")),
    ("Float", float("nan")),
    ("Float", float("inf")),
    ("Float", "one"),
    ("Float", ""),
    ("Float", [5]),
    ("Float", 2**53 + 1),
    ("String", float("nan")),
    ("String", float("-inf")),
    ("String", [1]),
    ("String", {"a": 1}),
    ("Boolean", "true"),
    ("Boolean", float("nan")),
    ("Boolean", [False]),
    ("ID", True),
    ("ID", 1.5),
    ("ID", float("nan")),
    ("ID", ["1"]),
    ("ID", {"a": 1}),
]


@pytest.mark.parametrize(("type_name", "value"), NOT_SERIALIZED)
def test_result_values_not_serialized(type_name: str, value: Any) -> None:
    core, ours = run(CASE, Request(f"{{ out{type_name} }}", root={f"out{type_name}": value}))
    for answer in (core, ours):
        assert answer["data"] == {f"out{type_name}": None}
        assert [(e["path"], e["locations"]) for e in answer["errors"]] == [
            ([f"out{type_name}"], [{"line": 1, "column": 3}])
        ]
    # Same message, except where graphql-core shows a value as Python would (True, [1],
    # <Decimal instance>) and grommet as JSON would (docs/compatibility.md).
    if type(value).__module__ == "builtins" and not isinstance(value, (bool, list, dict)):
        assert ours["errors"][0]["message"] == core["errors"][0]["message"]
