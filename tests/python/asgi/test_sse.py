"""GraphQL over Server-Sent Events (distinct connections mode) against a real server with
httpx streaming: `next` events, `complete`, errors, and a client leaving mid-stream."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from grommet.asgi import GraphQL

from .live import serve
from .schema import STREAMS
from .transport_schema import TRANSPORT_SCHEMA

SSE = {"accept": "text/event-stream"}


@pytest.fixture(scope="module")
def sse_address() -> Iterator[str]:
    with serve(GraphQL(TRANSPORT_SCHEMA, sse=True, persisted_queries=True)) as address:
        yield address


@pytest.fixture
def client(sse_address: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"http://{sse_address}", timeout=5.0) as http:
        yield http


def events(response: httpx.Response, limit: int = 100) -> list[tuple[str, Any]]:
    """(event, data) of each event until the stream ends (``limit`` bounds the loop)."""
    found: list[tuple[str, Any]] = []
    event, data = "", ""
    for line in response.iter_lines():
        if line.startswith("event: "):
            event = line.removeprefix("event: ")
        elif line.startswith("data: "):
            data = line.removeprefix("data: ")
        elif line == "":
            found.append((event, json.loads(data) if data else None))
            event, data = "", ""
            if len(found) >= limit:
                break
    return found


def stream(client: httpx.Client, method: str, **kwargs: Any) -> list[tuple[str, Any]]:
    with client.stream(method, "/graphql", headers=SSE, **kwargs) as response:
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
        assert response.headers["cache-control"] == "no-cache"
        return events(response)


def test_a_subscription_streams_next_events_then_complete(client: httpx.Client) -> None:
    body = {"query": "subscription($n: Int!) { count(to: $n) }", "variables": {"n": 3}}
    assert stream(client, "POST", json=body) == [
        ("next", {"data": {"count": 1}}),
        ("next", {"data": {"count": 2}}),
        ("next", {"data": {"count": 3}}),
        ("complete", None),
    ]


def test_a_subscription_over_get(client: httpx.Client) -> None:
    assert stream(client, "GET", params={"query": "subscription { count(to: 1) }"}) == [
        ("next", {"data": {"count": 1}}),
        ("complete", None),
    ]


def test_queries_and_mutations_give_one_event(client: httpx.Client) -> None:
    assert stream(client, "POST", json={"query": '{ hello(name: "sse") }'}) == [
        ("next", {"data": {"hello": "Hello, sse!"}}),
        ("complete", None),
    ]
    assert stream(client, "POST", json={"query": 'mutation { record(tag: "sse") }'}) == [
        ("next", {"data": {"record": "sse"}}),
        ("complete", None),
    ]


def test_validation_errors_arrive_as_a_next_event(client: httpx.Client) -> None:
    assert stream(client, "POST", json={"query": "subscription { count }"}) == [
        (
            "next",
            {
                "errors": [
                    {
                        "message": "the required argument `Subscription.count(to:)` is not "
                        "provided",
                        "locations": [{"line": 1, "column": 16}],
                    }
                ]
            },
        ),
        ("complete", None),
    ]
    persisted = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}}}
    assert stream(client, "POST", json=persisted) == [
        (
            "next",
            {
                "errors": [
                    {
                        "message": "PersistedQueryNotFound",
                        "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
                    }
                ]
            },
        ),
        ("complete", None),
    ]


def test_source_errors(client: httpx.Client) -> None:
    early = stream(client, "POST", json={"query": "subscription { failsAtOnce }"})
    assert early == [
        (
            "next",
            {"data": None, "errors": [{"message": "the source failed before its first event"}]},
        ),
        ("complete", None),
    ]
    late = stream(client, "POST", json={"query": "subscription { failsLater }"})
    assert late == [
        ("next", {"data": {"failsLater": 1}}),
        ("next", {"data": None, "errors": [{"message": "the source failed after one event"}]}),
        ("complete", None),
    ]


@pytest.mark.parametrize(
    ("method", "kwargs", "status", "message"),
    [
        ("GET", {"params": {"query": 'mutation { record(tag: "no") }'}}, 405,
         "Mutations are only accepted over POST."),
        ("POST", {"content": b"{", "headers": {"content-type": "application/json"}}, 400,
         "The request body is not valid JSON: Expecting property name enclosed in double quotes:"
         " line 1 column 2 (char 1)."),
        ("POST", {"json": [{"query": "{ hello }"}]}, 400,
         "The request body must be a JSON object (no batches over SSE)."),
        ("POST", {"content": b"{}", "headers": {"content-type": "text/plain"}}, 415,
         'Send the request body as "application/json" (UTF-8).'),
        ("PUT", {}, 405, "Method PUT is not allowed; use GET, POST."),
        ("POST", {"json": {"query": 1}}, 400, 'The "query" parameter must be a string.'),
    ],
)  # fmt: skip
def test_unreadable_requests_get_an_http_status(
    client: httpx.Client, method: str, kwargs: dict[str, Any], status: int, message: str
) -> None:
    headers = {**SSE, **kwargs.pop("headers", {})}
    response = client.request(method, "/graphql", headers=headers, **kwargs)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json() == {"errors": [{"message": message}]}


async def test_a_client_disconnecting_closes_the_source(sse_address: str) -> None:
    body = {"query": 'subscription { ticks(tag: "sse-leave") }'}
    async with (
        httpx.AsyncClient(base_url=f"http://{sse_address}", timeout=5.0) as http,
        http.stream("POST", "/graphql", json=body, headers=SSE) as response,
    ):
        seen = 0
        async for line in response.aiter_lines():
            if line.startswith("data: "):
                seen += 1
                assert json.loads(line[6:]) == {"data": {"ticks": f"sse-leave-{seen}"}}
            if seen == 3:
                break
        assert not STREAMS.closed("sse-leave")
    assert await STREAMS.wait_closed("sse-leave")


def test_sse_is_off_by_default(http: httpx.Client) -> None:
    response = http.post("/graphql", json={"query": "{ hello }"}, headers=SSE)
    assert response.status_code == 406


def test_keep_alive_sends_comment_lines() -> None:
    app = GraphQL(TRANSPORT_SCHEMA, sse=True, keep_alive=0.05)
    body = {"query": 'subscription { ticks(tag: "sse-ka") }'}
    with (
        serve(app) as address,
        httpx.Client(base_url=f"http://{address}", timeout=5.0) as http,
        http.stream("POST", "/graphql", json=body, headers=SSE) as response,
    ):
        lines = response.iter_lines()
        pings = 0
        for _ in range(1000):  # ticks come every 10 ms, pings every 50 ms
            if next(lines) == ": ping":
                pings += 1
                if pings == 2:
                    break
        assert pings == 2


@pytest.mark.parametrize(
    ("accept", "streams"),
    [
        ("text/event-stream", True),
        ("Text/Event-Stream; charset=utf-8", True),
        ("text/event-stream, */*", True),
        ("application/json, text/event-stream", False),
        ("application/json;q=0.5, text/event-stream", True),
        ("text/event-stream;q=0.5, application/graphql-response+json", False),
        ("text/event-stream;q=0", False),
        ("application/json", False),
    ],
)
def test_sse_is_chosen_by_the_accept_header(
    client: httpx.Client, accept: str, streams: bool
) -> None:
    response = client.post("/graphql", json={"query": "{ hello }"}, headers={"accept": accept})
    assert response.headers["content-type"].startswith("text/event-stream") is streams
