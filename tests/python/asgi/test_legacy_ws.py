"""The legacy `graphql-ws` protocol (subscriptions-transport-ws) against a real server,
frame by frame and with gql's WebSocket transport, a client that speaks it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from gql import Client, GraphQLRequest
from gql.transport.websockets import WebsocketsTransport
from websockets.typing import Subprotocol

from grommet.asgi import GraphQL, Request

from .live import serve
from .schema import STREAMS
from .transport_schema import TRANSPORT_SCHEMA
from .wsclient import PROTOCOL, Socket, open_socket

LEGACY = Subprotocol("graphql-ws")
STOP_ID = "The stop message needs a non-empty string id."


def on_connect(request: Request) -> Any:
    params = request.connection_params or {}
    if params.get("token") == "bad":
        return False
    if params.get("token") == "boom":
        raise RuntimeError("hook failed")
    return None


@pytest.fixture(scope="module")
def legacy_address() -> Iterator[str]:
    app = GraphQL(TRANSPORT_SCHEMA, legacy_ws=True, on_connect=on_connect)
    with serve(app) as address:
        yield address


async def legacy_init(socket: Socket, payload: dict[str, Any] | None = None) -> None:
    message: dict[str, Any] = {"type": "connection_init"}
    if payload is not None:
        message["payload"] = payload
    await socket.send(message)
    assert await socket.receive() == {"type": "connection_ack"}


async def start(socket: Socket, op_id: str, query: str, **extra: Any) -> None:
    await socket.send({"id": op_id, "type": "start", "payload": {"query": query, **extra}})


def error(op_id: str | None, message: str) -> dict[str, Any]:
    answer: dict[str, Any] = {"type": "error", "payload": {"message": message}}
    if op_id is not None:
        answer["id"] = op_id
    return answer


def opened(address: str, *protocols: Subprotocol) -> Any:
    return open_socket(address, init=False, protocols=protocols or (LEGACY,))


async def test_the_subprotocol_selects_the_legacy_protocol(legacy_address: str) -> None:
    async with opened(legacy_address) as socket:
        assert socket.connection.subprotocol == LEGACY
        await legacy_init(socket, {"token": "ok"})
    async with opened(legacy_address, PROTOCOL, LEGACY) as socket:
        assert socket.connection.subprotocol == PROTOCOL  # the current protocol wins


async def test_a_subscription_streams_data_then_complete(legacy_address: str) -> None:
    async with opened(legacy_address) as socket:
        await legacy_init(socket)
        await start(socket, "1", "subscription($n: Int!) { count(to: $n) }", variables={"n": 2})
        assert await socket.receive() == {
            "id": "1",
            "type": "data",
            "payload": {"data": {"count": 1}},
        }
        assert await socket.receive() == {
            "id": "1",
            "type": "data",
            "payload": {"data": {"count": 2}},
        }
        assert await socket.receive() == {"id": "1", "type": "complete"}


async def test_queries_and_request_errors_are_data_then_complete(legacy_address: str) -> None:
    async with opened(legacy_address) as socket:
        await legacy_init(socket)
        await start(socket, "q", '{ hello(name: "legacy") }')
        assert await socket.receive() == {
            "id": "q",
            "type": "data",
            "payload": {"data": {"hello": "Hello, legacy!"}},
        }
        assert await socket.receive() == {"id": "q", "type": "complete"}
        await start(socket, "bad", "{ nope }")
        assert await socket.receive() == {
            "id": "bad",
            "type": "data",
            "payload": {
                "errors": [
                    {
                        "message": "type `Query` does not have a field `nope`",
                        "locations": [{"line": 1, "column": 3}],
                    }
                ]
            },
        }
        assert await socket.receive() == {"id": "bad", "type": "complete"}


async def test_stop_closes_the_source_without_more_messages(legacy_address: str) -> None:
    async with opened(legacy_address) as socket:
        await legacy_init(socket)
        await start(socket, "t", 'subscription { ticks(tag: "legacy-stop") }')
        assert (await socket.receive())["payload"] == {"data": {"ticks": "legacy-stop-1"}}
        await socket.send({"id": "t", "type": "stop"})
        assert await STREAMS.wait_closed("legacy-stop")
        await start(socket, "q", "{ hello }")
        while (message := await socket.receive())["id"] == "t":  # ticks sent before the stop
            assert message["type"] == "data"
        assert message == {
            "id": "q",
            "type": "data",
            "payload": {"data": {"hello": "Hello, world!"}},
        }


async def test_starting_an_id_again_replaces_its_operation(legacy_address: str) -> None:
    async with opened(legacy_address) as socket:
        await legacy_init(socket)
        await start(socket, "a", 'subscription { ticks(tag: "legacy-again") }')
        assert (await socket.receive())["type"] == "data"
        await start(socket, "a", "{ hello }")
        assert await STREAMS.wait_closed("legacy-again")
        while (message := await socket.receive())["payload"] != {
            "data": {"hello": "Hello, world!"}
        }:
            assert message["payload"]["data"]["ticks"].startswith("legacy-again-")
        assert await socket.receive() == {"id": "a", "type": "complete"}


async def test_keep_alive_sends_ka() -> None:
    with serve(GraphQL(TRANSPORT_SCHEMA, legacy_ws=True, keep_alive=0.05)) as address:
        async with opened(address) as socket:
            await legacy_init(socket)
            assert await socket.receive() == {"type": "ka"}
            assert await socket.receive() == {"type": "ka"}


@pytest.mark.parametrize(
    ("frame", "answer"),
    [
        ("{", {"type": "connection_error", "payload": {"message": "Invalid message received"}}),
        ('{"type": "x", "payload": NaN}',
         {"type": "connection_error", "payload": {"message": "Invalid message received"}}),
        ('{"type": "subscribe", "id": "1"}',
         {"type": "error", "id": "1", "payload": {"message": "Invalid message type!"}}),
        ('{"type": "start", "payload": {"query": "{ hello }"}}',
         error(None, "The start message needs a non-empty string id.")),
        ('{"type": "start", "id": "s", "payload": "{ hello }"}',
         error("s", "The start payload must be an object.")),
        ('{"type": "start", "id": "s", "payload": {"query": 1}}',
         error("s", 'The "query" parameter must be a string.')),
        ('{"type": "stop"}', error(None, STOP_ID)),
        ('{"type": "stop", "id": ""}', error(None, STOP_ID)),
        ('{"type": "stop", "id": "never-started"}', None),
        ('{"type": "connection_init"}',
         {"type": "connection_error", "payload": {"message": "Too many initialisation requests"}}),
    ],
)  # fmt: skip
async def test_malformed_messages_are_answered_not_fatal(
    legacy_address: str, frame: str, answer: dict[str, Any] | None
) -> None:
    async with opened(legacy_address) as socket:
        await legacy_init(socket)
        await socket.send(frame)
        if answer is not None:
            assert await socket.receive() == answer
        await start(socket, "after", "{ hello }")  # the socket still works
        assert (await socket.receive())["payload"] == {"data": {"hello": "Hello, world!"}}


async def test_start_before_init_is_an_error(legacy_address: str) -> None:
    async with opened(legacy_address) as socket:
        await start(socket, "early", "{ hello }")
        assert await socket.receive() == {
            "type": "error",
            "id": "early",
            "payload": {"message": "The connection is not initialised; send connection_init."},
        }


@pytest.mark.parametrize(
    ("payload", "message"),
    [({"token": "bad"}, "Forbidden"), ({"token": "boom"}, "Internal server error"), (5, None)],
)
async def test_a_refused_connection_is_connection_error_then_1011(
    legacy_address: str, payload: Any, message: str | None
) -> None:
    async with opened(legacy_address) as socket:
        await socket.send({"type": "connection_init", "payload": payload})
        expected = message or "connection_init payload must be an object"
        assert await socket.receive() == {
            "type": "connection_error",
            "payload": {"message": expected},
        }
        assert await socket.closed() == (1011, expected)


async def test_connection_terminate_closes_normally(legacy_address: str) -> None:
    async with opened(legacy_address) as socket:
        await legacy_init(socket)
        await socket.send({"type": "connection_terminate"})
        assert await socket.closed() == (1000, "")


async def test_the_legacy_protocol_is_off_by_default(address: str) -> None:
    async with opened(address) as socket:
        assert await socket.closed() == (4406, "Subprotocol not acceptable")


async def test_the_gql_client_over_the_legacy_protocol(legacy_address: str) -> None:
    transport = WebsocketsTransport(
        url=f"ws://{legacy_address}/graphql",
        subprotocols=[WebsocketsTransport.APOLLO_SUBPROTOCOL],
        connect_timeout=5,
        close_timeout=5,
        ack_timeout=5,
    )
    async with Client(transport=transport) as session:
        assert transport.subprotocol == "graphql-ws"
        counted = [
            result
            async for result in session.subscribe(GraphQLRequest("subscription { count(to: 3) }"))
        ]
        assert counted == [{"count": 1}, {"count": 2}, {"count": 3}]
        assert await session.execute(GraphQLRequest('{ hello(name: "gql") }')) == {
            "hello": "Hello, gql!"
        }
