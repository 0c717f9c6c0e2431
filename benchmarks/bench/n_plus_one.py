"""W7 n_plus_one: posts with their author and their comments' authors, authors from a loader.

The load function stands for a database: ``async``, one ``await asyncio.sleep(0)`` per call,
and it counts its calls. Every library loads the post authors and the comment authors with
one loader each (built per request, as a server's context getter would), so each makes one
call per level: 2. The outcome carries the count, so a library making more calls differs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from bench.adapters.common import Prepared, check_response

SDL = """
type Query { posts(first: Int!): [Post!]! }
type Post { id: ID! title: String! author: User! comments: [Comment!]! }
type Comment { id: ID! author: User! }
type User { id: ID! name: String! }
"""
QUERY = "{ posts(first: 5000) { id title author { id name } comments { id author { id name } } } }"
USERS = 500
COMMENTS_PER_POST = 3

_R = TypeVar("_R")


@dataclass(frozen=True, slots=True)
class User:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Comment:
    id: str
    author_id: int


@dataclass(frozen=True, slots=True)
class Post:
    id: str
    title: str
    author_id: int
    comments: list[Comment]


@dataclass
class Database:
    posts: list[Post]
    users: dict[int, User]
    calls: int = 0

    async def load_users(self, ids: Sequence[int]) -> list[User]:
        self.calls += 1
        await asyncio.sleep(0)
        users = self.users
        return [users[i] for i in ids]


def build_database(size: int) -> Database:
    users = {i: User(str(i), f"user {i}") for i in range(USERS)}
    posts = [
        Post(
            f"p{i}",
            f"post {i}",
            (i * 7) % USERS,
            [Comment(f"c{i}.{j}", (i * 13 + j * 31) % USERS) for j in range(COMMENTS_PER_POST)],
        )
        for i in range(size)
    ]
    return Database(posts, users)


def prepare_run(
    size: int,
    execute: Callable[[Database], Awaitable[_R]],
    to_response: Callable[[_R], dict[str, Any]],
) -> Prepared:
    """``execute(db)`` runs QUERY with fresh loaders; the outcome adds the load-call count."""
    database = build_database(size)
    runs: list[int] = []

    async def run() -> _R:
        database.calls = 0
        result = await execute(database)
        runs.append(database.calls)
        return result

    async def outcome(result: _R) -> Any:
        return {"response": check_response(to_response(result)), "load_calls": runs[-1]}

    return Prepared(run=run, outcome=outcome)


def first_posts(database: Database, first: int) -> list[Post]:
    return database.posts[:first]
