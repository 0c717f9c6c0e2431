"""Issue 8, "What was found": input coercion and validation findings, with exact responses."""

from __future__ import annotations

from typing import Any

import graphql
import pytest

import grommet

from .harness import Case, Scalar, check, err, run

ONE_OF = """
input By @oneOf { id: ID name: String }
type Query { l(by: By): String }
type Mutation { first: String second(by: By): String }
"""
ONE_OF_MESSAGE = (
    'Within OneOf Input Object type "By", exactly one field must be specified,'
    " and the value for that field must be non-null."
)
OUR_ONE_OF_MESSAGE = (
    'Argument "by" has invalid value: OneOf Input Object "By" must specify exactly one key,'
    " and its value must not be null."
)


def _one_of_case(calls: list[str]) -> Case:
    def first(_parent: Any, _info: Any) -> str:
        calls.append("first")
        return "ran"

    def by(_parent: Any, _info: Any, by: Any = None) -> str:
        calls.append("by")
        return repr(by)

    return Case(
        ONE_OF,
        resolvers={"Query": {"l": by}, "Mutation": {"first": first, "second": by}},
    )


@pytest.mark.parametrize(
    ("query", "column"),
    [
        ('mutation { first second(by: {id: "1", name: "x"}) }', 29),
        ("mutation { first second(by: {id: null}) }", 29),
        ("mutation { first second(by: {}) }", 29),
    ],
)
def test_one_of_literal_is_rejected_before_any_resolver(query: str, column: int) -> None:
    calls: list[str] = []
    case = _one_of_case(calls)
    core, ours = run(case, query)
    assert core == {"data": None, "errors": [err(ONE_OF_MESSAGE, (1, column))]}
    # Rejected at validation, before `first` ran, at the same place; grommet keeps the
    # wording its execution-time check had (docs/compatibility.md).
    assert ours == {"data": None, "errors": [err(OUR_ONE_OF_MESSAGE, (1, column))]}
    assert calls == []


def test_nullable_variable_in_one_of_is_rejected() -> None:
    calls: list[str] = []
    case = _one_of_case(calls)
    message = (
        'Variable "$n" is of type "String" but must be non-nullable'
        ' to be used for OneOf Input Object "By".'
    )
    query = "query($n: String) { l(by: {name: $n}) }"
    check(
        case, query, {"data": None, "errors": [err(message, (1, 7), (1, 34))]}, variables={"n": "x"}
    )
    check(
        case,
        "query($n: String!) { l(by: {name: $n}) }",
        {"data": {"l": "{'name': 'x'}"}},
        variables={"n": "x"},
    )
    assert calls == ["by", "by"]


def test_duplicate_input_fields_are_rejected() -> None:
    calls: list[str] = []
    case = Case(
        "input I { a: Int } scalar Json type Query { f(i: I, j: Json): String }",
        resolvers={"Query": {"f": lambda _p, _i, **_k: calls.append("f")}},
    )
    message = 'There can be only one input field named "a".'
    check(case, "{ f(i: {a: 1, a: 2}) }", {"data": None, "errors": [err(message, (1, 9), (1, 15))]})
    check(case, "{ f(j: {a: 1, a: 2}) }", {"data": None, "errors": [err(message, (1, 9), (1, 15))]})
    assert calls == []


def _parse_even(value: Any) -> int:
    if value == "gql":
        raise graphql.GraphQLError("not even a number", extensions={"code": "NOT_EVEN"})
    if not isinstance(value, int) or value % 2:
        raise ValueError("odd")
    return int(value)


def test_custom_scalar_literal_refused_by_parse_is_rejected_at_validation() -> None:
    calls: list[str] = []

    def first(_parent: Any, _info: Any) -> str:
        calls.append("first")
        return "ran"

    case = Case(
        "scalar Even type Query { q: String } type Mutation { first: String take(e: Even): Int }",
        scalars={"Even": Scalar(parse=_parse_even)},
        resolvers={"Mutation": {"first": first, "take": lambda _p, _i, e=None: e}},
    )
    message = 'Expected value of type "Even", but encountered error "odd"; found: 3.'
    check(case, "mutation { first take(e: 3) }", {"data": None, "errors": [err(message, (1, 26))]})
    check(case, "mutation { first take(e: 4) }", {"data": {"first": "ran", "take": 4}})
    assert calls == ["first", "first"]  # once per engine, for the valid document only


def test_custom_scalar_literal_graphql_error_keeps_its_extensions() -> None:
    case = Case(
        "scalar Even type Query { take(e: Even): Int }",
        scalars={"Even": Scalar(parse=_parse_even)},
        resolvers={"Query": {"take": lambda _p, _i, e=None: e}},
    )
    core, ours = run(case, '{ take(e: "gql") }')
    expected_error = {"message": "not even a number", "extensions": {"code": "NOT_EVEN"}}
    # graphql-core gives this error no location; grommet locates the literal.
    assert core == {"data": None, "errors": [expected_error]}
    assert ours == {
        "data": None,
        "errors": [{**expected_error, "locations": [{"line": 1, "column": 11}]}],
    }


