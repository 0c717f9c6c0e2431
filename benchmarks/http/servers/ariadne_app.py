"""The HTTP benchmark's schema on Ariadne, served by ariadne.asgi."""

from __future__ import annotations

from typing import Any

from ariadne import QueryType, make_executable_schema
from ariadne.asgi import GraphQL
from data import SDL, find_user, first_users

query = QueryType()


@query.field("user")
def resolve_user(_: Any, __: Any, id: str) -> Any:
    return find_user(id)


@query.field("users")
def resolve_users(_: Any, __: Any, first: int) -> Any:
    return first_users(first)


# GET queries are off by default in Ariadne; the benchmark has a GET workload.
app = GraphQL(make_executable_schema(SDL, query), debug=False, execute_get_queries=True)
