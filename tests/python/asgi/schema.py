"""The schema every ASGI test serves, and a log its subscriptions write across threads."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from typing import Any

import grommet


class StreamLog:
    """Which subscription streams started and which ran their ``finally`` (the server runs
    in another thread, so these are thread-safe events)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._started: dict[str, threading.Event] = {}
        self._closed: dict[str, threading.Event] = {}

    def _event(self, table: dict[str, threading.Event], tag: str) -> threading.Event:
        with self._lock:
            return table.setdefault(tag, threading.Event())

    def start(self, tag: str) -> None:
        self._event(self._started, tag).set()

    def close(self, tag: str) -> None:
        self._event(self._closed, tag).set()

    def closed(self, tag: str) -> bool:
        return self._event(self._closed, tag).is_set()

    async def wait_closed(self, tag: str, timeout: float = 5.0) -> bool:
        event = self._event(self._closed, tag)
        return await asyncio.to_thread(event.wait, timeout)


STREAMS = StreamLog()
COUNTER = {"value": 0}


@grommet.type
class Query:
    @grommet.field
    def hello(self, name: str = "world") -> str:
        return f"Hello, {name}!"

    @grommet.field
    def whoami(self, info: grommet.Info) -> str:
        return str(info.context["user"])

    @grommet.field
    def request_line(self, info: grommet.Info) -> str:
        request = info.context["request"]
        return f"{request.method} {request.path} {dict(request.query_params)}"

    @grommet.field
    def client_host(self, info: grommet.Info) -> str:
        return str(info.context["request"].client[0])

    @grommet.field
    def forbidden(self) -> str | None:
        raise grommet.GraphQLError("not allowed", extensions={"code": "FORBIDDEN"})

    @grommet.field
    def required(self) -> str:
        raise RuntimeError("no value")

    @grommet.field
    def counter(self) -> int:
        return COUNTER["value"]


@grommet.type
class Mutation:
    @grommet.field
    def increment(self, by: int = 1) -> int:
        COUNTER["value"] += by
        return COUNTER["value"]


@grommet.type
class Subscription:
    @grommet.subscription
    async def count(self, to: int) -> AsyncIterator[int]:
        for number in range(1, to + 1):
            await asyncio.sleep(0)
            yield number

    @grommet.subscription
    async def ticks(self, tag: str, interval: float = 0.01) -> AsyncIterator[str]:
        """Never ends on its own; records its start and its cleanup under ``tag``."""
        STREAMS.start(tag)
        try:
            number = 0
            while True:
                number += 1
                yield f"{tag}-{number}"
                await asyncio.sleep(interval)
        finally:
            STREAMS.close(tag)

    @grommet.subscription
    async def breaks(self) -> AsyncIterator[int]:
        yield 1
        raise RuntimeError("the stream broke")

    @grommet.subscription
    async def whoami(self, info: grommet.Info) -> AsyncIterator[str]:
        yield str(info.context["user"])


SCHEMA = grommet.Schema(Query, Mutation, Subscription)


async def context_getter(request: grommet.asgi.Request) -> dict[str, Any]:
    """An async getter: the user comes from a header or the WebSocket's connection params."""
    await asyncio.sleep(0)
    params = request.connection_params or {}
    user = params.get("user") or request.headers.get("x-user", "anonymous")
    return {"request": request, "user": user}
