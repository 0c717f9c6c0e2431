"""graphql-core tests/execution/test_variables.py, case by case, on both engines.

Resolvers answer `repr` of the argument they receive, so the Python values both engines
pass (input objects as dicts, lists, parsed custom scalars, enum values) are compared
exactly. Requests refused during variable coercion are compared by rejection and location:
the messages are worded differently (docs/compatibility.md). Not portable: graphql-core's
`out_type` of input object types (grommet's equivalent, the bundle's input factory, is
exercised by tests/python/builder).
"""

from __future__ import annotations

from typing import Any

import graphql
import pytest

from .harness import Case, Request, Scalar, check, run


def _faulty(_value: Any) -> Any:
    raise graphql.GraphQLError(
        "FaultyScalarErrorMessage", extensions={"code": "FaultyScalarExtensionCode"}
    )


def _complex(value: Any) -> str:
    assert value == "SerializedValue"
    return "DeserializedValue"


def _repr_input(_parent: Any, _info: Any, **args: Any) -> str | None:
    return repr(args["input"]) if "input" in args else None


FIELDS = {
    "fieldWithEnumInput": "TestEnum",
    "fieldWithNonNullableEnumInput": "TestEnum!",
    "fieldWithObjectInput": "TestInputObject",
    "fieldWithNullableStringInput": "String",
    "fieldWithNonNullableStringInput": "String!",
    "fieldWithDefaultArgumentValue": 'String = "Hello World"',
    "fieldWithNonNullableStringInputAndDefaultArgValue": 'String! = "Hello World"',
    "fieldWithNestedInputObject": "TestNestedInputObject",
    "list": "[String]",
    "nnList": "[String]!",
    "listNN": "[String!]",
    "nnListNN": "[String!]!",
}

SDL = (
    """
scalar FaultyScalar
scalar ComplexScalar
input TestInputObject { a: String b: [String] c: String! d: ComplexScalar e: FaultyScalar }
input TestNestedInputObject { na: TestInputObject! nb: String! }
enum TestEnum { NULL NAN FALSE CUSTOM DEFAULT_VALUE }
type TestType {
"""
    + "\n".join(f"  {name}(input: {ty}): String" for name, ty in FIELDS.items())
    + "\n}\nschema { query: TestType }\n"
)

CASE = Case(
    SDL,
    resolvers={"TestType": dict.fromkeys(FIELDS, _repr_input)},
    scalars={"FaultyScalar": Scalar(parse=_faulty), "ComplexScalar": Scalar(parse=_complex)},
    enums={"TestEnum": {"NAN": "nan", "FALSE": False, "CUSTOM": "custom value"}},
)


def _answer(field: str, value: str | None) -> dict[str, Any]:
    return {"data": {field: value}}


@pytest.mark.parametrize(
    ("literal", "received"),
    [
        ('{a: "foo", b: ["bar"], c: "baz"}', "{'a': 'foo', 'b': ['bar'], 'c': 'baz'}"),
        ('{a: "foo", b: "bar", c: "baz"}', "{'a': 'foo', 'b': ['bar'], 'c': 'baz'}"),
        ('{a: null, b: null, c: "C", d: null}', "{'a': None, 'b': None, 'c': 'C', 'd': None}"),
        ('{b: ["A",null,"C"], c: "C"}', "{'b': ['A', None, 'C'], 'c': 'C'}"),
        ('{c: "foo", d: "SerializedValue"}', "{'c': 'foo', 'd': 'DeserializedValue'}"),
    ],
)
def test_inline_input_object(literal: str, received: str) -> None:
    query = f"{{ fieldWithObjectInput(input: {literal}) }}"
    check(CASE, query, _answer("fieldWithObjectInput", received))


def _check_rejected_at(request: Request, *locations: tuple[int, int]) -> None:
    core, ours = run(CASE, request)
    for answer in (core, ours):
        assert answer["data"] is None, answer
        got = [tuple(loc.values()) for e in answer["errors"] for loc in e.get("locations", [])]
        assert got == list(locations), answer


