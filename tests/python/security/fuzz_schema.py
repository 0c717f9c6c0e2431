"""The fuzzer's schema: every type kind, one SDL, the same data and resolvers on both engines.

grommet binds it with ``Schema.from_bundle`` (dict parents read by key, abstract types mapped
by the ``__typename`` key), graphql-core with ``build_schema`` and ``resolve`` functions on the
same fields, so any difference in a response comes from the engines, not from the fixtures.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from typing import Any

import graphql

import grommet

SDL = """
"Passes any value through unchanged."
scalar Date

directive @tag(name: String) repeatable
  on QUERY | MUTATION | FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT

enum Color { RED GREEN BLUE }

interface Node { id: ID! }

interface Named { name: String }

type Person implements Node & Named {
  id: ID!
  name: String
  age: Int
  color: Color
  friends: [Named]
  best: Person
  tags: [String!]!
  born: Date
  fail: String
  failStrict: String!
}

type Robot implements Node & Named {
  id: ID!
  name: String
  model: String!
  score: Float
  owner: Person
  parts: [[Int]]
  big: Int
  mood: Color
  fail: String
}

type Box implements Node {
  id: ID!
  size: Int!
  contents: [Thing!]
}

union Thing = Person | Robot | Box

input Range { lo: Int = 0, hi: Int! }

input Filter {
  color: Color = RED
  tags: [String!]
  range: Range
  nested: Filter
  limit: Int! = 3
  when: Date
  flag: Boolean = false
}

input Pick @oneOf { id: ID, name: String, range: Range }

type Query {
  node(id: ID!): Node
  thing(id: ID!): Thing
  things(first: Int = 2): [Thing!]!
  people: [Person]
  me: Person!
  echo(i: Int, f: Float, s: String, b: Boolean, id: ID, c: Color, d: Date): String
  echoList(ints: [Int], strs: [String!], grid: [[Color]]): String
  search(filter: Filter, pick: Pick): [Named!]
  need(req: Int!, opt: String = "x"): Int
  failing: String
  strict: Person!
}

