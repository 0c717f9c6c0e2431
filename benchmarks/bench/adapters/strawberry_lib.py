"""Strawberry: ``@strawberry.type`` classes and ``strawberry.Schema``, run with ``execute``."""

# No `from __future__ import annotations`: Strawberry resolves annotations at schema build.

import asyncio
from collections.abc import Awaitable
from typing import Any

import strawberry
from strawberry.types import ExecutionResult

from bench import data
from bench.adapters.common import Prepared, executions, repeated_builds
from bench.adapters.wide_classes import make_classes
from bench.wide import INTROSPECTION_QUERY

# `self` of a resolver is the parent object: the shared data objects, or the root Store.


@strawberry.type
class Cell:
    value: str


@strawberry.type
class Row:
    a: int
    b: int
    c: int
    cells: list[Cell]


@strawberry.type
class ComputedCell:
    @strawberry.field
    def value(self: data.HiddenCell) -> str:
        return data.cell_text(self.j)


@strawberry.type
class ComputedRow:
    a: int
    cells: list[ComputedCell]


@strawberry.type
class AsyncCell:
    @strawberry.field
    async def value(self: data.HiddenCell) -> str:
        await asyncio.sleep(0)
        return data.cell_text(self.j)


@strawberry.type
class AsyncRow:
    a: int
    cells: list[AsyncCell]


@strawberry.type
class User:
    id: strawberry.ID
    name: str
    email: str

    @strawberry.field
    def friends(self: data.User, info: strawberry.Info, first: int) -> list["User"]:
        return info.root_value.user_table.friends(self, first)  # type: ignore[no-any-return]


@strawberry.input
class ItemFilter:
    min: int
    tags: list[str]


@strawberry.input
class Factor:
    amount: int


@strawberry.type
class Item:
    id: strawberry.ID
    value: int
    tags: list[str]

    @strawberry.field
    def scaled(self: data.Item, factor: Factor) -> int:
        return self.value * factor.amount


@strawberry.type
class Query:
    @strawberry.field
    def rows(self: data.Store) -> list[Row]:
        return self.row_list  # type: ignore[return-value]

    @strawberry.field
    def computed_rows(self: data.Store) -> list[ComputedRow]:
        return self.computed_row_list  # type: ignore[return-value]

    @strawberry.field
    def async_rows(self: data.Store) -> list[AsyncRow]:
        return self.computed_row_list  # type: ignore[return-value]

    @strawberry.field
    def user(self: data.Store, id: strawberry.ID) -> User | None:
        return self.user_table.get(id)  # type: ignore[return-value]

    @strawberry.field
    def items(self: data.Store, filter: ItemFilter, first: int) -> list[Item]:
        return data.filter_items(self.item_list, filter.min, filter.tags, first)  # type: ignore[return-value]


def to_response(result: ExecutionResult) -> dict[str, Any]:
    response: dict[str, Any] = {"data": result.data}
    if result.errors:
        response["errors"] = [error.formatted for error in result.errors]
    return response


def prepare(key: str, size: int) -> Prepared:
    if key == "W7":
        from bench.adapters.strawberry_loading import prepare_strawberry

        return prepare_strawberry(size)
    if key == "W6":
        scalars = {"ID": strawberry.ID, "String": str, "Int": int, "Float": float, "Boolean": bool}
        query = make_classes(scalars, strawberry.type, strawberry.field)
        return repeated_builds(lambda: strawberry.Schema(query=query), size, introspect)
    schema = strawberry.Schema(query=Query)

    def execute(
        query: str, variables: dict[str, Any] | None, store: data.Store
    ) -> Awaitable[ExecutionResult]:
        return schema.execute(query, variable_values=variables, root_value=store)

    return executions(key, size, execute, to_response)


async def introspect(schema: strawberry.Schema) -> dict[str, Any]:
    return to_response(await schema.execute(INTROSPECTION_QUERY))
