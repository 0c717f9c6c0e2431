"""A batch field answers exactly as graphql-core does with the same logic resolved per item."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

import grommet
from grommet.bundle import batch_field
from tests.python.conformance.harness import Case, Request, _normal, run_core

SDL = """
interface Node { id: ID! }
type User implements Node { id: ID! name: String! friends: [User] }
type Post implements Node { id: ID! author: User title(upper: Boolean = false): String! }
type Query { posts: [Post!]! nodes: [Node] post: Post! }
"""


class Row:
    """A database row: attributes named as its columns."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(name)


USERS = {
    i: Row(__typename="User", id=str(i), name=f"user{i}", friend_ids=[(i + 1) % 4, -1])
    for i in range(4)
}
POSTS = [
    Row(__typename="Post", id=f"p{i}", author_id=i if i != 2 else None, title=f"post {i}")
    for i in range(5)
]


def author(post: Row, info: Any) -> Any:
    if post.author_id is None:
        return None
    return USERS[post.author_id]


def friends(user: Row, info: Any) -> Any:
    return [USERS.get(i) for i in user.friend_ids]


def title(post: Row, info: Any, upper: bool = False) -> Any:
    if post.id == "p3":
        raise ValueError("title of p3 is secret")
    if post.id == "p4":
        return None  # non-null: nulls the post, then the list
    return post.title.upper() if upper else post.title


PER_ITEM: dict[str, dict[str, Callable[..., Any]]] = {
    "Post": {"author": author, "title": title},
    "User": {"friends": friends},
}


def batched(func: Callable[..., Any], calls: list[int]) -> Callable[..., Any]:
    """The per-item resolver as one call for many parents; a raised error is that item's."""

    def resolve(parents: list[Any], info: Any, **args: Any) -> list[Any]:
        calls.append(len(parents))
        out: list[Any] = []
        for parent in parents:
            try:
                out.append(func(parent, info, **args))
            except Exception as error:
                out.append(error)
        return out

    return resolve


def roots() -> Row:
    nodes = [POSTS[0], USERS[1], None, POSTS[3], POSTS[1], POSTS[4]]
    return Row(posts=POSTS[:4], nodes=nodes, post=POSTS[4])


def grommet_schema(calls: list[int], *, sync: bool) -> grommet.Schema:
    types: dict[str, Any] = {}
    for type_name, fields in PER_ITEM.items():
        bound = {}
        for name, func in fields.items():
            resolve = batched(func, calls)
            if not sync:
                resolve = asynced(resolve)
            args = {"upper": "upper"} if name == "title" else {}
            bound[name] = batch_field(resolve, "", args)
        types[type_name] = {"fields": bound}
    return grommet.Schema.from_bundle({"sdl": SDL, "types": types})


def asynced(func: Callable[..., Any]) -> Callable[..., Any]:
    async def resolve(parents: list[Any], info: Any, **args: Any) -> Any:
        await asyncio.sleep(0)
        return func(parents, info, **args)

    return resolve


# (query, batch sizes called when the resolvers are sync, and when they are async): async batch
# calls of one pass all start before any ends, so a decided response stops fewer of them.
QUERIES = [
    ("{ posts { id author { name friends { name friends { id } } } } }", [4, 3, 3], [4, 3, 3]),
    (
        "{ posts { a: title b: title(upper: false) c: title(upper: true) author { id } } }",
        [4],
        [4, 4, 4],
    ),
    (
        "{ nodes { id ... on Post { author { name } } ... on User { friends { name } } } }",
        [4, 1],
        [4, 1],
    ),
    ("{ post { id title } posts { id } }", [1], [1]),
    # p3's title raises and p4's is null: each nulls only its own (nullable) list item, so
    # (sync) the author batch that runs after the title batch is not asked for them, as
    # graphql-core never resolves a field after its object's error.
    ("{ nodes { id ... on Post { title author { name } } } }", [4, 2], [4, 4]),
    ("{ nodes { ... on Post { author { name } title } } }", [4, 4], [4, 4]),
]


def _typename(value: Any, info: Any, abstract: Any) -> str:
    return "Post" if value.id.startswith("p") else "User"


@pytest.mark.parametrize("sync", [True, False], ids=["sync", "async"])
@pytest.mark.parametrize(("query", "sync_calls", "async_calls"), QUERIES)
def test_batch_field_matches_graphql_core(
    query: str, sync_calls: list[int], async_calls: list[int], sync: bool
) -> None:
    case = Case(SDL, resolvers=PER_ITEM)
    core = case.core_schema()
    node = core.type_map["Node"]
    node.resolve_type = _typename  # type: ignore[attr-defined]
    request = Request(query, root=roots())
    expected = asyncio.run(asyncio.wait_for(run_core(case, request), 10))
    calls: list[int] = []
    schema = grommet_schema(calls, sync=sync)

    async def ours() -> dict[str, Any]:
        result = await schema.execute(query, root=roots())
        out = result.to_dict()
        out.setdefault("data", None)
        return _normal(out)

    assert asyncio.run(asyncio.wait_for(ours(), 10)) == expected
    assert calls == (sync_calls if sync else async_calls)
