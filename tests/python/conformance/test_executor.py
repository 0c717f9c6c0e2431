"""graphql-core tests/execution/test_executor.py, case by case, on both engines.

Not portable: graphql-core's custom `field_resolver` / `type_resolver` execution arguments
(grommet binds resolvers per field in the bundle), `is_type_of` checks of values in concrete
object positions (grommet maps classes to types only for abstract positions), and default
resolvers that call methods of the parent (grommet reads data attributes; methods are bound
as resolvers): see docs/compatibility.md.
"""

from __future__ import annotations

import asyncio
from typing import Any

import graphql

from .harness import Case, Request, check, check_rejected, err, info_view, run


def test_resolver_receives_the_root_value_as_parent() -> None:
    case = Case(
        "type Query { a: String }", resolvers={"Query": {"a": lambda parent, _info: parent}}
    )
    check(case, "{ a }", {"data": {"a": "rootValue"}}, root="rootValue")


class _Deep:
    pass


class _Data:
    f = "Fish"


async def _promise_data(_parent: Any, _info: Any) -> _Data:
    await asyncio.sleep(0)
    return _Data()


EXECUTES_ARBITRARY_CODE = Case(
    """
    type DataType {
      a: String b: String c: String d: String e: String f: String
      pic(size: Int): String
      deep: DeepDataType
      promise: DataType
    }
    type DeepDataType { a: String b: String c: [String] deeper: [DataType] }
    schema { query: DataType }
    """,
    resolvers={
        "DataType": {
            "a": lambda _p, _i: "Apple",
            "b": lambda _p, _i: "Banana",
            "c": lambda _p, _i: "Cookie",
            "d": lambda _p, _i: "Donut",
            "e": lambda _p, _i: "Egg",
            "pic": lambda _p, _i, size=None: f"Pic of size: {size}",
            "deep": lambda _p, _i: _Deep(),
            "promise": _promise_data,
        },
        "DeepDataType": {
            "a": lambda _p, _i: "Already Been Done",
            "b": lambda _p, _i: "Boring",
            "c": lambda _p, _i: ["Contrived", None, "Confusing"],
            "deeper": lambda _p, _i: [_Data(), None, _Data()],
        },
    },
)


def test_executes_arbitrary_code() -> None:
    query = """
    query ($size: Int) {
      a, b, x: c
      ...c
      f
      ...on DataType { pic(size: $size) promise { a } }
      deep { a b c deeper { a b } }
    }
    fragment c on DataType { d e }
    """
    apple = {"a": "Apple", "b": "Banana"}
    expected = {
        "data": {
            "a": "Apple",
            "b": "Banana",
            "x": "Cookie",
            "d": "Donut",
            "e": "Egg",
            "f": "Fish",
            "pic": "Pic of size: 100",
            "promise": {"a": "Apple"},
            "deep": {
                "a": "Already Been Done",
                "b": "Boring",
                "c": ["Contrived", None, "Confusing"],
                "deeper": [apple, None, apple],
            },
        }
    }
    check(EXECUTES_ARBITRARY_CODE, Request(query, {"size": 100}, root=_Data()), expected)


def test_merges_parallel_fragments() -> None:
    case = Case(
        "type Type { a: String b: String c: String deep: Type } schema { query: Type }",
        resolvers={
            "Type": {
                "a": lambda _p, _i: "Apple",
                "b": lambda _p, _i: "Banana",
                "c": lambda _p, _i: "Cherry",
                "deep": lambda _p, _i: {},
            }
        },
    )
    query = """
    { a, ...FragOne, ...FragTwo }
    fragment FragOne on Type { b deep { b, deeper: deep { b } } }
    fragment FragTwo on Type { c deep { c, deeper: deep { c } } }
    """
    expected = {
        "data": {
            "a": "Apple",
            "b": "Banana",
            "deep": {"b": "Banana", "deeper": {"b": "Banana", "c": "Cherry"}, "c": "Cherry"},
            "c": "Cherry",
        }
    }
    check(case, query, expected)