@pytest.mark.parametrize(
    "literal", ['["foo", "bar", "baz"]', '{c: "foo", e: "bar"}', '{a: "foo"}', "{c: 1}"]
)
def test_inline_invalid_input_object_is_rejected(literal: str) -> None:
    core, ours = run(CASE, f"{{ fieldWithObjectInput(input: {literal}) }}")
    assert core["data"] is None and ours["data"] is None


OBJECT_VAR = "query ($input: TestInputObject) { fieldWithObjectInput(input: $input) }"


@pytest.mark.parametrize(
    ("value", "received"),
    [
        ({"a": "foo", "b": ["bar"], "c": "baz"}, "{'a': 'foo', 'b': ['bar'], 'c': 'baz'}"),
        ({"a": "foo", "b": "bar", "c": "baz"}, "{'a': 'foo', 'b': ['bar'], 'c': 'baz'}"),
        ({"c": "foo", "d": "SerializedValue"}, "{'c': 'foo', 'd': 'DeserializedValue'}"),
    ],
)
def test_input_object_variable(value: Any, received: str) -> None:
    check(CASE, Request(OBJECT_VAR, {"input": value}), _answer("fieldWithObjectInput", received))


@pytest.mark.parametrize(
    "value",
    [
        {"c": "foo", "e": "SerializedValue"},
        {"a": "foo", "b": "bar", "c": None},
        "foo bar",
        {"a": "foo", "b": "bar"},
        {"a": "foo", "b": "bar", "c": "baz", "extra": "dog"},
    ],
)
def test_invalid_input_object_variable_is_rejected(value: Any) -> None:
    _check_rejected_at(Request(OBJECT_VAR, {"input": value}), (1, 8))


def test_faulty_scalar_error_keeps_its_extensions() -> None:
    core, ours = run(CASE, Request(OBJECT_VAR, {"input": {"c": "foo", "e": "x"}}))
    for answer in (core, ours):
        assert answer["errors"][0]["extensions"] == {"code": "FaultyScalarExtensionCode"}


def test_default_variable_value_is_used_when_not_provided() -> None:
    query = """query ($input: TestInputObject = {a: "foo", b: ["bar"], c: "baz"}) {
      fieldWithObjectInput(input: $input)
    }"""
    check(CASE, query, _answer("fieldWithObjectInput", "{'a': 'foo', 'b': ['bar'], 'c': 'baz'}"))


NULLABLE = "query q($input: String{default}) {{ fieldWithNullableStringInput(input: $input) }}"


@pytest.mark.parametrize(
    ("default", "variables", "received"),
    [
        ("", {}, None),
        ("", {"input": None}, "None"),
        ("", {"input": "a"}, "'a'"),
        (' = "Default value"', {"input": "Variable value"}, "'Variable value'"),
        (' = "Default value"', {"input": None}, "None"),
        (' = "Default value"', {}, "'Default value'"),
        (" = null", {}, "None"),
    ],
)
def test_nullable_string_variable(default: str, variables: Any, received: str | None) -> None:
    query = NULLABLE.format(default=default)
    check(CASE, Request(query, variables), _answer("fieldWithNullableStringInput", received))


def test_nullable_string_inline_values() -> None:
    check(CASE, "{ fieldWithNullableStringInput }", _answer("fieldWithNullableStringInput", None))
    check(
        CASE,
        '{ fieldWithNullableStringInput(input: "a") }',
        _answer("fieldWithNullableStringInput", "'a'"),
    )
    check(
        CASE,
        "{ fieldWithNullableStringInput(input: null) }",
        _answer("fieldWithNullableStringInput", "None"),
    )


NON_NULL = "query ($value: String!) { fieldWithNonNullableStringInput(input: $value) }"


