"""Two uvicorn worker processes of one app, one Redis: a subscription on one worker (over
graphql-transport-ws) receives what a mutation on the other publishes; a killed Redis is an
error to the client, not a hang; disconnecting clients leave no Redis subscription behind."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

from tests.python.asgi.wsclient import open_socket

from .redis_server import RedisServer, settle
from .workers import worker

SUBSCRIPTION = "subscription ($room: String!) { messages(room: $room) { room text worker } }"
POST = "mutation ($room: String!, $text: String!) { post(room: $room, text: $text) { worker } }"


@pytest.fixture(scope="module")
def workers(
    shared_redis: RedisServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """Addresses of workers A and B, both on the shared Redis."""
    logs = tmp_path_factory.mktemp("workers")
    with worker("A", shared_redis.url, logs) as a, worker("B", shared_redis.url, logs) as b:
        yield a, b


@pytest.fixture
async def admin(shared_redis: RedisServer) -> AsyncIterator[Redis]:
    client = Redis.from_url(shared_redis.url)
    yield client
    await client.aclose()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5.0) as client:
        yield client


async def post(http: httpx.AsyncClient, address: str, room: str, text: str) -> dict[str, Any]:
    answer = await http.post(
        f"http://{address}/graphql",
        json={"query": POST, "variables": {"room": room, "text": text}},
    )
    assert answer.status_code == 200
    result: dict[str, Any] = answer.json()
    return result


def event(op_id: str, room: str, text: str, worker: str) -> dict[str, Any]:
    message = {"room": room, "text": text, "worker": worker}
    return {"id": op_id, "type": "next", "payload": {"data": {"messages": message}}}


async def test_a_subscriber_on_one_worker_receives_mutations_on_either(
    workers: tuple[str, str], admin: Redis, http: httpx.AsyncClient
) -> None:
    a, b = workers
    async with open_socket(a) as socket:
        await socket.subscribe("s", SUBSCRIPTION, variables={"room": "lobby"})
        await settle(admin, ["room:lobby"], {"room:lobby": 1})
        assert await post(http, b, "lobby", "from B") == {"data": {"post": {"worker": "B"}}}
        assert await socket.receive() == event("s", "lobby", "from B", "B")
        assert await post(http, a, "lobby", "from A") == {"data": {"post": {"worker": "A"}}}
        assert await socket.receive() == event("s", "lobby", "from A", "A")
        await post(http, b, "elsewhere", "not for the lobby")
        await post(http, b, "lobby", "again from B")
        assert await socket.receive() == event("s", "lobby", "again from B", "B")
        await socket.send({"id": "s", "type": "complete"})
        await socket.ping()
        await settle(admin, ["room:lobby"], {})


async def test_subscribers_on_both_workers_all_receive(
    workers: tuple[str, str], admin: Redis, http: httpx.AsyncClient
) -> None:
    a, b = workers
    async with open_socket(a) as on_a, open_socket(b) as on_b:
        await on_a.subscribe("1", SUBSCRIPTION, variables={"room": "both"})
        await on_a.subscribe("2", SUBSCRIPTION, variables={"room": "both"})
        await on_b.subscribe("3", SUBSCRIPTION, variables={"room": "both"})
        await settle(admin, ["room:both"], {"room:both": 2})  # one per worker
        await post(http, b, "both", "hello all")
        assert sorted([await on_a.receive(), await on_a.receive()], key=lambda m: m["id"]) == [
            event("1", "both", "hello all", "B"),
            event("2", "both", "hello all", "B"),
        ]
        assert await on_b.receive() == event("3", "both", "hello all", "B")
    await settle(admin, ["room:both"], {})


async def test_clients_that_disconnect_leave_no_redis_subscription(
    workers: tuple[str, str], admin: Redis, http: httpx.AsyncClient
) -> None:
    rooms = [f"churn{n}" for n in range(10)]
    channels = [f"room:{room}" for room in rooms]
    for round_number in range(2):
        async with asyncio.TaskGroup() as group:
            for n in range(40):
                group.create_task(subscribe_then_leave(http, workers[n % 2], rooms[n % 10], n))
        await settle(admin, channels, {})
        assert round_number >= 0


async def subscribe_then_leave(http: httpx.AsyncClient, address: str, room: str, n: int) -> None:
    """Subscribe, see one event, then leave: by ``complete`` or by closing the socket."""
    async with open_socket(address) as socket:
        await socket.subscribe("s", SUBSCRIPTION, variables={"room": room})
        received = None
        for _ in range(50):  # publish until this subscriber is listening
            await post(http, address, room, f"hello {n}")
            try:
                received = await asyncio.wait_for(socket.connection.recv(), 0.1)
                break
            except TimeoutError:
                continue
        assert received is not None, f"subscriber {n} never received an event"
        if n % 3 == 0:
            await socket.send({"id": "s", "type": "complete"})
            await socket.send({"type": "ping"})
            for _ in range(200):  # others in the room may still publish until the pong
                message = await socket.receive()
                if message == {"type": "pong"}:
                    break
                assert message["id"] == "s" and message["type"] == "next"
            assert message == {"type": "pong"}
        # Otherwise the socket just closes, mid-stream, when the block ends.


@pytest.fixture
def killable(own_redis: RedisServer, tmp_path: Path) -> Iterator[tuple[RedisServer, str, str]]:
    """A Redis this test kills, and workers A and B on it."""
    with worker("A", own_redis.url, tmp_path) as a, worker("B", own_redis.url, tmp_path) as b:
        yield own_redis, a, b


async def test_killing_redis_mid_stream_is_an_error_then_workers_reconnect(
    killable: tuple[RedisServer, str, str], http: httpx.AsyncClient
) -> None:
    redis_server, a, b = killable
    admin = Redis.from_url(redis_server.url)
    try:
        async with open_socket(a) as socket:
            await socket.subscribe("s", SUBSCRIPTION, variables={"room": "r"})
            await settle(admin, ["room:r"], {"room:r": 1})
            await post(http, b, "r", "before")
            assert await socket.receive() == event("s", "r", "before", "B")
            redis_server.kill()
            # Within the client's bounded wait: an error, then the end of the operation.
            assert await socket.receive() == {
                "id": "s",
                "type": "next",
                "payload": {
                    "data": None,
                    "errors": [
                        {
                            "message": "the subscription lost its connection to the message "
                            "broker; subscribe again",
                            "extensions": {"code": "PUBSUB_CONNECTION_LOST"},
                        }
                    ],
                },
            }
            assert await socket.receive() == {"id": "s", "type": "complete"}
            assert await post(http, b, "r", "while down") == {
                "data": None,
                "errors": [
                    {
                        "message": "could not publish to 'room:r': the message broker is "
                        "unreachable",
                        "locations": [{"line": 1, "column": 45}],
                        "path": ["post"],
                        "extensions": {"code": "PUBSUB_CONNECTION_LOST"},
                    }
                ],
            }
            redis_server.restart()
            await admin.aclose()
            admin = Redis.from_url(redis_server.url)
            # The same socket subscribes again; both workers use the new Redis.
            await socket.subscribe("s2", SUBSCRIPTION, variables={"room": "r"})
            await settle(admin, ["room:r"], {"room:r": 1})
            assert await post(http, b, "r", "after") == {"data": {"post": {"worker": "B"}}}
            assert await socket.receive() == event("s2", "r", "after", "B")
        await settle(admin, ["room:r"], {})
    finally:
        await admin.aclose()
