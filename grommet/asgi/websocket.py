"""Subscriptions, queries and mutations over a WebSocket with the graphql-transport-ws
protocol (``PROTOCOL.md`` of the graphql-ws project)."""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import functools
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping
from contextlib import aclosing, suppress
from typing import Any, cast

from grommet.asgi._asgi import Message, Receive, Scope, Send
from grommet.asgi.params import GraphQLParams, InvalidParams, parse_params
from grommet.asgi.request import Request
from grommet.asgi.responses import HTTPError, RequestError
from grommet.asgi.settings import Settings, maybe_await
from grommet.asgi.wire import InvalidJSON, decode_json, encode_json_text
from grommet.result import ExecutionResult

logger = logging.getLogger("grommet.asgi")

GRAPHQL_TRANSPORT_WS = "graphql-transport-ws"


class CloseCode(enum.IntEnum):
    """The close codes graphql-transport-ws defines (and the WebSocket one for a frame
    over ``max_body_bytes``)."""

    MESSAGE_TOO_BIG = 1009
    BAD_REQUEST = 4400
    UNAUTHORIZED = 4401
    FORBIDDEN = 4403
    SUBPROTOCOL_NOT_ACCEPTABLE = 4406
    INIT_TIMEOUT = 4408
    SUBSCRIBER_EXISTS = 4409
    TOO_MANY_INIT_REQUESTS = 4429
    INTERNAL_ERROR = 4500


