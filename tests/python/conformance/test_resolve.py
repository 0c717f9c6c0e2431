"""graphql-core tests/execution/test_resolve.py, on both engines.

Not portable: default resolvers that call a method of the parent with `info` and the
arguments (grommet reads data attributes; callables are bound as resolvers) and a schema-wide
custom field resolver.
"""

from __future__ import annotations

from typing import Any

from .harness import Case, Request, check, info_view


def test_default_function_accesses_attributes() -> None:
    class Root:
        test = "testValue"

    check(
        Case("type Query { test: String }"),
        Request("{ test }", root=Root()),
        {"data": {"test": "testValue"}},
    )


def test_default_function_accesses_keys_of_a_dict() -> None:
    check(
        Case("type Query { test: String }"),
        Request("{ test }", root={"test": "testValue"}),
        {"data": {"test": "testValue"}},
    )


def test_missing_dict_key_is_null() -> None:
    check(
        Case("type Query { test: String }"), Request("{ test }", root={}), {"data": {"test": None}}
    )


def test_uses_provided_resolve_function_with_arguments() -> None:
    case = Case(
        "type Query { test(aStr: String, aInt: Int): String }",
        resolvers={"Query": {"test": lambda parent, _i, **args: repr([parent, args])}},
    )
    check(case, "{ test }", {"data": {"test": "[None, {}]"}})
    check(case, Request("{ test }", root="Source!"), {"data": {"test": "['Source!', {}]"}})
    check(
        case,
        Request('{ test(aStr: "String!") }', root="Source!"),
        {"data": {"test": "['Source!', {'aStr': 'String!'}]"}},
    )
    check(
        case,
        Request('{ test(aInt: -123, aStr: "String!") }', root="Source!"),
        {"data": {"test": "['Source!', {'aStr': 'String!', 'aInt': -123}]"}},
    )


def test_resolver_gets_the_context_and_info() -> None:
    seen: list[Any] = []

    def resolve(_parent: Any, info: Any) -> str:
        view = info_view(info)
        seen.append((view["context"], view["field_name"], view["parent_type"]))
        return "ok"

    case = Case("type Query { test: String }", resolvers={"Query": {"test": resolve}})
    check(case, Request("{ test }", context={"user": 1}), {"data": {"test": "ok"}})
    assert seen == [({"user": 1}, "test", "Query")] * 2
