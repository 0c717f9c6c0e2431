"""`Schema.operation_type`: how the app tells a GET mutation or a WebSocket subscription before
executing, from the engine's own (cached) parse of the document."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

import grommet


@grommet.type
class Query:
    @grommet.field
    def a(self, x: int | None = None) -> int:
        return 1


@grommet.type
class Mutation:
    @grommet.field
    def bump(self) -> int:
        return 1


@grommet.type
class Subscription:
    @grommet.subscription
    async def count(self) -> AsyncIterator[int]:
        yield 1


SCHEMA = grommet.Schema(query=Query, mutation=Mutation, subscription=Subscription)

TRICKY = """
# mutation M { this is a comment }
query Q($x: Int = 1) { a(x: $x) @skip(if: false) s: a(x: 2) }
mutation M { bump }
fragment F on Subscription { count }
subscription S { ...F }
"""


@pytest.mark.parametrize(
    ("source", "operation_name", "expected"),
    [
        ("{ a }", None, "query"),
        ("query { a }", None, "query"),
        ("mutation { bump }", None, "mutation"),
        ("subscription { count }", None, "subscription"),
        ("\ufeff mutation\n\tM,{ bump }", "M", "mutation"),
        (TRICKY, "Q", "query"),
        (TRICKY, "M", "mutation"),
        (TRICKY, "S", "subscription"),
        (TRICKY, "X", None),  # no such operation
        (TRICKY, None, None),  # ambiguous: execution reports it
        ("", None, None),
        ("{ nope }", None, None),  # invalid: execution reports it
        ('mutation { bump(s: "' + "x" * 50_000, None, None),
    ],
)
def test_operation_type(source: str, operation_name: str | None, expected: str | None) -> None:
    assert SCHEMA.operation_type(source, operation_name) == expected