type Mutation {
  bump(by: Int! = 1): Int!
  rename(id: ID!, name: String): Person
  failing: String
}
"""


def _person(pid: str, name: str | None, age: int | None, color: str | None) -> dict[str, Any]:
    return {"__typename": "Person", "id": pid, "name": name, "age": age, "color": color}


ADA = _person("p1", "Ada", 36, "RED")
BOB = _person("p2", None, None, "BLUE")
CY = _person("p3", "Cy \u00e9\u4e2d", -7, None)
ADA.update(friends=[BOB, None], best=CY, tags=["math", "engines"], born="1815-12-10")
BOB.update(friends=[], best=None, tags=[], born={"y": 1900, "m": [1, 2]})
CY.update(friends=[ADA], best=ADA, tags=["x"], born=None)
R2 = {
    "__typename": "Robot",
    "id": "r1",
    "name": "R2",
    "model": "astromech",
    "score": 2.5,
    "owner": ADA,
    "parts": [[1, 2], None, [None, 3]],
    "big": 2**40,
    "mood": "PURPLE",
}
ROB = {
    "__typename": "Robot",
    "id": "r2",
    "name": "Rob",
    "model": None,
    "score": -0.0,
    "owner": None,
    "parts": None,
    "big": 5,
    "mood": "GREEN",
}
BOX: dict[str, Any] = {"__typename": "Box", "id": "b1", "size": 3}
EMPTY_BOX: dict[str, Any] = {"__typename": "Box", "id": "b2", "size": None}
BOX["contents"] = [ROB, EMPTY_BOX]
EMPTY_BOX["contents"] = [BOX]

THINGS: list[dict[str, Any]] = [ADA, R2, BOX, BOB, ROB, EMPTY_BOX, CY]
BY_ID = {thing["id"]: thing for thing in THINGS}
NAMED = [thing for thing in THINGS if thing["__typename"] != "Box"]


class FuzzFailure(ValueError):
    """What the failing resolvers raise (the same message on both engines)."""


def fail(parent: Any, **_: Any) -> Any:
    raise FuzzFailure("resolver failed")


def node(parent: Any, *, id: Any) -> Any:
    return BY_ID.get(str(id))


def things(parent: Any, *, first: int | None = None) -> Any:
    if first is None or first < 0:
        raise FuzzFailure("first must be a non-negative number")
    return THINGS[:first]


def echo(parent: Any, **arguments: Any) -> str:
    # The coerced arguments as the resolver received them: a differential test of coercion.
    return json.dumps(arguments, sort_keys=True)


def search(parent: Any, *, filter: Any = None, pick: Any = None) -> Any:
    if pick is not None:
        return [
            thing
            for thing in NAMED
            if thing["id"] in pick.values() or thing["name"] in pick.values()
        ]
    limit = 2 if filter is None else filter["limit"]
    return NAMED[: max(limit, 0)]


def need(parent: Any, *, req: int, opt: str | None = None) -> int:
    return req + (-1 if opt is None else len(opt))


def bump(parent: Any, *, by: int) -> int:
    return by * 2


def rename(parent: Any, *, id: Any, name: str | None = None) -> Any:
    found = BY_ID.get(str(id))
    return None if found is None else {**found, "name": name}


Resolver = Callable[..., Any]

# (type, field) -> (resolver, argument names); every other field reads the parent's key.
RESOLVERS: dict[tuple[str, str], tuple[Resolver, tuple[str, ...]]] = {
    ("Query", "node"): (node, ("id",)),
    ("Query", "thing"): (node, ("id",)),
    ("Query", "things"): (things, ("first",)),
    ("Query", "people"): (lambda parent: [ADA, None, CY], ()),
    ("Query", "me"): (lambda parent: ADA, ()),
    ("Query", "echo"): (echo, ("i", "f", "s", "b", "id", "c", "d")),
    ("Query", "echoList"): (echo, ("ints", "strs", "grid")),
    ("Query", "search"): (search, ("filter", "pick")),
    ("Query", "need"): (need, ("req", "opt")),
    ("Query", "failing"): (fail, ()),
    ("Query", "strict"): (fail, ()),
    ("Mutation", "bump"): (bump, ("by",)),
    ("Mutation", "rename"): (rename, ("id", "name")),
    ("Mutation", "failing"): (fail, ()),
    ("Person", "fail"): (fail, ()),
    ("Person", "failStrict"): (fail, ()),
    ("Robot", "fail"): (fail, ()),
}

ROOT: Mapping[str, Any] = {}


def suspending(resolver: Resolver) -> Resolver:
    """The same resolver as a coroutine that suspends once before answering."""

    async def resolve(parent: Any, **arguments: Any) -> Any:
        await asyncio.sleep(0)
        return resolver(parent, **arguments)

    return resolve


def build_grommet(*, asynchronous: bool = False, **options: Any) -> grommet.Schema:
    types: dict[str, Any] = {}
    for (type_name, field_name), (resolver, arguments) in RESOLVERS.items():
        fields = types.setdefault(type_name, {"fields": {}})["fields"]
        function = suspending(resolver) if asynchronous else resolver
        fields[field_name] = ("call", function, None, {name: name for name in arguments})
    return grommet.Schema.from_bundle({"sdl": SDL, "types": types}, **options)


def _graphql_core_resolver(resolver: Resolver) -> Callable[..., Any]:
    def resolve(parent: Any, info: graphql.GraphQLResolveInfo[Any], **arguments: Any) -> Any:
        return resolver(parent, **arguments)

    return resolve


def build_graphql_core(*, asynchronous: bool = False) -> graphql.GraphQLSchema:
    schema = graphql.build_schema(SDL)
    for (type_name, field_name), (resolver, _) in RESOLVERS.items():
        owner = schema.get_type(type_name)
        assert isinstance(owner, graphql.GraphQLObjectType)
        function = suspending(resolver) if asynchronous else resolver
        owner.fields[field_name].resolve = _graphql_core_resolver(function)
    return schema
