"""graphql-core 3, used directly: ``build_schema`` on the SDL, resolvers set on its fields."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

import graphql

from bench import data
from bench.adapters.common import Prepared, executions, repeated_builds
from bench.wide import INTROSPECTION_QUERY, SDL_PATH

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schema.graphql"


def resolve_value(cell: data.HiddenCell, info: graphql.GraphQLResolveInfo) -> str:
    return data.cell_text(cell.j)


async def resolve_value_async(cell: data.HiddenCell, info: graphql.GraphQLResolveInfo) -> str:
    await asyncio.sleep(0)
    return data.cell_text(cell.j)


def resolve_items(
    store: data.Store, info: graphql.GraphQLResolveInfo, filter: dict[str, Any], first: int
) -> list[data.Item]:
    return data.filter_items(store.item_list, filter["min"], filter["tags"], first)


def build_schema() -> graphql.GraphQLSchema:
    """The suite's schema with resolvers; plain fields use graphql-core's attribute resolver."""
    schema = graphql.build_schema(SCHEMA_PATH.read_text())
    resolvers: dict[tuple[str, str], Any] = {
        ("Query", "rows"): lambda store, info: store.row_list,
        ("Query", "computedRows"): lambda store, info: store.computed_row_list,
        ("Query", "asyncRows"): lambda store, info: store.computed_row_list,
        ("Query", "user"): lambda store, info, id: store.user_table.get(id),
        ("Query", "items"): resolve_items,
        ("ComputedCell", "value"): resolve_value,
        ("AsyncCell", "value"): resolve_value_async,
        ("User", "friends"): lambda user, info, first: info.root_value.user_table.friends(
            user, first
        ),
        ("Item", "scaled"): lambda item, info, factor: item.value * factor["amount"],
    }
    for (type_name, field_name), resolve in resolvers.items():
        object_type = schema.get_type(type_name)
        assert isinstance(object_type, graphql.GraphQLObjectType)
        object_type.fields[field_name].resolve = resolve
    return schema


def to_response(result: graphql.ExecutionResult) -> dict[str, Any]:
    return result.formatted  # type: ignore[return-value]


def prepare(key: str, size: int) -> Prepared:
    if key == "W7":
        from bench.adapters.peers_loading import prepare_graphql_core

        return prepare_graphql_core(size)
    if key == "W6":
        sdl = SDL_PATH.read_text()
        return repeated_builds(lambda: graphql.build_schema(sdl), size, introspect)
    schema = build_schema()

    def execute(
        query: str, variables: dict[str, Any] | None, store: data.Store
    ) -> Awaitable[graphql.ExecutionResult]:
        return graphql.graphql(schema, query, root_value=store, variable_values=variables)

    return executions(key, size, execute, to_response)


async def introspect(schema: graphql.GraphQLSchema) -> dict[str, Any]:
    return to_response(await graphql.graphql(schema, INTROSPECTION_QUERY))