def test_provides_info_about_current_execution_state() -> None:
    seen: list[dict[str, Any]] = []

    def resolve(_parent: Any, info: Any) -> None:
        seen.append(info_view(info))

    case = Case(
        "type Test { test(arg: String): String } schema { query: Test }",
        resolvers={"Test": {"test": lambda parent, info, arg=None: resolve(parent, info)}},
    )
    root = {"root": "val"}
    check(
        case,
        Request(
            "query ($var: String) { result: test(arg: $var) }",
            {"var": "abc"},
            root=root,
            context="ctx",
        ),
        {"data": {"result": None}},
    )
    want = {
        "field_name": "test",
        "parent_type": "Test",
        "path": ["result"],
        "context": "ctx",
        "root": root,
        "variables": {"var": "abc"},
        "operation_name": None,
    }
    assert seen == [want, want]


def test_populates_path_correctly_with_complex_types() -> None:
    paths: list[list[str | int]] = []

    def resolve(_parent: Any, info: Any) -> None:
        paths.append(info_view(info)["path"])

    case = Case(
        """
        type SomeObject { test: String }
        union SomeUnion = SomeObject
        type SomeQuery { test: [SomeUnion!]! }
        schema { query: SomeQuery }
        """,
        resolvers={"SomeObject": {"test": resolve}},
        classes={"SomeObject": (dict,)},
    )
    query = "query { l1: test { ... on SomeObject { l2: test } } }"
    check(case, query, {"data": {"l1": [{"l2": None}]}}, root={"test": [{}]})
    assert paths == [["l1", 0, "l2"], ["l1", 0, "l2"]]


def test_threads_root_value_context_correctly() -> None:
    parents: list[Any] = []
    case = Case(
        "type Type { a: String } schema { query: Type }",
        resolvers={"Type": {"a": lambda p, _i: parents.append(p)}},
    )
    root = _Data()
    check(case, "query Example { a }", {"data": {"a": None}}, root=root)
    assert parents == [root, root]


def test_correctly_threads_arguments() -> None:
    received: list[dict[str, Any]] = []

    def resolve(_parent: Any, _info: Any, **args: Any) -> None:
        received.append(args)

    case = Case(
        "type Type { b(numArg: Int, stringArg: String): String } schema { query: Type }",
        resolvers={"Type": {"b": resolve}},
    )
    check(case, 'query Example { b(numArg: 123, stringArg: "foo") }', {"data": {"b": None}})
    assert received == [{"numArg": 123, "stringArg": "foo"}] * 2


async def _async_ok(_p: Any, _i: Any) -> str:
    return "async ok"


async def _async_error(_p: Any, _i: Any) -> str:
    raise graphql.GraphQLError("Error getting asyncError")


async def _async_raw_error(_p: Any, _i: Any) -> str:
    raise Exception("Error getting asyncRawError")


async def _async_return_error(_p: Any, _i: Any) -> Exception:
    return graphql.GraphQLError("Error getting asyncReturnError")


async def _async_return_error_ext(_p: Any, _i: Any) -> Exception:
    return graphql.GraphQLError(
        "Error getting asyncReturnErrorWithExtensions", extensions={"foo": "bar"}
    )


def _raise(exc: Exception) -> Any:
    raise exc


