"""Drive an ASGI app in-process: scripted inbound messages, recorded outbound ones."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, MutableMapping
from typing import Any

from grommet.asgi import GraphQL

TIMEOUT = 5.0
Message = dict[str, Any]


async def call(app: GraphQL, scope: dict[str, Any], inbound: list[Message]) -> list[Message]:
    """Run ``app`` once; ``receive`` takes messages off ``inbound``, then reports a disconnect."""
    sent: list[Message] = []
    disconnect = {"type": f"{'websocket' if scope['type'] == 'websocket' else 'http'}.disconnect"}

    async def receive() -> Message:
        await asyncio.sleep(0)
        return inbound.pop(0) if inbound else disconnect

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    await asyncio.wait_for(app(scope, receive, send), TIMEOUT)
    return sent


def http_scope(
    method: str = "POST",
    headers: Iterable[tuple[str, str]] = (),
    query_string: bytes = b"",
) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": "/graphql",
        "query_string": query_string,
        "headers": [(name.encode(), value.encode()) for name, value in headers],
        "client": None,
        "server": ("127.0.0.1", 8000),
    }


async def post_json(app: GraphQL, body: Any, *headers: tuple[str, str]) -> tuple[int, Any]:
    """(status, decoded JSON body) of a POST."""
    scope = http_scope("POST", [("content-type", "application/json"), *headers])
    sent = await call(app, scope, [{"type": "http.request", "body": json.dumps(body).encode()}])
    return sent[0]["status"], json.loads(sent[1]["body"])