class ProtocolViolation(Exception):
    """The client broke the protocol; the socket closes with ``code``."""

    def __init__(self, code: CloseCode, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


async def serve_websocket(settings: Settings, scope: Scope, receive: Receive, send: Send) -> None:
    """Serve one WebSocket connection until the client leaves or breaks the protocol."""
    if not settings.subscription_protocols:
        # Closing before accepting makes the server refuse the handshake (HTTP 403).
        if (await receive())["type"] == "websocket.connect":
            await send({"type": "websocket.close", "code": 1000})
        return
    offered = scope.get("subprotocols") or ()
    enabled = settings.subscription_protocols
    connection: type[TransportWsConnection] = TransportWsConnection
    if GRAPHQL_TRANSPORT_WS not in offered or GRAPHQL_TRANSPORT_WS not in enabled:
        from grommet.asgi.legacy_ws import GRAPHQL_WS, LegacyWsConnection  # a subclass of ours

        if GRAPHQL_WS in offered and GRAPHQL_WS in enabled:
            connection = LegacyWsConnection
        elif (await receive())["type"] == "websocket.connect":
            await send({"type": "websocket.accept"})
            reason = "Subprotocol not acceptable"
            await send({"type": "websocket.close", "code": 4406, "reason": reason})
            return
        else:
            return
    await connection(settings, Request.from_scope(scope), receive, send).serve()


class TransportWsConnection:
    """One graphql-transport-ws socket: its operations, each a task, and its state."""

    protocol = GRAPHQL_TRANSPORT_WS

    def __init__(self, settings: Settings, request: Request, receive: Receive, send: Send) -> None:
        self._settings = settings
        self._request = request
        self._receive = receive
        self._send = send
        self._send_lock = asyncio.Lock()
        # Running operations by client id; `_tasks` also holds the timers and keeps every
        # task referenced until it ends.
        self._operations: dict[str, asyncio.Task[None]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False
        self._init_received = False
        self._acknowledged = False
        self._context: Any = None

    async def serve(self) -> None:
        if (await self._receive())["type"] != "websocket.connect":
            return
        await self._send({"type": "websocket.accept", "subprotocol": self.protocol})
        self._spawn(self._expire_init)
        try:
            while not self._closed:
                message = await self._receive()
                if message["type"] == "websocket.disconnect":
                    break
                if message["type"] == "websocket.receive":
                    await self._handle(message)
        finally:
            self._closed = True
            await self._cancel_all()

    async def close(self, code: int, reason: str) -> None:
        """Close the socket once; later sends are dropped."""
        async with self._send_lock:
            if self._closed:
                return
            self._closed = True
            # A close frame's reason is at most 123 bytes.
            short = reason.encode()[:123].decode(errors="ignore")
            with suppress(OSError):  # the client is already gone
                await self._send({"type": "websocket.close", "code": code, "reason": short})

    async def _handle(self, message: Message) -> None:
        try:
            await self._dispatch(decode_frame(message, self._settings.max_body_bytes))
        except ProtocolViolation as violation:
            await self.close(violation.code, violation.reason)
        except Exception:
            logger.exception("%s: a connection hook failed", self.protocol)
            await self.close(CloseCode.INTERNAL_ERROR, "Internal server error")

    async def _dispatch(self, message: dict[str, Any]) -> None:
        match message["type"]:
            case "connection_init":
                await self._initialise(message.get("payload"))
            case "ping":
                await self._send_json({"type": "pong"})
            case "pong":
                pass
            case "subscribe":
                await self._subscribe(message)
            case "complete":
                self._complete(message)
            case other:
                raise ProtocolViolation(CloseCode.BAD_REQUEST, f"Unexpected message type {other!r}")

    async def _initialise(self, payload: Any) -> None:
        if self._init_received:
            raise ProtocolViolation(
                CloseCode.TOO_MANY_INIT_REQUESTS, "Too many initialisation requests"
            )
        self._init_received = True
        if payload is not None and not isinstance(payload, dict):
            raise ProtocolViolation(
                CloseCode.BAD_REQUEST, "connection_init payload must be an object"
            )
        request = dataclasses.replace(self._request, connection_params=payload or {})
        ack: dict[str, Any] = {"type": "connection_ack"}
        if self._settings.on_connect is not None:
            outcome = await maybe_await(self._settings.on_connect(request))
            if outcome is False:
                raise ProtocolViolation(CloseCode.FORBIDDEN, "Forbidden")
            if isinstance(outcome, Mapping):
                ack["payload"] = dict(outcome)
        self._context = await self._settings.context_for(request)
        self._acknowledged = True
        await self._send_json(ack)
        if self._settings.keep_alive is not None:
            self._spawn(functools.partial(self._keep_alive, self._settings.keep_alive))

    async def _subscribe(self, message: dict[str, Any]) -> None:
        if not self._acknowledged:
            raise ProtocolViolation(CloseCode.UNAUTHORIZED, "Unauthorized")
        op_id = _operation_id(message)
        payload = message.get("payload")
        if not isinstance(payload, dict):
            raise ProtocolViolation(CloseCode.BAD_REQUEST, "subscribe payload must be an object")
        try:
            params = await self._read_params(payload)
        except InvalidParams as error:
            raise ProtocolViolation(CloseCode.BAD_REQUEST, str(error)) from None
        if op_id in self._operations:
            raise ProtocolViolation(
                CloseCode.SUBSCRIBER_EXISTS, f"Subscriber for {op_id} already exists"
            )
        if isinstance(params, RequestError):
            errors = params.payload()["errors"]
            await self._send_json({"id": op_id, "type": "error", "payload": errors})
            return
        refusal = self._over_capacity()
        if refusal is not None:
            await self._send_json({"id": op_id, "type": "error", "payload": [{"message": refusal}]})
            return
        self._operations[op_id] = self._spawn(functools.partial(self._run, op_id, params))

    def _over_capacity(self) -> str | None:
        """Why one more operation may not start now: a socket may not hold an unbounded
        number of running operations (each a task and a source)."""
        limit = self._settings.max_socket_operations
        if limit is None or len(self._operations) < limit:
            return None
        return f"Too many operations on this socket: at most {limit} may run at once."

    async def _read_params(self, payload: dict[str, Any]) -> GraphQLParams | RequestError:
        """The operation's parameters, its document looked up when persisted documents
        are on (so a trusted-documents app runs nothing else over a WebSocket either); a
        document not found is returned as its error, a malformed payload raises."""
        persisted = self._settings.persisted
        if persisted is None:
            return parse_params(payload)
        try:
            params, _ = await persisted.resolve(payload)
        except HTTPError as error:
            raise InvalidParams(error.message) from None
        except RequestError as error:
            return error
        return params

    def _complete(self, message: dict[str, Any]) -> None:
        # The client may complete an operation that has just finished: nothing to do then.
        task = self._operations.pop(_operation_id(message), None)
        if task is not None:
            task.cancel()

    async def _run(self, op_id: str, params: GraphQLParams) -> None:
        try:
            last = await self._stream_results(op_id, params)
        finally:
            if self._operations.get(op_id) is asyncio.current_task():
                del self._operations[op_id]
        # Sent after the id is free, so the client may reuse it as soon as it reads this.
        await self._send_json(last)

    async def _stream_results(self, op_id: str, params: GraphQLParams) -> dict[str, Any]:
        """Send a `next` per result; answer the message that ends the operation."""
        results = self._results(params)
        first = True
        async with aclosing(results):
            async for result in results:
                payload = result.to_dict()
                if first and is_request_error(payload):
                    return {"id": op_id, "type": "error", "payload": payload["errors"]}
                first = False
                await self._send_json({"id": op_id, "type": "next", "payload": payload})
        return {"id": op_id, "type": "complete"}

    async def _results(self, params: GraphQLParams) -> AsyncGenerator[ExecutionResult, None]:
        schema = self._settings.schema
        args = (params.query, params.variables)
        kwargs: dict[str, Any] = {
            "context": self._context,
            "root": self._settings.root_value,
            "operation_name": params.operation_name,
        }
        if schema.operation_type(params.query, params.operation_name) == "subscription":
            # An async generator (typed as an iterator): closing it runs the source's `finally`.
            stream = cast(AsyncGenerator[ExecutionResult, None], schema.subscribe(*args, **kwargs))
            async with aclosing(stream):
                async for result in stream:
                    yield result
        else:
            yield await schema.execute(*args, **kwargs)

    async def _expire_init(self) -> None:
        await asyncio.sleep(self._settings.connection_init_timeout)
        if not self._init_received:
            await self.close(CloseCode.INIT_TIMEOUT, "Connection initialisation timeout")

    async def _keep_alive(self, interval: float) -> None:
        while not self._closed:
            await asyncio.sleep(interval)
            await self._send_json({"type": "ping"})

    async def _send_json(self, message: dict[str, Any]) -> None:
        text = encode_json_text(message)
        async with self._send_lock:
            if self._closed:
                return
            try:
                await self._send({"type": "websocket.send", "text": text})
            except OSError:
                self._closed = True  # the client left; the disconnect message will follow
                raise

    def _spawn(self, start: Callable[[], Awaitable[None]]) -> asyncio.Task[None]:
        # `start` is called inside the task, so a task cancelled before its first step
        # leaves no coroutine un-awaited.
        task = asyncio.create_task(self._guarded(start))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _guarded(self, start: Callable[[], Awaitable[None]]) -> None:
        try:
            await start()
        except Exception:
            if not self._closed:
                logger.exception("%s: an operation failed", self.protocol)
                await self.close(CloseCode.INTERNAL_ERROR, "Internal server error")

    async def _cancel_all(self) -> None:
        self._operations.clear()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def is_request_error(payload: Mapping[str, Any]) -> bool:
    """Whether an operation's first result means it never started: rejected before
    execution (no ``data``), or a subscription whose source failed before its first event
    (``data`` null, errors without a ``path``, as no field produced them)."""
    if "data" not in payload:
        return True
    errors = payload.get("errors") or ()
    return bool(errors) and payload["data"] is None and all("path" not in e for e in errors)


def decode_frame(message: Message, limit: int | None) -> dict[str, Any]:
    """The JSON object of a text (or UTF-8 binary) frame that names its ``type``."""
    text = message.get("text")
    data: Any = None
    try:
        if text is None:
            raw = bytes(message.get("bytes") or b"")
            if limit is not None and len(raw) > limit:
                raise ProtocolViolation(CloseCode.MESSAGE_TOO_BIG, "Message too big")
            text = raw.decode("utf-8")
        # A character is at most 4 bytes: only a long frame needs encoding to be measured.
        elif limit is not None and len(text) > limit // 4 and len(text.encode()) > limit:
            raise ProtocolViolation(CloseCode.MESSAGE_TOO_BIG, "Message too big")
        data = decode_json(text)
    except (InvalidJSON, UnicodeDecodeError):
        pass
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise ProtocolViolation(CloseCode.BAD_REQUEST, "Invalid message received")
    return data


def _operation_id(message: Mapping[str, Any]) -> str:
    op_id = message.get("id")
    if not isinstance(op_id, str) or not op_id:
        raise ProtocolViolation(CloseCode.BAD_REQUEST, "The message needs a non-empty string id")
    return op_id
