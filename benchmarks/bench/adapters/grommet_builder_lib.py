"""grommet, code-first: ``@grommet.type`` dataclasses built with ``grommet.Schema``."""

from __future__ import annotations

import asyncio

import grommet
from bench import data
from bench.adapters.common import Prepared, repeated_builds
from bench.adapters.grommet_common import introspect, prepare_execution
from bench.adapters.wide_classes import make_classes

# `self` of a resolver is the parent object: the shared data objects, or the root Store.


@grommet.type
class Cell:
    value: str


@grommet.type
class Row:
    a: int
    b: int
    c: int
    cells: list[Cell]


@grommet.type
class ComputedCell:
    @grommet.field
    def value(self: data.HiddenCell) -> str:
        return data.cell_text(self.j)


@grommet.type
class ComputedRow:
    a: int
    cells: list[ComputedCell]


@grommet.type
class AsyncCell:
    @grommet.field
    async def value(self: data.HiddenCell) -> str:
        await asyncio.sleep(0)
        return data.cell_text(self.j)


@grommet.type
class AsyncRow:
    a: int
    cells: list[AsyncCell]


@grommet.type
class User:
    id: grommet.ID
    name: str
    email: str

    @grommet.field
    def friends(self: data.User, info: grommet.Info, first: int) -> list[User]:
        return info.root.user_table.friends(self, first)  # type: ignore[no-any-return]


@grommet.input
class ItemFilter:
    min: int
    tags: list[str]


@grommet.input
class Factor:
    amount: int


@grommet.type
class Item:
    id: grommet.ID
    value: int
    tags: list[str]

    @grommet.field
    def scaled(self: data.Item, factor: Factor) -> int:
        return self.value * factor.amount


@grommet.type
class Query:
    @grommet.field
    def rows(self: data.Store) -> list[Row]:
        return self.row_list  # type: ignore[return-value]

    @grommet.field
    def computed_rows(self: data.Store) -> list[ComputedRow]:
        return self.computed_row_list  # type: ignore[return-value]

    @grommet.field
    def async_rows(self: data.Store) -> list[AsyncRow]:
        return self.computed_row_list  # type: ignore[return-value]

    @grommet.field
    def user(self: data.Store, id: grommet.ID) -> User | None:
        return self.user_table.get(id)  # type: ignore[return-value]

    @grommet.field
    def items(self: data.Store, filter: ItemFilter, first: int) -> list[Item]:
        return data.filter_items(self.item_list, filter.min, filter.tags, first)  # type: ignore[return-value]


def prepare(key: str, size: int) -> Prepared:
    if key != "W6":
        return prepare_execution(grommet.Schema(query=Query), key, size)
    scalars = {"ID": grommet.ID, "String": str, "Int": int, "Float": float, "Boolean": bool}
    query = make_classes(scalars, grommet.type, grommet.field)

    def build() -> grommet.Schema:
        return grommet.Schema(query=query)

    return repeated_builds(build, size, introspect)
