"""GraphQL over HTTP against a real uvicorn server: results, media types, GET, context."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from .schema import COUNTER

JSON = "application/json; charset=utf-8"
GRAPHQL_JSON = "application/graphql-response+json; charset=utf-8"


def post(
    http: httpx.Client, body: dict[str, Any], accept: str | None = None, **headers: str
) -> httpx.Response:
    if accept is not None:
        headers["accept"] = accept
    return http.post("/graphql", json=body, headers=headers)


def test_post_query_answers_json_with_200(http: httpx.Client) -> None:
    response = post(http, {"query": '{ hello(name: "HTTP") }'})
    assert response.status_code == 200
    assert response.headers["content-type"] == JSON
    assert response.json() == {"data": {"hello": "Hello, HTTP!"}}


def test_variables_and_operation_name(http: httpx.Client) -> None:
    body = {
        "query": "query A { hello } query B($n: String!) { hello(name: $n) }",
        "variables": {"n": "Ada"},
        "operationName": "B",
        "extensions": {"persistedQuery": None},
    }
    response = post(http, body)
    assert (response.status_code, response.json()) == (200, {"data": {"hello": "Hello, Ada!"}})


def test_non_ascii_is_sent_as_utf8(http: httpx.Client) -> None:
    response = post(http, {"query": '{ hello(name: "Zoë ☃") }'})
    assert response.content == '{"data":{"hello":"Hello, Zoë ☃!"}}'.encode()


def test_field_errors_keep_status_200(http: httpx.Client) -> None:
    for accept, content_type in [(None, JSON), ("application/graphql-response+json", GRAPHQL_JSON)]:
        response = post(http, {"query": "{ hello forbidden }"}, accept)
        assert response.status_code == 200
        assert response.headers["content-type"] == content_type
        assert response.json() == {
            "data": {"hello": "Hello, world!", "forbidden": None},
            "errors": [
                {
                    "message": "not allowed",
                    "locations": [{"line": 1, "column": 9}],
                    "path": ["forbidden"],
                    "extensions": {"code": "FORBIDDEN"},
                }
            ],
        }


def test_null_data_is_still_200(http: httpx.Client) -> None:
    response = post(http, {"query": "{ required }"}, "application/graphql-response+json")
    assert response.status_code == 200
    assert response.json() == {
        "data": None,
        "errors": [
            {"message": "no value", "locations": [{"line": 1, "column": 3}], "path": ["required"]}
        ],
    }


VALIDATION_ERROR = {
    "errors": [
        {
            "message": "type `Query` does not have a field `nope`",
            "locations": [{"line": 1, "column": 3}],
        }
    ]
}


def test_request_errors_are_200_as_application_json(http: httpx.Client) -> None:
    response = post(http, {"query": "{ nope }"}, "application/json")
    assert response.status_code == 200
    assert response.headers["content-type"] == JSON
    assert response.json() == VALIDATION_ERROR


def test_request_errors_are_400_as_graphql_response_json(http: httpx.Client) -> None:
    response = post(http, {"query": "{ nope }"}, "application/graphql-response+json")
    assert response.status_code == 400
    assert response.headers["content-type"] == GRAPHQL_JSON
    assert response.json() == VALIDATION_ERROR


def test_variable_coercion_failure(http: httpx.Client) -> None:
    body = {"query": "query ($n: String!) { hello(name: $n) }", "variables": {"n": 3}}
    expected = {
        "errors": [
            {
                "message": 'Variable "$n" got invalid value 3; '
                "String cannot represent a non string value: 3",
                "locations": [{"line": 1, "column": 8}],
            }
        ]
    }
    response = post(http, body, "application/graphql-response+json")
    assert (response.status_code, response.json()) == (400, expected)
    response = post(http, body, "application/json")
    assert (response.status_code, response.json()) == (200, expected)


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/graphql-response+json", GRAPHQL_JSON),
        ("application/json", JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        ("application/graphql-response+json, application/json;q=0.9", GRAPHQL_JSON),
        ("application/json, application/graphql-response+json", GRAPHQL_JSON),
        ("application/graphql-response+json;q=0.5, application/json", JSON),
        ("text/html;q=0.9, application/graphql-response+json;q=0.8", GRAPHQL_JSON),
        ("application/json;q=0, */*", GRAPHQL_JSON),
    ],
)
def test_accept_header_picks_the_media_type(
    http: httpx.Client, accept: str, content_type: str
) -> None:
    response = post(http, {"query": "{ hello }"}, accept)
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    assert response.json() == {"data": {"hello": "Hello, world!"}}


def test_no_acceptable_media_type_is_406(http: httpx.Client) -> None:
    response = post(http, {"query": "{ hello }"}, "text/plain, application/xml")
    assert response.status_code == 406
    assert response.headers["content-type"] == JSON
    assert response.json() == {
        "errors": [
            {
                "message": 'Accept "application/graphql-response+json" or '
                '"application/json" responses.'
            }
        ]
    }


def test_post_mutation(http: httpx.Client) -> None:
    before = COUNTER["value"]
    response = post(http, {"query": "mutation { increment(by: 2) }"})
    assert response.json() == {"data": {"increment": before + 2}}


def test_get_query(http: httpx.Client) -> None:
    params = {
        "query": "query Hi($n: String!) { hello(name: $n) }",
        "variables": '{"n": "GET"}',
        "operationName": "Hi",
    }
    response = http.get("/graphql", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"] == JSON
    assert response.json() == {"data": {"hello": "Hello, GET!"}}


def test_get_mutation_is_405_and_does_not_run(http: httpx.Client) -> None:
    before = COUNTER["value"]
    for params in [
        {"query": "mutation { increment }"},
        {"query": "query Q { counter } mutation M { increment }", "operationName": "M"},
    ]:
        response = http.get("/graphql", params=params)
        assert response.status_code == 405
        assert response.headers["allow"] == "POST"
        assert response.headers["content-type"] == JSON
        assert response.json() == {
            "errors": [{"message": "Mutations are only accepted over POST."}]
        }
    assert COUNTER["value"] == before


def test_get_may_select_the_query_of_a_document_with_a_mutation(http: httpx.Client) -> None:
    params = {"query": "query Q { counter } mutation M { increment }", "operationName": "Q"}
    response = http.get("/graphql", params=params)
    assert response.json() == {"data": {"counter": COUNTER["value"]}}


def test_context_getter_sees_the_request(http: httpx.Client) -> None:
    response = http.post(
        "/graphql?tenant=acme",
        json={"query": "{ whoami requestLine clientHost }"},
        headers={"x-user": "ada"},
    )
    assert response.json() == {
        "data": {
            "whoami": "ada",
            "requestLine": "POST /graphql {'tenant': 'acme'}",
            "clientHost": "127.0.0.1",
        }
    }


def test_graphiql_for_browsers(http: httpx.Client) -> None:
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = http.get("/graphql", headers={"accept": browser_accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert page.startswith("<!doctype html>")
    assert "<title>GraphiQL</title>" in page
    assert "GraphiQL.createFetcher(options)" in page
    assert "if (true)" in page  # subscriptions go over the app's WebSocket


def test_json_clients_never_get_graphiql(http: httpx.Client) -> None:
    response = http.get("/graphql", params={"query": "{ hello }"}, headers={"accept": "*/*"})
    assert response.headers["content-type"] == JSON
    assert response.json() == {"data": {"hello": "Hello, world!"}}
