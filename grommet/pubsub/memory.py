"""A pub/sub inside one process: for one worker, and for tests."""

from __future__ import annotations

from typing import Any, TypeVar, overload

from grommet.pubsub.base import (
    DEFAULT_MAX_PENDING,
    ChannelStream,
    Inbox,
    JsonSerializer,
    PubSub,
    Serializer,
)

T = TypeVar("T")


class InMemoryPubSub(PubSub[T]):
    """Subscribers in this process receive what this process publishes.

    Use it from one event loop. Messages still go through ``serializer``, so every
    subscriber gets its own copy and a message Redis could not carry fails here too.
    """

    @overload
    def __init__(self: InMemoryPubSub[Any], *, max_pending: int = DEFAULT_MAX_PENDING) -> None: ...
    @overload
    def __init__(
        self, *, serializer: Serializer[T], max_pending: int = DEFAULT_MAX_PENDING
    ) -> None: ...
    def __init__(
        self,
        *,
        serializer: Serializer[T] | None = None,
        max_pending: int = DEFAULT_MAX_PENDING,
    ) -> None:
        super().__init__(JsonSerializer() if serializer is None else serializer, max_pending)
        self._inboxes: dict[str, set[Inbox]] = {}

    async def publish(self, channel: str, message: T) -> None:
        data = self.serializer.dumps(message)
        for inbox in tuple(self._inboxes.get(channel, ())):
            inbox.deliver(data)

    def subscribe(self, channel: str) -> ChannelStream[T]:
        inbox = Inbox(channel, self.max_pending, ready=True)
        self._inboxes.setdefault(channel, set()).add(inbox)
        return self._stream(inbox, self._detach)

    async def aclose(self) -> None:
        for inboxes in tuple(self._inboxes.values()):
            for inbox in tuple(inboxes):
                inbox.end()
        self._inboxes.clear()

    def channels(self) -> dict[str, int]:
        """Each channel with subscribers, and how many (like Redis's ``PUBSUB NUMSUB``)."""
        return {channel: len(inboxes) for channel, inboxes in self._inboxes.items()}

    def _detach(self, inbox: Inbox) -> None:
        inboxes = self._inboxes.get(inbox.channel)
        if inboxes is not None:
            inboxes.discard(inbox)
            if not inboxes:
                del self._inboxes[inbox.channel]
