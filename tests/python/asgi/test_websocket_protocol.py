"""graphql-transport-ws rules against a real server: each violation closes with its code."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from grommet.asgi import GraphQL, Request

from .live import serve
from .schema import SCHEMA, STREAMS
from .wsclient import TIMEOUT, open_socket


async def test_unknown_message_type_is_4400(address: str) -> None:
    async with open_socket(address) as socket:
        await socket.send({"type": "next", "id": "x", "payload": {}})
        assert await socket.closed() == (4400, "Unexpected message type 'next'")


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"id": "x"}', '{"type": 7}'])
async def test_invalid_message_is_4400(address: str, text: str) -> None:
    async with open_socket(address) as socket:
        await socket.send(text)
        assert await socket.closed() == (4400, "Invalid message received")


NEEDS_ID = "The message needs a non-empty string id"
HELLO = {"query": "{ hello }"}


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ({"type": "subscribe", "payload": HELLO}, NEEDS_ID),
        ({"type": "subscribe", "id": "", "payload": HELLO}, NEEDS_ID),
        ({"type": "complete"}, NEEDS_ID),
        ({"type": "subscribe", "id": "1"}, "subscribe payload must be an object"),
        ({"type": "subscribe", "id": "1", "payload": {}}, 'The "query" parameter is required.'),
        (
            {"type": "subscribe", "id": "1", "payload": {**HELLO, "variables": 1}},
            'The "variables" parameter must be a JSON object or null.',
        ),
    ],
)
async def test_malformed_operation_messages_are_4400(
    address: str, message: dict[str, Any], reason: str
) -> None:
    async with open_socket(address) as socket:
        await socket.send(message)
        assert await socket.closed() == (4400, reason)


async def test_binary_frames_carry_json_too(address: str) -> None:
    async with open_socket(address) as socket:
        await socket.connection.send(b'{"type": "ping"}')
        assert await socket.receive() == {"type": "pong"}


async def test_subscribe_before_ack_is_4401(address: str) -> None:
    async with open_socket(address, init=False) as socket:
        await socket.subscribe("1", "{ hello }")
        assert await socket.closed() == (4401, "Unauthorized")


async def test_second_init_is_4429(address: str) -> None:
    async with open_socket(address) as socket:
        await socket.send({"type": "connection_init"})
        assert await socket.closed() == (4429, "Too many initialisation requests")


async def test_init_payload_must_be_an_object(address: str) -> None:
    async with open_socket(address, init=False) as socket:
        await socket.send({"type": "connection_init", "payload": [1]})
        assert await socket.closed() == (4400, "connection_init payload must be an object")


async def test_duplicate_id_is_4409_and_stops_the_running_stream(address: str) -> None:
    async with open_socket(address) as socket:
        await socket.subscribe("dup", 'subscription { ticks(tag: "dup") }')
        assert (await socket.receive())["id"] == "dup"
        await socket.subscribe("dup", "{ hello }")
        code_reason = await socket.closed()
        assert code_reason == (4409, "Subscriber for dup already exists")
    assert await STREAMS.wait_closed("dup")


async def test_missing_subprotocol_is_4406(address: str) -> None:
    async with open_socket(address, init=False, protocols=()) as socket:
        assert socket.connection.subprotocol is None
        assert await socket.closed() == (4406, "Subprotocol not acceptable")


async def on_connect(request: Request) -> dict[str, str] | bool:
    params = request.connection_params or {}
    if params.get("token") == "boom":
        raise RuntimeError("hook failed")
    if params.get("token") != "secret":
        return False
    return {"server": "grommet"}


@pytest.fixture(scope="module")
def hooked() -> Iterator[str]:
    """A server that checks a token and waits only 0.3 s for connection_init."""
    with serve(GraphQL(SCHEMA, on_connect=on_connect, connection_init_timeout=0.3)) as address:
        yield address


async def test_on_connect_accepts_with_an_ack_payload(hooked: str) -> None:
    async with open_socket(hooked, init=False) as socket:
        ack = await socket.init({"token": "secret"})
        assert ack == {"type": "connection_ack", "payload": {"server": "grommet"}}
        await socket.subscribe("q", "{ hello }")
        assert (await socket.receive())["payload"] == {"data": {"hello": "Hello, world!"}}


async def test_on_connect_rejects_with_4403(hooked: str) -> None:
    async with open_socket(hooked, init=False) as socket:
        await socket.send({"type": "connection_init", "payload": {"token": "wrong"}})
        assert await socket.closed() == (4403, "Forbidden")


async def test_a_failing_hook_is_4500(hooked: str, caplog: pytest.LogCaptureFixture) -> None:
    async with open_socket(hooked, init=False) as socket:
        await socket.send({"type": "connection_init", "payload": {"token": "boom"}})
        assert await socket.closed() == (4500, "Internal server error")
    assert "a connection hook failed" in caplog.text


async def test_no_init_within_the_timeout_is_4408(hooked: str) -> None:
    async with open_socket(hooked, init=False) as socket:
        loop = asyncio.get_running_loop()
        started = loop.time()
        await socket.ping()  # a ping is not an init
        assert await socket.closed() == (4408, "Connection initialisation timeout")
        assert 0.25 < loop.time() - started < TIMEOUT


async def test_keep_alive_pings_the_client() -> None:
    with serve(GraphQL(SCHEMA, keep_alive=0.05)) as address:
        async with open_socket(address) as socket:
            assert await socket.receive() == {"type": "ping"}
            assert await socket.receive() == {"type": "ping"}
            await socket.send({"type": "pong"})
            await socket.subscribe("q", "{ hello }")
            for _ in range(100):
                message = await socket.receive()
                if message != {"type": "ping"}:
                    break
            assert message["id"] == "q"


async def test_websockets_can_be_turned_off() -> None:
    with serve(GraphQL(SCHEMA, subscription_protocols=())) as address:
        with pytest.raises(InvalidStatus) as refused:
            async with connect(f"ws://{address}/", open_timeout=TIMEOUT):
                pass
        assert refused.value.response.status_code == 403
