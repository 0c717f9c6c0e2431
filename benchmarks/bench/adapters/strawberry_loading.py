"""W7 on Strawberry with its own DataLoader, built per request."""

# No `from __future__ import annotations`: Strawberry resolves annotations at schema build.

from collections.abc import Awaitable
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader
from strawberry.types import ExecutionResult

from bench import n_plus_one as w7
from bench.adapters.common import Prepared


@strawberry.type(name="User")
class User:
    id: strawberry.ID
    name: str


@strawberry.type(name="Comment")
class Comment:
    id: strawberry.ID

    @strawberry.field
    async def author(self: w7.Comment, info: strawberry.Info) -> User:
        return await info.context["comment_authors"].load(self.author_id)  # type: ignore[no-any-return]


@strawberry.type(name="Post")
class Post:
    id: strawberry.ID
    title: str
    comments: list[Comment]

    @strawberry.field
    async def author(self: w7.Post, info: strawberry.Info) -> User:
        return await info.context["post_authors"].load(self.author_id)  # type: ignore[no-any-return]


@strawberry.type(name="Query")
class Query:
    @strawberry.field
    def posts(self: w7.Database, first: int) -> list[Post]:
        return w7.first_posts(self, first)  # type: ignore[return-value]


def prepare_strawberry(size: int) -> Prepared:
    schema = strawberry.Schema(Query)

    def execute(database: w7.Database) -> Awaitable[ExecutionResult]:
        context: dict[str, Any] = {
            "post_authors": DataLoader(load_fn=database.load_users),
            "comment_authors": DataLoader(load_fn=database.load_users),
        }
        return schema.execute(w7.QUERY, root_value=database, context_value=context)

    def to_response(result: ExecutionResult) -> dict[str, Any]:
        response: dict[str, Any] = {"data": result.data}
        if result.errors:
            response["errors"] = [e.formatted for e in result.errors]
        return response

    return w7.prepare_run(size, execute, to_response)
