"""graphql-core tests/type/test_enum.py, case by case, on both engines.

Not portable: the subscription case (graphql-core's `graphql()` runs a subscription
operation as a query; grommet's `execute()` refuses it and `subscribe()` needs a source
stream) and the checks of graphql-core's `GraphQLEnumType` object itself.
"""

from __future__ import annotations

from typing import Any

from .harness import Case, Request, check, check_rejected, err, run


class Complex1:
    pass


class Complex2:
    pass


COMPLEX1 = Complex1()
COMPLEX2 = Complex2()


def _color_enum(_p: Any, _i: Any, **args: Any) -> Any:
    return args.get("fromInt") or args.get("fromString") or args.get("fromEnum")


def _complex_enum(_p: Any, _i: Any, **args: Any) -> Any:
    if args.get("provideGoodValue"):
        return COMPLEX2
    if args.get("provideBadValue"):
        return Complex2()  # equal to no enum value: not the same object
    return args.get("fromEnum")


CASE = Case(
    """
    enum Color { RED GREEN BLUE }
    enum Complex { ONE TWO }
    type Query {
      colorEnum(fromEnum: Color, fromInt: Int, fromString: String): Color
      colorInt(fromEnum: Color, fromInt: Int): Int
      complexEnum(
        fromEnum: Complex = ONE, provideGoodValue: Boolean, provideBadValue: Boolean
      ): Complex
    }
    type Mutation { favoriteEnum(color: Color): Color }
    """,
    resolvers={
        "Query": {
            "colorEnum": _color_enum,
            "colorInt": lambda _p, _i, **args: args.get("fromEnum"),
            "complexEnum": _complex_enum,
        },
        "Mutation": {"favoriteEnum": lambda _p, _i, color=None: color},
    },
    enums={
        "Color": {"RED": 0, "GREEN": 1, "BLUE": 2},
        "Complex": {"ONE": COMPLEX1, "TWO": COMPLEX2},
    },
)


def test_accepts_enum_literals_as_input() -> None:
    check(CASE, "{ colorInt(fromEnum: GREEN) }", {"data": {"colorInt": 1}})


def test_enum_may_be_output_type() -> None:
    check(CASE, "{ colorEnum(fromInt: 1) }", {"data": {"colorEnum": "GREEN"}})


def test_enum_may_be_both_input_and_output_type() -> None:
    check(CASE, "{ colorEnum(fromEnum: GREEN) }", {"data": {"colorEnum": "GREEN"}})


def test_invalid_enum_literals_are_rejected() -> None:
    for query in (
        '{ colorEnum(fromEnum: "GREEN") }',
        "{ colorEnum(fromEnum: GREENISH) }",
        "{ colorEnum(fromEnum: green) }",
        "{ colorEnum(fromEnum: 1) }",
        "{ colorEnum(fromInt: GREEN) }",
    ):
        core, ours = run(CASE, query)
        assert core["data"] is None and ours["data"] is None, query
        assert [e["locations"] for e in ours["errors"]] == [e["locations"] for e in core["errors"]]


def test_value_name_returned_as_a_string_is_accepted_by_grommet() -> None:
    # graphql-core refuses the name where an internal value is expected; grommet's contract
    # accepts the value name as a str for output (docs/compatibility.md).
    core, ours = run(CASE, '{ colorEnum(fromString: "GREEN") }')
    assert core == {
        "data": {"colorEnum": None},
        "errors": [err('Enum "Color" cannot represent value: "GREEN"', (1, 3), path=["colorEnum"])],
    }
    assert ours == {"data": {"colorEnum": "GREEN"}}


def test_accepts_json_string_as_enum_variable() -> None:
    query = "query ($color: Color!) { colorEnum(fromEnum: $color) }"
    check(CASE, Request(query, {"color": "BLUE"}), {"data": {"colorEnum": "BLUE"}})


def test_accepts_enum_literals_as_input_arguments_to_mutations() -> None:
    query = "mutation ($color: Color!) { favoriteEnum(color: $color) }"
    check(CASE, Request(query, {"color": "GREEN"}), {"data": {"favoriteEnum": "GREEN"}})


def test_does_not_accept_internal_value_as_enum_variable() -> None:
    query = "query ($color: Color!) { colorEnum(fromEnum: $color) }"
    core, ours = run(CASE, Request(query, {"color": 2}))
    for answer in (core, ours):
        assert answer["data"] is None
        assert [e["locations"] for e in answer["errors"]] == [[{"line": 1, "column": 8}]]


def test_string_or_int_variables_are_not_enum_input() -> None:
    for query in (
        "query ($color: String!) { colorEnum(fromEnum: $color) }",
        "query ($color: Int!) { colorEnum(fromEnum: $color) }",
    ):
        check_rejected(CASE, Request(query, {"color": "BLUE"}))


def test_enum_value_may_have_an_internal_value_of_0() -> None:
    query = "{ colorEnum(fromEnum: RED) colorInt(fromEnum: RED) }"
    check(CASE, query, {"data": {"colorEnum": "RED", "colorInt": 0}})


def test_enum_inputs_may_be_nullable() -> None:
    check(CASE, "{ colorEnum colorInt }", {"data": {"colorEnum": None, "colorInt": None}})


def test_may_be_internally_represented_with_complex_values() -> None:
    query = """{
      first: complexEnum
      second: complexEnum(fromEnum: TWO)
      good: complexEnum(provideGoodValue: true)
      bad: complexEnum(provideBadValue: true)
    }"""
    core, ours = run(CASE, query)
    assert (
        ours["data"]
        == core["data"]
        == {"first": "ONE", "second": "TWO", "good": "TWO", "bad": None}
    )
    for answer in (core, ours):
        assert [(e["path"], e["locations"]) for e in answer["errors"]] == [
            (["bad"], [{"line": 5, "column": 7}])
        ]
