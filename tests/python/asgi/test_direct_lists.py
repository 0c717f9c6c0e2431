"""Lists of flat objects that ``HttpPost`` writes straight to JSON (``src/execute/direct.rs``)
against the Python path, byte for byte: unicode and escapes, floats, ints at and past Int's
range, nulls allowed and refused (bubbling through the list), exact-dict rows, rows mixed
with other classes, values the usual completion converts or refuses, properties (read once),
awaitable values, nested lists, abstract types, and a list held as JSON text while another
field suspends."""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import json
import math
from typing import Any

import pytest

import grommet
from grommet.asgi import GraphQL
from tests.python.asgi.asgi_call import call, http_scope

pytestmark = pytest.mark.timeout(60)


@dataclasses.dataclass(slots=True)
class Row:
    id: Any
    name: Any
    score: Any
    count: Any
    flag: Any
    note: Any
    must: Any


class Shade(enum.IntEnum):
    DARK = 7


class Label(str):
    pass


class Reading:
    """A row whose attributes are properties: each read is counted."""

    reads = 0

    def __init__(self, i: int) -> None:
        self.i = i

    @property
    def id(self) -> str:
        Reading.reads += 1
        return str(self.i)

    name = "reading"
    score = 0.5
    count = 1
    flag = False
    note = None
    must = "m"


async def later(value: Any) -> Any:
    await asyncio.sleep(0)
    return value


def row(i: int, **changes: Any) -> Row:
    base = Row(str(i), f"row {i}", i / 3, i, i % 2 == 0, None if i % 2 else "n", "m")
    return dataclasses.replace(base, **changes)


def as_dict(r: Row) -> dict[str, Any]:
    return {f.name: getattr(r, f.name) for f in dataclasses.fields(r)}


def rows_of(kind: str) -> list[Any]:
    n = 8
    if kind == "plain":
        return [row(i) for i in range(n)]
    if kind == "text":
        texts = ['é"漢"\U0001f600', "\x00\x1f\\/\b\f\n\r\t", "\u2028\u2029", "", "x" * 40]
        return [row(i, name=t, note=t) for i, t in enumerate(texts)]
    if kind == "floats":
        values = [0.1, -0.0, 1e300, 5e-324, 1e16, 123456789.125, -2.5, 1.0]
        return [row(i, score=v) for i, v in enumerate(values)]
    if kind == "ints":
        return [row(i, count=c) for i, c in enumerate([2**31 - 1, -(2**31), 0, -1])]
    if kind == "big int":
        return [row(0), row(1, count=2**31), row(2, count=2**70)]
    if kind == "nan":
        return [row(0), row(1, score=math.nan)]
    if kind == "null required":
        return [row(0), row(1, must=None), row(2)]
    if kind == "null item":
        return [row(0), None, row(2)]
    if kind == "dicts":
        return [as_dict(row(i)) for i in range(n)]
    if kind == "mixed":
        return [row(0), as_dict(row(1)), Reading(2), row(3)]
    if kind == "converted":
        return [
            row(0, id=7, count=True, score=3, flag=1),
            row(1, name=Label("label"), count=Shade.DARK, id=Label("x")),
            row(2, name=3.5),
        ]
    if kind == "properties":
        return [Reading(i) for i in range(5)]
    if kind == "awaitable":
        return [row(0), row(1, name=later("late")), row(2)]
    if kind == "surrogate":
        return [row(0, name="\ud800")]
    if kind == "empty":
        return []
    raise ValueError(kind)


@grommet.type
class Item:
    id: grommet.ID
    name: str
    score: float
    count: int
    flag: bool
    note: str | None
    must: str


@grommet.type
class Other:
    code: int


@grommet.type
class Query:
    @grommet.field
    def items(self, kind: str) -> list[Item]:
        return rows_of(kind)  # rows with Item's fields (list[Any])

    @grommet.field
    def maybe(self, kind: str) -> list[Item | None] | None:
        return rows_of(kind)

    @grommet.field
    def grid(self) -> list[list[Item]]:
        return [rows_of("plain")[:2], [], rows_of("text")]

    @grommet.field
    def things(self) -> list[Item | Other]:
        return [row(0), Other(code=3)]  # type: ignore[list-item]

    @grommet.field
    async def slow(self) -> int:
        await asyncio.sleep(0)
        return 5


