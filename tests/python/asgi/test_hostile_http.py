"""Hostile and malformed HTTP requests: each gets the protocol's status and a GraphQL-shaped
error, never a 500 for the client's mistake (and a JSON 500 for the server's)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from grommet.asgi import GraphQL, Request

from .asgi_call import call, http_scope
from .live import serve
from .schema import SCHEMA
from .test_http import GRAPHQL_JSON, JSON


def error_body(message: str) -> dict[str, Any]:
    return {"errors": [{"message": message}]}


def not_json(reason: str) -> dict[str, Any]:
    return error_body(f"The request body is not valid JSON: {reason}.")


LONE_SURROGATE = "a string holds a lone surrogate escape (not Unicode text)"
DEEP = 5000


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"query": ' + b"[" * DEEP + b"]" * DEEP + b"}", not_json("it is nested too deeply")),
        (b'{"query": "{ hello }", "variables": {"x": ' + b'{"a": ' * DEEP + b"1" + b"}" * DEEP
         + b"}}", not_json("it is nested too deeply")),
        (b'{"query": "\\ud800"}', not_json(LONE_SURROGATE)),
        (b'{"query": "{ hello }", "operationName": "\\udfff"}', not_json(LONE_SURROGATE)),
        (b'{"query": "query($n: String!) { hello(name: $n) }", "variables": {"n": "a\\uDBFFb"}}',
         not_json(LONE_SURROGATE)),
        (b'{"query": "{ hello }", "variables": {"\\ud800": 1}}', not_json(LONE_SURROGATE)),
        (b'{"query": "{ hello }", "variables": {"x": NaN}}', not_json("NaN is not a JSON value")),
        (b'{"query": "{ hello }", "variables": {"x": Infinity}}',
         not_json("Infinity is not a JSON value")),
        (b'{"query": "{ hello }", "variables": {"x": [-Infinity]}}',
         not_json("-Infinity is not a JSON value")),
        (b'{"query": "{ hello }", "variables": {"x": 1e400}}',
         not_json("the number 1e400 is out of range")),
        (b'{"query": "{ hello }", "variables": {"x": -2E+999}}',
         not_json("the number -2E+999 is out of range")),
        (b'{"query": "{ hello }", "variables": {"x": ' + b"9" * 5000 + b"}}",
         not_json("a number has too many digits")),
        (b'{"query": "{ hello }", "query": "mutation { increment }"}',
         not_json('the key "query" appears twice in an object')),
        (b'{"query": "{ hello }", "variables": {"a": {"b": 1, "b": 2}}}',
         not_json('the key "b" appears twice in an object')),
        (b'\xef\xbb\xbf{"query": "{ hello }"}',
         not_json("Expecting value: line 1 column 1 (char 0)")),
        (b'{"query": "{ hello }"} {}', not_json("Extra data: line 1 column 24 (char 23)")),
        (b'{"query": "\xed\xa0\x80"}', error_body("The request body is not valid UTF-8.")),
        (b'{"query": "\xc0\xaf"}', error_body("The request body is not valid UTF-8.")),
        (b"   \n\t ", error_body("The request body is empty; send a JSON object with a query.")),
        (b"null", error_body("The request body must be a JSON object.")),
        (b"12", error_body("The request body must be a JSON object.")),
        (b'{"query": 5}', error_body('The "query" parameter must be a string.')),
        (b'{"query": ["{ hello }"]}', error_body('The "query" parameter must be a string.')),
        (b'{"query": "{ hello }", "variables": true}',
         error_body('The "variables" parameter must be a JSON object or null.')),
        (b'{"query": "{ hello }", "variables": 0}',
         error_body('The "variables" parameter must be a JSON object or null.')),
        (b'{"query": "{ hello }", "operationName": ["A"]}',
         error_body('The "operationName" parameter must be a string or null.')),
        (b'{"query": "{ hello }", "operationName": false}',
         error_body('The "operationName" parameter must be a string or null.')),
        (b'{"query": "{ hello }", "extensions": []}',
         error_body('The "extensions" parameter must be a JSON object or null.')),
    ],
)  # fmt: skip
def test_hostile_post_bodies_are_400(
    http: httpx.Client, content: bytes, expected: dict[str, Any]
) -> None:
    response = http.post("/graphql", content=content, headers={"content-type": "application/json"})
    assert (response.status_code, response.headers["content-type"]) == (400, JSON)
    assert response.json() == expected


def test_a_surrogate_pair_is_text(http: httpx.Client) -> None:
    body = (
        b'{"query": "query($n: String!) { hello(name: $n) }", "variables": {"n": "\\ud83d\\ude00"}}'
    )
    response = http.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert (response.status_code, response.json()) == (200, {"data": {"hello": "Hello, 😀!"}})


def test_huge_integers_are_a_graphql_error(http: httpx.Client) -> None:
    body = {"query": "query($n: String!) { hello(name: $n) }", "variables": {"n": 10**300}}
    response = http.post("/graphql", json=body)
    assert response.status_code == 200
    assert response.json() == {
        "errors": [
            {
                "message": f'Variable "$n" got invalid value {10**300}; String cannot represent'
                f" a non string value: {10**300}",
                "locations": [{"line": 1, "column": 7}],
            }
        ]
    }


@pytest.mark.parametrize(
    ("query_string", "message"),
    [
        (b"query=%FF", "The query string is not valid UTF-8."),
        (b"query=%ED%A0%80", "The query string is not valid UTF-8."),  # an encoded surrogate
        (b"query=%7Bhello%7D&variables=%7B%22x%22%3ANaN%7D",
         'The "variables" parameter is not valid JSON.'),
        (b"query=%7Bhello%7D&variables=" + b"%5B" * DEEP,
         'The "variables" parameter is not valid JSON.'),
        (b"query=%7Bhello%7D&variables=%7B%22%5Cud800%22%3A1%7D",
         'The "variables" parameter is not valid JSON.'),
        (b"query=%7Bhello%7D&variables=5",
         'The "variables" parameter must be a JSON object or null.'),
        (b"query=%7Bhello%7D&extensions=%7B%22a%22%3A1%2C%22a%22%3A2%7D",
         'The "extensions" parameter is not valid JSON.'),
    ],
)  # fmt: skip
def test_hostile_query_strings_are_400(
    http: httpx.Client, query_string: bytes, message: str
) -> None:
    response = http.get(f"/graphql?{query_string.decode()}")
    assert (response.status_code, response.headers["content-type"]) == (400, JSON)
    assert response.json() == error_body(message)


def test_an_empty_query_is_a_graphql_error(http: httpx.Client) -> None:
    response = http.get("/graphql?query=", headers={"accept": "application/graphql-response+json"})
    assert (response.status_code, response.headers["content-type"]) == (400, GRAPHQL_JSON)
    assert response.json()["errors"][0]["message"].startswith("syntax error")


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"content-type": ";;;=="}, 415),
        ({"content-type": "application/json; charset"}, 415),
        ({"content-type": "application/json; charset=\"utf-8\""}, 200),
        ({"content-type": "application/json", "accept": ",,;q=1"}, 406),
        ({"content-type": "application/json", "accept": "application/json;q=nan"}, 406),
        ({"content-type": "application/json", "accept": "application/json;q=-1"}, 406),
        ({"content-type": "application/json", "accept": "application/json;q=abc"}, 406),
        ({"content-type": "application/json", "accept": "*/*;q=0.5, application/json;q=2"}, 200),
    ],
)  # fmt: skip
def test_odd_headers(http: httpx.Client, headers: dict[str, str], status: int) -> None:
    response = http.post("/graphql", content=b'{"query": "{ hello }"}', headers=headers)
    assert response.status_code == status
    if status == 200:
        assert response.json() == {"data": {"hello": "Hello, world!"}}


async def test_a_non_numeric_content_length_is_ignored_in_process() -> None:
    scope = http_scope("POST", [("content-type", "application/json"), ("content-length", "x")])
    sent = await call(
        GraphQL(SCHEMA), scope, [{"type": "http.request", "body": b'{"query": "{ hello }"}'}]
    )
    assert sent[0]["status"] == 200


@pytest.mark.parametrize("method", ["PROPFIND", "TRACE", "CONNECT", "get", ""])
async def test_odd_methods_are_405_in_process(method: str) -> None:
    sent = await call(GraphQL(SCHEMA), http_scope(method), [])
    assert sent[0]["status"] == 405
    assert (b"allow", b"GET, POST") in sent[0]["headers"]


def failing_getter(request: Request) -> dict[str, Any]:
    raise RuntimeError("the context getter broke")


@pytest.fixture(scope="module")
def broken_context() -> Iterator[httpx.Client]:
    with (
        serve(GraphQL(SCHEMA, context_getter=failing_getter)) as address,
        httpx.Client(base_url=f"http://{address}", timeout=5.0) as client,
    ):
        yield client


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [(None, JSON), ("application/graphql-response+json", GRAPHQL_JSON)],
)
def test_a_failing_context_getter_is_a_json_500(
    broken_context: httpx.Client,
    caplog: pytest.LogCaptureFixture,
    accept: str | None,
    content_type: str,
) -> None:
    headers = {} if accept is None else {"accept": accept}
    with caplog.at_level(logging.ERROR, logger="grommet"):
        response = broken_context.post("/graphql", json={"query": "{ hello }"}, headers=headers)
        get = broken_context.get("/graphql", params={"query": "{ hello }"}, headers=headers)
    for answer in (response, get):
        assert (answer.status_code, answer.headers["content-type"]) == (500, content_type)
        assert answer.json() == error_body("Internal server error")
    records = [r for r in caplog.records if r.name == "grommet.asgi"]
    assert [r.getMessage() for r in records] == ["a GraphQL request failed"] * 2
    assert records[0].exc_info is not None
    assert str(records[0].exc_info[1]) == "the context getter broke"


def test_a_request_error_still_comes_before_the_context(broken_context: httpx.Client) -> None:
    response = broken_context.post(
        "/graphql", content=b"[", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
