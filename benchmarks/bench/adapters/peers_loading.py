"""W7 on graphql-core and Ariadne, each with `aiodataloader` loaders built per request."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import ariadne
import graphql
from aiodataloader import DataLoader

from bench import n_plus_one as w7
from bench.adapters.common import Prepared


def _loaders(database: w7.Database) -> dict[str, DataLoader[int, w7.User]]:
    return {
        "post_authors": DataLoader(database.load_users),
        "comment_authors": DataLoader(database.load_users),
    }


def _to_response(result: graphql.ExecutionResult) -> dict[str, Any]:
    return result.formatted  # type: ignore[return-value]


def prepare_graphql_core(size: int) -> Prepared:
    schema = graphql.build_schema(w7.SDL)
    resolvers: dict[tuple[str, str], Any] = {
        ("Query", "posts"): lambda db, info, first: w7.first_posts(db, first),
        ("Post", "author"): lambda post, info: info.context["post_authors"].load(post.author_id),
        ("Comment", "author"): lambda comment, info: info.context["comment_authors"].load(
            comment.author_id
        ),
    }
    for (type_name, field_name), resolve in resolvers.items():
        object_type = schema.get_type(type_name)
        assert isinstance(object_type, graphql.GraphQLObjectType)
        object_type.fields[field_name].resolve = resolve

    def execute(database: w7.Database) -> Awaitable[graphql.ExecutionResult]:
        outcome = graphql.graphql(
            schema, w7.QUERY, root_value=database, context_value=_loaders(database)
        )
        assert not isinstance(outcome, graphql.ExecutionResult)
        return outcome

    return w7.prepare_run(size, execute, _to_response)


def prepare_ariadne(size: int) -> Prepared:
    query = ariadne.QueryType()
    query.set_field("posts", lambda db, info, first: w7.first_posts(db, first))
    post = ariadne.ObjectType("Post")
    post.set_field("author", lambda p, info: info.context["post_authors"].load(p.author_id))
    comment = ariadne.ObjectType("Comment")
    comment.set_field("author", lambda c, info: info.context["comment_authors"].load(c.author_id))
    schema = ariadne.make_executable_schema(w7.SDL, [query, post, comment])

    async def execute(database: w7.Database) -> dict[str, Any]:
        _, response = await ariadne.graphql(
            schema,
            {"query": w7.QUERY},
            root_value=database,
            context_value=_loaders(database),
            debug=False,
        )
        return response

    return w7.prepare_run(size, execute, lambda response: response)
