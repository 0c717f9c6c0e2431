"""GraphQL over HTTP (the graphql-over-http spec): GET and POST, content negotiation,
request errors as 4xx, and the GraphiQL page; the optional transports (uploads,
persisted documents, batches, SSE) branch off here only when they are turned on."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

from grommet.asgi._asgi import Message, Receive, Scope, Send
from grommet.asgi.graphiql import render_graphiql
from grommet.asgi.negotiation import (
    GRAPHQL_RESPONSE_JSON,
    HTML,
    JSON,
    MULTIPART,
    content_type,
    negotiate,
    prefers_html,
    wants_event_stream,
)
from grommet.asgi.params import GraphQLParams, InvalidParams, parse_params
from grommet.asgi.request import Request
from grommet.asgi.responses import (
    INTERNAL_ERROR,
    ClientDisconnected,
    HTTPError,
    RequestError,
    respond,
    respond_json,
)
from grommet.asgi.settings import Settings, maybe_await
from grommet.asgi.uploads import read_multipart
from grommet.asgi.websocket import GRAPHQL_TRANSPORT_WS
from grommet.asgi.wire import DECLINED, InvalidJSON, decode_json, decode_json_bytes

logger = logging.getLogger("grommet.asgi")

SUBSCRIPTION_OVER_HTTP = (
    "Subscriptions are served over WebSocket (the graphql-transport-ws protocol), not over HTTP."
)

Answer = tuple[int, Any, list[tuple[bytes, bytes]]]


class RequestHead:
    """The few request headers the HTTP path reads itself, found in one pass over the raw
    ASGI pairs (the :class:`Request` a context getter sees decodes them all, lazily)."""

    __slots__ = ("accept", "content_length", "content_type")

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        accept: str | None = None
        content_type_header = ""
        content_length = ""
        for name, value in raw:
            name = name.lower()
            if name == b"accept":
                text = value.decode("latin-1")
                accept = text if accept is None else f"{accept}, {text}"
            elif name == b"content-type":
                text = value.decode("latin-1")
                content_type_header = (
                    text if not content_type_header else f"{content_type_header}, {text}"
                )
            elif name == b"content-length":
                text = value.decode("latin-1")
                content_length = text if not content_length else f"{content_length}, {text}"
        self.accept = accept
        self.content_type = content_type_header
        self.content_length = content_length


@lru_cache(maxsize=256)
def accept_choices(accept: str | None) -> tuple[bool, bool, str | None]:
    """(a browser asking for HTML, an SSE client, the JSON media type to answer with) for
    one Accept value; clients send few distinct values, so each is parsed once."""
    return prefers_html(accept), wants_event_stream(accept), negotiate(accept)


def choices(accept: str | None) -> tuple[bool, bool, str | None]:
    """:func:`accept_choices`, not cached for a long value (not worth a cache slot)."""
    if accept is not None and len(accept) > 512:
        return prefers_html(accept), wants_event_stream(accept), negotiate(accept)
    return accept_choices(accept)


@lru_cache(maxsize=64)
def parsed_content_type(header: str) -> tuple[str, str | None]:
    return content_type(header)


def post_classifier(sse: bool) -> Callable[[str | None, str], str | None]:
    """What :class:`~grommet._core.HttpPost` asks once per distinct pair of headers: the
    media type to answer a POST with, or ``None`` when the Python path must answer it
    (nothing acceptable: 406; an SSE client; a body that is not UTF-8 JSON)."""

    def classify(accept: str | None, content_type_header: str) -> str | None:
        _, event_stream, media_type = choices(accept)
        if event_stream and sse:
            return None
        media, charset = parsed_content_type(content_type_header)
        if media != JSON or charset not in (None, "utf-8", "utf8"):
            return None
        return media_type

    return classify


async def serve_http(settings: Settings, scope: Scope, receive: Receive, send: Send) -> None:
    """Answer one HTTP request."""
    head = RequestHead(scope.get("headers", ()))
    html, event_stream, media_type = choices(head.accept)
    request = Request.from_scope(scope)
    if html and request.method == "GET" and settings.graphiql:
        # The page's WebSocket client speaks graphql-transport-ws only.
        subscriptions = GRAPHQL_TRANSPORT_WS in settings.subscription_protocols
        page = render_graphiql(subscriptions=subscriptions)
        await respond(send, 200, page.encode("utf-8"), f"{HTML}; charset=utf-8")
        return
    if event_stream and settings.sse:
        from grommet.asgi.sse import serve_sse  # it builds on this module

        await serve_sse(settings, request, receive, send)
        return
    try:
        status, payload, headers = await answer(settings, request, head, receive, media_type)
    except HTTPError as error:
        status, payload, headers = error.status, error.payload(), error.headers()
    except RequestError as error:
        status, payload, headers = request_error_status(media_type), error.payload(), []
    except ClientDisconnected:
        return
    except Exception:
        # A hook (the context getter, a store) or the engine failed: the server's fault.
        logger.exception("a GraphQL request failed")
        await respond_json(send, 500, INTERNAL_ERROR, media_type or JSON)
        return
    await send_answer(send, request, status, payload, media_type or JSON, headers)


async def send_answer(
    send: Send,
    request: Request,
    status: int,
    payload: Any,
    media_type: str,
    headers: list[tuple[bytes, bytes]],
) -> None:
    """Send the answer with what resolvers set on ``request.response``."""
    response = request._response
    if response is not None:  # a resolver or the context getter asked for it
        try:
            status, headers = response.applied(status, headers)
        except ValueError:
            logger.exception("a GraphQL response header could not be sent")
            status, payload, headers = 500, INTERNAL_ERROR, []
    await respond_json(send, status, payload, media_type, headers)


async def finish_post(left: tuple[Any, ...], receive: Receive, send: Send) -> Receive | None:
    """Finish what :meth:`~grommet._core.HttpPost.serve` left: ``None`` once answered, or
    the ``receive`` to answer the request the Python way with (its first message, already
    received, comes first)."""
    if left[0] == 0:
        return replay(left[1], receive)
    if left[0] == 1:
        _, error, media_type = left
        logger.error("a GraphQL request failed", exc_info=error)
        await respond_json(send, 500, INTERNAL_ERROR, media_type)
        return None
    _, request, outcome = left
    await send_post_answer(request, outcome, send)
    return None


async def send_post_answer(request: Request, outcome: tuple[Any, ...], send: Send) -> None:
    """Send what :class:`~grommet._core.HttpPost` answered: a response ready to go, or an
    execution to finish first (resolvers suspended, or its result needs the Python encoder's
    error handling)."""
    status, headers, body, media_type = outcome
    if status == 0:
        try:
            payload = (await headers).to_dict()
        except Exception:
            logger.exception("a GraphQL request failed")
            await respond_json(send, 500, INTERNAL_ERROR, media_type)
            return
        status = 200 if "data" in payload else request_error_status(media_type)
        await send_answer(send, request, status, payload, media_type, [])
        return
    response = request._response
    if response is not None:  # a resolver asked for it
        try:
            status, extra = response.applied(status, [])
        except ValueError:
            logger.exception("a GraphQL response header could not be sent")
            await respond_json(send, 500, INTERNAL_ERROR, media_type)
            return
        headers.extend(extra)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def replay(message: Message, receive: Receive) -> Receive:
    """``receive`` with ``message`` (already received) first."""
    pending = [message]

    async def replayed() -> Message:
        if pending:
            return pending.pop()
        return await receive()

    return replayed


def request_error_status(media_type: str | None) -> int:
    """application/json answers every well-formed request with 200; the newer media type
    marks a request that never executed (no `data` entry) as the client's error."""
    return 400 if media_type == GRAPHQL_RESPONSE_JSON else 200


