"""Ariadne: the SDL bound to resolvers with ``make_executable_schema``, run with ``graphql``."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

import ariadne
from graphql import GraphQLResolveInfo, GraphQLSchema

from bench import data
from bench.adapters.common import Prepared, executions, repeated_builds
from bench.adapters.graphql_core_lib import SCHEMA_PATH
from bench.wide import INTROSPECTION_QUERY, SDL_PATH, all_types


def bindables() -> list[ariadne.ObjectType]:
    query = ariadne.QueryType()
    query.set_field("rows", lambda store, info: store.row_list)
    query.set_field("computedRows", lambda store, info: store.computed_row_list)
    query.set_field("asyncRows", lambda store, info: store.computed_row_list)
    query.set_field("user", lambda store, info, id: store.user_table.get(id))

    @query.field("items")
    def resolve_items(
        store: data.Store, info: GraphQLResolveInfo, filter: dict[str, Any], first: int
    ) -> list[data.Item]:
        return data.filter_items(store.item_list, filter["min"], filter["tags"], first)

    computed_cell = ariadne.ObjectType("ComputedCell")
    computed_cell.set_field("value", lambda cell, info: data.cell_text(cell.j))

    async_cell = ariadne.ObjectType("AsyncCell")

    @async_cell.field("value")
    async def resolve_value(cell: data.HiddenCell, info: GraphQLResolveInfo) -> str:
        await asyncio.sleep(0)
        return data.cell_text(cell.j)

    user = ariadne.ObjectType("User")
    user.set_field(
        "friends", lambda user, info, first: info.root_value.user_table.friends(user, first)
    )
    item = ariadne.ObjectType("Item")
    item.set_field("scaled", lambda item, info, factor: item.value * factor["amount"])
    return [query, computed_cell, async_cell, user, item]


def wide_bindables() -> list[ariadne.ObjectType]:
    """W6: a resolver for every field with arguments, as an Ariadne service would bind them."""
    objects = []
    for wide_type in all_types():
        bindable = ariadne.ObjectType(wide_type.name)
        for field in wide_type.fields:
            if field.args:
                empty = [] if field.sdl_type.startswith("[") else None
                bindable.set_field(field.name, lambda parent, info, _empty=empty, **args: _empty)
        objects.append(bindable)
    return objects


async def run_query(
    schema: GraphQLSchema, query: str, variables: dict[str, Any] | None = None, root: Any = None
) -> dict[str, Any]:
    _, response = await ariadne.graphql(
        schema, {"query": query, "variables": variables}, root_value=root
    )
    return response  # type: ignore[no-any-return]


def prepare(key: str, size: int) -> Prepared:
    if key == "W7":
        from bench.adapters.peers_loading import prepare_ariadne

        return prepare_ariadne(size)
    if key == "W6":
        sdl = SDL_PATH.read_text()
        objects = wide_bindables()
        return repeated_builds(
            lambda: ariadne.make_executable_schema(sdl, *objects), size, introspect
        )
    schema = ariadne.make_executable_schema(SCHEMA_PATH.read_text(), *bindables())

    def execute(
        query: str, variables: dict[str, Any] | None, store: data.Store
    ) -> Awaitable[dict[str, Any]]:
        return run_query(schema, query, variables, store)

    return executions(key, size, execute, dict)


async def introspect(schema: GraphQLSchema) -> dict[str, Any]:
    return await run_query(schema, INTROSPECTION_QUERY)