def test_nulls_out_error_subtrees() -> None:
    fields = [
        "syncOk", "syncError", "syncRawError", "syncReturnError", "asyncOk", "asyncError",
        "asyncRawError", "asyncReturnError", "asyncReturnErrorWithExtensions",
    ]  # fmt: skip
    sdl = "type Type { " + " ".join(f"{f}: String" for f in fields)
    sdl += " syncReturnErrorList: [String] } schema { query: Type }"
    case = Case(
        sdl,
        resolvers={
            "Type": {
                "syncOk": lambda _p, _i: "sync ok",
                "syncError": lambda _p, _i: _raise(graphql.GraphQLError("Error getting syncError")),
                "syncRawError": lambda _p, _i: _raise(Exception("Error getting syncRawError")),
                "syncReturnError": lambda _p, _i: Exception("Error getting syncReturnError"),
                "syncReturnErrorList": lambda _p, _i: [
                    "sync0",
                    Exception("Error getting syncReturnErrorList1"),
                    "sync2",
                    Exception("Error getting syncReturnErrorList3"),
                ],
                "asyncOk": _async_ok,
                "asyncError": _async_error,
                "asyncRawError": _async_raw_error,
                "asyncReturnError": _async_return_error,
                "asyncReturnErrorWithExtensions": _async_return_error_ext,
            }
        },
    )
    query = """{
      syncOk
      syncError
      syncRawError
      syncReturnError
      syncReturnErrorList
      asyncOk
      asyncError
      asyncRawError
      asyncReturnError
      asyncReturnErrorWithExtensions
    }"""
    ext_error = err(
        "Error getting asyncReturnErrorWithExtensions",
        (11, 7),
        path=["asyncReturnErrorWithExtensions"],
    )
    ext_error["extensions"] = {"foo": "bar"}
    expected = {
        "data": {
            "syncOk": "sync ok",
            "syncError": None,
            "syncRawError": None,
            "syncReturnError": None,
            "syncReturnErrorList": ["sync0", None, "sync2", None],
            "asyncOk": "async ok",
            "asyncError": None,
            "asyncRawError": None,
            "asyncReturnError": None,
            "asyncReturnErrorWithExtensions": None,
        },
        "errors": [
            err("Error getting syncError", (3, 7), path=["syncError"]),
            err("Error getting syncRawError", (4, 7), path=["syncRawError"]),
            err("Error getting syncReturnError", (5, 7), path=["syncReturnError"]),
            err("Error getting syncReturnErrorList1", (6, 7), path=["syncReturnErrorList", 1]),
            err("Error getting syncReturnErrorList3", (6, 7), path=["syncReturnErrorList", 3]),
            err("Error getting asyncError", (8, 7), path=["asyncError"]),
            err("Error getting asyncRawError", (9, 7), path=["asyncRawError"]),
            err("Error getting asyncReturnError", (10, 7), path=["asyncReturnError"]),
            ext_error,
        ],
    }
    check(case, query, expected)


def test_handles_sync_errors_combined_with_async_ones() -> None:
    finished: list[bool] = []

    async def async_null(_p: Any, _i: Any) -> None:
        finished.append(True)

    case = Case(
        "type Query { syncNullError: String! asyncNullError: String! }",
        resolvers={"Query": {"syncNullError": lambda _p, _i: None, "asyncNullError": async_null}},
    )
    message = "Cannot return null for non-nullable field Query.syncNullError."
    expected = {"data": None, "errors": [err(message, (1, 18), path=["syncNullError"])]}
    check(case, "{ asyncNullError syncNullError }", expected)
    # graphql-core still runs the pending resolver once the response is decided; grommet
    # closes it unstarted (docs/compatibility.md).
    assert finished == [True]


def test_full_response_path_is_included_for_non_nullable_fields() -> None:
    case = Case(
        "type A { nullableA: A nonNullA: A! throws: A! } type Query { nullableA: A }",
        resolvers={
            "A": {
                "nullableA": lambda _p, _i: {},
                "nonNullA": lambda _p, _i: {},
                "throws": lambda _p, _i: _raise(Exception("Catch me if you can")),
            },
            "Query": {"nullableA": lambda _p, _i: {}},
        },
    )
    query = """query {
      nullableA {
        aliasedA: nullableA {
          nonNullA {
            anotherA: nonNullA {
              throws { __typename }
            }
          }
        }
      }
    }"""
    path = ["nullableA", "aliasedA", "nonNullA", "anotherA", "throws"]
    expected = {
        "data": {"nullableA": {"aliasedA": None}},
        "errors": [err("Catch me if you can", (6, 15), path=path)],
    }
    check(case, query, expected)


OPERATIONS = Case("type Type { a: String } schema { query: Type }")