async def answer(
    settings: Settings,
    request: Request,
    head: RequestHead,
    receive: Receive,
    media_type: str | None,
) -> Answer:
    """Read, check and execute the request: (status, JSON payload, extra headers)."""
    method = request.method
    if method != "POST" and (method != "GET" or not settings.allow_get):
        allowed = "GET, POST" if settings.allow_get else "POST"
        raise HTTPError(
            405, f"Method {request.method} is not allowed; use {allowed}.", allow=allowed
        )
    if media_type is None:
        raise HTTPError(406, f'Accept "{GRAPHQL_RESPONSE_JSON}" or "{JSON}" responses.')
    if settings.csrf_get and method == "GET":
        check_csrf(settings.csrf_headers, request)
    if method == "GET":
        return await execute_data(settings, request, get_data(request), media_type)
    media, charset = parsed_content_type(head.content_type)
    if media == JSON and charset in (None, "utf-8", "utf8"):
        data = decode_body(await read_body(head.content_length, receive, settings.max_body_bytes))
        return await execute_data(settings, request, data, media_type)
    if media == MULTIPART and settings.uploads is not None:
        check_csrf(settings.csrf_headers, request)
        async with read_multipart(settings.uploads, request, receive) as data:
            return await execute_data(settings, request, data, media_type)
    raise HTTPError(415, f'Send the request body as "{JSON}" (UTF-8).')


async def execute_data(settings: Settings, request: Request, data: Any, media_type: str) -> Answer:
    """Execute the decoded body (an operation, or a batch of them)."""
    if isinstance(data, list):
        if settings.max_batch_size is None:
            raise HTTPError(
                400, "Batched requests are not supported; send one operation per request."
            )
        from grommet.asgi.batching import execute_batch  # it builds on this module

        return 200, await execute_batch(settings, request, data, media_type), []
    if not isinstance(data, dict):
        raise HTTPError(400, "The request body must be a JSON object.")
    if settings.persisted is None:  # the default: one coroutine less
        payload = await execute_params(settings, request, params_of(data), None)
    else:
        payload = await execute_operation(settings, request, data, None)
    if "data" not in payload:
        return request_error_status(media_type), payload, []
    headers: list[tuple[bytes, bytes]] = []
    if (
        settings.get_cache_control is not None
        and request.method == "GET"
        and not payload.get("errors")
    ):
        headers.append((b"cache-control", settings.get_cache_control.encode("latin-1")))
    return 200, payload, headers


