"""The legacy ``graphql-ws`` WebSocket protocol of Apollo's subscriptions-transport-ws
(its ``PROTOCOL.md``), for clients that predate graphql-transport-ws.

Client → server: ``connection_init``, ``start``, ``stop``, ``connection_terminate``.
Server → client: ``connection_ack``, ``connection_error``, ``ka``, ``data``, ``error``,
``complete``. Unlike graphql-transport-ws, a malformed message is answered, not fatal.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from grommet.asgi._asgi import Message
from grommet.asgi.params import GraphQLParams, InvalidParams
from grommet.asgi.responses import RequestError
from grommet.asgi.websocket import (
    CloseCode,
    ProtocolViolation,
    TransportWsConnection,
    decode_frame,
    logger,
)

GRAPHQL_WS = "graphql-ws"
# The reference server closes with 1011 after a connection_error.
CONNECTION_ERROR_CLOSE = 1011


class LegacyWsConnection(TransportWsConnection):
    """One subscriptions-transport-ws socket."""

    protocol = GRAPHQL_WS

    async def _handle(self, message: Message) -> None:
        try:
            frame = decode_frame(message, self._settings.max_body_bytes)
        except ProtocolViolation as violation:
            if violation.code == CloseCode.MESSAGE_TOO_BIG:
                await self.close(violation.code, violation.reason)
            else:
                await self._send_json(
                    {"type": "connection_error", "payload": {"message": violation.reason}}
                )
            return
        try:
            await self._dispatch(frame)
        except ProtocolViolation as violation:
            await self._refuse_connection(violation.reason)
        except Exception:
            logger.exception("%s: a connection hook failed", self.protocol)
            await self._refuse_connection("Internal server error")

    async def _refuse_connection(self, message: str) -> None:
        await self._send_json({"type": "connection_error", "payload": {"message": message}})
        await self.close(CONNECTION_ERROR_CLOSE, message)

    async def _dispatch(self, message: dict[str, Any]) -> None:
        match message["type"]:
            case "connection_init":
                if self._init_received:
                    await self._send_json(
                        {
                            "type": "connection_error",
                            "payload": {"message": "Too many initialisation requests"},
                        }
                    )
                    return
                await self._initialise(message.get("payload"))
            case "start":
                await self._start(message)
            case "stop":
                if not _id_of(message).get("id"):
                    await self._error(None, "The stop message needs a non-empty string id.")
                    return
                self._complete(message)
            case "connection_terminate":
                await self.close(1000, "")
            case _:
                await self._send_json(
                    {
                        "type": "error",
                        **_id_of(message),
                        "payload": {"message": "Invalid message type!"},
                    }
                )

    async def _start(self, message: dict[str, Any]) -> None:
        op_id = message.get("id")
        if not isinstance(op_id, str) or not op_id:
            await self._error(None, "The start message needs a non-empty string id.")
            return
        if not self._acknowledged:
            await self._error(op_id, "The connection is not initialised; send connection_init.")
            return
        payload = message.get("payload")
        if not isinstance(payload, dict):
            await self._error(op_id, "The start payload must be an object.")
            return
        try:
            params = await self._read_params(payload)
        except InvalidParams as error:
            await self._error(op_id, str(error))
            return
        if isinstance(params, RequestError):
            await self._send_json({"id": op_id, "type": "data", "payload": params.payload()})
            await self._send_json({"id": op_id, "type": "complete"})
            return
        # The reference server replaces an operation started again under the same id.
        previous = self._operations.pop(op_id, None)
        if previous is not None:
            previous.cancel()
            await asyncio.gather(previous, return_exceptions=True)
        refusal = self._over_capacity()
        if refusal is not None:
            await self._error(op_id, refusal)
            return
        self._operations[op_id] = self._spawn(functools.partial(self._run, op_id, params))

    async def _error(self, op_id: str | None, text: str) -> None:
        message: dict[str, Any] = {"type": "error", "payload": {"message": text}}
        if op_id is not None:
            message["id"] = op_id
        await self._send_json(message)

    async def _stream_results(self, op_id: str, params: GraphQLParams) -> dict[str, Any]:
        # Request errors too arrive as `data` (then `complete`), as from the reference server.
        results = self._results(params)
        try:
            async for result in results:
                await self._send_json({"id": op_id, "type": "data", "payload": result.to_dict()})
        finally:
            await results.aclose()
        return {"id": op_id, "type": "complete"}

    async def _keep_alive(self, interval: float) -> None:
        while not self._closed:
            await self._send_json({"type": "ka"})
            await asyncio.sleep(interval)


def _id_of(message: dict[str, Any]) -> dict[str, Any]:
    op_id = message.get("id")
    return {"id": op_id} if isinstance(op_id, str) else {}
