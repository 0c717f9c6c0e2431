"""InMemoryPubSub: delivery, serialization, unsubscribing (explicit and by garbage collection),
and its use from builder subscription resolvers."""

from __future__ import annotations

import asyncio
import dataclasses
import gc
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any, cast

import pytest

import grommet
from grommet.pubsub import (
    ChannelStream,
    InMemoryPubSub,
    JsonSerializer,
    PubSub,
    PubSubError,
    SubscriberLagged,
)

WAIT = 2.0


async def next_of(stream: ChannelStream[Any]) -> Any:
    return await asyncio.wait_for(anext(stream), WAIT)


async def test_subscribers_receive_what_is_published_after_subscribe_in_order() -> None:
    pubsub = InMemoryPubSub()
    await pubsub.publish("news", "before anyone listened")
    first = pubsub.subscribe("news")
    second = pubsub.subscribe("news")
    other = pubsub.subscribe("sports")
    for number in range(3):
        await pubsub.publish("news", {"n": number})
    assert [await next_of(first) for _ in range(3)] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert [await next_of(second) for _ in range(3)] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert pubsub.channels() == {"news": 2, "sports": 1}
    for stream in (first, second, other):
        await stream.aclose()
    assert pubsub.channels() == {}


async def test_each_subscriber_gets_its_own_copy() -> None:
    pubsub = InMemoryPubSub()
    first, second = pubsub.subscribe("c"), pubsub.subscribe("c")
    message = {"tags": ["a"]}
    await pubsub.publish("c", message)
    message["tags"].append("changed after publish")
    received = await next_of(first)
    received["tags"].append("changed by the first subscriber")
    assert await next_of(second) == {"tags": ["a"]}
    await first.aclose()
    await second.aclose()


async def test_a_waiting_subscriber_wakes_on_publish() -> None:
    pubsub = InMemoryPubSub()
    async with pubsub.subscribe("c") as stream:
        waiting = asyncio.ensure_future(next_of(stream))
        await asyncio.sleep(0)
        assert not waiting.done()
        await pubsub.publish("c", 7)
        assert await waiting == 7


async def test_a_message_json_cannot_carry_fails_at_publish() -> None:
    pubsub = InMemoryPubSub()
    async with pubsub.subscribe("c") as stream:
        with pytest.raises(TypeError, match="Object of type set is not JSON serializable"):
            await pubsub.publish("c", {1, 2})
        await pubsub.publish("c", [1, 2])
        assert await next_of(stream) == [1, 2]


@dataclasses.dataclass
class Point:
    x: int
    y: int


def point_from_json(value: Any) -> Point:
    return Point(**value)


async def test_a_serializer_makes_typed_messages() -> None:
    pubsub: PubSub[Point] = InMemoryPubSub(
        serializer=JsonSerializer(encode=dataclasses.asdict, decode=point_from_json)
    )
    async with pubsub.subscribe("points") as stream:
        await pubsub.publish("points", Point(1, 2))
        assert await next_of(stream) == Point(1, 2)


async def test_closing_ends_iteration_and_unsubscribes() -> None:
    pubsub = InMemoryPubSub()
    stream = pubsub.subscribe("c")
    await pubsub.publish("c", 1)
    await stream.aclose()
    await stream.aclose()  # twice is harmless
    assert stream.closed
    assert pubsub.channels() == {}
    assert [message async for message in stream] == []


async def test_a_stream_nobody_closed_unsubscribes_when_collected() -> None:
    pubsub = InMemoryPubSub()
    for number in range(1000):
        stream = pubsub.subscribe(f"c{number % 10}")
        await pubsub.publish(f"c{number % 10}", number)
        assert await next_of(stream) == number
        del stream  # no aclose(): the last reference goes, the finalizer unsubscribes
    assert pubsub.channels() == {}
    # A stream caught in a reference cycle goes at the next collection.
    cycle: list[Any] = [pubsub.subscribe("cycle")]
    cycle.append(cycle)
    del cycle
    assert pubsub.channels() == {"cycle": 1}
    gc.collect()
    assert pubsub.channels() == {}


