"""graphql-core with a cache of parsed and validated documents (W4's per-request baseline).

What a tuned graphql-core service does: parse and validate a query text once, then only
``execute`` the cached document with each request's variables.
"""

from __future__ import annotations

from inspect import isawaitable
from typing import Any

import graphql

from bench import data
from bench.adapters.common import Prepared, executions
from bench.adapters.graphql_core_lib import build_schema, to_response


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
    schema = build_schema()
    cache = DocumentCache(schema)

    async def execute(
        query: str, variables: dict[str, Any] | None, store: data.Store
    ) -> graphql.ExecutionResult:
        result = graphql.execute(
            schema, cache.document(query), root_value=store, variable_values=variables
        )
        if isawaitable(result):
            return await result
        return result

    return executions(key, size, execute, to_response)
