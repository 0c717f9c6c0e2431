"""Operations over graphql-transport-ws against a real server."""

from __future__ import annotations

import asyncio

from .schema import COUNTER, STREAMS
from .wsclient import PROTOCOL, open_socket


async def test_handshake_selects_the_protocol(address: str) -> None:
    async with open_socket(address, init=False) as socket:
        assert socket.connection.subprotocol == PROTOCOL
        assert await socket.init() == {"type": "connection_ack"}


async def test_subscription_streams_then_completes(address: str) -> None:
    async with open_socket(address) as socket:
        await socket.subscribe(
            "s1", "subscription ($to: Int!) { count(to: $to) }", variables={"to": 3}
        )
        for number in (1, 2, 3):
            assert await socket.receive() == {
                "id": "s1",
                "type": "next",
                "payload": {"data": {"count": number}},
            }
        assert await socket.receive() == {"id": "s1", "type": "complete"}


async def test_query_and_mutation_give_one_result_then_complete(address: str) -> None:
    async with open_socket(address) as socket:
        await socket.subscribe("q", '{ hello(name: "ws") }')
        assert await socket.receive() == {
            "id": "q",
            "type": "next",
            "payload": {"data": {"hello": "Hello, ws!"}},
        }
        assert await socket.receive() == {"id": "q", "type": "complete"}
        expected = COUNTER["value"] + 5
        await socket.subscribe("m", "mutation Bump { increment(by: 5) }", operationName="Bump")
        assert await socket.receive() == {
            "id": "m",
            "type": "next",
            "payload": {"data": {"increment": expected}},
        }
        assert await socket.receive() == {"id": "m", "type": "complete"}


async def test_request_errors_are_an_error_message(address: str) -> None:
    async with open_socket(address) as socket:
        await socket.subscribe("bad", "subscription { count }")
        assert await socket.receive() == {
            "id": "bad",
            "type": "error",
            "payload": [
                {
                    "message": "the required argument `Subscription.count(to:)` is not provided",
                    "locations": [{"line": 1, "column": 16}],
                }
            ],
        }
        # The operation ended, the socket did not; its id may be used again.
        await socket.subscribe("bad", "{ hello }")
        assert (await socket.receive())["type"] == "next"
        assert await socket.receive() == {"id": "bad", "type": "complete"}


async def test_field_errors_are_next_messages(address: str) -> None:
    async with open_socket(address) as socket:
        await socket.subscribe("f", "{ forbidden }")
        assert await socket.receive() == {
            "id": "f",
            "type": "next",
            "payload": {
                "data": {"forbidden": None},
                "errors": [
                    {
                        "message": "not allowed",
                        "locations": [{"line": 1, "column": 3}],
                        "path": ["forbidden"],
                        "extensions": {"code": "FORBIDDEN"},
                    }
                ],
            },
        }
        assert await socket.receive() == {"id": "f", "type": "complete"}


async def test_a_failing_stream_ends_with_its_error(address: str) -> None:
    async with open_socket(address) as socket:
        await socket.subscribe("b", "subscription { breaks }")
        assert await socket.receive() == {
            "id": "b",
            "type": "next",
            "payload": {"data": {"breaks": 1}},
        }
        assert await socket.receive() == {
            "id": "b",
            "type": "next",
            "payload": {"data": None, "errors": [{"message": "the stream broke"}]},
        }
        assert await socket.receive() == {"id": "b", "type": "complete"}


async def test_concurrent_operations_on_one_socket(address: str) -> None:
    async with open_socket(address) as socket:
        await socket.subscribe("a", 'subscription { ticks(tag: "conc-a", interval: 0.01) }')
        await socket.subscribe("b", 'subscription { ticks(tag: "conc-b", interval: 0.01) }')
        seen: dict[str, list[str]] = {"a": [], "b": []}
        for _ in range(200):
            if min(len(values) for values in seen.values()) >= 3:
                break
            message = await socket.receive()
            assert message["type"] == "next"
            seen[message["id"]].append(message["payload"]["data"]["ticks"])
        assert seen["a"][:3] == ["conc-a-1", "conc-a-2", "conc-a-3"]
        assert seen["b"][:3] == ["conc-b-1", "conc-b-2", "conc-b-3"]
        # A query in between is answered while both streams run.
        await socket.subscribe("q", "{ hello }")
        for _ in range(200):
            message = await socket.receive()
            if message["id"] == "q":
                break
        assert message == {
            "id": "q",
            "type": "next",
            "payload": {"data": {"hello": "Hello, world!"}},
        }


async def test_client_complete_stops_the_server_stream(address: str) -> None:
    async with open_socket(address) as socket:
        await socket.subscribe("t", 'subscription { ticks(tag: "complete-me", interval: 0.02) }')
        assert (await socket.receive())["payload"] == {"data": {"ticks": "complete-me-1"}}
        await socket.send({"id": "t", "type": "complete"})
        assert await STREAMS.wait_closed("complete-me"), "the stream's finally did not run"
        # Results already in flight for "t" may arrive before the pong, none after it.
        await socket.send({"type": "ping"})
        for _ in range(100):
            message = await socket.receive()
            if message == {"type": "pong"}:
                break
            assert (message["id"], message["type"]) == ("t", "next")
        await asyncio.sleep(0.1)
        await socket.ping()


async def test_disconnect_stops_every_stream(address: str) -> None:
    async with open_socket(address) as socket:
        for tag in ("gone-1", "gone-2"):
            await socket.subscribe(tag, f'subscription {{ ticks(tag: "{tag}") }}')
        for _ in range(2):
            assert (await socket.receive())["type"] == "next"
    assert await STREAMS.wait_closed("gone-1")
    assert await STREAMS.wait_closed("gone-2")


async def test_ping_is_answered_before_and_after_init(address: str) -> None:
    async with open_socket(address, init=False) as socket:
        await socket.ping()
        await socket.send({"type": "ping", "payload": {"at": 1}})
        assert await socket.receive() == {"type": "pong"}
        assert await socket.init() == {"type": "connection_ack"}
        await socket.send({"type": "pong"})  # an unsolicited pong is fine
        await socket.ping()


async def test_context_comes_from_connection_params(address: str) -> None:
    async with open_socket(address, init=False) as socket:
        assert await socket.init({"user": "grace"}) == {"type": "connection_ack"}
        await socket.subscribe("w", "subscription { whoami }")
        assert await socket.receive() == {
            "id": "w",
            "type": "next",
            "payload": {"data": {"whoami": "grace"}},
        }
        assert await socket.receive() == {"id": "w", "type": "complete"}
        await socket.subscribe("q", "{ whoami requestLine }")
        assert (await socket.receive())["payload"] == {
            "data": {"whoami": "grace", "requestLine": "GET /graphql {}"}
        }
