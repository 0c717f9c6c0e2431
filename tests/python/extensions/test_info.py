"""`Info.operation_type` and `Info.return_type`, which hooks and resolvers read."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grommet

SEEN: list[tuple[str, str, str]] = []


def seen(info: grommet.Info) -> None:
    SEEN.append((info.field_name, info.operation_type, info.return_type))


@grommet.type
class Query:
    @grommet.field
    def names(self, info: grommet.Info) -> list[str]:
        seen(info)
        return ["a"]

    @grommet.field
    def maybe(self, info: grommet.Info) -> int | None:
        seen(info)
        return None


@grommet.type
class Mutation:
    @grommet.field
    def bump(self, info: grommet.Info) -> list[int | None] | None:
        seen(info)
        return [1]


@grommet.type
class Subscription:
    @grommet.subscription
    async def ticks(self, info: grommet.Info) -> AsyncIterator[str]:
        seen(info)
        yield "t"


SCHEMA = grommet.Schema(Query, Mutation, Subscription)


async def test_resolvers_see_the_operation_type_and_their_return_type() -> None:
    SEEN.clear()
    SCHEMA.execute_sync("{ names maybe }")
    SCHEMA.execute_sync("mutation { bump }")
    events: list[Any] = [r.data async for r in SCHEMA.subscribe("subscription { ticks }")]
    assert events == [{"ticks": "t"}]
    assert SEEN == [
        ("names", "query", "[String!]!"),
        ("maybe", "query", "Int"),
        ("bump", "mutation", "[Int]"),
        ("ticks", "subscription", "String!"),
    ]
