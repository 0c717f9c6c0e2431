"""Hostile and malformed graphql-transport-ws traffic against a real server: each breach
closes with the protocol's code (4400 for a bad message, never 4500), and a source that
fails before its first event is an `error` message."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from websockets.typing import Subprotocol

from grommet.asgi import GraphQL

from .live import serve
from .transport_schema import TRANSPORT_SCHEMA
from .wsclient import Socket, open_socket

DEEP = 5000
INVALID = (4400, "Invalid message received")
NOT_AN_OBJECT = 'The "{}" parameter must be a JSON object or null.'


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(GraphQL(TRANSPORT_SCHEMA)) as address:
        yield address


@pytest.fixture(scope="module")
def small() -> Iterator[str]:
    """Frames (like bodies) are limited to 4 KiB here."""
    with serve(GraphQL(TRANSPORT_SCHEMA, max_body_bytes=4096)) as address:
        yield address


@pytest.mark.parametrize(
    "frame",
    [
        '{"type": "ping", "payload": ' + "[" * DEEP + "]" * DEEP + "}",
        '{"type": "connection_init", "payload": {"x": "\\ud800"}}',
        '{"type": "ping", "payload": {"x": NaN}}',
        '{"type": "ping", "payload": {"x": 1e999}}',
        '{"type": "ping", "type": "pong"}',
        '{"type": 5}',
        "[]",
        '"ping"',
        "",
        "{",
    ],
)
async def test_a_malformed_frame_is_4400(server: str, frame: str) -> None:
    async with open_socket(server, init=False) as socket:
        await socket.send(frame)
        assert await socket.closed() == INVALID


async def test_deep_json_in_a_subscribe_is_4400(server: str) -> None:
    async with open_socket(server) as socket:
        deep = '{"a": ' * 1000 + "1" + "}" * 1000
        await socket.send(
            '{"id": "1", "type": "subscribe", "payload": {"query": "{ hello }", "variables": '
            + deep
            + "}}"
        )
        assert await socket.closed() == INVALID


async def test_binary_frames_are_read_as_utf8_json(server: str) -> None:
    async with open_socket(server, init=False) as socket:
        await socket.connection.send(b'{"type": "connection_init"}')
        assert await socket.receive() == {"type": "connection_ack"}
        await socket.connection.send(b'{"type": "ping"}')
        assert await socket.receive() == {"type": "pong"}
        await socket.connection.send(b'{"type": "ping", "payload": {"x": "\xff"}}')
        assert await socket.closed() == INVALID


async def test_a_frame_over_the_limit_is_1009(small: str) -> None:
    async with open_socket(small) as socket:
        await socket.send('{"type": "ping", "payload": {"pad": "' + "x" * 4000 + '"}}')
        assert await socket.receive() == {"type": "pong"}
        await socket.send('{"type": "ping", "payload": {"pad": "' + "x" * 5000 + '"}}')
        assert await socket.closed() == (1009, "Message too big")


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ({"query": 5}, 'The "query" parameter must be a string.'),
        ({"query": "{ hello }", "variables": [1]}, NOT_AN_OBJECT.format("variables")),
        ({"query": "{ hello }", "operationName": 1},
         'The "operationName" parameter must be a string or null.'),
        ({"query": "{ hello }", "extensions": "x"}, NOT_AN_OBJECT.format("extensions")),
        ({}, 'The "query" parameter is required.'),
    ],
)  # fmt: skip
async def test_wrong_parameter_types_are_4400(
    server: str, payload: dict[str, object], reason: str
) -> None:
    async with open_socket(server) as socket:
        await socket.send({"id": "1", "type": "subscribe", "payload": payload})
        assert await socket.closed() == (4400, reason)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ({"type": "subscribe", "id": 1, "payload": {"query": "{ hello }"}},
         (4400, "The message needs a non-empty string id")),
        ({"type": "subscribe", "id": "", "payload": {"query": "{ hello }"}},
         (4400, "The message needs a non-empty string id")),
        ({"type": "subscribe", "id": "1", "payload": "{ hello }"},
         (4400, "subscribe payload must be an object")),
        ({"type": "next", "id": "1", "payload": {}}, (4400, "Unexpected message type 'next'")),
        ({"type": "connection_ack"}, (4400, "Unexpected message type 'connection_ack'")),
        ({"type": "complete"}, (4400, "The message needs a non-empty string id")),
    ],
)  # fmt: skip
async def test_wrong_messages_close_with_their_code(
    server: str, message: dict[str, object], expected: tuple[int, str]
) -> None:
    async with open_socket(server) as socket:
        await socket.send(message)
        assert await socket.closed() == expected


async def test_messages_before_init(server: str) -> None:
    async with open_socket(server, init=False) as socket:
        await socket.ping()  # allowed at any time
        await socket.send({"type": "complete", "id": "nothing"})  # nothing to complete
        await socket.ping()
        await socket.subscribe("1", "{ hello }")
        assert await socket.closed() == (4401, "Unauthorized")


async def test_complete_after_complete_and_reused_ids(server: str) -> None:
    async with open_socket(server) as socket:
        for _ in range(2):  # an id is free again once its operation completed
            await socket.subscribe("q", "{ hello }")
            assert (await socket.receive())["type"] == "next"
            assert await socket.receive() == {"id": "q", "type": "complete"}
            await socket.send({"type": "complete", "id": "q"})
        await socket.ping()
        await socket.subscribe("t", 'subscription { ticks(tag: "hostile-dup") }')
        assert (await socket.receive())["id"] == "t"
        await socket.subscribe("t", "{ hello }")
        assert await socket.closed() == (4409, "Subscriber for t already exists")


async def test_a_source_failing_before_its_first_event_is_an_error_message(server: str) -> None:
    async with open_socket(server) as socket:
        await socket.subscribe("s", "subscription { failsAtOnce }")
        assert await socket.receive() == {
            "id": "s",
            "type": "error",
            "payload": [{"message": "the source failed before its first event"}],
        }
        await socket.ping()  # and no `complete` came before the pong


async def test_a_source_failing_after_an_event_sends_next_then_complete(server: str) -> None:
    async with open_socket(server) as socket:
        await socket.subscribe("s", "subscription { failsLater }")
        assert await socket.receive() == {
            "id": "s",
            "type": "next",
            "payload": {"data": {"failsLater": 1}},
        }
        assert await socket.receive() == {
            "id": "s",
            "type": "next",
            "payload": {"data": None, "errors": [{"message": "the source failed after one event"}]},
        }
        assert await socket.receive() == {"id": "s", "type": "complete"}


async def test_the_frame_limit_counts_utf8_bytes(small: str) -> None:
    async with open_socket(small) as socket:
        # 1,500 characters, 4,500 bytes: over the 4 KiB limit.
        await socket.send('{"type": "ping", "payload": {"pad": "' + "☃" * 1500 + '"}}')
        assert await socket.closed() == (1009, "Message too big")
    async with open_socket(small) as socket:
        await socket.connection.send(
            b'{"type": "ping", "payload": {"pad": "' + b"x" * 5000 + b'"}}'
        )
        assert await socket.closed() == (1009, "Message too big")


@pytest.fixture(scope="module")
def three() -> Iterator[str]:
    """At most three operations run at once on one socket here."""
    with serve(GraphQL(TRANSPORT_SCHEMA, max_socket_operations=3, legacy_ws=True)) as address:
        yield address


async def answer_for(socket: Socket, op_id: str, kind: str) -> dict[str, Any]:
    """The next message of type ``kind`` for ``op_id``, past the running streams' events."""
    for _ in range(1000):
        message = await socket.receive()
        if message.get("id") == op_id and message["type"] == kind:
            return message
    raise AssertionError(f"no {kind} for {op_id} in 1000 messages")


