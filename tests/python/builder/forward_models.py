"""Types whose every annotation is a string (PEP 563), for test_forward_refs."""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator

import grommet


@grommet.type
class Query:
    @grommet.field
    def tree(self, info: grommet.Info, depth: int = 1) -> Tree:
        raise NotImplementedError


@grommet.type
class Tree:
    label: str
    children: list[Tree]
    parent: Tree | None = None
    leaf: Leaf | None = None


@grommet.type
class Leaf:
    color: Color


@grommet.enum
class Color(enum.Enum):
    GREEN = 1
    BROWN = 2


@grommet.type
class Subscription:
    @grommet.subscription
    async def growth(self, every: float = 1.0) -> AsyncIterator[Tree]:
        yield Tree("seed", [])
