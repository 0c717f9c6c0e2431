"""Edge cases at the ASGI message level, in-process (no server)."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any

import pytest

import grommet
from grommet.asgi import GraphQL, Headers, Request

from .asgi_call import call, http_scope, post_json
from .schema import SCHEMA

Opaque = Annotated[object, grommet.scalar(name="Opaque")]


@grommet.type
class Query:
    @grommet.field
    def context_kind(self, info: grommet.Info) -> str:
        return type(info.context).__name__

    @grommet.field
    def user(self, info: grommet.Info) -> str:
        return str(info.context["user"])

    @grommet.field
    def root_name(self, info: grommet.Info) -> str:
        return str(info.root["name"])

    @grommet.field
    def opaque(self) -> Opaque:
        return {1, 2}  # not JSON


LOCAL = grommet.Schema(Query)


async def test_lifespan_startup_and_shutdown() -> None:
    sent = await call(
        GraphQL(SCHEMA),
        {"type": "lifespan", "asgi": {"version": "3.0"}},
        [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}],
    )
    assert sent == [{"type": "lifespan.startup.complete"}, {"type": "lifespan.shutdown.complete"}]


async def test_unknown_scope_type_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot serve an ASGI 'webtransport' scope"):
        await call(GraphQL(SCHEMA), {"type": "webtransport"}, [])


async def test_default_context_is_the_request() -> None:
    assert await post_json(GraphQL(LOCAL), {"query": "{ contextKind }"}) == (
        200,
        {"data": {"contextKind": "Request"}},
    )


async def test_sync_context_getter_and_root_value() -> None:
    app = GraphQL(
        LOCAL,
        context_getter=lambda request: {"user": request.headers["x-user"]},
        root_value={"name": "root"},
    )
    status, body = await post_json(app, {"query": "{ user rootName }"}, ("X-User", "linus"))
    assert (status, body) == (200, {"data": {"user": "linus", "rootName": "root"}})


async def test_streamed_body_over_the_limit_stops_reading_at_413() -> None:
    chunks = [{"type": "http.request", "body": b" " * 40, "more_body": True} for _ in range(10)]
    scope = http_scope("POST", [("content-type", "application/json")])
    sent = await call(GraphQL(SCHEMA, max_body_bytes=100), scope, chunks)
    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"]) == {
        "errors": [{"message": "The request body is larger than 100 bytes."}]
    }
    assert len(chunks) == 7  # three chunks read (120 bytes), the rest left unread


async def test_chunked_body_within_the_limit() -> None:
    body = b'{"query": "{ hello }"}'
    chunks = [
        {"type": "http.request", "body": body[:5], "more_body": True},
        {"type": "http.request", "body": body[5:], "more_body": False},
    ]
    scope = http_scope("POST", [("content-type", "application/json")])
    sent = await call(GraphQL(SCHEMA), scope, chunks)
    assert (sent[0]["status"], sent[1]["body"]) == (200, b'{"data":{"hello":"Hello, world!"}}')
    assert (b"content-length", str(len(sent[1]["body"])).encode()) in sent[0]["headers"]


async def test_client_gone_while_sending_the_body_gets_no_response() -> None:
    scope = http_scope("POST", [("content-type", "application/json")])
    chunk = {"type": "http.request", "body": b'{"query"', "more_body": True}
    assert await call(GraphQL(SCHEMA), scope, [chunk]) == []


async def test_graphiql_off_means_html_only_clients_get_406() -> None:
    scope = http_scope("GET", [("accept", "text/html")], b"query=%7Bhello%7D")
    sent = await call(GraphQL(SCHEMA, graphiql=False), scope, [])
    assert sent[0]["status"] == 406


async def test_graphiql_without_websockets() -> None:
    scope = http_scope("GET", [("accept", "text/html")])
    sent = await call(GraphQL(SCHEMA, subscription_protocols=()), scope, [])
    assert sent[0]["status"] == 200
    assert b"if (false)" in sent[1]["body"]


async def test_unserializable_result_is_500(caplog: pytest.LogCaptureFixture) -> None:
    assert await post_json(GraphQL(LOCAL), {"query": "{ opaque }"}) == (
        500,
        {"errors": [{"message": "Internal server error"}]},
    )
    assert "could not be encoded as JSON" in caplog.text


async def test_websocket_frames_in_process() -> None:
    scope = {
        "type": "websocket",
        "path": "/",
        "headers": [],
        "subprotocols": ["graphql-transport-ws"],
    }
    subscribe = {"type": "subscribe", "id": "1", "payload": {"query": "{ hello }"}}
    inbound: list[dict[str, Any]] = [
        {"type": "websocket.connect"},
        {"type": "websocket.receive", "text": '{"type": "connection_init"}'},
        {"type": "websocket.receive", "text": json.dumps(subscribe)},
    ]
    sent = await call(GraphQL(SCHEMA), scope, inbound)
    # The disconnect that follows may cancel the operation before it answers.
    assert sent[:2] == [
        {"type": "websocket.accept", "subprotocol": "graphql-transport-ws"},
        {"type": "websocket.send", "text": '{"type":"connection_ack"}'},
    ]


def test_request_from_scope() -> None:
    scope = http_scope(
        "GET",
        [("Accept", "a/b"), ("X-Tag", "one"), ("x-tag", "two")],
        b"q=1&name=caf%C3%A9&q=2&empty=",
    )
    scope["client"] = ["10.0.0.1", 5000]
    request = Request.from_scope(scope)
    assert (request.method, request.path, request.client) == ("GET", "/graphql", ("10.0.0.1", 5000))
    assert request.headers["accept"] == "a/b"
    assert request.headers["X-TAG"] == "one, two"
    assert request.headers.getlist("x-tag") == ["one", "two"]
    assert request.headers.getlist("missing") == []
    assert "ACCEPT" in request.headers and "missing" not in request.headers
    assert sorted(request.headers) == ["accept", "x-tag"]
    assert dict(request.query_params) == {"q": "2", "name": "café", "empty": ""}
    assert request.connection_params is None
    assert not request.is_websocket
    assert Headers().get("accept") is None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"subscription_protocols": ("graphql-ws",)}, "unsupported subscription protocols"),
        ({"max_body_bytes": 0}, "max_body_bytes must be positive"),
        ({"keep_alive": 0}, "keep_alive must be a positive number"),
        ({"connection_init_timeout": -1.0}, "connection_init_timeout must be a positive"),
    ],
)
def test_bad_options_are_refused(options: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        GraphQL(SCHEMA, **options)


async def test_the_app_is_reentrant_across_many_requests() -> None:
    app = GraphQL(SCHEMA)
    query = "query ($n: String!) { hello(name: $n) }"
    bodies = [{"query": query, "variables": {"n": str(n)}} for n in range(50)]
    answers = await asyncio.gather(*(post_json(app, body) for body in bodies))
    assert answers == [(200, {"data": {"hello": f"Hello, {n}!"}}) for n in range(50)]
