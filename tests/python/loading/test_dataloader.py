"""`grommet.DataLoader`: batching, caching and errors, inside and outside an execution."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from typing import Any

import pytest

import grommet

KEYS: list[list[int]] = []


async def load_names(keys: list[int]) -> list[str | Exception]:
    KEYS.append(list(keys))
    await asyncio.sleep(0)
    return [ValueError(f"no user {k}") if k < 0 else f"user{k}" for k in keys]


def load_names_now(keys: list[int]) -> Sequence[str | Exception]:
    KEYS.append(list(keys))
    return [f"user{k}" for k in keys]


@pytest.fixture(autouse=True)
def _reset() -> None:
    KEYS.clear()


@grommet.type
class Comment:
    id: int
    author_id: int

    @grommet.field
    async def author(self, info: grommet.Info) -> str | None:
        loader: grommet.DataLoader[int, str] = info.context["comment_authors"]
        return await loader.load(self.author_id)


@grommet.type
class Post:
    id: int
    author_id: int

    @grommet.field
    def author(self, info: grommet.Info) -> Awaitable[str | None]:
        # A resolver may also return the load itself: the engine awaits it.
        loader: grommet.DataLoader[int, str | None] = info.context["authors"]
        return loader.load(self.author_id)

    @grommet.field
    async def comments(self) -> list[Comment]:
        await asyncio.sleep(0)
        return [Comment(10 * self.id + j, self.id + j) for j in range(2)]


@grommet.type
class Query:
    @grommet.field
    def posts(self, ids: list[int]) -> list[Post]:
        return [Post(i, i) for i in ids]


SCHEMA = grommet.Schema(Query)


def context(load: Any = load_names, **options: Any) -> dict[str, Any]:
    return {
        "authors": grommet.DataLoader(load, **options),
        "comment_authors": grommet.DataLoader(load, **options),
    }


async def test_one_load_call_per_level() -> None:
    result = await SCHEMA.execute(
        "{ posts(ids: [1, 2, 1]) { id author comments { id author } } }", context=context()
    )
    assert result.to_dict() == {
        "data": {
            "posts": [
                {
                    "id": i,
                    "author": f"user{i}",
                    "comments": [{"id": 10 * i + j, "author": f"user{i + j}"} for j in range(2)],
                }
                for i in (1, 2, 1)
            ]
        }
    }
    assert KEYS == [[1, 2], [1, 2, 3]]


async def test_a_sync_load_function_never_yields_to_the_event_loop() -> None:
    execution = SCHEMA._core.execute(
        "{ posts(ids: [1, 2]) { author } }", None, context(load_names_now), None, None
    )
    steps = execution.__await__()
    with pytest.raises(StopIteration) as done:
        next(steps)  # finished in its first step: nothing waited on the loop
    assert done.value.value.to_dict() == {
        "data": {"posts": [{"author": "user1"}, {"author": "user2"}]}
    }
    assert KEYS == [[1, 2]]


async def test_errors_per_key() -> None:
    result = await SCHEMA.execute("{ posts(ids: [1, -2]) { id author } }", context=context())
    assert result.to_dict() == {
        "data": {"posts": [{"id": 1, "author": "user1"}, {"id": -2, "author": None}]},
        "errors": [
            {
                "message": "no user -2",
                "locations": [{"line": 1, "column": 28}],
                "path": ["posts", 1, "author"],
            }
        ],
    }


async def test_max_batch_size_splits_batches() -> None:
    result = await SCHEMA.execute(
        "{ posts(ids: [1, 2, 3, 4, 5]) { author } }", context=context(max_batch_size=2)
    )
    assert result.errors == []
    assert KEYS == [[1, 2], [3, 4], [5]]


async def test_cache_is_kept_across_executions_sharing_the_loader() -> None:
    ctx = context()
    await SCHEMA.execute("{ posts(ids: [1, 2]) { author } }", context=ctx)
    result = await SCHEMA.execute("{ posts(ids: [2, 1]) { author } }", context=ctx)
    assert result.to_dict() == {"data": {"posts": [{"author": "user2"}, {"author": "user1"}]}}
    assert KEYS == [[1, 2]]


async def test_without_cache_every_load_is_loaded() -> None:
    await SCHEMA.execute("{ posts(ids: [1, 1]) { author } }", context=context(cache=False))
    assert KEYS == [[1, 1]]


async def test_one_loader_shared_by_concurrent_executions() -> None:
    ctx = context()
    first: grommet.ExecutionResult
    second: grommet.ExecutionResult
    first, second = await asyncio.gather(
        SCHEMA.execute("{ posts(ids: [1, 2]) { author } }", context=ctx),
        SCHEMA.execute("{ posts(ids: [2, 3]) { author } }", context=ctx),
    )
    assert first.to_dict() == {"data": {"posts": [{"author": "user1"}, {"author": "user2"}]}}
    assert second.to_dict() == {"data": {"posts": [{"author": "user2"}, {"author": "user3"}]}}
    # Both executions' synchronous passes ran before either was awaited: one batch.
    assert KEYS == [[1, 2, 3]]


async def test_outside_an_execution_a_batch_dispatches_on_the_next_tick() -> None:
    loader: grommet.DataLoader[int, str] = grommet.DataLoader(load_names)
    values = await asyncio.gather(loader.load(1), loader.load(2), loader.load(1))
    assert list(values) == ["user1", "user2", "user1"]
    assert await loader.load_many([2, 3]) == ["user2", "user3"]
    assert KEYS == [[1, 2], [3]]
    with pytest.raises(ValueError, match="no user -1"):
        await loader.load(-1)


async def test_prime_and_clear() -> None:
    loader: grommet.DataLoader[int, str] = grommet.DataLoader(load_names_now)
    loader.prime(1, "primed")
    loader.prime(1, "ignored: already cached")
    assert await loader.load(1) == "primed"
    assert KEYS == []
    loader.clear(1)
    assert await loader.load(1) == "user1"
    loader.clear_all()
    assert await loader.load_many([1, 2]) == ["user1", "user2"]
    assert KEYS == [[1], [1, 2]]
    loader.prime(3, KeyError("gone"))
    with pytest.raises(KeyError):
        await loader.load(3)


async def test_cache_key_fn_maps_unhashable_keys() -> None:
    seen: list[list[dict[str, int]]] = []

    def load(keys: list[dict[str, int]]) -> list[int]:
        seen.append(keys)
        return [k["id"] * 2 for k in keys]

    loader = grommet.DataLoader(load, cache_key_fn=lambda k: k["id"])
    values = await asyncio.gather(loader.load({"id": 1}), loader.load({"id": 1}))
    assert list(values) == [2, 2]
    assert seen == [[{"id": 1}]]


async def test_a_wrong_length_fails_every_key() -> None:
    loader: grommet.DataLoader[int, int] = grommet.DataLoader(lambda keys: [1])
    outcome = await asyncio.gather(loader.load(1), loader.load(2), return_exceptions=True)
    assert [str(e) for e in outcome] == [
        "DataLoader load function returned 1 values for 2 keys"
    ] * 2


async def test_a_raising_load_function_fails_every_key() -> None:
    def load(keys: list[int]) -> list[int]:
        raise ConnectionError("database down")

    result = await SCHEMA.execute("{ posts(ids: [1, 2]) { author } }", context=context(load))
    assert result.to_dict() == {
        "data": {"posts": [{"author": None}, {"author": None}]},
        "errors": [
            {
                "message": "database down",
                "locations": [{"line": 1, "column": 24}],
                "path": ["posts", i, "author"],
            }
            for i in range(2)
        ],
    }


def test_loading_needs_a_loop_or_an_execution() -> None:
    loader: grommet.DataLoader[int, str] = grommet.DataLoader(load_names_now)
    with pytest.raises(RuntimeError, match="needs a running event loop or a grommet execution"):
        loader.load(1)


def test_execute_sync_runs_loaders() -> None:
    result = SCHEMA.execute_sync(
        "{ posts(ids: [3]) { author comments { author } } }", context=context()
    )
    assert result.to_dict() == {
        "data": {
            "posts": [{"author": "user3", "comments": [{"author": "user3"}, {"author": "user4"}]}]
        }
    }
    assert KEYS == [[3], [3, 4]]


async def test_a_dropped_execution_leaves_its_batch_to_the_loop() -> None:
    ctx = context()
    first = SCHEMA.execute("{ posts(ids: [1]) { author } }", context=ctx)  # starts the batch
    second = SCHEMA.execute("{ posts(ids: [1, 2]) { author } }", context=ctx)
    del first  # never awaited: the batch it would have dispatched goes to the event loop
    result: grommet.ExecutionResult = await asyncio.wait_for(second, 10)
    assert result.to_dict() == {"data": {"posts": [{"author": "user1"}, {"author": "user2"}]}}
    assert KEYS == [[1, 2]]


@grommet.type
class Shelf:
    id: int

    @grommet.field(batch=True)
    async def owner(shelves: list[Shelf], info: grommet.Info) -> list[str]:
        loader: grommet.DataLoader[int, str] = info.context["authors"]
        return await loader.load_many([s.id for s in shelves])


@grommet.type
class ShelfQuery:
    @grommet.field
    def shelves(self) -> list[Shelf]:
        return [Shelf(i) for i in (3, 1, 3)]


async def test_a_batch_resolver_may_use_a_loader() -> None:
    schema = grommet.Schema(ShelfQuery)
    result = await schema.execute("{ shelves { id owner } }", context=context())
    assert result.to_dict() == {
        "data": {
            "shelves": [
                {"id": 3, "owner": "user3"},
                {"id": 1, "owner": "user1"},
                {"id": 3, "owner": "user3"},
            ]
        }
    }
    assert KEYS == [[3, 1]]