async def execute_operation(
    settings: Settings, request: Request, data: dict[str, Any], context: Any
) -> dict[str, Any]:
    """The response of one operation of the request body, its document looked up first
    and remembered after when persisted queries are on."""
    if settings.persisted is None:
        return await execute_params(settings, request, params_of(data), context)
    params, register = await settings.persisted.resolve(data)
    payload = await execute_params(settings, request, params, context)
    if register is not None and "data" in payload:
        await settings.persisted.register(register, params.query)
    return payload


def params_of(data: dict[str, Any]) -> GraphQLParams:
    """The request's parameters; 400 when they are malformed."""
    try:
        return parse_params(data)
    except InvalidParams as error:
        extensions = data.get("extensions")
        if (
            data.get("query") is None
            and isinstance(extensions, dict)
            and isinstance(extensions.get("persistedQuery"), dict)
        ):
            # Apollo clients fall back to sending the full query on this answer.
            raise RequestError(
                "PersistedQueryNotSupported", "PERSISTED_QUERY_NOT_SUPPORTED"
            ) from None
        raise HTTPError(400, str(error)) from None


async def execute_params(
    settings: Settings, request: Request, params: GraphQLParams, context: Any
) -> dict[str, Any]:
    """The response of one operation; ``context`` is computed here when ``None``."""
    schema = settings.schema
    kind = schema.operation_type(params.query, params.operation_name)
    if kind == "subscription":
        raise HTTPError(400, SUBSCRIPTION_OVER_HTTP)
    if request.method == "GET" and kind == "mutation":
        raise HTTPError(405, "Mutations are only accepted over POST.", allow="POST")
    if context is None:
        getter = settings.context_getter  # no coroutine for the default context, the request
        context = request if getter is None else await maybe_await(getter(request))
    result = await schema.execute(
        params.query,
        params.variables,
        context=context,
        root=settings.root_value,
        operation_name=params.operation_name,
    )
    return result.to_dict()


def check_csrf(names: tuple[str, ...], request: Request) -> None:
    """A request a browser could send cross-site without a preflight must carry a header
    only scripts can set (Apollo's ``csrfPrevention`` rule)."""
    headers = request.headers
    if not any(name in headers for name in names):
        wanted = " or ".join(f'"{name}"' for name in names)
        raise HTTPError(
            400,
            f"This request may be a cross-site request forgery; send it with a {wanted} header.",
        )


def get_data(request: Request) -> dict[str, Any]:
    """The parameters of a GET request, from its query string (UTF-8, strictly)."""
    query_params = request.query_params
    raw: bytes = request.scope.get("query_string", b"")
    # `query_params` replaced bad UTF-8 with U+FFFD; only then is a strict re-parse needed.
    if not raw.isascii() or any("\ufffd" in value for value in query_params.values()):
        try:
            text = raw.decode("utf-8")
            query_params = dict(parse_qsl(text, keep_blank_values=True, errors="strict"))
        except UnicodeDecodeError:
            raise HTTPError(400, "The query string is not valid UTF-8.") from None
    data: dict[str, Any] = {
        "query": query_params.get("query"),
        "operationName": query_params.get("operationName") or None,
    }
    if "documentId" in query_params:  # a trusted document, by id
        data["documentId"] = query_params["documentId"]
    for key in ("variables", "extensions"):
        raw_value = query_params.get(key)
        if raw_value:
            try:
                data[key] = decode_json(raw_value)
            except InvalidJSON:
                raise HTTPError(400, f'The "{key}" parameter is not valid JSON.') from None
    return data


def decode_body(body: bytes) -> Any:
    """The JSON value of a POST body; 400 when it is empty or not strict UTF-8 JSON."""
    value = decode_json_bytes(body)
    if value is not DECLINED:
        return value
    if not body.strip():
        raise HTTPError(400, "The request body is empty; send a JSON object with a query.")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPError(400, "The request body is not valid UTF-8.") from None
    try:
        return decode_json(text)
    except InvalidJSON as error:
        raise HTTPError(400, f"The request body is not valid JSON: {error}.") from None


async def read_body(declared: str, receive: Receive, limit: int | None) -> bytes:
    """The whole body, refused with 413 as soon as it passes ``limit`` (``declared`` is the
    Content-Length header, empty when absent)."""
    if limit is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPError(413, f"The request body is larger than {limit} bytes.")
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnected
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if limit is not None and size > limit:
            raise HTTPError(413, f"The request body is larger than {limit} bytes.")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)
