"""Bad documents, bad variables and misbehaving resolvers give spec-shaped error responses,
and the schema keeps serving afterwards."""

from __future__ import annotations

from typing import Any

import pytest

import grommet

from .response import expect, expect_rejected, located


@grommet.type
class Node:
    @grommet.field
    def child(self) -> Node | None:
        return Node()


@grommet.type
class Query:
    @grommet.field
    def echo(self, n: int) -> int:
        return n

    @grommet.field
    def node(self) -> Node | None:
        return Node()

    @grommet.field
    def fails(self) -> str | None:
        raise ValueError("resolver failed")

    @grommet.field
    def refuses(self) -> str | None:
        raise grommet.GraphQLError("not allowed", extensions={"code": "FORBIDDEN"})

    @grommet.field
    def missing(self) -> str:
        return None  # type: ignore[return-value]

    @grommet.field
    def wrong_int(self) -> int | None:
        return "abc"  # type: ignore[return-value]

    @grommet.field
    def wrong_list(self) -> list[int] | None:
        return 5  # type: ignore[return-value]


@pytest.fixture(scope="module")
def schema() -> grommet.Schema:
    return grommet.Schema(query=Query)


HEALTHY = {"data": {"echo": 7}}


async def still_serving(schema: grommet.Schema) -> None:
    expect(await schema.execute("{ echo(n: 7) }"), HEALTHY)
    expect(schema.execute_sync("{ echo(n: 7) }"), HEALTHY)


def request_error(message: str, *location: tuple[int, int]) -> dict[str, Any]:
    error: dict[str, Any] = {"message": message}
    if location:
        error["locations"] = [{"line": line, "column": column} for line, column in location]
    return error


# Errors raised before execution starts (parsing, validation, variable coercion).
REQUEST_ERRORS = [
    pytest.param(
        "{ echo(n: 1) ",
        None,
        request_error("syntax error: expected R_CURLY, got EOF", (1, 14)),
        id="syntax error",
    ),
    pytest.param(
        "{ nope }",
        None,
        request_error("type `Query` does not have a field `nope`", (1, 3)),
        id="unknown field",
    ),
    pytest.param(
        "query Echo($n: Int!) { echo(n: $n) }",
        {"n": "abc"},
        request_error(
            'Variable "$n" got invalid value "abc"; Int cannot represent non-integer value: "abc"',
            (1, 12),
        ),
        id="variable of the wrong type",
    ),
    pytest.param(
        "query Echo($n: Int!) { echo(n: $n) }",
        {},
        request_error('Variable "$n" of required type "Int!" was not provided.', (1, 12)),
        id="missing required variable",
    ),
    pytest.param(
        "query Echo($n: Int!) { echo(n: $n) }",
        {"n": 2**40},
        request_error(
            'Variable "$n" got invalid value 1099511627776; '
            "Int cannot represent non 32-bit signed integer value: 1099511627776",
            (1, 12),
        ),
        id="variable out of Int range",
    ),
    pytest.param(
        '{ echo(n: "one") }',
        None,
        request_error("expected value of type Int!, found a string", (1, 11)),
        id="literal argument of the wrong type",
    ),
    pytest.param(
        "",
        None,
        request_error("syntax error: Unexpected <EOF>.", (1, 1)),
        id="empty document",
    ),
]


@pytest.mark.parametrize(("source", "variables", "error"), REQUEST_ERRORS)
async def test_request_errors(
    schema: grommet.Schema, source: str, variables: dict[str, Any] | None, error: dict[str, Any]
) -> None:
    expect_rejected(await schema.execute(source, variables), [error])
    await still_serving(schema)


@pytest.mark.parametrize(("source", "variables", "error"), REQUEST_ERRORS[:3])
def test_request_errors_sync(
    schema: grommet.Schema, source: str, variables: dict[str, Any] | None, error: dict[str, Any]
) -> None:
    expect_rejected(schema.execute_sync(source, variables), [error])


@pytest.mark.parametrize(("source", "variables", "error"), REQUEST_ERRORS[:3])
async def test_request_error_response_has_no_data_entry(
    schema: grommet.Schema, source: str, variables: dict[str, Any] | None, error: dict[str, Any]
) -> None:
    # Spec, Response Format: "If an error was raised before execution begins, the data entry
    # should not be present in the result."
    result = await schema.execute(source, variables)
    assert result.to_dict() == {"errors": [error]}


