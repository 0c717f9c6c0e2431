"""Batched requests against a real server: an array in, an array out, queries concurrent,
mutations in order, bounded, each malformed item answered on its own."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.httpx import HTTPXTransport

from grommet.asgi import GraphQL

from .live import serve
from .transport_schema import ORDER, TRANSPORT_SCHEMA


@pytest.fixture(scope="module")
def batch_address() -> Iterator[str]:
    with serve(GraphQL(TRANSPORT_SCHEMA, batching=True, max_batch_size=4)) as address:
        yield address


@pytest.fixture
def client(batch_address: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"http://{batch_address}", timeout=10.0) as http:
        yield http


def post(client: httpx.Client, body: Any) -> httpx.Response:
    return client.post("/graphql", json=body)


def test_a_batch_is_answered_in_order(client: httpx.Client) -> None:
    response = post(
        client,
        [
            {"query": '{ hello(name: "a") }'},
            {"query": "query B($n: String!) { hello(name: $n) }", "variables": {"n": "b"}},
            {"query": "{ broken }"},
        ],
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json() == [
        {"data": {"hello": "Hello, a!"}},
        {"data": {"hello": "Hello, b!"}},
        {
            "data": {"broken": None},
            "errors": [
                {
                    "message": "resolver broke",
                    "locations": [{"line": 1, "column": 3}],
                    "path": ["broken"],
                }
            ],
        },
    ]


def test_queries_run_concurrently(client: httpx.Client) -> None:
    response = post(
        client,
        [
            {"query": '{ meet(me: "q1", other: "q2") }'},
            {"query": '{ meet(me: "q2", other: "q1") }'},
        ],
    )
    assert response.json() == [{"data": {"meet": "met"}}, {"data": {"meet": "met"}}]


def test_mutations_run_in_order(client: httpx.Client) -> None:
    ORDER.clear()
    response = post(
        client,
        [
            {"query": 'mutation { record(tag: "first", ms: 100) }'},
            {"query": '{ hello(name: "between") }'},
            {"query": 'mutation { record(tag: "second") }'},
            {"query": 'mutation { record(tag: "third", ms: 20) }'},
        ],
    )
    assert [item["data"] for item in response.json()] == [
        {"record": "first"},
        {"hello": "Hello, between!"},
        {"record": "second"},
        {"record": "third"},
    ]
    assert ORDER == ["first", "second", "third"]


def test_each_bad_item_gets_its_own_error(client: httpx.Client) -> None:
    response = post(
        client,
        [
            "{ hello }",
            {"query": 5},
            {"query": "subscription { count(to: 1) }"},
            {"query": "{ nope }"},
        ],
    )
    assert response.status_code == 200
    assert response.json() == [
        {"errors": [{"message": "Each operation of a batch must be a JSON object."}]},
        {"errors": [{"message": 'The "query" parameter must be a string.'}]},
        {
            "errors": [
                {
                    "message": "Subscriptions are served over WebSocket (the graphql-transport-ws "
                    "protocol), not over HTTP."
                }
            ]
        },
        {
            "errors": [
                {
                    "message": "type `Query` does not have a field `nope`",
                    "locations": [{"line": 1, "column": 3}],
                }
            ]
        },
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([], "The batch is empty; send at least one operation."),
        ([{"query": "{ hello }"}] * 5, "A batch may hold at most 4 operations; it holds 5."),
    ],
)
def test_empty_and_oversized_batches_are_400(
    client: httpx.Client, body: list[Any], message: str
) -> None:
    response = post(client, body)
    assert (response.status_code, response.json()) == (400, {"errors": [{"message": message}]})


def test_the_gql_client_batches(batch_address: str) -> None:
    transport = HTTPXTransport(url=f"http://{batch_address}/graphql")
    with Client(transport=transport) as session:
        results = session.execute_batch(
            [
                GraphQLRequest('{ hello(name: "gql") }'),
                GraphQLRequest(
                    "query($n: String!) { hello(name: $n) }", variable_values={"n": "x"}
                ),
            ]
        )
    assert results == [{"hello": "Hello, gql!"}, {"hello": "Hello, x!"}]


def test_batching_is_off_by_default(http: httpx.Client) -> None:
    response = http.post("/graphql", json=[{"query": "{ hello }"}])
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {"message": "Batched requests are not supported; send one operation per request."}
        ]
    }


def test_a_batch_of_uploads() -> None:
    app = GraphQL(TRANSPORT_SCHEMA, batching=True, multipart_uploads=True)
    single = "mutation($f: Upload!) { singleUpload(file: $f) { name size } }"
    with serve(app) as address, httpx.Client(base_url=f"http://{address}", timeout=5.0) as http:
        response = http.post(
            "/graphql",
            data={
                "operations": json.dumps([{"query": single, "variables": {"f": None}}] * 2),
                "map": '{"a": ["0.variables.f"], "b": ["1.variables.f"]}',
            },
            files={"a": ("a.txt", b"1", "text/plain"), "b": ("b.txt", b"22", "text/plain")},
            headers={"apollo-require-preflight": "1"},
        )
    assert response.json() == [
        {"data": {"singleUpload": {"name": "a.txt", "size": 1}}},
        {"data": {"singleUpload": {"name": "b.txt", "size": 2}}},
    ]
