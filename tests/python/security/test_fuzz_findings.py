"""The engine bugs the fuzzer found, one minimal case each (``/work/findings/fuzz.md``).

Each is marked ``xfail(strict=True)`` with the finding's name: when the engine fixes it, the
test passes, strict xfail fails the run, and whoever fixed it removes the mark (and the
matching predicate in ``known_issues.py``).
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import graphql
import pytest

import grommet

ROOT = Path(__file__).resolve().parents[3]


def both(sdl: str, source: str, variables: dict[str, Any] | None = None) -> tuple[Any, Any]:
    """grommet's and graphql-core's response for one request; fields echo their arguments."""

    def echo(parent: Any, **arguments: Any) -> str:
        return json.dumps(arguments, sort_keys=True)

    core = graphql.build_schema(sdl)
    assert core.query_type is not None
    bindings: dict[str, Any] = {}
    for name, field in core.query_type.fields.items():
        field.resolve = lambda parent, info, **arguments: echo(parent, **arguments)
        bindings[name] = ("call", echo, None, {arg: arg for arg in field.args})
    ours = grommet.Schema.from_bundle({"sdl": sdl, "types": {"Query": {"fields": bindings}}})
    theirs = graphql.graphql_sync(core, source, root_value={}, variable_values=variables)
    mine = ours.execute_sync(source, variables, root={}).to_dict()
    expected: dict[str, Any] = dict(theirs.formatted)
    if theirs.data is None and theirs.errors and all(e.path is None for e in theirs.errors):
        del expected["data"]  # a request error: the spec's response has no `data`
    return mine, expected


def messages(response: dict[str, Any]) -> tuple[bool, list[str]]:
    return "data" in response, sorted(e["message"] for e in response.get("errors", []))


def test_mutation_with_every_root_field_skipped() -> None:
    schema = grommet.Schema.from_bundle({"sdl": "type Query { a: Int } type Mutation { b: Int }"})
    assert schema.execute_sync("mutation { b @skip(if: true) }").to_dict() == {"data": {}}


ONE_OF = "input Pick @oneOf { id: ID, name: String }\ntype Query { a(p: Pick): String }"


@pytest.mark.parametrize(
    ("source", "variables"),
    [
        ('{ a(p: {id: 1, name: "x"}) }', None),
        ("{ a(p: {}) }", None),
        ("{ a(p: {id: null}) }", None),
        ("query($x: ID) { a(p: {id: $x}) }", {"x": 1}),
    ],
)
def test_one_of_literals_are_validated(source: str, variables: dict[str, Any] | None) -> None:
    mine, expected = both(ONE_OF, source, variables)
    assert "data" not in expected
    assert "data" not in mine, mine


def test_duplicate_input_object_fields_are_rejected() -> None:
    sdl = "input R { lo: Int hi: Int }\ntype Query { a(r: R): String }"
    mine, expected = both(sdl, "{ a(r: {hi: 1, hi: 2}) }")
    assert messages(expected) == (False, ["There can be only one input field named 'hi'."])
    assert "data" not in mine, mine


NESTED_USAGE = """
enum Color { RED BLUE }
input R { lo: Int! hi: Int = 3 }
input S { n: Int! = 1 }
type Query {
  grid(g: [[Color]]): String
  strs(s: [String!]): String
  r(r: R): String
  s(s: S): String
  rs(rs: [R!]): String
}
"""


@pytest.mark.parametrize(
    ("source", "variables", "allowed"),
    [
        # The fuzzer's case: the usage is in an operation other than the one executed.
        ("query A { s(s: {}) } query B($v: Color) { grid(g: [$v]) }", {}, False),
        ("query($v: Color) { grid(g: [[$v]]) }", {}, True),
        ("query($v: [Color]) { grid(g: [$v]) }", {}, True),
        ("query($v: String) { strs(s: [$v]) }", {}, False),
        ("query($v: String!) { strs(s: [$v]) }", {"v": "x"}, True),
        ('query($v: String = "x") { strs(s: [$v]) }', {}, True),
        ("query($v: Int) { r(r: {lo: $v}) }", {}, False),
        ("query($v: Int = 2) { r(r: {lo: $v}) }", {}, True),
        ("query($v: Int = null) { r(r: {lo: $v}) }", {}, False),
        ("query($v: Int) { s(s: {n: $v}) }", {}, True),
        ("query($v: Int!) { r(r: {lo: 1, hi: $v}) }", {"v": 1}, True),
        ("query($v: Int) { rs(rs: [{lo: 1}, {lo: $v}]) }", {}, False),
        ("query($v: R) { rs(rs: [$v]) }", {}, False),
        ("query($v: R!) { rs(rs: [$v]) }", {"v": {"lo": 1}}, True),
    ],
)
def test_variables_inside_list_and_object_literals_are_checked(
    source: str, variables: dict[str, Any], allowed: bool
) -> None:
    """AllVariableUsagesAreAllowed where apollo-compiler 1.x does not look: a variable as a
    list item or an input object field, in any operation of the document."""
    operation = "A" if source.startswith("query A") else None
    core = graphql.build_schema(NESTED_USAGE)
    theirs = graphql.graphql_sync(
        core, source, root_value={}, variable_values=variables, operation_name=operation
    )
    schema = grommet.Schema.from_bundle({"sdl": NESTED_USAGE})
    mine = schema.execute_sync(source, variables, root={}, operation_name=operation).to_dict()
    if allowed:
        assert theirs.errors is None
        assert mine == {"data": theirs.data}
        return
    assert theirs.errors is not None
    expected = [
        {
            "message": e.message.replace("'", '"'),
            "locations": [location._asdict() for location in e.locations or []],
        }
        for e in theirs.errors
    ]
    assert mine == {"errors": expected}


def test_a_nested_variable_of_another_named_type_is_apollo_compilers_error() -> None:
    """apollo-compiler itself rejects a variable of another named type inside an object
    literal (with its own wording), so the rule above does not report it twice."""
    schema = grommet.Schema.from_bundle({"sdl": NESTED_USAGE})
    source = "query($v: Boolean) { r(r: {lo: 1, hi: $v}) }"
    assert schema.execute_sync(source, {}, root={}).to_dict() == {
        "errors": [
            {
                "message": "expected value of type Int, found a variable",
                "locations": [{"line": 1, "column": 39}],
            }
        ]
    }


SMALL_STACK_SCRIPT = textwrap.dedent(
    """
    import threading
    import grommet

    schema = grommet.Schema.from_bundle({"sdl": "type U { id: ID b: U } type Query { u: U }"})
    answers = []
    threading.stack_size(256 * 1024)
    # 60 levels validate (within max_depth); 150 pass the nesting bound of 100: a syntax error.
    for depth in (60, 150):
        source = "{ u " + "{ b " * depth + "{ id" + " }" * (depth + 2)
        worker = threading.Thread(target=lambda: answers.append(schema.operation_type(source)))
        worker.start()
        worker.join()
    print(answers)
    """
)


@pytest.mark.timeout(60)
def test_deep_selections_validate_or_are_refused_on_a_256_kib_thread() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SMALL_STACK_SCRIPT],
        capture_output=True,
        text=True,
        timeout=50,
        cwd=ROOT,
    )
    assert (done.returncode, done.stdout.strip()) == (0, "['query', None]"), done.stderr[-500:]


def test_introspection_depth_counts_every_spread_of_a_fragment() -> None:
    sdl = "interface I { a: Int }\ntype P implements I { a: Int }\ntype Query { p: P }"
    source = (
        '{ __type(name: "P") { ...F interfaces { ...F } } }\n'
        "fragment F on __Type { fields { type { fields { name } } } }"
    )
    mine, expected = both(sdl, source)
    assert messages(expected) == (False, ["Maximum introspection depth exceeded"])
    assert messages(mine) == messages(expected), mine


class Failure(Exception):
    pass


async def fails_after_suspending(parent: Any, info: Any) -> str:
    await asyncio.sleep(0)
    raise Failure(f"failed: {info.field_name}")


@pytest.mark.parametrize(
    ("source", "data", "errors"),
    [
        # Two non-null root fields fail in the same turn of the loop: the first nulls `data`,
        # and nothing that finishes after it is reported.
        ("{ a: strict b: loose c: strict d: loose }", None, [(["a"], "strict")]),
        (
            "{ a: loose b: strict c: loose d: strict e: loose }",
            None,
            [(["a"], "loose"), (["b"], "strict")],
        ),
        # The same below a nullable field: `o` is nulled once, with one error; `n` is not in
        # the discarded subtree and keeps its own.
        (
            "{ o { a: strict b: strict c: loose } n: loose }",
            {"o": None, "n": None},
            [(["o", "a"], "strict"), (["n"], "loose")],
        ),
    ],
)
def test_nothing_finishing_after_its_position_was_nulled_is_reported(
    source: str, data: Any, errors: list[tuple[list[str], str]]
) -> None:
    """Found by the fuzzer's long profile: with suspended resolvers, a second non-null root
    field failing after `data` was nulled still added its error (graphql-core reports only the
    first error to null a position). graphql-core may also report errors raised in the
    discarded subtree before its null lands, a few turns of its gather later; grommet cancels
    that subtree at once, so its errors are a subset of graphql-core's."""
    sdl = (
        "type O { strict: String! loose: String }\n"
        "type Query { strict: String! loose: String o: O }"
    )
    core = graphql.build_schema(sdl)
    for type_name in ("Query", "O"):
        owner = core.get_type(type_name)
        assert isinstance(owner, graphql.GraphQLObjectType)
        for name in ("strict", "loose"):
            owner.fields[name].resolve = fails_after_suspending
    assert core.query_type is not None
    core.query_type.fields["o"].resolve = lambda parent, info: {}

    def failing(name: str) -> Any:
        async def resolve(parent: Any) -> str:
            await asyncio.sleep(0)
            raise Failure(f"failed: {name}")

        return resolve

    fields: dict[str, Any] = {
        name: ("call", failing(name), None, {}) for name in ("strict", "loose")
    }
    ours = grommet.Schema.from_bundle(
        {
            "sdl": sdl,
            "types": {
                "Query": {"fields": {**fields, "o": ("call", lambda parent: {}, None, {})}},
                "O": {"fields": dict(fields)},
            },
        }
    )

    async def both_engines() -> tuple[dict[str, Any], dict[str, Any]]:
        mine = (await ours.execute(source, root={})).to_dict()
        return mine, dict((await graphql.graphql(core, source, root_value={})).formatted)

    mine, theirs = asyncio.run(both_engines())
    assert mine["data"] == theirs["data"] == data
    assert [(e["path"], e["message"]) for e in mine["errors"]] == [
        (path, f"failed: {field}") for path, field in errors
    ]
    core_paths = [error["path"] for error in theirs["errors"]]
    assert all(path in core_paths for path, _ in errors), core_paths