async def test_a_subscriber_that_falls_behind_gets_an_error_not_unbounded_memory() -> None:
    pubsub = InMemoryPubSub(max_pending=3)
    slow = pubsub.subscribe("c")
    fast = pubsub.subscribe("c")
    for number in range(3):
        await pubsub.publish("c", number)
        assert await next_of(fast) == number
    await pubsub.publish("c", 3)
    with pytest.raises(SubscriberLagged) as lagged:
        await next_of(slow)
    assert lagged.value.to_dict() == {
        "message": "subscriber to 'c' fell more than 3 messages behind",
        "extensions": {"code": "PUBSUB_SUBSCRIBER_LAGGED"},
    }
    assert await next_of(fast) == 3
    await slow.aclose()
    await fast.aclose()


async def test_one_stream_has_one_reader() -> None:
    pubsub = InMemoryPubSub()
    async with pubsub.subscribe("c") as stream:
        reading = asyncio.ensure_future(next_of(stream))
        await asyncio.sleep(0)
        with pytest.raises(RuntimeError, match=r"^another task is already reading 'c''s stream$"):
            await next_of(stream)
        await pubsub.publish("c", "for the first reader")
        assert await reading == "for the first reader"


def test_max_pending_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_pending must be a positive number of messages"):
        InMemoryPubSub(max_pending=0)


async def test_aclose_ends_every_stream_cleanly() -> None:
    pubsub = InMemoryPubSub()
    stream = pubsub.subscribe("c")
    await pubsub.publish("c", "last")
    await pubsub.aclose()
    assert [message async for message in stream] == ["last"]
    assert pubsub.channels() == {}


PUBSUB: InMemoryPubSub[Any] = InMemoryPubSub()


@grommet.type
class Message:
    room: str
    text: str


@grommet.type
class Query:
    @grommet.field
    def rooms(self) -> list[str]:
        return sorted(PUBSUB.channels())


@grommet.type
class Mutation:
    @grommet.field
    async def post(self, room: str, text: str) -> Message:
        await PUBSUB.publish(f"room:{room}", {"room": room, "text": text})
        return Message(room, text)


@grommet.type
class Subscription:
    @grommet.subscription
    async def messages(self, room: str) -> AsyncIterator[Message]:
        async with PUBSUB.subscribe(f"room:{room}") as stream:
            async for event in stream:
                yield Message(**event)

    @grommet.subscription
    def texts(self, room: str) -> AsyncIterator[str]:
        """A plain function may return the stream itself: grommet closes it at the end."""
        return PUBSUB.subscribe(f"texts:{room}")

    @grommet.subscription
    async def failing(self) -> AsyncIterator[str]:
        yield "one"
        raise PubSubError("the feed broke")


SCHEMA = grommet.Schema(Query, Mutation, Subscription, mask_errors=True)


def subscribe(source: str) -> AsyncGenerator[grommet.ExecutionResult, None]:
    """``Schema.subscribe`` is an async generator (typed as an iterator): it can be closed."""
    return cast(AsyncGenerator[grommet.ExecutionResult, None], SCHEMA.subscribe(source))


async def until_subscribed(channel: str) -> None:
    for _ in range(100):
        if channel in PUBSUB.channels():
            return
        await asyncio.sleep(0)
    raise AssertionError(f"nobody subscribed to {channel!r}")


async def test_a_builder_subscription_receives_what_a_mutation_publishes() -> None:
    events = subscribe('subscription { messages(room: "a") { room text } }')
    first = asyncio.ensure_future(asyncio.wait_for(anext(events), WAIT))
    await until_subscribed("room:a")
    posted = await SCHEMA.execute('mutation { post(room: "a", text: "hi") { text } }')
    assert posted.to_dict() == {"data": {"post": {"text": "hi"}}}
    assert (await first).to_dict() == {"data": {"messages": {"room": "a", "text": "hi"}}}
    await events.aclose()
    assert PUBSUB.channels() == {}


async def test_a_returned_stream_is_closed_when_the_subscription_ends() -> None:
    events = subscribe('subscription { texts(room: "b") }')
    first = asyncio.ensure_future(asyncio.wait_for(anext(events), WAIT))
    await until_subscribed("texts:b")
    await PUBSUB.publish("texts:b", "hello")
    assert (await first).to_dict() == {"data": {"texts": "hello"}}
    await events.aclose()
    assert PUBSUB.channels() == {}


async def test_a_pubsub_error_reaches_the_client_unmasked() -> None:
    results = [result.to_dict() async for result in SCHEMA.subscribe("subscription { failing }")]
    assert results == [
        {"data": {"failing": "one"}},
        {
            "data": None,
            "errors": [{"message": "the feed broke", "extensions": {"code": "PUBSUB_ERROR"}}],
        },
    ]
