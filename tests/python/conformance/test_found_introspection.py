"""Issue 8, "What was found": `__Type.isOneOf`, so current tooling's introspection works."""

from __future__ import annotations

import graphql

from .harness import Case, check, ordered, run

ONE_OF = Case(
    "input I @oneOf { a: Int b: String } input J { a: Int } type Query { f(i: I, j: J): Int }"
)


def test_is_one_of_answers_per_type() -> None:
    query = """{
      i: __type(name: "I") { name isOneOf }
      j: __type(name: "J") { oneOf: isOneOf }
      q: __type(name: "Query") { isOneOf fields { type { isOneOf } } }
    }"""
    expected = {
        "data": {
            "i": {"name": "I", "isOneOf": True},
            "j": {"oneOf": False},
            "q": {"isOneOf": None, "fields": [{"type": {"isOneOf": None}}]},
        }
    }
    check(ONE_OF, query, expected)


def test_graphql_core_introspection_query_with_one_of_is_answered() -> None:
    core, ours = run(ONE_OF, graphql.get_introspection_query(one_of=True))
    assert "errors" not in ours
    # The user's types are described alike; the introspection types themselves are
    # apollo-compiler's (docs/compatibility.md).
    core_types = {t["name"]: t for t in core["data"]["__schema"]["types"]}
    our_types = {t["name"]: t for t in ours["data"]["__schema"]["types"]}
    assert sorted(core_types) == sorted(our_types)
    for name in ("I", "J", "Query", "Int", "String", "Boolean"):
        assert ordered(our_types[name]) == ordered(core_types[name]), name
    assert our_types["I"]["isOneOf"] is True
