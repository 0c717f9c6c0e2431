"""grommet, SDL-first: resolvers written against the protocols grommet-codegen generated.

``benchmarks/generated`` and ``benchmarks/generated_wide`` come from
``grommet-codegen --config benchmarks/codegen.toml`` (and ``codegen_wide.toml``). The data are
the suite's shared objects rather than the generated dataclasses: grommet reads fields by
attribute, so any object with the right attributes serves.
"""

from __future__ import annotations

import asyncio
from typing import Any

import generated

import grommet
from bench import data
from bench.adapters.common import Prepared, repeated_builds
from bench.adapters.grommet_common import introspect, prepare_execution
from bench.wide import QUERY_FIELDS, TYPE_COUNT


class Query(generated.QueryResolvers):
    def rows(self, parent: data.Store, info: grommet.Info) -> list[data.Row]:
        return parent.row_list

    def computed_rows(self, parent: data.Store, info: grommet.Info) -> list[data.ComputedRow]:
        return parent.computed_row_list

    def async_rows(self, parent: data.Store, info: grommet.Info) -> list[data.ComputedRow]:
        return parent.computed_row_list

    def user(self, parent: data.Store, info: grommet.Info, *, id: str) -> data.User | None:
        return parent.user_table.get(id)

    def items(
        self, parent: data.Store, info: grommet.Info, *, filter: generated.ItemFilter, first: int
    ) -> list[data.Item]:
        return data.filter_items(parent.item_list, filter.min, filter.tags, first)


class ComputedCell(generated.ComputedCellResolvers):
    def value(self, parent: data.HiddenCell, info: grommet.Info) -> str:
        return data.cell_text(parent.j)


class AsyncCell(generated.AsyncCellResolvers):
    async def value(self, parent: data.HiddenCell, info: grommet.Info) -> str:
        await asyncio.sleep(0)
        return data.cell_text(parent.j)


class User(generated.UserResolvers):
    def friends(self, parent: data.User, info: grommet.Info, *, first: int) -> list[data.User]:
        return info.root.user_table.friends(parent, first)  # type: ignore[no-any-return]


class Item(generated.ItemResolvers):
    def scaled(self, parent: data.Item, info: grommet.Info, *, factor: generated.Factor) -> int:
        return parent.value * factor.amount


def build_schema() -> grommet.Schema:
    return generated.build_schema(
        query=Query(),
        computed_cell=ComputedCell(),
        async_cell=AsyncCell(),
        user=User(),
        item=Item(),
    )


def _no_node(self: object, parent: object, info: grommet.Info, *, id: str) -> None:
    return None


# W6's root resolvers node0..node7; the benchmark only builds the schema, so they find nothing.
WideQuery = type("WideQuery", (), {f"node{k}": _no_node for k in range(QUERY_FIELDS)})


class WideObject:
    """The resolvers of every ``T<i>``: each has ``children`` and some have ``labels``."""

    def labels(self, parent: Any, info: grommet.Info, *, upper: bool = False) -> list[str]:
        return []

    def children(
        self, parent: Any, info: grommet.Info, *, first: int = 10, offset: int = 0
    ) -> list[Any]:
        return []


def prepare(key: str, size: int) -> Prepared:
    if key != "W6":
        return prepare_execution(build_schema(), key, size)
    # Imported here, as the peers read the wide SDL only for W6: the other workloads'
    # processes do not hold W6's 200 generated classes.
    import generated_wide

    query = WideQuery()
    objects: dict[str, Any] = {f"t{i}": WideObject() for i in range(TYPE_COUNT)}

    def build() -> grommet.Schema:
        return generated_wide.build_schema(query=query, **objects)

    return repeated_builds(build, size, introspect)
