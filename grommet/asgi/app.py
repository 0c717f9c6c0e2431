"""``grommet.asgi.GraphQL``: an ASGI 3 application serving a schema."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from os import PathLike
from typing import Any

from grommet._core import HttpPost
from grommet.asgi._asgi import Receive, Scope, Send
from grommet.asgi.http import finish_post, post_classifier, serve_http
from grommet.asgi.legacy_ws import GRAPHQL_WS
from grommet.asgi.persisted import DocumentStore, PersistedDocuments
from grommet.asgi.request import Request
from grommet.asgi.settings import ConnectHook, ContextGetter, Settings
from grommet.asgi.uploads import UploadLimits
from grommet.asgi.websocket import GRAPHQL_TRANSPORT_WS, serve_websocket
from grommet.schema import Schema

SUBSCRIPTION_PROTOCOLS = (GRAPHQL_TRANSPORT_WS,)
CSRF_HEADERS = ("x-apollo-operation-name", "apollo-require-preflight")
MIB = 1024 * 1024


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
    - ``max_socket_operations``: operations one socket may run at once (100; ``None``: no
      limit); one more is answered with an ``error`` message for its id.

    Optional transports, each off by default (see the README for each):

    - ``legacy_ws``: also speak the legacy ``graphql-ws`` protocol (subscriptions-transport-ws)
      to sockets that ask for it.
    - ``multipart_uploads``: file uploads (the GraphQL multipart request spec), limited by
      ``max_file_bytes``, ``max_files``; files past ``upload_spool_bytes`` go to a temporary
      file in ``upload_dir``.
    - ``persisted_queries``: Apollo's automatic persisted queries (``True``: a bounded
      in-memory store; or a :class:`~grommet.asgi.DocumentStore`).
    - ``trusted_documents``: only the documents of this manifest (id → document) run.
    - ``batching``: a JSON array of up to ``max_batch_size`` operations per request.
    - ``sse``: operations and subscriptions over Server-Sent Events.
    - ``csrf_prevention``: GET requests must carry one of ``csrf_headers`` (multipart
      requests always must).
    - ``get_cache_control``: the ``Cache-Control`` header of successful GET responses.
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
        max_socket_operations: int | None = 100,
        legacy_ws: bool = False,
        multipart_uploads: bool = False,
        max_file_bytes: int = 10 * MIB,
        max_files: int = 10,
        upload_spool_bytes: int = MIB,
        upload_dir: str | None = None,
        persisted_queries: bool | DocumentStore = False,
        trusted_documents: str | PathLike[str] | Mapping[str, Any] | None = None,
        batching: bool = False,
        max_batch_size: int = 10,
        sse: bool = False,
        csrf_prevention: bool = False,
        csrf_headers: Sequence[str] = CSRF_HEADERS,
        get_cache_control: str | None = None,
    ) -> None:
        unknown = set(subscription_protocols) - set(SUBSCRIPTION_PROTOCOLS)
        if unknown:
            hint = (
                "; turn on the legacy protocol with legacy_ws=True" if GRAPHQL_WS in unknown else ""
            )
            raise ValueError(
                f"unsupported subscription protocols {sorted(unknown)}; "
                f"supported: {list(SUBSCRIPTION_PROTOCOLS)}{hint}"
            )
        if max_body_bytes is not None and max_body_bytes <= 0:
            raise ValueError("max_body_bytes must be positive (or None for no limit)")
        if keep_alive is not None and keep_alive <= 0:
            raise ValueError("keep_alive must be a positive number of seconds (or None)")
        if connection_init_timeout <= 0:
            raise ValueError("connection_init_timeout must be a positive number of seconds")
        if max_socket_operations is not None and max_socket_operations <= 0:
            raise ValueError("max_socket_operations must be positive (or None for no limit)")
        for name, value in [
            ("max_file_bytes", max_file_bytes),
            ("max_files", max_files),
            ("max_batch_size", max_batch_size),
        ]:
            if value <= 0:
                raise ValueError(f"{name} must be positive")
        if upload_spool_bytes < 0:
            raise ValueError("upload_spool_bytes must not be negative")
        if not csrf_headers:
            raise ValueError("csrf_headers must name at least one header")
        uploads = None
        if multipart_uploads:
            uploads = UploadLimits(
                max_file_bytes=max_file_bytes,
                max_files=max_files,
                max_part_bytes=max_body_bytes,
                spool_bytes=upload_spool_bytes,
                directory=upload_dir,
            )
        persisted = None
        if persisted_queries is not False or trusted_documents is not None:
            persisted = PersistedDocuments.create(persisted_queries, trusted_documents)
        fast_post = None
        # Operation hooks (schema extensions) wrap every execution in Python, and a subclass
        # may override how the schema executes: then every request takes the Python path.
        plain = (
            not schema._hooks
            and type(schema).execute is Schema.execute
            and type(schema).operation_type is Schema.operation_type
        )
        if context_getter is None and persisted is None and not batching and plain:
            fast_post = HttpPost(
                schema._core,
                root=root_value,
                max_body=max_body_bytes,
                classify=post_classifier(sse),
                request_of=Request.from_scope,
            )
        self._settings = Settings(
            schema=schema,
            graphiql=graphiql,
            context_getter=context_getter,
            root_value=root_value,
            allow_get=allow_get,
            max_body_bytes=max_body_bytes,
            subscription_protocols=(
                *subscription_protocols,
                *((GRAPHQL_WS,) if legacy_ws else ()),
            ),
            keep_alive=keep_alive,
            connection_init_timeout=connection_init_timeout,
            on_connect=on_connect,
            max_socket_operations=max_socket_operations,
            uploads=uploads,
            persisted=persisted,
            max_batch_size=max_batch_size if batching else None,
            sse=sse,
            csrf_get=csrf_prevention,
            csrf_headers=tuple(name.lower() for name in csrf_headers),
            get_cache_control=get_cache_control,
            fast_post=fast_post,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            settings = self._settings
            post = settings.fast_post
            if post is not None:
                # The common JSON POST: the whole exchange runs in the engine.
                serving = post.serve(scope, receive, send)
                if serving is not None:
                    left = await serving
                    if left is None:
                        return
                    answer_with = await finish_post(left, receive, send)
                    if answer_with is None:
                        return
                    receive = answer_with
            await serve_http(settings, scope, receive, send)
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
