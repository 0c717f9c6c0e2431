"""Hostile requests (SECURITY.md): each is answered with a GraphQL error or executes, never
crashes, panics or hangs the process. Recursions over request data are bounded so that a
thread with a 256 KiB stack survives them; those cases run on such a thread."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from typing import Any

import pytest

import grommet
from grommet import _core

NO_LIMITS: dict[str, Any] = {
    "max_depth": None,
    "max_complexity": None,
    "max_aliases": None,
    "max_directives": None,
    "max_input_depth": None,
}

SDL = """
input F { n: F v: Int l: [F] }
type U { id: ID b: U c: U l: [U] }
type Query { u: U f(x: F, y: [[[[Int]]]]): Int v: Int s(x: String): String }
type Mutation { a: Int b: Int }
"""


class U:
    id = "1"

    @property
    def b(self) -> U:
        return U()

    @property
    def c(self) -> U:
        return U()

    @property
    def l(self) -> list[U]:  # noqa: E743 - the GraphQL field is called `l`
        return [U()]


def bundle() -> dict[str, Any]:
    def f(parent: object, x: object = None, y: object = None) -> int:
        return 1

    return {
        "sdl": SDL,
        "types": {
            "Query": {
                "fields": {
                    "u": ("call", lambda parent: U(), None, {}),
                    "f": ("call", f, None, {"x": "x", "y": "y"}),
                    "v": ("call", lambda parent: 7, None, {}),
                    "s": ("call", lambda parent, x=None: x, None, {"x": "x"}),
                }
            },
            "Mutation": {
                "fields": {
                    "a": ("call", lambda parent: 1, None, {}),
                    "b": ("call", lambda parent: 2, None, {}),
                }
            },
        },
    }


@pytest.fixture(scope="module")
def unlimited() -> grommet.Schema:
    return grommet.Schema.from_bundle(bundle(), **NO_LIMITS)


@pytest.fixture(scope="module")
def defaults() -> grommet.Schema:
    return grommet.Schema.from_bundle(bundle())


def on_small_stack(run: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """`run()` on a thread with a 256 KiB stack (a stack overflow would kill the process)."""
    out: dict[str, Any] = {}

    def target() -> None:
        out["result"] = run()

    previous = threading.stack_size(256 * 1024)
    try:
        thread = threading.Thread(target=target)
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join(timeout=60)
    assert not thread.is_alive()
    result: dict[str, Any] = out["result"]
    return result


def nested_input(depth: int, key: str = "n") -> dict[str, Any]:
    value: dict[str, Any] = {"v": 1}
    for _ in range(depth):
        value = {key: [value]} if key == "l" else {key: value}
    return value


def nested_selection(depth: int, field: str = "b") -> str:
    return "{ u " + f"{{ {field} " * depth + "{ id }" + " }" * depth + " }"


TOO_DEEP_VARIABLES = {"errors": [{"message": "Variable values are nested too deeply."}]}


@pytest.mark.parametrize("depth", [200, 12_000])
def test_deep_input_variables_are_a_request_error(unlimited: grommet.Schema, depth: int) -> None:
    variables = {"x": nested_input(depth)}
    got = on_small_stack(
        lambda: unlimited.execute_sync("query($x: F) { f(x: $x) }", variables).to_dict()
    )
    assert got == TOO_DEEP_VARIABLES


def test_input_variables_nest_up_to_the_ceiling(unlimited: grommet.Schema) -> None:
    for variables in ({"x": nested_input(199)}, {"x": nested_input(99, "l")}):
        got = on_small_stack(
            lambda v=variables: unlimited.execute_sync("query($x: F) { f(x: $x) }", v).to_dict()  # type: ignore[misc]
        )
        assert got == {"data": {"f": 1}}


def test_a_cyclic_variable_is_too_deep(unlimited: grommet.Schema) -> None:
    cyclic: dict[str, Any] = {"v": 1}
    cyclic["n"] = cyclic
    got = unlimited.execute_sync("query($x: F) { f(x: $x) }", {"x": cyclic}).to_dict()
    assert got == TOO_DEEP_VARIABLES


def test_max_input_depth_lowers_the_ceiling() -> None:
    schema = grommet.Schema.from_bundle(bundle(), max_input_depth=3)
    query = "query($x: F) { f(x: $x) }"
    assert schema.execute_sync(query, {"x": nested_input(2)}).to_dict() == {"data": {"f": 1}}
    assert schema.execute_sync(query, {"x": nested_input(3)}).to_dict() == TOO_DEEP_VARIABLES


def test_a_deep_value_of_the_wrong_type_is_not_echoed(unlimited: grommet.Schema) -> None:
    deep: list[Any] = []
    for _ in range(5_000):
        deep = [deep]
    got = on_small_stack(
        lambda: unlimited.execute_sync("query($x: String) { s(x: $x) }", {"x": deep}).to_dict()
    )
    assert got == {
        "errors": [
            {
                "message": 'Variable "$x" got invalid value <a value too large or too deeply '
                "nested to show>; String cannot represent a non string value: <a value too "
                "large or too deeply nested to show>",
                "locations": [{"line": 1, "column": 7}],
            }
        ]
    }


def test_selections_nest_up_to_the_parser_bound(unlimited: grommet.Schema) -> None:
    for query in (nested_selection(98), nested_selection(98, "l")):
        got = on_small_stack(lambda q=query: unlimited.execute_sync(q).to_dict())  # type: ignore[misc]
        assert "errors" not in got
    inline = "{ u { " + "... on U { " * 98 + "id" + " }" * 98 + " } }"
    assert on_small_stack(lambda: unlimited.execute_sync(inline).to_dict()) == {
        "data": {"u": {"id": "1"}}
    }


@pytest.mark.parametrize(
    ("query", "column"),
    [
        (nested_selection(300), 403),
        ("{ f(x: " + "{n: " * 300 + "{v: 1}" + "}" * 300 + ") }", 408),
        ("{ f(y: " + "[" * 5000 + "1" + "]" * 5000 + ") }", 108),
    ],
    ids=["selections", "object literal", "list literal"],
)
def test_a_document_nested_too_deeply_is_a_syntax_error(
    unlimited: grommet.Schema, query: str, column: int
) -> None:
    got = on_small_stack(lambda: unlimited.execute_sync(query).to_dict())
    assert got == {
        "errors": [
            {
                "message": "Document is nested too deeply. Parsing aborted.",
                "locations": [{"line": 1, "column": column}],
            }
        ]
    }


def test_fragments_cannot_nest_past_the_bound_together(unlimited: grommet.Schema) -> None:
    # Each fragment nests 60 levels, within the parser's bound; spread into each other they
    # would nest 6,000.
    frags = [
        f"fragment F{i} on U {{ " + "b { " * 60 + f"...F{i + 1}" + " }" * 60 + " }"
        for i in range(100)
    ]
    query = "{ u { ...F0 } }\n" + "\n".join([*frags, "fragment F100 on U { id }"])
    got = on_small_stack(lambda: unlimited.execute_sync(query).to_dict())
    assert got == {"errors": [{"message": "Selections are nested too deeply through fragments."}]}


def test_a_skipped_mutation_field_is_no_panic(defaults: grommet.Schema) -> None:
    got = defaults.execute_sync("mutation { b @skip(if: true) }").to_dict()
    assert got == {"data": {}}
    got = defaults.execute_sync("mutation { a @skip(if: true) b }").to_dict()
    assert got == {"data": {"b": 2}}


def test_a_panic_becomes_an_internal_error_and_is_logged(
    defaults: grommet.Schema, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="grommet"):
        got = _core._panic_inside_guard(defaults._core)
    assert got.to_dict() == {"errors": [{"message": "Internal server error"}]}
    (record,) = caplog.records
    assert record.name == "grommet"
    assert record.getMessage() == (
        "grommet's engine panicked (a bug: please report it): "
        "a deliberate panic, for the guard's test"
    )
    assert defaults.execute_sync("{ v }").to_dict() == {"data": {"v": 7}}


def fragment_bomb(levels: int) -> str:
    frags = [
        f"fragment B{k} on U {{ b {{ ...B{k + 1} }} c {{ ...B{k + 1} }} }}" for k in range(levels)
    ]
    return "{ u { ...B0 } }\n" + "\n".join([*frags, f"fragment B{levels} on U {{ id }}"])


def test_a_fragment_bomb_is_measured_without_expanding_it() -> None:
    schema = grommet.Schema.from_bundle(bundle(), max_complexity=1000)
    got = schema.execute_sync(fragment_bomb(40)).to_dict()
    assert got == {
        "errors": [
            {
                "message": "Query complexity 3298534883327 exceeds the maximum allowed "
                "complexity of 1000.",
                "locations": [{"line": 1, "column": 1}],
            }
        ]
    }

    def tree(levels: int) -> dict[str, Any]:
        return {"id": "1"} if levels == 0 else {"b": tree(levels - 1), "c": tree(levels - 1)}

    assert schema.execute_sync(fragment_bomb(3)).to_dict() == {"data": {"u": tree(3)}}


def test_default_limits(defaults: grommet.Schema) -> None:
    def rejected(query: str) -> str:
        result = defaults.execute_sync(query).to_dict()
        assert "data" not in result
        (error,) = result["errors"]
        return str(error["message"])

    assert "errors" not in defaults.execute_sync(nested_selection(62)).to_dict()
    assert rejected(nested_selection(63)) == (
        "Query depth 65 exceeds the maximum allowed depth of 64."
    )
    assert rejected(fragment_bomb(20)) == (
        "Query complexity 3145727 exceeds the maximum allowed complexity of 10000."
    )
    aliases = "{ " + " ".join(f"a{i}: v" for i in range(1_001)) + " }"
    assert rejected(aliases) == "Query uses 1001 aliases, more than the maximum allowed of 1000."
    defaults_sdl = SDL + "directive @tag(n: Int) repeatable on FIELD"
    tagged = grommet.Schema.from_bundle({**bundle(), "sdl": defaults_sdl})
    many = "{ v " + " ".join(f"@tag(n: {i})" for i in range(51)) + " }"
    result = tagged.execute_sync(many).to_dict()
    assert result["errors"][0]["message"] == (
        "A selection has 51 directives, more than the maximum allowed of 50."
    )


def test_many_aliases_execute_in_linear_time(unlimited: grommet.Schema) -> None:
    query = "{ " + " ".join(f"a{i}: v" for i in range(60_000)) + " }"
    got = unlimited.execute_sync(query).to_dict()
    assert got == {"data": {f"a{i}": 7 for i in range(60_000)}}


def test_deep_variables_beside_introspection(unlimited: grommet.Schema) -> None:
    query = "query($x: F) { f(x: $x) __schema { queryType { name } } }"
    got = unlimited.execute_sync(query, {"x": nested_input(2_000)}).to_dict()
    assert got == TOO_DEEP_VARIABLES
    got = unlimited.execute_sync(query, {"x": nested_input(150)}).to_dict()
    assert got == {"data": {"f": 1, "__schema": {"queryType": {"name": "Query"}}}}


def test_lone_surrogates_are_request_errors(defaults: grommet.Schema) -> None:
    assert defaults.execute_sync("{ v }\n# \ud800").to_dict() == {
        "errors": [
            {
                "message": "syntax error: invalid character U+D800 (a lone surrogate is not "
                "Unicode text)",
                "locations": [{"line": 2, "column": 3}],
            }
        ]
    }
    assert defaults.execute_sync("{ v }", operation_name="\udfff").to_dict() == {
        "errors": [{"message": "No operation named '\\udfff'"}]
    }
    assert defaults.operation_type("{ v } \ud800") is None


def test_an_execution_awaited_twice() -> None:
    async def slow(parent: object) -> int:
        await asyncio.sleep(0.01)
        return 1

    fields: dict[str, Any] = {"v": ("call", slow, None, {})}
    schema = grommet.Schema.from_bundle(
        {"sdl": "type Query { v: Int }", "types": {"Query": {"fields": fields}}}
    )

    async def main() -> tuple[Any, ...]:
        execution = schema.execute("{ v }")

        async def wait() -> grommet.ExecutionResult:
            return await execution

        return await asyncio.wait_for(asyncio.gather(wait(), wait(), return_exceptions=True), 5)

    first, second = asyncio.run(main())
    assert isinstance(first, grommet.ExecutionResult)
    assert first.to_dict() == {"data": {"v": 1}}
    assert isinstance(second, RuntimeError)
    assert str(second) == (
        "this execution is already awaited; await it once (wrap it in a task to share its result)"
    )
