"""Redis pub/sub (redis-py's asyncio client): every worker connected to one Redis receives
what any of them publishes. Install with ``pip install 'grommet[redis]'``."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any, TypeVar, overload

try:
    from redis.asyncio import Redis
    from redis.asyncio.client import PubSub as RedisChannels
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError as missing:  # grommet installed without the redis extra
    raise ImportError(
        "grommet.pubsub.redis needs redis-py: pip install 'grommet[redis]'"
    ) from missing

from grommet.pubsub.base import (
    DEFAULT_MAX_PENDING,
    BrokerConnectionLost,
    ChannelStream,
    Inbox,
    JsonSerializer,
    PubSub,
    Serializer,
)

T = TypeVar("T")

_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class RedisPubSub(PubSub[T]):
    """Channels are Redis channels: ``publish`` is ``PUBLISH``, and each worker holds one
    subscriber connection that ``SUBSCRIBE``s to a channel while any of its streams read it
    (so ``PUBSUB NUMSUB`` counts workers, not clients) and ``UNSUBSCRIBE``s when the last
    closes.

    ``redis_options`` go to ``redis.asyncio.Redis.from_url`` (timeouts, TLS, pool size).
    A lost subscriber connection ends every stream on it with :class:`BrokerConnectionLost`
    (never a silent reconnect that would hide missed messages); the next ``subscribe``
    connects again. Use it from one event loop (the first it is used in); ``await aclose()``
    at shutdown.
    """

    @overload
    def __init__(
        self: RedisPubSub[Any],
        url: str,
        *,
        max_pending: int = DEFAULT_MAX_PENDING,
        **redis_options: Any,
    ) -> None: ...
    @overload
    def __init__(
        self,
        url: str,
        *,
        serializer: Serializer[T],
        max_pending: int = DEFAULT_MAX_PENDING,
        **redis_options: Any,
    ) -> None: ...
    def __init__(
        self,
        url: str,
        *,
        serializer: Serializer[T] | None = None,
        max_pending: int = DEFAULT_MAX_PENDING,
        **redis_options: Any,
    ) -> None:
        super().__init__(JsonSerializer() if serializer is None else serializer, max_pending)
        # Messages are bytes for the serializer, whatever the caller's decoding preference.
        options = {**redis_options, "decode_responses": False}
        self._publisher: Redis = Redis.from_url(url, **options)
        self._subscriber: Redis = Redis.from_url(url, **{**options, "retry": Retry(NoBackoff(), 0)})
        self._link: _Link | None = None
        # Every link not yet disconnected (the current one and any still closing).
        self._links: set[_Link] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    def _bind_loop(self, method: str) -> asyncio.AbstractEventLoop:
        """redis-py's connections belong to one event loop: the first this is used in."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError(f"RedisPubSub.{method}() needs a running event loop") from None
        if self._loop is None:
            self._loop = loop
        elif self._loop is not loop:
            raise RuntimeError(
                "this RedisPubSub belongs to the event loop it was first used in; "
                "make one per event loop"
            )
        return loop

    async def publish(self, channel: str, message: T) -> None:
        self._bind_loop("publish")
        data = self.serializer.dumps(message)
        try:
            await self._publisher.publish(channel, data)
        except _UNREACHABLE as exc:
            raise BrokerConnectionLost(
                f"could not publish to {channel!r}: the message broker is unreachable"
            ) from exc

    def subscribe(self, channel: str) -> ChannelStream[T]:
        loop = self._bind_loop("subscribe")
        link = self._link
        if link is None or link.closing:
            link = self._link = _Link(self._subscriber.pubsub(), self._forget, loop)
            self._links.add(link)
            link.when_done(self._links.discard)
        inbox = Inbox(channel, self.max_pending, ready=False)
        link.attach(inbox)
        return self._stream(inbox, link.detach)

    async def aclose(self) -> None:
        self._bind_loop("aclose")
        for link in tuple(self._links):
            await link.close()
        await self._subscriber.aclose()
        await self._publisher.aclose()

    def _forget(self, link: _Link) -> None:
        if self._link is link:
            self._link = None