async def test_operations_past_the_socket_limit_are_refused_one_by_one(three: str) -> None:
    too_many = "Too many operations on this socket: at most 3 may run at once."
    async with open_socket(three) as socket:
        for op_id in "abc":
            await socket.subscribe(op_id, f'subscription {{ ticks(tag: "limit-{op_id}") }}')
        await socket.subscribe("d", "{ hello }")
        assert await answer_for(socket, "d", "error") == {
            "id": "d",
            "type": "error",
            "payload": [{"message": too_many}],
        }
        await socket.send({"type": "complete", "id": "a"})  # frees a place at once
        await socket.subscribe("e", "{ hello }")
        assert await answer_for(socket, "e", "next") == {
            "id": "e",
            "type": "next",
            "payload": {"data": {"hello": "Hello, world!"}},
        }
        assert await answer_for(socket, "e", "complete") == {"id": "e", "type": "complete"}


async def test_the_legacy_protocol_refuses_past_the_limit_too(three: str) -> None:
    legacy = Subprotocol("graphql-ws")
    async with open_socket(three, init=False, protocols=(legacy,)) as socket:
        await socket.send({"type": "connection_init"})
        assert await socket.receive() == {"type": "connection_ack"}
        for op_id in "abc":
            query = f'subscription {{ ticks(tag: "legacy-limit-{op_id}") }}'
            await socket.send({"id": op_id, "type": "start", "payload": {"query": query}})
        await socket.send({"id": "d", "type": "start", "payload": {"query": "{ hello }"}})
        assert await answer_for(socket, "d", "error") == {
            "id": "d",
            "type": "error",
            "payload": {
                "message": "Too many operations on this socket: at most 3 may run at once."
            },
        }
        # Starting a running id again replaces its operation: it is not one more.
        await socket.send({"id": "c", "type": "start", "payload": {"query": "{ hello }"}})
        assert await answer_for(socket, "c", "complete") == {"id": "c", "type": "complete"}


def test_the_socket_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_socket_operations must be positive"):
        GraphQL(TRANSPORT_SCHEMA, max_socket_operations=0)