def test_scalar_parse_graphql_error_extensions_kept_for_variables() -> None:
    schema = Case(
        "scalar Even type Query { take(e: Even): Int }",
        scalars={"Even": Scalar(parse=_parse_even)},
        resolvers={"Query": {"take": lambda _p, _i, e=None: e}},
    ).grommet_schema()
    result = schema.execute_sync("query($e: Even) { take(e: $e) }", {"e": "gql"})
    assert result.to_dict() == {
        "errors": [
            {
                "message": 'Variable "$e" got invalid value "gql"; not even a number',
                "locations": [{"line": 1, "column": 7}],
                "extensions": {"code": "NOT_EVEN"},
            }
        ]
    }


FLOATS = "input P { x: Float } type Query { f(x: Float, p: P): String }"


@pytest.mark.parametrize(
    ("variables", "shown"),
    [
        ({"x": float("nan")}, "nan"),
        ({"x": float("inf")}, "inf"),
        ({"x": float("-inf")}, "-inf"),
        ({"p": {"x": float("nan")}}, "nan"),
        ({"x": 2**53 + 1}, "9007199254740993 (value would lose precision)"),
        ({"x": 10**400}, "0 (value is too large)"),
    ],
)
def test_non_finite_and_imprecise_float_variables_are_rejected(
    variables: dict[str, Any], shown: str
) -> None:
    case = Case(FLOATS, resolvers={"Query": {"f": lambda _p, _i, **_k: "ran"}})
    query = "query($x: Float, $p: P) { f(x: $x, p: $p) }"
    core, ours = run(case, query, variables=variables)
    prefix = "Float cannot represent non numeric value: "
    # Variable messages are worded differently (docs/compatibility.md); the reason is the same.
    for answer in (core, ours):
        assert answer["data"] is None
        assert prefix in answer["errors"][0]["message"]
        assert answer["errors"][0]["message"].endswith(shown)
    assert ours["errors"][0]["locations"] == core["errors"][0]["locations"]


def test_exact_big_int_is_accepted_as_float() -> None:
    case = Case(FLOATS, resolvers={"Query": {"f": lambda _p, _i, x=None, p=None: repr(x)}})
    check(
        case,
        "query($x: Float) { f(x: $x) }",
        {"data": {"f": "9007199254740992.0"}},
        variables={"x": 2**53},
    )


class _OddError(grommet.GraphQLError):
    def __init__(self) -> None:
        super().__init__("odd extensions")
        self.extensions = "not a mapping"  # type: ignore[assignment]


def test_graphql_error_with_non_mapping_extensions_is_sent_without_them() -> None:
    def fail(_parent: Any, _info: Any) -> str:
        raise _OddError

    schema = Case("type Query { f: String }", resolvers={"Query": {"f": fail}}).grommet_schema()
    assert schema.execute_sync("{ f }").to_dict() == {
        "data": {"f": None},
        "errors": [
            {"message": "odd extensions", "locations": [{"line": 1, "column": 3}], "path": ["f"]}
        ],
    }


def test_graphql_core_error_raised_by_a_resolver_keeps_message_and_extensions() -> None:
    def fail(_parent: Any, _info: Any) -> str:
        raise graphql.GraphQLError("nope", extensions={"code": "NOPE"})

    case = Case("type Query { f: String }", resolvers={"Query": {"f": fail}})
    error = {**err("nope", (1, 3), path=["f"]), "extensions": {"code": "NOPE"}}
    check(case, "{ f }", {"data": {"f": None}, "errors": [error]})


def _interrupt(_value: Any) -> Any:
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("query($e: Even) { take(e: $e) }", {"e": 1}),
        ("{ take(e: 1) }", None),
        ("query($e: [Even]) { takeMany(e: $e) }", {"e": [1]}),
    ],
)
def test_keyboard_interrupt_in_scalar_parse_ends_the_execution(
    query: str, variables: dict[str, Any] | None
) -> None:
    case = Case(
        "scalar Even type Query { take(e: Even): Int takeMany(e: [Even]): Int }",
        scalars={"Even": Scalar(parse=_interrupt)},
    )
    with pytest.raises(KeyboardInterrupt):
        case.grommet_schema().execute_sync(query, variables)
    with pytest.raises(KeyboardInterrupt):
        graphql.graphql_sync(case.core_schema(), query, variable_values=variables)
    # The next request is unaffected.
    ok = Case("scalar Even type Query { take(e: Even): Int }", scalars={"Even": Scalar(parse=int)})
    answer = ok.grommet_schema().execute_sync("{ take(e: 2) }", root={})
    assert answer.to_dict() == {"data": {"take": None}}


def test_nested_one_of_literal_is_rejected_with_its_path() -> None:
    case = Case(
        "input By @oneOf { id: ID name: String } input Outer { inner: [By] }"
        " type Query { f(o: Outer): String }",
        resolvers={"Query": {"f": lambda _p, _i, o=None: "ran"}},
    )
    core, ours = run(case, '{ f(o: {inner: [{id: "1"}, {id: "1", name: "x"}]}) }')
    assert core["data"] is None
    assert ours == {
        "data": None,
        "errors": [
            err(
                'Argument "o" has invalid value at "inner.1": OneOf Input Object "By" must'
                " specify exactly one key, and its value must not be null.",
                (1, 28),
            )
        ],
    }
    assert [e["locations"] for e in core["errors"]] == [[{"line": 1, "column": 28}]]
