"""RedisPubSub against a real redis-server: delivery, unsubscribing (1,000 subscribers leave
no Redis subscription behind), a killed server (an error, then a reconnect)."""

from __future__ import annotations

import asyncio
import dataclasses
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis

from grommet.pubsub import BrokerConnectionLost, ChannelStream, JsonSerializer, PubSub
from grommet.pubsub.redis import RedisPubSub

from .redis_server import RedisServer, redis_subscriptions, settle

WAIT = 5.0


async def next_of(stream: ChannelStream[Any]) -> Any:
    return await asyncio.wait_for(anext(stream), WAIT)


@pytest.fixture
async def admin(shared_redis: RedisServer) -> AsyncIterator[Redis]:
    client = Redis.from_url(shared_redis.url)
    yield client
    await client.aclose()


@pytest.fixture
async def pubsub(shared_redis: RedisServer) -> AsyncIterator[RedisPubSub[Any]]:
    made = RedisPubSub(shared_redis.url)
    yield made
    await made.aclose()


async def test_subscribers_receive_what_another_connection_publishes(
    pubsub: RedisPubSub[Any], shared_redis: RedisServer, admin: Redis
) -> None:
    publisher = RedisPubSub(shared_redis.url)  # another worker, in effect
    try:
        async with pubsub.subscribe("t1:news") as first, pubsub.subscribe("t1:news") as second:
            # One Redis subscription per worker, however many streams read it.
            assert await redis_subscriptions(admin, ["t1:news"]) == {"t1:news": 1}
            for number in range(3):
                await publisher.publish("t1:news", {"n": number, "text": "héllo"})
            expected = [{"n": n, "text": "héllo"} for n in range(3)]
            assert [await next_of(first) for _ in range(3)] == expected
            assert [await next_of(second) for _ in range(3)] == expected
        await settle(admin, ["t1:news"], {})
    finally:
        await publisher.aclose()


async def test_messages_are_the_serializers_bytes(
    pubsub: RedisPubSub[Any], shared_redis: RedisServer
) -> None:
    raw = Redis.from_url(shared_redis.url)
    try:
        async with pubsub.subscribe("t2:raw") as stream:
            await raw.publish("t2:raw", b'{"from":"another client"}')
            assert await next_of(stream) == {"from": "another client"}
            await raw.publish("t2:raw", b"not json")
            with pytest.raises(ValueError, match="Expecting value: line 1 column 1"):
                await next_of(stream)
    finally:
        await raw.aclose()


@dataclasses.dataclass
class Reading:
    sensor: str
    value: float


def reading_from_json(value: Any) -> Reading:
    return Reading(**value)


async def test_a_serializer_makes_typed_messages(shared_redis: RedisServer) -> None:
    readings: PubSub[Reading] = RedisPubSub(
        shared_redis.url,
        serializer=JsonSerializer(encode=dataclasses.asdict, decode=reading_from_json),
    )
    try:
        async with readings.subscribe("t3:readings") as stream:
            await readings.publish("t3:readings", Reading("s1", 0.5))
            assert await next_of(stream) == Reading("s1", 0.5)
    finally:
        await readings.aclose()


async def test_channels_come_and_go_independently(pubsub: RedisPubSub[Any], admin: Redis) -> None:
    channels = ["t4:a", "t4:b"]
    a = pubsub.subscribe("t4:a")
    async with pubsub.subscribe("t4:b") as b:
        await settle(admin, channels, {"t4:a": 1, "t4:b": 1})
        await a.aclose()
        await settle(admin, channels, {"t4:b": 1})
        await pubsub.publish("t4:b", "still here")
        assert await next_of(b) == "still here"
        # Subscribing again to a channel just left works.
        async with pubsub.subscribe("t4:a") as again:
            await pubsub.publish("t4:a", "back")
            assert await next_of(again) == "back"
    await settle(admin, channels, {})