def test_non_nullable_variable_provided() -> None:
    check(
        CASE,
        Request(NON_NULL, {"value": "a"}),
        _answer("fieldWithNonNullableStringInput", "'a'"),
    )


@pytest.mark.parametrize("variables", [{}, {"value": None}, {"value": [1, 2, 3]}])
def test_non_nullable_variable_not_provided_or_invalid_is_rejected(variables: Any) -> None:
    _check_rejected_at(Request(NON_NULL, variables), (1, 8))


def test_non_nullable_variable_with_default_is_rejected_by_validation() -> None:
    core, ours = run(
        CASE, 'query ($value: String! = "x") { fieldWithNonNullableStringInput(input: $value) }'
    )
    # graphql-core accepts a default on a non-null variable; apollo-compiler too.
    assert ours == core


def test_non_null_argument_default_used_when_omitted_or_variable_missing() -> None:
    field = "fieldWithNonNullableStringInputAndDefaultArgValue"
    check(CASE, f"{{ {field} }}", _answer(field, "'Hello World'"))
    check(
        CASE,
        Request(f"query ($v: String) {{ {field}(input: $v) }}", {}),
        _answer(field, "'Hello World'"),
    )


@pytest.mark.parametrize(
    ("field", "list_type", "value", "received"),
    [
        ("list", "[String]", None, "None"),
        ("list", "[String]", ["A"], "['A']"),
        ("list", "[String]", ["A", None, "B"], "['A', None, 'B']"),
        ("nnList", "[String]!", ["A"], "['A']"),
        ("nnList", "[String]!", ["A", None, "B"], "['A', None, 'B']"),
        ("listNN", "[String!]", None, "None"),
        ("listNN", "[String!]", ["A"], "['A']"),
        ("nnListNN", "[String!]!", ["A"], "['A']"),
        ("list", "[String]", "A", "['A']"),
    ],
)
def test_list_variables(field: str, list_type: str, value: Any, received: str) -> None:
    query = f"query ($input: {list_type}) {{ {field}(input: $input) }}"
    check(CASE, Request(query, {"input": value}), _answer(field, received))


@pytest.mark.parametrize(
    ("field", "list_type", "value"),
    [
        ("nnList", "[String]!", None),
        ("listNN", "[String!]", ["A", None, "B"]),
        ("nnListNN", "[String!]!", None),
        ("nnListNN", "[String!]!", ["A", None, "B"]),
    ],
)
def test_invalid_list_variables_are_rejected(field: str, list_type: str, value: Any) -> None:
    query = f"query ($input: {list_type}) {{ {field}(input: $input) }}"
    _check_rejected_at(Request(query, {"input": value}), (1, 8))


def test_argument_default_values() -> None:
    field = "fieldWithDefaultArgumentValue"
    check(CASE, f"{{ {field} }}", _answer(field, "'Hello World'"))
    check(
        CASE,
        Request(f"query ($optional: String) {{ {field}(input: $optional) }}", {}),
        _answer(field, "'Hello World'"),
    )


@pytest.mark.parametrize(
    ("literal", "received"),
    [
        ("CUSTOM", "'custom value'"),
        ("FALSE", "False"),
        ("NAN", "'nan'"),
        ("DEFAULT_VALUE", "'DEFAULT_VALUE'"),
    ],
)
def test_enum_input_values(literal: str, received: str) -> None:
    check(
        CASE, f"{{ fieldWithEnumInput(input: {literal}) }}", _answer("fieldWithEnumInput", received)
    )
    query = "query ($e: TestEnum) { fieldWithEnumInput(input: $e) }"
    check(CASE, Request(query, {"e": literal}), _answer("fieldWithEnumInput", received))


def test_invalid_enum_variable_is_rejected() -> None:
    query = "query ($e: TestEnum) { fieldWithEnumInput(input: $e) }"
    for value in ("UNKNOWN", "custom value", 1):
        _check_rejected_at(Request(query, {"e": value}), (1, 8))