def test_the_long_profiles_document_agrees_with_suspending_resolvers() -> None:
    """The document the fuzzer's long profile found it with (session 6), on its schema."""
    from .oracle import ASYNC, Request, compare, run_grommet

    source = (
        "query Op0 { t20: __typename }\n"
        "query Op1($v22: Boolean!) { a21: echo(b: null f: null) @skip(if: $v22) ... {"
        " a23: strict { t24: __typename } a25: failing a26: search { ... { t27: __typename }"
        " ... { t28: __typename t29: __typename a30: name t31: __typename } a32: name"
        " ... on Person { a33: fail } } a34: failing } t35: __typename @skip(if: true)"
        " a36: strict { t37: __typename } }\n"
        'query Op2 @tag(name: """""") { t38: __typename }'
    )
    request = Request("found", source, {"v22": False}, "Op1")
    compare(request, ASYNC)
    ours = run_grommet(ASYNC.grommet, source, {"v22": False}, "Op1")
    assert ours.response == {
        "data": None,
        "errors": [
            {
                "message": "resolver failed",
                "locations": [{"line": 2, "column": 78}],
                "path": ["a23"],
            }
        ],
    }


def test_introspection_depth_counts_only_the_executed_fields() -> None:
    """Found by the fuzzer's long profile (session 6), an allowed difference: graphql-core's
    validation counts introspection a `@skip`/`@include` leaves out; grommet's limit counts
    what it executes (SECURITY.md)."""
    from .oracle import SYNC, Request, compare, run_graphql_core, run_grommet

    deep = (
        '__type(name: "Node") { interfaces { interfaces { interfaces { interfaces { name } } } } }'
    )
    source = f"query($no: Boolean!) {{ failing ... @include(if: $no) {{ {deep} }} }}"
    variables = {"no": False}
    theirs = run_graphql_core(source, variables, None)
    assert theirs.response == {
        "data": None,
        "errors": [
            {
                "message": "Maximum introspection depth exceeded",
                "locations": [{"line": 1, "column": 56}],
            }
        ],
    }
    ours = run_grommet(SYNC.grommet, source, variables, None)
    assert ours.response == {
        "data": {"failing": None},
        "errors": [
            {
                "message": "resolver failed",
                "locations": [{"line": 1, "column": 24}],
                "path": ["failing"],
            }
        ],
    }
    compare(Request("found", source, variables, None), SYNC)
    # Executed, the same depth is refused by both.
    executed = run_grommet(SYNC.grommet, source, {"no": True}, None)
    assert [e["message"] for e in executed.response["errors"]] == [
        "Maximum introspection depth exceeded"
    ]
