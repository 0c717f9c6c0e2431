"""Batch resolvers from the builder: `@grommet.field(batch=True)`, exact responses and calls."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

import grommet

CALLS: list[tuple[Any, ...]] = []


@grommet.type
class User:
    id: int
    name: str


@grommet.type
class Comment:
    id: int
    author_id: int

    @grommet.field(batch=True)
    def author(comments: list[Comment]) -> list[User]:
        CALLS.append(("Comment.author", [c.id for c in comments]))
        return [User(c.author_id, f"user{c.author_id}") for c in comments]


@grommet.type
class Post:
    id: int
    author_id: int
    comments: list[Comment] = field(default_factory=list)

    @grommet.field(batch=True)
    def author(posts: list[Post], info: grommet.Info, shout: bool = False) -> list[User | None]:
        CALLS.append(("Post.author", [p.id for p in posts], shout, info.path))
        names = [f"user{p.author_id}" for p in posts]
        return [
            None if p.author_id < 0 else User(p.author_id, n.upper() if shout else n)
            for p, n in zip(posts, names, strict=True)
        ]

    @grommet.field(batch=True)
    async def rank(posts: list[Post]) -> Sequence[int]:
        CALLS.append(("Post.rank start", [p.id for p in posts]))
        await asyncio.sleep(0)
        CALLS.append(("Post.rank end", [p.id for p in posts]))
        return [p.id * 10 for p in posts]

    @grommet.field(batch=True)
    async def score(posts: list[Post]) -> list[int]:
        CALLS.append(("Post.score start", [p.id for p in posts]))
        await asyncio.sleep(0)
        CALLS.append(("Post.score end", [p.id for p in posts]))
        return [p.id + 1 for p in posts]

    @grommet.field(batch=True)
    def checked(posts: list[Post]) -> list[str | Exception | None]:
        return [ValueError(f"post {p.id} is hidden") if p.id % 2 else f"ok{p.id}" for p in posts]

    @grommet.field(batch=True)
    def broken(posts: list[Post]) -> list[str | None]:
        raise RuntimeError(f"database down for {len(posts)} posts")

    @grommet.field(batch=True)
    def short(posts: list[Post]) -> list[str | None]:
        return ["only one"]

    @grommet.field(batch=True)
    def required(posts: list[Post]) -> list[str]:
        return [None if p.id == 2 else f"r{p.id}" for p in posts]  # type: ignore[misc]


def _posts() -> list[Post]:
    return [Post(i, i % 2, [Comment(10 * i + j, 100 + j) for j in range(2)]) for i in range(1, 4)]


@grommet.type
class Query:
    @grommet.field
    def posts(self) -> list[Post]:
        return _posts()

    @grommet.field
    def nested(self) -> list[list[Post]]:
        return [_posts()[:2], _posts()[2:]]

    @grommet.field
    async def later(self) -> list[Post]:
        await asyncio.sleep(0)
        return _posts()[:1]


@dataclass
class Counter:
    value: int = 0


COUNTER = Counter()


@grommet.type
class Mutation:
    @grommet.field(batch=True)
    async def bump(roots: list[object], by: int) -> list[int]:
        CALLS.append(("bump start", by))
        await asyncio.sleep(0)
        COUNTER.value += by
        CALLS.append(("bump end", by))
        return [COUNTER.value for _ in roots]


SCHEMA = grommet.Schema(Query, Mutation)


@pytest.fixture(autouse=True)
def _reset() -> None:
    CALLS.clear()
    COUNTER.value = 0


async def run(query: str) -> dict[str, Any]:
    return (await SCHEMA.execute(query)).to_dict()


def test_sdl_types_the_field_by_its_item() -> None:
    assert "author(shout: Boolean! = false): User\n" in SCHEMA.sdl
    assert "  rank: Int!\n" in SCHEMA.sdl
    assert "  checked: String\n" in SCHEMA.sdl


async def test_one_call_per_level_across_list_items() -> None:
    result = await run("{ posts { id author { name } comments { id author { id } } } }")
    assert result == {
        "data": {
            "posts": [
                {
                    "id": i,
                    "author": {"name": f"user{i % 2}"},
                    "comments": [{"id": 10 * i + j, "author": {"id": 100 + j}} for j in range(2)],
                }
                for i in range(1, 4)
            ]
        }
    }
    assert CALLS == [
        ("Post.author", [1, 2, 3], False, ["posts", 0, "author"]),
        ("Comment.author", [10, 11, 20, 21, 30, 31]),
    ]


async def test_nested_lists_and_aliases_with_equal_arguments_share_a_call() -> None:
    result = await run(
        "{ nested { a: author { id } b: author(shout: false) { name }"
        " c: author(shout: true) { name } } }"
    )

    def row(i: int) -> dict[str, Any]:
        return {"a": {"id": i % 2}, "b": {"name": f"user{i % 2}"}, "c": {"name": f"USER{i % 2}"}}

    assert result == {"data": {"nested": [[row(1), row(2)], [row(3)]]}}
    assert CALLS == [
        ("Post.author", [1, 2, 3], False, ["nested", 0, 0, "a"]),
        ("Post.author", [1, 2, 3], True, ["nested", 0, 0, "c"]),
    ]


async def test_async_batch_calls_of_one_pass_run_concurrently() -> None:
    result = await run("{ posts { rank score } }")
    assert result == {"data": {"posts": [{"rank": 10 * i, "score": i + 1} for i in range(1, 4)]}}
    assert CALLS == [
        ("Post.rank start", [1, 2, 3]),
        ("Post.score start", [1, 2, 3]),
        ("Post.rank end", [1, 2, 3]),
        ("Post.score end", [1, 2, 3]),
    ]


async def test_parents_reached_after_a_suspension_batch_together() -> None:
    result = await run("{ later { id author { id } } posts { id author { id } } }")
    assert result["data"]["later"] == [{"id": 1, "author": {"id": 1}}]
    assert CALLS == [
        ("Post.author", [1, 2, 3], False, ["posts", 0, "author"]),
        ("Post.author", [1], False, ["later", 0, "author"]),
    ]


async def test_an_exception_item_is_that_items_error() -> None:
    result = await run("{ posts { id checked } }")
    assert result == {
        "data": {
            "posts": [
                {"id": 1, "checked": None},
                {"id": 2, "checked": "ok2"},
                {"id": 3, "checked": None},
            ]
        },
        "errors": [
            {
                "message": "post 1 is hidden",
                "locations": [{"line": 1, "column": 14}],
                "path": ["posts", 0, "checked"],
            },
            {
                "message": "post 3 is hidden",
                "locations": [{"line": 1, "column": 14}],
                "path": ["posts", 2, "checked"],
            },
        ],
    }


async def test_raising_makes_every_item_an_error() -> None:
    result = await run("{ posts { broken } }")
    assert result == {
        "data": {"posts": [{"broken": None}] * 3},
        "errors": [
            {
                "message": "database down for 3 posts",
                "locations": [{"line": 1, "column": 11}],
                "path": ["posts", i, "broken"],
            }
            for i in range(3)
        ],
    }


async def test_a_wrong_length_is_an_error_on_every_item() -> None:
    result = await run("{ posts { short } }")
    message = "batch resolver of Post.short returned 1 values for 3 parents"
    assert result == {
        "data": {"posts": [{"short": None}] * 3},
        "errors": [
            {
                "message": message,
                "locations": [{"line": 1, "column": 11}],
                "path": ["posts", i, "short"],
            }
            for i in range(3)
        ],
    }


async def test_null_propagates_per_item() -> None:
    result = await run("{ posts { id required } }")
    assert result == {
        "data": None,
        "errors": [
            {
                "message": "Cannot return null for non-nullable field Post.required.",
                "locations": [{"line": 1, "column": 14}],
                "path": ["posts", 1, "required"],
            }
        ],
    }


async def test_mutation_root_fields_run_serially() -> None:
    result = await run("mutation { a: bump(by: 1) b: bump(by: 2) c: bump(by: 1) }")
    assert result == {"data": {"a": 1, "b": 3, "c": 4}}
    assert CALLS == [
        ("bump start", 1),
        ("bump end", 1),
        ("bump start", 2),
        ("bump end", 2),
        ("bump start", 1),
        ("bump end", 1),
    ]


def test_sync_batch_resolvers_never_touch_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_loop(*args: object, **kwargs: object) -> None:
        raise AssertionError("an event loop was started")

    monkeypatch.setattr(asyncio, "run", no_loop)
    result = SCHEMA.execute_sync("{ posts { author { id } comments { author { name } } } }")
    assert result.errors == []
    assert [c[0] for c in CALLS] == ["Post.author", "Comment.author"]


def test_a_batch_resolver_returns_a_sequence() -> None:
    @grommet.type
    class Q:
        @grommet.field(batch=True)
        def bad(roots: list[object]) -> int:
            return 1

    with pytest.raises(TypeError, match=r"Q.bad: a batch resolver returns list\[T\]"):
        grommet.Schema(Q)


@pytest.mark.parametrize(
    ("returned", "type_name"),
    [
        (lambda n: {f"v{i}" for i in range(n)}, "set"),
        (lambda n: {i: f"v{i}" for i in range(n)}, "dict"),
        (lambda n: {i: f"v{i}" for i in range(n)}.keys(), "dict_keys"),
        (lambda n: (f"v{i}" for i in range(n)), "generator"),
        (lambda n: "abc"[:n], "str"),
    ],
    ids=["set", "dict", "dict_keys", "generator", "str"],
)
def test_an_unordered_or_non_sequence_result_is_an_error_on_every_item(
    returned: Any, type_name: str
) -> None:
    # Values are matched to parents by position: what has no order cannot be matched.
    @grommet.type
    class Item:
        id: int

        @grommet.field(batch=True)
        def label(items: list[Item]) -> list[str | None]:
            return returned(len(items))  # type: ignore[no-any-return]

    @grommet.type
    class Q:
        @grommet.field
        def items(self) -> list[Item]:
            return [Item(1), Item(2), Item(3)]

    result = grommet.Schema(Q).execute_sync("{ items { label } }")
    message = (
        "batch resolver of Item.label must return a sequence with one value per parent,"
        f" got {type_name}"
    )
    assert result.data == {"items": [{"label": None}] * 3}
    assert [(e.message, e.path) for e in result.errors] == [
        (message, ["items", i, "label"]) for i in range(3)
    ]


def test_any_sequence_is_a_batch_result() -> None:
    class Labels(Sequence[str]):
        def __init__(self, n: int) -> None:
            self.n = n

        def __len__(self) -> int:
            return self.n

        def __getitem__(self, i: Any) -> Any:
            return f"L{i}" if isinstance(i, int) and 0 <= i < self.n else [][i]

    @grommet.type
    class Item:
        id: int

        @grommet.field(batch=True)
        def label(items: list[Item]) -> Sequence[str]:
            return Labels(len(items))

        @grommet.field(batch=True)
        def number(items: list[Item]) -> Sequence[int]:
            return range(len(items))

    @grommet.type
    class Q:
        @grommet.field
        def items(self) -> list[Item]:
            return [Item(1), Item(2)]

    result = grommet.Schema(Q).execute_sync("{ items { label number } }")
    assert result.errors == []
    assert result.data == {"items": [{"label": "L0", "number": 0}, {"label": "L1", "number": 1}]}
