"""Malformed GraphQL-over-HTTP requests against a real server: status, headers, body."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from grommet.asgi import GraphQL

from .live import serve
from .schema import SCHEMA
from .test_http import GRAPHQL_JSON, JSON


def error_body(message: str) -> dict[str, object]:
    return {"errors": [{"message": message}]}


NOT_AN_OBJECT = 'The "{}" parameter must be a JSON object or null.'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"query": ', "The request body is not valid JSON: Expecting value: "
         "line 1 column 11 (char 10)."),
        (b"", "The request body is empty; send a JSON object with a query."),
        (b"\xff\xfe{}", "The request body is not valid UTF-8."),
        (b'"{ hello }"', "The request body must be a JSON object."),
        (b'[{"query": "{ hello }"}]', "Batched requests are not supported; "
         "send one operation per request."),
        (b"{}", 'The "query" parameter is required.'),
        (b'{"query": null}', 'The "query" parameter is required.'),
        (b'{"query": {"hello": true}}', 'The "query" parameter must be a string.'),
        (b'{"query": "{ hello }", "variables": "{}"}', NOT_AN_OBJECT.format("variables")),
        (b'{"query": "{ hello }", "variables": [1]}', NOT_AN_OBJECT.format("variables")),
        (b'{"query": "{ hello }", "operationName": 1}',
         'The "operationName" parameter must be a string or null.'),
        (b'{"query": "{ hello }", "extensions": "x"}', NOT_AN_OBJECT.format("extensions")),
    ],
)  # fmt: skip
def test_malformed_post_is_400(http: httpx.Client, content: bytes, message: str) -> None:
    for accept, content_type in [(None, JSON), ("application/graphql-response+json", GRAPHQL_JSON)]:
        headers = {"content-type": "application/json"}
        if accept is not None:
            headers["accept"] = accept
        response = http.post("/graphql", content=content, headers=headers)
        assert response.status_code == 400
        assert response.headers["content-type"] == content_type
        assert response.json() == error_body(message)


def test_nulls_are_the_same_as_absent(http: httpx.Client) -> None:
    body = {"query": "{ hello }", "variables": None, "operationName": None, "extensions": None}
    response = http.post("/graphql", json=body)
    assert (response.status_code, response.json()) == (200, {"data": {"hello": "Hello, world!"}})


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/graphql", "application/json; charset=latin-1"]
)
def test_post_body_must_be_json_is_415(http: httpx.Client, content_type: str | None) -> None:
    headers = {} if content_type is None else {"content-type": content_type}
    response = http.post("/graphql", content=b'{"query": "{ hello }"}', headers=headers)
    assert response.status_code == 415
    assert response.headers["content-type"] == JSON
    assert response.json() == error_body('Send the request body as "application/json" (UTF-8).')


def test_json_with_utf8_charset_is_accepted(http: httpx.Client) -> None:
    response = http.post(
        "/graphql",
        content=b'{"query": "{ hello }"}',
        headers={"content-type": "Application/JSON; Charset=UTF-8"},
    )
    assert (response.status_code, response.json()) == (200, {"data": {"hello": "Hello, world!"}})


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"])
def test_other_methods_are_405(http: httpx.Client, method: str) -> None:
    response = http.request(method, "/graphql")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert response.headers["content-type"] == JSON
    if method != "HEAD":
        assert response.json() == error_body(f"Method {method} is not allowed; use GET, POST.")


def test_get_without_query_is_400(http: httpx.Client) -> None:
    response = http.get("/graphql", headers={"accept": "application/graphql-response+json"})
    assert response.status_code == 400
    assert response.headers["content-type"] == GRAPHQL_JSON
    assert response.json() == error_body('The "query" parameter is required.')


def test_get_with_bad_json_variables_is_400(http: httpx.Client) -> None:
    response = http.get("/graphql", params={"query": "{ hello }", "variables": "{n: 1}"})
    assert response.status_code == 400
    assert response.json() == error_body('The "variables" parameter is not valid JSON.')
    response = http.get("/graphql", params={"query": "{ hello }", "extensions": "[1]"})
    assert response.status_code == 400
    assert response.json() == error_body(NOT_AN_OBJECT.format("extensions"))


def test_subscription_over_http_is_refused(http: httpx.Client) -> None:
    over_websocket = (
        "Subscriptions are served over WebSocket (the graphql-transport-ws protocol), "
        "not over HTTP."
    )
    response = http.get(
        "/graphql",
        params={"query": "subscription { count(to: 1) }"},
        headers={"accept": "application/graphql-response+json"},
    )
    assert response.status_code == 400
    assert response.json() == error_body(over_websocket)
    response = http.post("/graphql", json={"query": "subscription { count(to: 1) }"})
    assert response.status_code == 400
    assert response.json() == error_body(over_websocket)


@pytest.fixture(scope="module")
def small(address: str) -> Iterator[httpx.Client]:
    """A client of a second server whose app takes bodies up to 64 bytes, POST only."""
    app = GraphQL(SCHEMA, max_body_bytes=64, allow_get=False, graphiql=False)
    with (
        serve(app) as small_address,
        httpx.Client(base_url=f"http://{small_address}", timeout=5.0) as client,
    ):
        yield client


def test_body_over_the_limit_is_413(small: httpx.Client) -> None:
    response = small.post("/", json={"query": "{ hello }", "variables": {"pad": "x" * 200}})
    assert response.status_code == 413
    assert response.headers["content-type"] == JSON
    assert response.json() == error_body("The request body is larger than 64 bytes.")
    response = small.post("/", json={"query": "{ hello }"})
    assert (response.status_code, response.json()) == (200, {"data": {"hello": "Hello, world!"}})


def test_get_can_be_turned_off(small: httpx.Client) -> None:
    response = small.get("/", params={"query": "{ hello }"})
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json() == error_body("Method GET is not allowed; use POST.")
