"""The parameters of a GraphQL request (``query``, ``variables``, ...), checked once for
HTTP and WebSocket alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple


class InvalidParams(ValueError):
    """A request whose parameters are not a well-formed GraphQL request."""


class GraphQLParams(NamedTuple):
    """Immutable; a named tuple because every HTTP request makes one (a frozen dataclass's
    ``__init__`` costs several times as much)."""

    query: str
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None


def parse_params(data: Mapping[str, Any]) -> GraphQLParams:
    """``{query, variables, operationName, extensions}`` as the GraphQL-over-HTTP spec
    shapes them; raise :class:`InvalidParams` naming the first bad one."""
    query = data.get("query")
    if query is None:
        raise InvalidParams('The "query" parameter is required.')
    if not isinstance(query, str):
        raise InvalidParams('The "query" parameter must be a string.')
    operation_name = data.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise InvalidParams('The "operationName" parameter must be a string or null.')
    return GraphQLParams(
        query=query,
        variables=_object_or_none(data, "variables"),
        operation_name=operation_name,
        extensions=_object_or_none(data, "extensions"),
    )


def _object_or_none(data: Mapping[str, Any], key: str) -> dict[str, Any] | None:
    value = data.get(key)
    if value is None or isinstance(value, dict):
        return value
    raise InvalidParams(f'The "{key}" parameter must be a JSON object or null.')
