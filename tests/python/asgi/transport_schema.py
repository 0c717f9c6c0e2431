"""The schema the transport tests (uploads, persisted queries, batches, SSE, legacy ws and
hostile input) serve: files in, a mutation log, subscriptions that fail in known ways."""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections.abc import AsyncIterator

import grommet

from .schema import STREAMS

ORDER: list[str] = []
ORDER_LOCK = threading.Lock()
ARRIVED: dict[str, asyncio.Event] = {}


@grommet.input
class Attachments:
    label: str
    files: list[grommet.Upload]


@grommet.type
class FileInfo:
    name: str | None
    content_type: str | None
    size: int
    sha256: str


async def describe(upload: grommet.UploadFile) -> FileInfo:
    content = await upload.read()
    return FileInfo(
        name=upload.filename,
        content_type=upload.content_type,
        size=upload.size,
        sha256=hashlib.sha256(content).hexdigest(),
    )


@grommet.type
class Query:
    @grommet.field
    def hello(self, name: str = "world") -> str:
        return f"Hello, {name}!"

    @grommet.field
    async def slow(self, ms: int) -> int:
        await asyncio.sleep(ms / 1000)
        return ms

    @grommet.field
    def broken(self) -> str | None:
        raise RuntimeError("resolver broke")

    @grommet.field
    async def meet(self, me: str, other: str) -> str:
        """ "met" when the field named ``other`` runs at the same time, else "alone"."""
        ARRIVED.setdefault(me, asyncio.Event()).set()
        try:
            await asyncio.wait_for(ARRIVED.setdefault(other, asyncio.Event()).wait(), 2.0)
        except TimeoutError:
            return "alone"
        return "met"


@grommet.type
class Mutation:
    @grommet.field
    async def single_upload(self, file: grommet.Upload) -> FileInfo:
        return await describe(file)

    @grommet.field
    async def multiple_upload(self, files: list[grommet.Upload]) -> list[FileInfo]:
        return [await describe(file) for file in files]

    @grommet.field
    async def attach(self, attachments: Attachments) -> str:
        infos = [await describe(file) for file in attachments.files]
        return f"{attachments.label}: " + ", ".join(f"{i.name}={i.size}" for i in infos)

    @grommet.field
    async def record(self, tag: str, ms: int = 0) -> str:
        """Appends ``tag`` to ``ORDER`` after sleeping ``ms``: the order mutations ran in."""
        await asyncio.sleep(ms / 1000)
        with ORDER_LOCK:
            ORDER.append(tag)
        return tag


@grommet.type
class Subscription:
    @grommet.subscription
    async def count(self, to: int) -> AsyncIterator[int]:
        for number in range(1, to + 1):
            await asyncio.sleep(0)
            yield number

    @grommet.subscription
    async def fails_at_once(self) -> AsyncIterator[int]:
        raise RuntimeError("the source failed before its first event")
        yield 0  # an async generator all the same

    @grommet.subscription
    async def fails_later(self) -> AsyncIterator[int]:
        yield 1
        raise RuntimeError("the source failed after one event")

    @grommet.subscription
    async def ticks(self, tag: str) -> AsyncIterator[str]:
        """Never ends on its own; records its start and its cleanup under ``tag``."""
        STREAMS.start(tag)
        try:
            number = 0
            while True:
                number += 1
                yield f"{tag}-{number}"
                await asyncio.sleep(0.01)
        finally:
            STREAMS.close(tag)


TRANSPORT_SCHEMA = grommet.Schema(Query, Mutation, Subscription)
