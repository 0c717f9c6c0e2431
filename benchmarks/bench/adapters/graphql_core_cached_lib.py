"""graphql-core with a cache of parsed and validated documents (W4's per-request baseline).

What a tuned graphql-core service does: parse and validate a query text once, then only
``execute`` the cached document with each request's variables.
"""

from __future__ import annotations

from inspect import isawaitable
from typing import Any

import graphql

from bench import data
from bench.adapters.common import Prepared, sequential_executions
from bench.adapters.graphql_core_lib import build_schema, to_response
from bench.workloads import WORKLOADS


class DocumentCache:
    def __init__(self, schema: graphql.GraphQLSchema) -> None:
        self.schema = schema
        self.documents: dict[str, graphql.DocumentNode] = {}

    def document(self, source: str) -> graphql.DocumentNode:
        document = self.documents.get(source)
        if document is None:
            document = graphql.parse(source)
            errors = graphql.validate(self.schema, document)
            if errors:
                raise graphql.GraphQLError(f"invalid document: {errors}")
            self.documents[source] = document
        return document


def prepare(key: str, size: int) -> Prepared:
    workload = WORKLOADS[key]
    schema = build_schema()
    cache = DocumentCache(schema)
    store = data.build_store(key, size)
    variables = [{"id": user_id} for user_id in data.user_ids(size)]

    async def execute_one(values: dict[str, Any]) -> graphql.ExecutionResult:
        result = graphql.execute(
            schema, cache.document(workload.query), root_value=store, variable_values=values
        )
        if isawaitable(result):
            return await result
        return result

    return sequential_executions(execute_one, variables, to_response)
