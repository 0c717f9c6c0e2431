"""A graphql-transport-ws client for tests, on the `websockets` package, every wait bounded."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

TIMEOUT = 5.0
PROTOCOL = Subprotocol("graphql-transport-ws")


class Socket:
    def __init__(self, connection: ClientConnection) -> None:
        self.connection = connection

    async def send(self, message: dict[str, Any] | str) -> None:
        await self.connection.send(message if isinstance(message, str) else json.dumps(message))

    async def receive(self) -> dict[str, Any]:
        data = await asyncio.wait_for(self.connection.recv(), TIMEOUT)
        message: dict[str, Any] = json.loads(data)
        return message

    async def init(self, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send ``connection_init``; return the server's answer (the ack)."""
        message: dict[str, Any] = {"type": "connection_init"}
        if payload is not None:
            message["payload"] = payload
        await self.send(message)
        return await self.receive()

    async def subscribe(self, op_id: str, query: str, **extra: Any) -> None:
        await self.send({"id": op_id, "type": "subscribe", "payload": {"query": query, **extra}})

    async def closed(self) -> tuple[int, str]:
        """(code, reason) of the close the server sends next; fails on any other message."""
        try:
            message = await asyncio.wait_for(self.connection.recv(), TIMEOUT)
        except ConnectionClosed as closed:
            assert closed.rcvd is not None, "closed without a close frame"
            return closed.rcvd.code, closed.rcvd.reason
        raise AssertionError(f"expected the socket to close, got {message!r}")

    async def ping(self) -> None:
        """A round trip: the socket is open and has answered everything sent before."""
        await self.send({"type": "ping"})
        assert await self.receive() == {"type": "pong"}


@asynccontextmanager
async def open_socket(
    address: str, *, init: bool = True, protocols: tuple[Subprotocol, ...] = (PROTOCOL,)
) -> AsyncIterator[Socket]:
    async with connect(
        f"ws://{address}/graphql",
        subprotocols=list(protocols) or None,
        open_timeout=TIMEOUT,
        close_timeout=TIMEOUT,
    ) as connection:
        socket = Socket(connection)
        if init:
            assert await socket.init() == {"type": "connection_ack"}
        yield socket
