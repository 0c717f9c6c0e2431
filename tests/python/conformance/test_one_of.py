"""graphql-core tests/execution/test_one_of.py (@oneOf input objects), on both engines."""

from __future__ import annotations

from typing import Any

import pytest

from .harness import Case, Request, check, run

CASE = Case(
    """
    input TestInputObject @oneOf { a: String b: Int }
    type Query { test(input: TestInputObject!): TestObject }
    type TestObject { a: String b: Int }
    """,
    resolvers={"Query": {"test": lambda _p, _i, input: input}},
)


def test_accepts_a_good_literal() -> None:
    check(
        CASE, '{ test(input: { a: "abc" }) { a b } }', {"data": {"test": {"a": "abc", "b": None}}}
    )


@pytest.mark.parametrize("literal", ['{ a: "abc", b: 123 }', "{ a: null }", "{}"])
def test_rejects_a_bad_literal_before_execution(literal: str) -> None:
    core, ours = run(CASE, f"{{ test(input: {literal}) {{ a b }} }}")
    for answer in (core, ours):
        assert answer["data"] is None
    assert [e["locations"] for e in ours["errors"]] == [e["locations"] for e in core["errors"]]
    assert [e["message"] for e in ours["errors"]] == [
        'Argument "input" has invalid value: OneOf Input Object "TestInputObject" must specify'
        " exactly one key, and its value must not be null."
    ]


QUERY = "query ($input: TestInputObject!) { test(input: $input) { a b } }"


@pytest.mark.parametrize(
    ("value", "data"),
    [({"a": "abc"}, {"a": "abc", "b": None}), ({"b": 123}, {"a": None, "b": 123})],
)
def test_accepts_a_good_variable(value: dict[str, Any], data: dict[str, Any]) -> None:
    check(CASE, Request(QUERY, {"input": value}), {"data": {"test": data}})


@pytest.mark.parametrize(
    "value", [{"a": "abc", "b": 123}, {"a": None}, {}, {"a": "abc", "b": None}]
)
def test_rejects_a_bad_variable(value: dict[str, Any]) -> None:
    core, ours = run(CASE, Request(QUERY, {"input": value}))
    for answer in (core, ours):
        assert answer["data"] is None
        assert [e["locations"] for e in answer["errors"]] == [[{"line": 1, "column": 8}]]


def test_variables_inside_a_one_of_literal() -> None:
    query = "query ($a: String!) { test(input: { a: $a }) { a b } }"
    check(CASE, Request(query, {"a": "abc"}), {"data": {"test": {"a": "abc", "b": None}}})


def test_nullable_variable_in_a_one_of_literal_is_rejected_at_validation() -> None:
    # graphql-core 3.3.2 applies this rule only where the argument itself is nullable (here it
    # is `TestInputObject!`) and fails the field at execution instead; grommet rejects the
    # document in both positions (docs/compatibility.md).
    query = "query ($a: String) { test(input: { a: $a }) { a b } }"
    core, ours = run(CASE, Request(query, {"a": "x"}))
    assert core == {"data": {"test": {"a": "x", "b": None}}}
    message = (
        'Variable "$a" is of type "String" but must be non-nullable'
        ' to be used for OneOf Input Object "TestInputObject".'
    )
    assert ours == {
        "data": None,
        "errors": [
            {
                "message": message,
                "locations": [{"line": 1, "column": 8}, {"line": 1, "column": 39}],
            }
        ],
    }
