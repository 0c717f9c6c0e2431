"""W1-W5 and W6's check for any ``grommet.Schema``: both grommet entry points run alike."""

from __future__ import annotations

from typing import Any

import grommet
from bench import data
from bench.adapters.common import Prepared, one_execution, sequential_executions
from bench.wide import INTROSPECTION_QUERY
from bench.workloads import WORKLOADS


def prepare_execution(schema: grommet.Schema, key: str, size: int) -> Prepared:
    workload = WORKLOADS[key]
    store = data.build_store(key, size)
    if workload.per_request:
        variables = [{"id": user_id} for user_id in data.user_ids(size)]

        async def execute_one(values: dict[str, Any]) -> grommet.ExecutionResult:
            return await schema.execute(workload.query, values, root=store)

        return sequential_executions(execute_one, variables, to_response)

    async def execute() -> grommet.ExecutionResult:
        return await schema.execute(workload.query, root=store)

    return one_execution(execute, to_response)


def to_response(result: grommet.ExecutionResult) -> dict[str, Any]:
    return result.to_dict()


async def introspect(schema: grommet.Schema) -> dict[str, Any]:
    return (await schema.execute(INTROSPECTION_QUERY)).to_dict()
