"""The options of a :class:`~grommet.asgi.GraphQL` app, shared by its HTTP and WebSocket
handlers."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from grommet.asgi.request import Request
from grommet.schema import Schema

if TYPE_CHECKING:
    from grommet.asgi.persisted import PersistedDocuments
    from grommet.asgi.uploads import UploadLimits

ContextGetter: TypeAlias = Callable[[Request], Any]
"""``context_getter(request)``: the context resolvers see; may return an awaitable."""

ConnectHook: TypeAlias = Callable[[Request], Any]
"""``on_connect(request)``: ``False`` rejects the connection, a mapping becomes the
``connection_ack`` payload, anything else accepts; may return an awaitable."""


@dataclass(frozen=True, slots=True)
class Settings:
    schema: Schema
    graphiql: bool
    context_getter: ContextGetter | None
    root_value: Any
    allow_get: bool
    max_body_bytes: int | None
    subscription_protocols: tuple[str, ...]
    keep_alive: float | None
    connection_init_timeout: float
    on_connect: ConnectHook | None
    # The optional transports: each is None / False when off, so the default path pays
    # one attribute test for it.
    uploads: UploadLimits | None = None
    persisted: PersistedDocuments | None = None
    max_batch_size: int | None = None
    sse: bool = False
    csrf_get: bool = False
    csrf_headers: tuple[str, ...] = ("x-apollo-operation-name", "apollo-require-preflight")
    get_cache_control: str | None = None
    max_socket_operations: int | None = 100
    # The engine's answerer of plain JSON POSTs (grommet._core.HttpPost), when nothing in
    # these settings adds to such a request; None sends every request the Python way.
    fast_post: Any = None

    async def context_for(self, request: Request) -> Any:
        """The context of an operation: the getter's answer, or the request itself."""
        if self.context_getter is None:
            return request
        return await maybe_await(self.context_getter(request))


async def maybe_await(value: Any) -> Any:
    """``value``, awaited when a hook returned an awaitable."""
    if inspect.isawaitable(value):
        return await value
    return value