async def test_a_thousand_subscribers_leave_no_redis_subscription(
    pubsub: RedisPubSub[Any], admin: Redis
) -> None:
    channels = [f"t5:room{n}" for n in range(20)]
    streams = [pubsub.subscribe(channels[n % 20]) for n in range(1000)]
    await asyncio.wait_for(asyncio.gather(*(stream.__aenter__() for stream in streams)), WAIT)
    await settle(admin, channels, dict.fromkeys(channels, 1))
    await pubsub.publish("t5:room7", "to room 7")
    assert {await next_of(stream) for stream in streams[7::20]} == {"to room 7"}
    # Half are closed; the other half are only dropped, as a cancelled resolver drops them.
    for stream in streams[::2]:
        await stream.aclose()
    del stream
    streams.clear()
    await settle(admin, channels, {})
    # And one at a time, each confirmed by Redis before it closes.
    for n in range(1000):
        async with pubsub.subscribe(channels[n % 20]) as stream:
            await pubsub.publish(channels[n % 20], n)
            assert await next_of(stream) == n
    await settle(admin, channels, {})
    assert await admin.pubsub_channels("t5:*") == []


async def test_a_killed_server_ends_streams_with_an_error_then_reconnects(
    own_redis: RedisServer,
) -> None:
    pubsub = RedisPubSub(own_redis.url)
    try:
        first = pubsub.subscribe("t6:a")
        second = pubsub.subscribe("t6:b")
        async with first, second:
            await pubsub.publish("t6:a", "before")
            own_redis.kill()
            for stream in (second, first):
                if stream is first:  # it failed already (second did), yet what arrived is read
                    assert await next_of(first) == "before"
                with pytest.raises(BrokerConnectionLost) as lost:
                    await next_of(stream)
                assert lost.value.to_dict() == {
                    "message": "the subscription lost its connection to the message broker; "
                    "subscribe again",
                    "extensions": {"code": "PUBSUB_CONNECTION_LOST"},
                }
                assert lost.value.__cause__ is not None
        with pytest.raises(BrokerConnectionLost) as unpublished:
            await pubsub.publish("t6:a", "lost")
        assert unpublished.value.to_dict() == {
            "message": "could not publish to 't6:a': the message broker is unreachable",
            "extensions": {"code": "PUBSUB_CONNECTION_LOST"},
        }
        # While Redis is down, a new subscriber fails the same way instead of waiting.
        with pytest.raises(BrokerConnectionLost):
            await asyncio.wait_for(pubsub.subscribe("t6:a").__aenter__(), WAIT)
        own_redis.restart()
        async with pubsub.subscribe("t6:a") as again:
            await pubsub.publish("t6:a", "after")
            assert await next_of(again) == "after"
    finally:
        await pubsub.aclose()


async def test_aclose_ends_streams_cleanly(shared_redis: RedisServer, admin: Redis) -> None:
    pubsub = RedisPubSub(shared_redis.url)
    stream = pubsub.subscribe("t7:c")
    async with stream:
        await pubsub.aclose()
        assert [message async for message in stream] == []
    await settle(admin, ["t7:c"], {})


def test_it_belongs_to_one_event_loop(shared_redis: RedisServer) -> None:
    pubsub: RedisPubSub[Any] = RedisPubSub(shared_redis.url)
    with pytest.raises(
        RuntimeError, match=r"^RedisPubSub.subscribe\(\) needs a running event loop$"
    ):
        pubsub.subscribe("t8:c")

    async def round_trip() -> Any:
        try:
            async with pubsub.subscribe("t8:c") as stream:
                await pubsub.publish("t8:c", "in the first loop")
                return await next_of(stream)
        finally:
            await pubsub.aclose()

    assert asyncio.run(round_trip()) == "in the first loop"
    other_loop = (
        "^this RedisPubSub belongs to the event loop it was first used in; make one per event loop$"
    )
    with pytest.raises(RuntimeError, match=other_loop):
        asyncio.run(round_trip())


async def test_aclose_leaves_no_task_behind(shared_redis: RedisServer, admin: Redis) -> None:
    pubsub = RedisPubSub(shared_redis.url)
    for _ in range(3):  # a link may still be disconnecting while the next one starts
        async with pubsub.subscribe("t9:a"):
            pass
        await asyncio.sleep(0)
    async with pubsub.subscribe("t9:b"):
        await pubsub.aclose()
    assert asyncio.all_tasks() == {asyncio.current_task()}
    await settle(admin, ["t9:a", "t9:b"], {})


def test_without_redis_py_the_import_says_which_extra_to_install() -> None:
    blocked = "import sys; sys.modules['redis'] = None; import grommet.pubsub.redis"
    done = subprocess.run(
        [sys.executable, "-c", blocked], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        "ImportError: grommet.pubsub.redis needs redis-py: pip install 'grommet[redis]'"
    )