SCHEMA = grommet.Schema(Query)
FIELDS = "id name score count flag note must"
KINDS = [
    "plain",
    "text",
    "floats",
    "ints",
    "big int",
    "nan",
    "null required",
    "null item",
    "dicts",
    "mixed",
    "converted",
    "properties",
    "awaitable",
    "surrogate",
    "empty",
]
QUERIES = [
    *(f'{{ items(kind: "{kind}") {{ {FIELDS} }} }}' for kind in KINDS),
    *(f'{{ maybe(kind: "{kind}") {{ {FIELDS} __typename }} }}' for kind in KINDS),
    '{ a: items(kind: "plain") { x: name, name, ...F, __typename } } fragment F on Item { id }',
    f"{{ grid {{ {FIELDS} }} }}",
    "{ things { __typename ... on Item { id name } ... on Other { code } } }",
    f'{{ slow items(kind: "plain") {{ {FIELDS} }} }}',
]


def apps() -> tuple[GraphQL, GraphQL]:
    fast = GraphQL(SCHEMA)
    assert fast._settings.fast_post is not None
    slow = GraphQL(SCHEMA)
    slow._settings = dataclasses.replace(slow._settings, fast_post=None)
    return fast, slow


async def post(app: GraphQL, query: str) -> list[dict[str, Any]]:
    body = json.dumps({"query": query}).encode()
    scope = http_scope(headers=[("content-type", "application/json")])
    return await call(app, scope, [{"type": "http.request", "body": body}])


@pytest.mark.parametrize("query", QUERIES)
async def test_direct_lists_answer_as_the_python_path(query: str) -> None:
    fast, slow = apps()
    # Twice: a class's slots are looked up by its first reads.
    for _ in range(2):
        assert await post(fast, query) == await post(slow, query)


async def test_a_flat_list_is_written_exactly() -> None:
    fast, _ = apps()
    rows = rows_of("text")
    sent = await post(fast, f'{{ items(kind: "text") {{ {FIELDS} }} }}')
    expected = {
        "data": {
            "items": [
                {
                    "id": r.id,
                    "name": r.name,
                    "score": r.score,
                    "count": r.count,
                    "flag": r.flag,
                    "note": r.note,
                    "must": r.must,
                }
                for r in rows
            ]
        }
    }
    text = json.dumps(expected, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    assert sent[1]["body"] == text.encode()


async def test_null_bubbles_through_a_direct_list() -> None:
    fast, _ = apps()
    sent = await post(fast, '{ maybe(kind: "null required") { id must } }')
    assert json.loads(sent[1]["body"]) == {
        "data": {"maybe": [{"id": "0", "must": "m"}, None, {"id": "2", "must": "m"}]},
        "errors": [
            {
                "message": "Cannot return null for non-nullable field Item.must.",
                "locations": [{"line": 1, "column": 37}],
                "path": ["maybe", 1, "must"],
            }
        ],
    }


async def test_properties_are_read_once() -> None:
    fast, _ = apps()
    for _ in range(2):
        Reading.reads = 0
        sent = await post(fast, '{ items(kind: "properties") { id } }')
        assert json.loads(sent[1]["body"]) == {
            "data": {"items": [{"id": str(i)} for i in range(5)]}
        }
        assert Reading.reads == 5


@grommet.type
class Outer:
    @grommet.field
    def inner(self) -> str:
        """Runs a query of SCHEMA from inside a resolver and sends its data's JSON."""
        result = SCHEMA.execute_sync('{ items(kind: "plain") { id name } }')
        return json.dumps(result.to_dict()["data"], separators=(",", ":"))


async def test_an_execution_a_resolver_starts_gets_python_data() -> None:
    """Only the engine HttpPost starts writes lists as JSON text: a query a resolver runs
    inside it hands Python its data as lists and dicts."""
    app = GraphQL(grommet.Schema(Outer))
    assert app._settings.fast_post is not None
    sent = await post(app, "{ inner }")
    plain = [{"id": r.id, "name": r.name} for r in rows_of("plain")]
    inner = json.dumps({"items": plain}, separators=(",", ":"))
    assert json.loads(sent[1]["body"]) == {"data": {"inner": inner}}
