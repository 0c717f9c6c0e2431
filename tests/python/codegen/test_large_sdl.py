"""A large SDL is parsed in two halves at once, cut where a definition starts (src/sdl_parallel.rs).

The cut must never change what the SDL means, and errors must point at the file as written:
the schema (its introspection, against graphql-core's) and the diagnostics are checked on SDL
large enough to be cut, with what could mislead a cut (descriptions and comments holding
definition keywords and brackets at the start of a line, escaped quotes, a union whose
member starts a line with ``type``) around the middle.
"""

from __future__ import annotations

from typing import Any

import graphql
import pytest

import grommet

from .check_generated import first_difference, normalized

# Sources at least this large are cut (`PARALLEL_BYTES` in src/sdl_parallel.rs).
PARALLEL_BYTES = 128 * 1024

TRICKY = '''\
"""
A description whose lines look like definitions:
type Fake {
  x: Int
}
"quoted" and \\""" escaped, { ( [ unbalanced
"""
type TrickyN implements Node & Named @tag(name: "a } ) ] \\" b") {
  id: ID!
  name: String
  """
  interface Fake {
  """
  count(first: Int = 10, where: String = "} # not a comment"): Int @deprecated(reason: "x")
}
# type Commented { a: Int }
"single-line description with { and #"
enum MoodN {
  """type"""
type
  input
}
input FilterN {
  mood: MoodN = type
  nested: [String!] = ["{", "}"]
}
union AnyN =
  | TrickyN
  | PlainN
'''

PLAIN = "type PlainN {\n  a: Int\n  b: [String!]!\n}\n"

HEADER = """\
directive @tag(name: String!) repeatable on OBJECT | FIELD_DEFINITION
interface Node { id: ID! }
interface Named { name: String }
type type { a: Int }
"""


def _sdl(count: int) -> str:
    body = "\n".join(
        (PLAIN + "\n" + TRICKY).replace("N ", f"{n} ").replace("N\n", f"{n}\n")
        for n in range(count)
    )
    query = "type Query {\n" + "".join(f"  t{n}: Tricky{n}\n" for n in range(count)) + "}\n"
    return HEADER + "\n" + body + "\n" + query


def _introspection(schema: grommet.Schema) -> dict[str, Any]:
    query = graphql.get_introspection_query(descriptions=True)
    result = schema.execute_sync(query).to_dict()
    assert "errors" not in result, result["errors"]
    data: dict[str, Any] = result["data"]
    return data


def _reference(sdl: str) -> dict[str, Any]:
    query = graphql.get_introspection_query(descriptions=True)
    result = graphql.graphql_sync(graphql.build_schema(sdl), query)
    assert result.errors is None, result.errors
    return dict(result.data or {})


def _same_as_graphql_core(sdl: str) -> None:
    ours = _introspection(grommet.Schema.from_bundle({"sdl": sdl}))
    difference = first_difference(normalized(ours), normalized(_reference(sdl)))
    assert difference is None, difference


@pytest.mark.timeout(300)
def test_large_sdl_means_what_graphql_core_says() -> None:
    sdl = _sdl(450)
    assert len(sdl.encode()) > 2 * PARALLEL_BYTES
    _same_as_graphql_core(sdl)


@pytest.mark.timeout(300)
def test_a_cut_inside_a_definition_is_not_taken() -> None:
    # The first line after the middle that starts like a definition is the union member
    # `type`: cut there, neither half would parse, so the SDL is parsed whole instead.
    union = "union Trap =\ntype\n| Plain0\n"
    head = _sdl(200).replace("type Query {", union + "\ntype Query {")
    before = head.index(union) + len("union Trap =\n") - 2
    padding = 2 * before - len(head)
    assert padding > 0
    sdl = head + "#" * (padding - 1) + "\n"
    assert len(sdl) // 2 == before and sdl.isascii()
    _same_as_graphql_core(sdl)


def _error(sdl: str) -> str:
    with pytest.raises(grommet.SchemaError) as caught:
        grommet.Schema.from_bundle({"sdl": sdl})
    return str(caught.value)


def _position(sdl: str, offset: int) -> str:
    line = sdl.count("\n", 0, offset) + 1
    column = offset - (sdl.rfind("\n", 0, offset) + 1) + 1
    return f"schema.graphql:{line}:{column}:"


def test_a_syntax_error_in_the_second_half_points_at_the_file_as_written() -> None:
    sdl = _sdl(450)
    broken = sdl.replace("type Plain400 {\n  a: Int", "type Plain400 {\n  a: Int)", 1)
    assert broken != sdl
    message = _error(broken)
    assert message.startswith(_position(broken, broken.index("Int)\n") + 3)), message
    assert "syntax error" in message


def test_a_validation_error_in_the_second_half_points_at_the_file_as_written() -> None:
    sdl = _sdl(450)
    broken = sdl.replace(
        "type Plain400 {\n  a: Int\n  b: [String", "type Plain400 {\n  a: Int\n  b: [Missing", 1
    )
    assert broken != sdl
    message = _error(broken)
    assert message.startswith(_position(broken, broken.index("Missing"))), message
    assert "Missing" in message
