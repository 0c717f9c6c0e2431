"""GraphQL over HTTP (the graphql-over-http spec): GET and POST, content negotiation,
request errors as 4xx, and the GraphiQL page."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from grommet.asgi._asgi import Receive, Scope, Send
from grommet.asgi.graphiql import render_graphiql
from grommet.asgi.params import GraphQLParams, InvalidParams, parse_params
from grommet.asgi.request import Request
from grommet.asgi.settings import Settings

logger = logging.getLogger("grommet.asgi")

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
HTML = "text/html"


SUBSCRIPTION_OVER_HTTP = (
    "Subscriptions are served over WebSocket (the graphql-transport-ws protocol), not over HTTP."
)


class HTTPError(Exception):
    """A request answered with an error status before (or instead of) execution."""

    def __init__(self, status: int, message: str, *, allow: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.allow = allow


class ClientDisconnected(Exception):
    """The client went away while its request body was being read."""


async def serve_http(settings: Settings, scope: Scope, receive: Receive, send: Send) -> None:
    """Answer one HTTP request."""
    request = Request.from_scope(scope)
    accept = request.headers.get("accept")
    if request.method == "GET" and settings.graphiql and prefers_html(accept):
        page = render_graphiql(subscriptions=bool(settings.subscription_protocols))
        await respond(send, 200, page.encode("utf-8"), f"{HTML}; charset=utf-8")
        return
    media_type = negotiate(accept)
    try:
        params = await read_params(settings, request, receive, media_type)
        kind = settings.schema.operation_type(params.query, params.operation_name)
        if kind == "subscription":
            raise HTTPError(400, SUBSCRIPTION_OVER_HTTP)
        if request.method == "GET" and kind == "mutation":
            raise HTTPError(405, "Mutations are only accepted over POST.", allow="POST")
        context = await settings.context_for(request)
        result = await settings.schema.execute(
            params.query,
            params.variables,
            context=context,
            root=settings.root_value,
            operation_name=params.operation_name,
        )
    except HTTPError as error:
        await respond_error(send, error, media_type or JSON)
        return
    except ClientDisconnected:
        return
    payload = result.to_dict()
    # application/json answers every well-formed request with 200; the newer media type
    # marks a request that never executed (no `data` entry) as the client's error.
    status = 400 if media_type == GRAPHQL_RESPONSE_JSON and "data" not in payload else 200
    await respond_json(send, status, payload, media_type or JSON)


async def read_params(
    settings: Settings, request: Request, receive: Receive, media_type: str | None
) -> GraphQLParams:
    """The request's GraphQL parameters, or an :class:`HTTPError` saying what is wrong."""
    allowed = "GET, POST" if settings.allow_get else "POST"
    if request.method not in allowed.split(", "):
        raise HTTPError(
            405, f"Method {request.method} is not allowed; use {allowed}.", allow=allowed
        )
    if media_type is None:
        raise HTTPError(406, f'Accept "{GRAPHQL_RESPONSE_JSON}" or "{JSON}" responses.')
    if request.method == "GET":
        data = _get_data(request.query_params)
    else:
        data = await _post_data(request, receive, settings.max_body_bytes)
    try:
        return parse_params(data)
    except InvalidParams as error:
        raise HTTPError(400, str(error)) from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _strict_json(text: str) -> Any:
    """JSON as RFC 8259 defines it: Python's extensions NaN, Infinity and -Infinity refused."""
    return json.loads(text, parse_constant=_reject_constant)


