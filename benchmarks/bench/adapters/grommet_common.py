"""W1-W5 and W6's check for any ``grommet.Schema``: both grommet entry points run alike."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import grommet
from bench import data
from bench.adapters.common import Prepared, executions
from bench.wide import INTROSPECTION_QUERY


def prepare_execution(schema: grommet.Schema, key: str, size: int) -> Prepared:
    def execute(
        query: str, variables: dict[str, Any] | None, store: data.Store
    ) -> Awaitable[grommet.ExecutionResult]:
        return schema.execute(query, variables, root=store)

    return executions(key, size, execute, to_response)


def to_response(result: grommet.ExecutionResult) -> dict[str, Any]:
    return result.to_dict()


async def introspect(schema: grommet.Schema) -> dict[str, Any]:
    return (await schema.execute(INTROSPECTION_QUERY)).to_dict()
