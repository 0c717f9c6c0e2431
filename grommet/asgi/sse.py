"""GraphQL over Server-Sent Events, "distinct connections" mode (graphql-sse's PROTOCOL.md):
a GET or POST with ``Accept: text/event-stream`` is answered with one ``next`` event per
result and a final ``complete`` event; the client stops a subscription by disconnecting.

Requests that cannot be read (method, media type, size, JSON) get the HTTP status a JSON
client would; a request that reads but fails validation is accepted and reports its
errors in a ``next`` event, as the protocol asks. With ``keep_alive`` set, a comment line
every that many seconds keeps proxies from closing a quiet stream.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator
from contextlib import aclosing, suppress
from typing import Any, cast

from grommet.asgi._asgi import Message, Receive, Send
from grommet.asgi.http import check_csrf, decode_body, get_data, params_of, read_body
from grommet.asgi.negotiation import EVENT_STREAM, JSON, content_type
from grommet.asgi.params import GraphQLParams
from grommet.asgi.request import Request
from grommet.asgi.responses import (
    INTERNAL_ERROR,
    ClientDisconnected,
    HTTPError,
    RequestError,
    respond_json,
)
from grommet.asgi.settings import Settings
from grommet.asgi.wire import encode_json_text
from grommet.result import ExecutionResult

logger = logging.getLogger("grommet.asgi")

COMPLETE = b"event: complete\ndata: \n\n"


async def serve_sse(settings: Settings, request: Request, receive: Receive, send: Send) -> None:
    """Answer one GraphQL-over-SSE request."""
    errors: list[dict[str, Any]] | None = None
    try:
        params = await _read_params(settings, request, receive)
        kind = settings.schema.operation_type(params.query, params.operation_name)
        if request.method == "GET" and kind == "mutation":
            raise HTTPError(405, "Mutations are only accepted over POST.", allow="POST")
        context = await settings.context_for(request)
    except HTTPError as error:
        await respond_json(send, error.status, error.payload(), JSON, error.headers())
        return
    except RequestError as error:
        errors = error.payload()["errors"]
    except ClientDisconnected:
        return
    except Exception:
        logger.exception("a GraphQL-over-SSE request failed")
        await respond_json(send, 500, INTERNAL_ERROR, JSON)
        return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", f"{EVENT_STREAM}; charset=utf-8".encode("latin-1")),
                (b"cache-control", b"no-cache"),
                # Proxies such as nginx would otherwise hold events back.
                (b"x-accel-buffering", b"no"),
            ],
        }
    )
    if errors is not None:
        await _event(send, {"errors": errors})
        await send({"type": "http.response.body", "body": COMPLETE})
        return
    lock = asyncio.Lock()

    async def send_locked(message: Message) -> None:
        async with lock:
            await send(message)

    stream = asyncio.create_task(_stream(settings, params, context, kind, send_locked))
    others = [asyncio.create_task(_wait_for_disconnect(receive))]
    if settings.keep_alive is not None:
        others.append(asyncio.create_task(_keep_alive(send_locked, settings.keep_alive)))
    try:
        await asyncio.wait([stream, *others], return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (stream, *others):
            task.cancel()
        await asyncio.gather(stream, *others, return_exceptions=True)
    if stream.done() and not stream.cancelled() and stream.exception() is not None:
        logger.error("a GraphQL-over-SSE stream failed", exc_info=stream.exception())
        with suppress(Exception):
            await send({"type": "http.response.body", "body": b""})


async def _read_params(settings: Settings, request: Request, receive: Receive) -> GraphQLParams:
    allowed = "GET, POST" if settings.allow_get else "POST"
    if request.method not in allowed.split(", "):
        raise HTTPError(
            405, f"Method {request.method} is not allowed; use {allowed}.", allow=allowed
        )
    if request.method == "GET":
        if settings.csrf_get:
            check_csrf(settings.csrf_headers, request)
        data: Any = get_data(request)
    else:
        media, charset = content_type(request.headers.get("content-type", ""))
        if media != JSON or charset not in (None, "utf-8", "utf8"):
            raise HTTPError(415, f'Send the request body as "{JSON}" (UTF-8).')
        declared = request.headers.get("content-length", "")
        data = decode_body(await read_body(declared, receive, settings.max_body_bytes))
    if not isinstance(data, dict):
        raise HTTPError(400, "The request body must be a JSON object (no batches over SSE).")
    if settings.persisted is not None:
        params, _ = await settings.persisted.resolve(data)
        return params
    return params_of(data)


async def _stream(
    settings: Settings, params: GraphQLParams, context: Any, kind: str | None, send: Send
) -> None:
    schema = settings.schema
    args = (params.query, params.variables)
    kwargs: dict[str, Any] = {
        "context": context,
        "root": settings.root_value,
        "operation_name": params.operation_name,
    }
    if kind == "subscription":
        results = cast(AsyncGenerator[ExecutionResult, None], schema.subscribe(*args, **kwargs))
        async with aclosing(results):
            async for result in results:
                await _event(send, result.to_dict())
    else:
        await _event(send, (await schema.execute(*args, **kwargs)).to_dict())
    await send({"type": "http.response.body", "body": COMPLETE})


async def _event(send: Send, payload: dict[str, Any]) -> None:
    try:
        data = encode_json_text(payload)
    except (TypeError, ValueError, RecursionError):
        logger.exception("a GraphQL result could not be encoded as JSON")
        data = encode_json_text(INTERNAL_ERROR)
    body = f"event: next\ndata: {data}\n\n".encode()
    await send({"type": "http.response.body", "body": body, "more_body": True})


async def _keep_alive(send: Send, interval: float) -> None:
    # A comment line: clients ignore it, proxies see a live connection.
    while True:
        await asyncio.sleep(interval)
        await send({"type": "http.response.body", "body": b": ping\n\n", "more_body": True})


async def _wait_for_disconnect(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
