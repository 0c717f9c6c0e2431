"""SDL errors keep their exact ``file:line:col`` text whichever parser reads the SDL first.

`build_schema` and ``parse_schema`` read SDL with grommet's own parser (``src/sdl_fast.rs``),
whose nodes have no locations; on any syntax, build or validation error the SDL is read again
with apollo-parser, so each diagnostic below is the one apollo-compiler gives, located.
"""

from __future__ import annotations

import pytest

import grommet
from grommet import _core

CASES = [
    pytest.param(
        "type Query {\n  a: Int\n  b(: Int\n}\n",
        [
            (3, 5, "syntax error: expected an Argument Definition"),
            (3, 5, "syntax error: expected R_PAREN, got :"),
        ],
        id="syntax",
    ),
    pytest.param(
        "type Query {\n  a: Nope\n}\n",
        [(2, 6, "cannot find type `Nope` in this document")],
        id="unknown-type",
    ),
    pytest.param(
        "type Query { a: Int }\n\ntype Query { b: Int }\n",
        [(3, 6, "the type `Query` is defined multiple times in the schema")],
        id="duplicate-type",
    ),
    pytest.param(
        "interface I { a: Int }\ntype Query implements I { b: Int }\n",
        [(2, 1, "type `Query` does not satisfy interface `I`: missing field `a`")],
        id="interface",
    ),
    pytest.param(
        "type Query { a: Int }\nextend type Missing { b: Int }\n",
        [(2, 13, "type extension for undefined type `Missing`")],
        id="orphan-extension",
    ),
    pytest.param(
        '"d", type Query { a: Int }\n',
        [(1, 1, "syntax error: expected definition")],
        id="comma-after-description",
    ),
    pytest.param(
        "type Query { __a: Int }\n",
        [
            (
                1,
                14,
                "a field cannot be named `__a` as names starting with two underscores are reserved",
            )
        ],
        id="reserved-name",
    ),
    pytest.param(
        'type Query {\n  a(x: String = "\\uD800"): Int\n}\n',
        [
            (2, 17, "syntax error: unpaired surrogate in unicode escape sequence"),
            (2, 25, "syntax error: expected a valid Value"),
        ],
        id="lone-surrogate",
    ),
]


@pytest.mark.parametrize(("sdl", "expected"), CASES)
def test_build_schema_errors_are_located(sdl: str, expected: list[tuple[int, int, str]]) -> None:
    with pytest.raises(grommet.SchemaError) as raised:
        grommet.Schema.from_bundle({"sdl": sdl})
    assert str(raised.value) == "\n".join(
        f"schema.graphql:{ln}:{col}: {m}" for ln, col, m in expected
    )


@pytest.mark.parametrize(("sdl", "expected"), CASES)
def test_parse_schema_errors_are_located(sdl: str, expected: list[tuple[int, int, str]]) -> None:
    with pytest.raises(_core.SchemaError) as raised:
        _core.parse_schema([("a.graphql", "scalar Unused\n"), ("s.graphql", sdl)])
    assert raised.value.diagnostics == [("s.graphql", ln, col, m) for ln, col, m in expected]


def test_valid_sdl_with_every_kind_of_definition_builds() -> None:
    sdl = '''\
"""The root."""
schema { query: Query }
directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT
scalar Date @specifiedBy(url: "https://example.com/\\u00e9")
interface Node { id: ID! }
type Query implements Node @tag(name: "q") {
  id: ID!
  "Search, with defaults of every kind."
  search(
    q: String = "\\"x\\"", n: Int = -1, f: Float = 1.5e3, o: Order = {by: NAME, tags: ["a"]}
  ): [Result!]!
}
type Item implements & Node { id: ID! name: String @deprecated(reason: """
    gone
""") }
union Result = | Item
enum By { NAME, DATE }
input Order { by: By = NAME, tags: [String!] = [] }
extend type Query { when: Date }
'''
    schema = grommet.Schema.from_bundle({"sdl": sdl})
    assert 'search(q: String = "\\"x\\""' in schema.sdl
    out = _core.parse_schema([("s.graphql", sdl)])
    query = next(t for t in out["types"] if t["name"] == "Query")
    assert [f["name"] for f in query["fields"]] == ["id", "search", "when"]
    search = query["fields"][1]
    assert search["description"] == "Search, with defaults of every kind."
    assert [a["default"] for a in search["args"]] == [
        '"\\"x\\""',
        "-1",
        "1.5e3",
        '{\n  by: NAME,\n  tags: [\n    "a",\n  ],\n}',
    ]
    item = next(t for t in out["types"] if t["name"] == "Item")
    assert item["fields"][1]["deprecation"] == "gone"
    date = next(t for t in out["types"] if t["name"] == "Date")
    assert date["specified_by"] == "https://example.com/\u00e9"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("plain", id="ascii"),
        pytest.param("caf\u00e9 \u00ff", id="one-byte"),
        pytest.param("it\u2019s \u00e9", id="two-byte"),
        pytest.param("emoji \U0001f600 \u2019 \u00e9", id="four-byte"),
    ],
)
def test_sdl_text_of_every_width_is_read_exactly(text: str) -> None:
    sdl = f'"""{text}"""\ntype Query {{\n  "{text}"\n  a(x: String = "{text}"): String\n}}\n'
    schema = grommet.Schema.from_bundle({"sdl": sdl})
    field = f'  """{text}"""\n  a(x: String = "{text}"): String\n'
    assert schema.sdl == f'"""{text}"""\ntype Query {{\n{field}}}\n'


def test_sdl_with_a_lone_surrogate_is_refused_as_before() -> None:
    with pytest.raises(UnicodeEncodeError, match="surrogates not allowed"):
        grommet.Schema.from_bundle({"sdl": 'type Query { "\ud800" a: Int }'})
