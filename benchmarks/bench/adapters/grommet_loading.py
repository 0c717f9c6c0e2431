"""W7 on grommet, both answers to N+1: batch resolvers and `grommet.DataLoader`."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import grommet
from bench import n_plus_one as w7
from bench.adapters.common import Prepared
from bench.adapters.grommet_common import to_response


@grommet.type(name="User")
class BatchUser:
    id: grommet.ID
    name: str


@grommet.type(name="Comment")
class BatchComment:
    id: grommet.ID

    @grommet.field(batch=True)
    async def author(comments: list[w7.Comment], info: grommet.Info) -> list[BatchUser]:
        database: w7.Database = info.context
        return await database.load_users([c.author_id for c in comments])  # type: ignore[return-value]


@grommet.type(name="Post")
class BatchPost:
    id: grommet.ID
    title: str
    comments: list[BatchComment]

    @grommet.field(batch=True)
    async def author(posts: list[w7.Post], info: grommet.Info) -> list[BatchUser]:
        database: w7.Database = info.context
        return await database.load_users([p.author_id for p in posts])  # type: ignore[return-value]


@grommet.type(name="Query")
class BatchQuery:
    @grommet.field
    def posts(self: w7.Database, first: int) -> list[BatchPost]:
        return w7.first_posts(self, first)  # type: ignore[return-value]


@grommet.type(name="User")
class LoaderUser:
    id: grommet.ID
    name: str


@grommet.type(name="Comment")
class LoaderComment:
    id: grommet.ID

    @grommet.field
    def author(self: w7.Comment, info: grommet.Info) -> Awaitable[LoaderUser]:
        return info.context["comment_authors"].load(self.author_id)  # type: ignore[no-any-return]


@grommet.type(name="Post")
class LoaderPost:
    id: grommet.ID
    title: str
    comments: list[LoaderComment]

    @grommet.field
    def author(self: w7.Post, info: grommet.Info) -> Awaitable[LoaderUser]:
        return info.context["post_authors"].load(self.author_id)  # type: ignore[no-any-return]


@grommet.type(name="Query")
class LoaderQuery:
    @grommet.field
    def posts(self: w7.Database, first: int) -> list[LoaderPost]:
        return w7.first_posts(self, first)  # type: ignore[return-value]


def prepare_batch(size: int) -> Prepared:
    schema = grommet.Schema(BatchQuery)

    def execute(database: w7.Database) -> Awaitable[grommet.ExecutionResult]:
        return schema.execute(w7.QUERY, root=database, context=database)

    return w7.prepare_run(size, execute, to_response)


def prepare_dataloader(size: int) -> Prepared:
    schema = grommet.Schema(LoaderQuery)

    def execute(database: w7.Database) -> Awaitable[grommet.ExecutionResult]:
        context: dict[str, Any] = {
            "post_authors": grommet.DataLoader(database.load_users),
            "comment_authors": grommet.DataLoader(database.load_users),
        }
        return schema.execute(w7.QUERY, root=database, context=context)

    return w7.prepare_run(size, execute, to_response)