def _get_data(query_params: Mapping[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "query": query_params.get("query"),
        "operationName": query_params.get("operationName") or None,
    }
    for key in ("variables", "extensions"):
        raw = query_params.get(key)
        if raw:
            try:
                data[key] = _strict_json(raw)
            except ValueError:
                raise HTTPError(400, f'The "{key}" parameter is not valid JSON.') from None
    return data


async def _post_data(request: Request, receive: Receive, limit: int | None) -> dict[str, Any]:
    media, charset = _content_type(request.headers.get("content-type", ""))
    if media != JSON or charset not in (None, "utf-8", "utf8"):
        raise HTTPError(415, f'Send the request body as "{JSON}" (UTF-8).')
    declared = request.headers.get("content-length", "")
    if limit is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPError(413, f"The request body is larger than {limit} bytes.")
    body = await _read_body(receive, limit)
    if not body.strip():
        raise HTTPError(400, "The request body is empty; send a JSON object with a query.")
    try:
        data = _strict_json(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise HTTPError(400, "The request body is not valid UTF-8.") from None
    except ValueError as error:
        raise HTTPError(400, f"The request body is not valid JSON: {error}.") from None
    if isinstance(data, list):
        raise HTTPError(400, "Batched requests are not supported; send one operation per request.")
    if not isinstance(data, dict):
        raise HTTPError(400, "The request body must be a JSON object.")
    return data


async def _read_body(receive: Receive, limit: int | None) -> bytes:
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


def _content_type(header: str) -> tuple[str, str | None]:
    """(media type, charset) of a Content-Type header, lower-cased."""
    media, *params = header.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def negotiate(accept: str | None) -> str | None:
    """The JSON media type to answer with, or ``None`` when the client accepts neither.

    No Accept header means ``application/json``. With equal preference the
    graphql-response type wins only when the client names it; ``*/*`` gets plain JSON.
    """
    if accept is None or not accept.strip():
        return JSON
    ranges = _media_ranges(accept)
    response_q, response_exact = _quality(GRAPHQL_RESPONSE_JSON, ranges)
    json_q, _ = _quality(JSON, ranges)
    if response_q <= 0 and json_q <= 0:
        return None
    if response_q > json_q or (response_q == json_q and response_exact):
        return GRAPHQL_RESPONSE_JSON
    return JSON


def prefers_html(accept: str | None) -> bool:
    """Whether a GET names ``text/html`` at least as high as any JSON type (a browser)."""
    if not accept:
        return False
    ranges = _media_ranges(accept)
    html_q = max((q for kind, sub, q in ranges if (kind, sub) == ("text", "html")), default=0.0)
    json_q = max(_quality(GRAPHQL_RESPONSE_JSON, ranges)[0], _quality(JSON, ranges)[0])
    return html_q > 0 and html_q >= json_q


def _media_ranges(accept: str) -> list[tuple[str, str, float]]:
    ranges: list[tuple[str, str, float]] = []
    for item in accept.split(","):
        media, *params = item.split(";")
        kind, slash, subtype = media.strip().lower().partition("/")
        if not slash:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
        ranges.append((kind.strip(), subtype.strip(), q))
    return ranges


def _quality(media_type: str, ranges: Sequence[tuple[str, str, float]]) -> tuple[float, bool]:
    """(q of the most specific range matching ``media_type``, whether it names it exactly)."""
    kind, _, subtype = media_type.partition("/")
    best_q, best_rank = 0.0, -1
    for range_kind, range_subtype, q in ranges:
        if (range_kind, range_subtype) == (kind, subtype):
            rank = 2
        elif (range_kind, range_subtype) == (kind, "*"):
            rank = 1
        elif (range_kind, range_subtype) == ("*", "*"):
            rank = 0
        else:
            continue
        if rank > best_rank:
            best_q, best_rank = q, rank
    return best_q, best_rank == 2


async def respond_error(send: Send, error: HTTPError, media_type: str) -> None:
    headers = [] if error.allow is None else [(b"allow", error.allow.encode("latin-1"))]
    await respond_json(
        send, error.status, {"errors": [{"message": error.message}]}, media_type, headers
    )


async def respond_json(
    send: Send,
    status: int,
    payload: dict[str, Any],
    media_type: str,
    headers: Sequence[tuple[bytes, bytes]] = (),
) -> None:
    try:
        body = encode_json(payload)
    except (TypeError, ValueError):
        logger.exception("a GraphQL response could not be encoded as JSON")
        status, headers = 500, ()
        body = encode_json({"errors": [{"message": "Internal server error"}]})
    await respond(send, status, body, f"{media_type}; charset=utf-8", headers)


def encode_json(payload: Mapping[str, Any]) -> bytes:
    """Compact UTF-8 JSON; NaN and infinities are errors, not invalid JSON."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


async def respond(
    send: Send,
    status: int,
    body: bytes,
    content_type: str,
    headers: Sequence[tuple[bytes, bytes]] = (),
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type.encode("latin-1")),
                (b"content-length", str(len(body)).encode("latin-1")),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