def test_uses_the_inline_operation_if_no_operation_name_is_provided() -> None:
    check(OPERATIONS, "{ a }", {"data": {"a": "b"}}, root={"a": "b"})


def test_uses_the_only_operation_if_no_operation_name_is_provided() -> None:
    check(OPERATIONS, "query Example { a }", {"data": {"a": "b"}}, root={"a": "b"})


def test_uses_the_named_operation_if_operation_name_is_provided() -> None:
    query = "query Example { first: a } query OtherExample { second: a }"
    check(
        OPERATIONS,
        Request(query, root={"a": "b"}, operation_name="OtherExample"),
        {"data": {"second": "b"}},
    )


def test_provides_error_if_no_operation_is_provided() -> None:
    check_rejected(OPERATIONS, "fragment Example on Type { a }")


def test_errors_if_no_operation_name_is_provided_with_multiple_operations() -> None:
    query = "query Example { a } query OtherExample { a }"
    core, ours = run(OPERATIONS, query)
    assert core == {
        "data": None,
        "errors": [
            {"message": "Must provide operation name if query contains multiple operations."}
        ],
    }
    assert ours["data"] is None and len(ours["errors"]) == 1


def test_errors_if_unknown_or_empty_operation_name_is_provided() -> None:
    query = "query Example { a } query OtherExample { a }"
    for name in ("UnknownExample", ""):
        core, ours = run(OPERATIONS, Request(query, operation_name=name))
        assert core == {"data": None, "errors": [{"message": f'Unknown operation named "{name}".'}]}
        assert ours["data"] is None and len(ours["errors"]) == 1


QMS = Case(
    "type Q { a: String } type M { c: String } type S { a: String }"
    " schema { query: Q mutation: M subscription: S }"
)


def test_uses_the_query_schema_for_queries() -> None:
    query = "query Q { a } mutation M { c } subscription S { a }"
    check(QMS, Request(query, root={"a": "b", "c": "d"}, operation_name="Q"), {"data": {"a": "b"}})


def test_uses_the_mutation_schema_for_mutations() -> None:
    query = "query Q { a } mutation M { c }"
    check(QMS, Request(query, root={"a": "b", "c": "d"}, operation_name="M"), {"data": {"c": "d"}})


def test_correct_field_ordering_despite_execution_order() -> None:
    async def later(value: str) -> str:
        await asyncio.sleep(0)
        return value

    case = Case(
        "type Type { a: String b: String c: String d: String e: String } schema { query: Type }",
        resolvers={
            "Type": {
                "a": lambda _p, _i: "a",
                "b": lambda _p, _i: later("b"),
                "c": lambda _p, _i: "c",
                "d": lambda _p, _i: later("d"),
                "e": lambda _p, _i: "e",
            }
        },
    )
    check(case, "{ a, b, c, d, e}", {"data": {"a": "a", "b": "b", "c": "c", "d": "d", "e": "e"}})


def test_fragment_cycles_are_rejected() -> None:
    check_rejected(OPERATIONS, "query Q { a ...Frag ...Frag } fragment Frag on Type { a, ...Frag }")


def test_missing_sub_selections_and_unknown_fields_are_rejected() -> None:
    case = Case("type SomeType { b: String } type Query { a: SomeType }")
    check_rejected(case, "{ a }")
    check_rejected(case, "{ thisIsIllegalDoNotIncludeMe }")


def test_does_not_include_arguments_that_were_not_set() -> None:
    case = Case(
        "type Type { field(a: Boolean, b: Boolean, c: Boolean, d: Int, e: Int): String }"
        " schema { query: Type }",
        resolvers={"Type": {"field": lambda _p, _i, **args: repr(args)}},
    )
    check(
        case,
        "{ field(a: true, c: false, e: 0) }",
        {"data": {"field": "{'a': True, 'c': False, 'e': 0}"}},
    )


def test_non_executable_definitions_are_rejected() -> None:
    # graphql-core's execute() ignores them; its graphql() (validation first) rejects, as grommet.
    check_rejected(Case("type Query { foo: String }"), "{ foo } type Query { bar: String }")
