"""``grommet.asgi.GraphQL``: an ASGI 3 application serving a schema."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from grommet.asgi._asgi import Receive, Scope, Send
from grommet.asgi.http import serve_http
from grommet.asgi.settings import ConnectHook, ContextGetter, Settings
from grommet.asgi.websocket import GRAPHQL_TRANSPORT_WS, serve_websocket
from grommet.schema import Schema

SUBSCRIPTION_PROTOCOLS = (GRAPHQL_TRANSPORT_WS,)


class GraphQL:
    """Serve ``schema`` over HTTP (GraphQL over HTTP, GraphiQL) and WebSocket
    (graphql-transport-ws) to any ASGI 3 server.

    - ``graphiql``: a GET from a browser (``Accept: text/html``) gets the GraphiQL page.
    - ``context_getter(request)``: the ``info.context`` of each operation, from a
      :class:`~grommet.asgi.Request`; sync or async. Without it the context is the request.
      Over a WebSocket it runs once per connection, after ``connection_init``.
    - ``root_value``: the root object of every operation.
    - ``allow_get``: accept queries (never mutations) as GET requests.
    - ``max_body_bytes``: larger POST bodies get 413 (``None``: no limit).
    - ``subscription_protocols``: WebSocket protocols to speak; ``()`` refuses WebSockets.
    - ``keep_alive``: seconds between server pings on a WebSocket (``None``: none).
    - ``connection_init_timeout``: seconds a socket may wait before ``connection_init``.
    - ``on_connect(request)``: checks ``request.connection_params``; returning ``False``
      closes the socket with 4403, a mapping becomes the ``connection_ack`` payload.
    """

    __slots__ = ("_settings",)

    _settings: Settings

    def __init__(
        self,
        schema: Schema,
        *,
        graphiql: bool = True,
        context_getter: ContextGetter | None = None,
        root_value: Any = None,
        allow_get: bool = True,
        max_body_bytes: int | None = 1024 * 1024,
        subscription_protocols: Sequence[str] = SUBSCRIPTION_PROTOCOLS,
        keep_alive: float | None = None,
        connection_init_timeout: float = 10.0,
        on_connect: ConnectHook | None = None,
    ) -> None:
        unknown = set(subscription_protocols) - set(SUBSCRIPTION_PROTOCOLS)
        if unknown:
            raise ValueError(
                f"unsupported subscription protocols {sorted(unknown)}; "
                f"supported: {list(SUBSCRIPTION_PROTOCOLS)}"
            )
        if max_body_bytes is not None and max_body_bytes <= 0:
            raise ValueError("max_body_bytes must be positive (or None for no limit)")
        if keep_alive is not None and keep_alive <= 0:
            raise ValueError("keep_alive must be a positive number of seconds (or None)")
        if connection_init_timeout <= 0:
            raise ValueError("connection_init_timeout must be a positive number of seconds")
        self._settings = Settings(
            schema=schema,
            graphiql=graphiql,
            context_getter=context_getter,
            root_value=root_value,
            allow_get=allow_get,
            max_body_bytes=max_body_bytes,
            subscription_protocols=tuple(subscription_protocols),
            keep_alive=keep_alive,
            connection_init_timeout=connection_init_timeout,
            on_connect=on_connect,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await serve_http(self._settings, scope, receive, send)
        elif kind == "websocket":
            await serve_websocket(self._settings, scope, receive, send)
        elif kind == "lifespan":
            await serve_lifespan(receive, send)
        else:
            raise ValueError(f"grommet.asgi.GraphQL cannot serve an ASGI {kind!r} scope")


async def serve_lifespan(receive: Receive, send: Send) -> None:
    """Acknowledge startup and shutdown; the app holds nothing to open or close."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