FIELD_ERRORS = [
    pytest.param(
        "{ echo(n: 1) fails }",
        {
            "data": {"echo": 1, "fails": None},
            "errors": [located("resolver failed", 1, 14, "fails")],
        },
        id="resolver raises",
    ),
    pytest.param(
        "{ refuses }",
        {
            "data": {"refuses": None},
            "errors": [
                {**located("not allowed", 1, 3, "refuses"), "extensions": {"code": "FORBIDDEN"}}
            ],
        },
        id="resolver raises GraphQLError with extensions",
    ),
    pytest.param(
        "{ echo(n: 1) missing }",
        {
            "data": None,
            "errors": [
                located(
                    "Cannot return null for non-nullable field Query.missing.", 1, 14, "missing"
                )
            ],
        },
        id="None for a non-null field",
    ),
    pytest.param(
        "{ wrongInt echo(n: 2) }",
        {
            "data": {"wrongInt": None, "echo": 2},
            "errors": [located('Int cannot represent non-integer value: "abc"', 1, 3, "wrongInt")],
        },
        id="string for an Int",
    ),
    pytest.param(
        "{ wrongList }",
        {
            "data": {"wrongList": None},
            "errors": [
                located(
                    'Expected Iterable, but did not find one for field "Query.wrongList".',
                    1,
                    3,
                    "wrongList",
                )
            ],
        },
        id="non-list for a list",
    ),
]


@pytest.mark.parametrize(("source", "expected"), FIELD_ERRORS)
async def test_field_errors(schema: grommet.Schema, source: str, expected: dict[str, Any]) -> None:
    expect(await schema.execute(source), expected)
    await still_serving(schema)


@pytest.mark.parametrize(("source", "expected"), FIELD_ERRORS)
def test_field_errors_sync(schema: grommet.Schema, source: str, expected: dict[str, Any]) -> None:
    expect(schema.execute_sync(source), expected)


async def test_unknown_operation_name(schema: grommet.Schema) -> None:
    source = "query A { echo(n: 1) } query B { echo(n: 2) }"
    expect(await schema.execute(source, operation_name="B"), {"data": {"echo": 2}})
    expect_rejected(
        await schema.execute(source, operation_name="C"), [{"message": "No operation named 'C'"}]
    )
    expect_rejected(
        await schema.execute(source),
        [{"message": "Ambiguous request: multiple operations but no specified `operationName`"}],
    )
    await still_serving(schema)


async def test_many_bad_requests_in_a_row(schema: grommet.Schema) -> None:
    for attempt in range(200):
        result = await schema.execute("{ echo(n: " + "[" * (attempt % 5))
        assert result.data is None
        assert result.errors
    await still_serving(schema)


def assert_rejected_by_a_limit(result: grommet.ExecutionResult) -> None:
    # Which limits fire (parser recursion, validation recursion) and so the exact errors are
    # apollo-compiler's business; what matters is a request error instead of a crash.
    assert result.data is None
    assert result.errors
    for error in result.to_dict()["errors"]:
        assert set(error) == {"message", "locations"}


@pytest.mark.parametrize("depth", [1_000, 5_000])
async def test_deeply_nested_document_is_rejected(schema: grommet.Schema, depth: int) -> None:
    source = "{ node { " + "child { " * depth + "__typename" + " }" * depth + " } }"
    assert_rejected_by_a_limit(await schema.execute(source))
    await still_serving(schema)


async def test_deeply_nested_list_literal_is_rejected(schema: grommet.Schema) -> None:
    source = "{ echo(n: " + "[" * 20_000 + "1" + "]" * 20_000 + ") }"
    assert_rejected_by_a_limit(await schema.execute(source))
    await still_serving(schema)


async def test_nesting_within_limits_executes(schema: grommet.Schema) -> None:
    # Within the default max_depth of 64 (SECURITY.md).
    source = "{ node { " + "child { " * 62 + "__typename" + " }" * 62 + " } }"
    result = await schema.execute(source)
    assert result.errors == []
    node = result.data
    for _ in range(63):
        assert node is not None
        node = node["node" if "node" in node else "child"]
    assert node == {"__typename": "Node"}