class _Link:
    """One subscriber connection and the inboxes reading through it.

    A control task sends ``SUBSCRIBE``/``UNSUBSCRIBE`` to match the channels inboxes want
    (one task, so commands never race), a reader task dispatches what Redis sends. When no
    inbox is left, or the connection fails, the link closes for good; its owner then
    starts a fresh one for the next subscriber.
    """

    def __init__(
        self,
        channels: RedisChannels,
        forget: Callable[[_Link], None],
        loop: asyncio.AbstractEventLoop,
    ) -> None:
        self._channels = channels
        self._forget = forget
        self.loop = loop
        self._inboxes: dict[str, set[Inbox]] = {}
        self._requested: set[str] = set()
        # SUBSCRIBEs sent whose confirmation the reader has not seen yet, per channel.
        self._unconfirmed: dict[str, int] = {}
        self._wake = asyncio.Event()
        self._failure: BaseException | None = None
        self._reader: asyncio.Task[None] | None = None
        self.closing = False
        self._control = self.loop.create_task(self._run_control())

    def when_done(self, callback: Callable[[_Link], None]) -> None:
        """Call ``callback(self)`` once the link has disconnected."""
        self._control.add_done_callback(lambda _: callback(self))

    def attach(self, inbox: Inbox) -> None:
        channel = inbox.channel
        self._inboxes.setdefault(channel, set()).add(inbox)
        if channel in self._requested and not self._unconfirmed.get(channel):
            inbox.confirm()
        else:
            self._wake.set()

    def detach(self, inbox: Inbox) -> None:
        """Called from a stream's finalizer, possibly in the middle of other code (garbage
        collection), so the bookkeeping runs later on the loop."""
        with contextlib.suppress(RuntimeError):  # the loop is closed: nothing left to undo
            self.loop.call_soon_threadsafe(self._detach_now, inbox)

    def _detach_now(self, inbox: Inbox) -> None:
        inboxes = self._inboxes.get(inbox.channel)
        if inboxes is not None and inbox in inboxes:
            inboxes.discard(inbox)
            if not inboxes:
                del self._inboxes[inbox.channel]
                self._wake.set()

    async def close(self) -> None:
        """End every stream cleanly and disconnect."""
        self._shut(None)
        # wait(), not await: a failure is the streams' to report; a caller's cancel propagates.
        await asyncio.wait([self._control])

    def _shut(self, failure: BaseException | None) -> None:
        """Stop taking inboxes and end the current ones (with ``BrokerConnectionLost`` if
        ``failure``); the control task then disconnects."""
        if self.closing:
            return
        self.closing = True
        self._forget(self)
        for inboxes in tuple(self._inboxes.values()):
            for inbox in tuple(inboxes):
                inbox.end(None if failure is None else _lost(failure))
        self._inboxes.clear()
        self._wake.set()

    async def _run_control(self) -> None:
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                if self._failure is not None:
                    self._shut(self._failure)
                if not self._inboxes:
                    self._shut(None)
                    return
                await self._sync_channels()
        except Exception as exc:  # SUBSCRIBE could not be sent: the broker is unreachable
            self._shut(exc)
        finally:
            await self._disconnect()

    async def _sync_channels(self) -> None:
        added = self._inboxes.keys() - self._requested
        if added:
            for channel in added:
                self._unconfirmed[channel] = self._unconfirmed.get(channel, 0) + 1
            self._requested |= added
            await self._channels.subscribe(*added)
            if self._reader is None:  # reading needs a subscribed connection
                self._reader = self.loop.create_task(self._read())
        removed = self._requested - self._inboxes.keys()
        if removed and self._inboxes:  # with no inbox left, the link closes instead
            self._requested -= removed
            await self._channels.unsubscribe(*removed)

    async def _read(self) -> None:
        try:
            while True:
                message = await self._channels.get_message(timeout=None)
                if message is not None:
                    self._dispatch(message)
        except Exception as exc:  # the connection broke (redis-py raises ConnectionError)
            self._failure = exc
            self._wake.set()

    def _dispatch(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        channel = message["channel"].decode()
        if kind == "message":
            for inbox in tuple(self._inboxes.get(channel, ())):
                inbox.deliver(message["data"])
        elif kind == "subscribe":
            left = self._unconfirmed.pop(channel, 1) - 1
            if left:
                self._unconfirmed[channel] = left
            elif channel in self._requested:
                for inbox in tuple(self._inboxes.get(channel, ())):
                    inbox.confirm()

    async def _disconnect(self) -> None:
        reader = self._reader
        if reader is not None:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
        await self._channels.aclose()  # type: ignore[no-untyped-call]  # redis-py leaves it unannotated


def _lost(cause: BaseException) -> BrokerConnectionLost:
    error = BrokerConnectionLost(
        "the subscription lost its connection to the message broker; subscribe again"
    )
    error.__cause__ = cause
    return error
