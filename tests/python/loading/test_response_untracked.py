"""Response objects that get a field's value after their own pass (a batch resolver's, an
awaited resolver's, a DataLoader's) stay out of the cyclic GC, like every other response
object: otherwise each of them is traversed by the next collection."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Awaitable

import pytest

import grommet


@grommet.type
class User:
    id: int


@grommet.type
class Comment:
    id: int

    @grommet.field(batch=True)
    def author(comments: list[Comment]) -> list[User]:
        return [User(c.id * 10) for c in comments]

    @grommet.field
    async def later(self) -> User:
        await asyncio.sleep(0)
        return User(self.id + 1)

    @grommet.field
    def loaded(self, info: grommet.Info) -> Awaitable[User]:
        users: grommet.DataLoader[int, User] = info.context["users"]
        return users.load(self.id)


@grommet.type
class Post:
    id: int

    @grommet.field(batch=True)
    async def comments(posts: list[Post]) -> list[list[Comment]]:
        await asyncio.sleep(0)
        return [[Comment(p.id), Comment(p.id + 100)] for p in posts]


@grommet.type
class Query:
    @grommet.field
    def posts(self) -> list[Post]:
        return [Post(1), Post(2)]


SCHEMA = grommet.Schema(Query)
QUERY = "{ posts { id comments { id author { id } later { id } loaded { id } } } }"


async def _load(ids: list[int]) -> list[User]:
    await asyncio.sleep(0)
    return [User(i * 1000) for i in ids]


def _containers(value: object) -> list[object]:
    """Every dict and list of a response, depth first."""
    found: list[object] = []
    if isinstance(value, dict):
        found.append(value)
        for item in value.values():
            found.extend(_containers(item))
    elif isinstance(value, list):
        found.append(value)
        for item in value:
            found.extend(_containers(item))
    return found


@pytest.mark.timeout(10)
async def test_late_values_leave_their_objects_untracked() -> None:
    result = await SCHEMA.execute(QUERY, context={"users": grommet.DataLoader(_load)})
    assert result.errors == []
    assert result.data == {
        "posts": [
            {
                "id": 1,
                "comments": [
                    {"id": 1, "author": {"id": 10}, "later": {"id": 2}, "loaded": {"id": 1000}},
                    {
                        "id": 101,
                        "author": {"id": 1010},
                        "later": {"id": 102},
                        "loaded": {"id": 101000},
                    },
                ],
            },
            {
                "id": 2,
                "comments": [
                    {"id": 2, "author": {"id": 20}, "later": {"id": 3}, "loaded": {"id": 2000}},
                    {
                        "id": 102,
                        "author": {"id": 1020},
                        "later": {"id": 103},
                        "loaded": {"id": 102000},
                    },
                ],
            },
        ]
    }
    containers = _containers(result.data["posts"])
    assert len(containers) == 21
    assert [c for c in containers if gc.is_tracked(c)] == []
