"""The pub/sub interface every backend implements, its serializers, errors and streams."""

from __future__ import annotations

import asyncio
import json
import weakref
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable
from types import TracebackType
from typing import Any, Generic, Protocol, TypeVar, overload

from grommet.errors import GraphQLError

T = TypeVar("T")

DEFAULT_MAX_PENDING = 1024


class Serializer(Protocol[T]):
    """Turns a message into the bytes a backend carries, and back."""

    def dumps(self, message: T, /) -> bytes: ...

    def loads(self, data: bytes, /) -> T: ...


def _identity(value: Any) -> Any:
    return value


class JsonSerializer(Generic[T]):
    """Messages as compact UTF-8 JSON.

    ``JsonSerializer()`` carries JSON values (dicts, lists, strings, numbers, booleans, None).
    ``encode`` maps a message to such a value before ``json.dumps`` and ``decode`` maps the
    parsed value back, e.g. ``JsonSerializer(encode=dataclasses.asdict,
    decode=lambda d: Message(**d))`` for a dataclass.
    """

    __slots__ = ("_decode", "_encode")

    @overload
    def __init__(self: JsonSerializer[Any]) -> None: ...
    @overload
    def __init__(self, *, encode: Callable[[T], Any], decode: Callable[[Any], T]) -> None: ...
    def __init__(
        self,
        *,
        encode: Callable[[T], Any] = _identity,
        decode: Callable[[Any], T] = _identity,
    ) -> None:
        self._encode = encode
        self._decode = decode

    def dumps(self, message: T, /) -> bytes:
        return json.dumps(self._encode(message), separators=(",", ":")).encode()

    def loads(self, data: bytes, /) -> T:
        return self._decode(json.loads(data))


class PubSubError(GraphQLError):
    """A subscription's event stream failed; grommet sends this message to the client as is
    (never masked), with ``extensions.code``."""

    code = "PUBSUB_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": self.code})


class BrokerConnectionLost(PubSubError):
    """The connection to the message broker closed: events may have been missed, so the
    subscription ends; the client may subscribe again (the backend reconnects)."""

    code = "PUBSUB_CONNECTION_LOST"


class SubscriberLagged(PubSubError):
    """A subscriber left more than ``max_pending`` messages unread; its stream ends rather
    than buffer without bound."""

    code = "PUBSUB_SUBSCRIBER_LAGGED"


class Inbox:
    """The messages waiting for one subscriber. Backends hold inboxes (never streams), so a
    stream nobody references is garbage-collected and its finalizer unsubscribes it."""

    __slots__ = ("_end", "_pending", "_ready", "_waiter", "channel", "max_pending")

    def __init__(self, channel: str, max_pending: int, *, ready: bool) -> None:
        self.channel = channel
        self.max_pending = max_pending
        self._pending: deque[bytes] = deque()
        self._waiter: asyncio.Future[None] | None = None
        self._ready = asyncio.Event()
        if ready:
            self._ready.set()
        # None while open; then the exception to raise, or StopAsyncIteration for a clean end.
        self._end: BaseException | None = None

    def deliver(self, data: bytes) -> None:
        if self._end is not None:
            return
        if len(self._pending) >= self.max_pending:
            lagged = SubscriberLagged(
                f"subscriber to {self.channel!r} fell more than {self.max_pending} messages behind"
            )
            self.end(lagged, drop_pending=True)
            return
        self._pending.append(data)
        self._wake()

    def confirm(self) -> None:
        """The broker is now sending this channel's messages."""
        self._ready.set()

    def end(self, reason: BaseException | None = None, *, drop_pending: bool = False) -> None:
        """No more messages: the stream raises ``reason`` (``None``: ends cleanly) once the
        pending ones are read, or at once with ``drop_pending``."""
        if drop_pending:
            self._pending.clear()
        if self._end is not None:
            return
        self._end = StopAsyncIteration() if reason is None else reason
        self._ready.set()
        self._wake()

    async def wait_ready(self) -> None:
        """Until the broker confirms; raises the failure of a subscription that never
        started (one that ended after messages arrived raises only once they are read)."""
        await self._ready.wait()
        failure = self._end
        if (
            failure is not None
            and not self._pending
            and not isinstance(failure, StopAsyncIteration)
        ):
            raise failure

    async def get(self) -> bytes:
        while not self._pending:
            if self._end is not None:
                raise self._end
            if self._waiter is not None:
                raise RuntimeError(f"another task is already reading {self.channel!r}'s stream")
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        return self._pending.popleft()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)


class ChannelStream(Generic[T]):
    """The messages of one channel from the moment of ``subscribe()``: an async iterator.

    ``aclose()`` (or the end of ``async with``) unsubscribes; so does garbage collection
    of a stream nobody closed. ``async with`` and the first ``anext`` wait until the broker
    confirms the subscription, so a message published after that is received.
    """

    __slots__ = ("__weakref__", "_finalizer", "_inbox", "_serializer", "channel")

    def __init__(
        self, inbox: Inbox, serializer: Serializer[T], detach: Callable[[Inbox], None]
    ) -> None:
        self.channel = inbox.channel
        self._inbox = inbox
        self._serializer = serializer
        self._finalizer = weakref.finalize(self, detach, inbox)
        self._finalizer.atexit = False

    def __aiter__(self) -> ChannelStream[T]:
        return self

    async def __anext__(self) -> T:
        inbox = self._inbox
        await inbox.wait_ready()
        return self._serializer.loads(await inbox.get())

    async def aclose(self) -> None:
        """Unsubscribe; later iteration ends at once. Closing twice is harmless."""
        self._inbox.end(drop_pending=True)
        self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    async def __aenter__(self) -> ChannelStream[T]:
        await self._inbox.wait_ready()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()


class PubSub(ABC, Generic[T]):
    """Publish messages to named channels; subscribe to a channel's messages.

    Messages travel as bytes made by ``serializer`` (JSON by default), in every backend,
    so what a test passes in process also survives the trip through a broker.
    """

    serializer: Serializer[T]
    max_pending: int

    def __init__(self, serializer: Serializer[T], max_pending: int) -> None:
        if max_pending <= 0:
            raise ValueError("max_pending must be a positive number of messages")
        self.serializer = serializer
        self.max_pending = max_pending

    @abstractmethod
    async def publish(self, channel: str, message: T) -> None:
        """Send ``message`` to every current subscriber of ``channel``."""

    @abstractmethod
    def subscribe(self, channel: str) -> ChannelStream[T]:
        """Start receiving ``channel``'s messages; iterate the stream to read them."""

    @abstractmethod
    async def aclose(self) -> None:
        """End every stream (cleanly) and release the backend's connections."""

    def _stream(self, inbox: Inbox, detach: Callable[[Inbox], None]) -> ChannelStream[T]:
        return ChannelStream(inbox, self.serializer, detach)
