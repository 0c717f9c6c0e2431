"""Automatic persisted queries (Apollo's protocol) and trusted documents, against a real
server: miss → register → hit over POST and GET, hashes verified, bounded stores."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.typing import Subprotocol

from grommet.asgi import GraphQL, LRUDocumentStore, load_manifest

from .live import serve
from .transport_schema import TRANSPORT_SCHEMA
from .wsclient import open_socket

HELLO = '{ hello(name: "apq") }'
NOT_FOUND = {
    "errors": [
        {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
    ]
}
NOT_SUPPORTED = {
    "errors": [
        {
            "message": "PersistedQueryNotSupported",
            "extensions": {"code": "PERSISTED_QUERY_NOT_SUPPORTED"},
        }
    ]
}
GRAPHQL_RESPONSE = "application/graphql-response+json"
VERSION = "Unsupported persisted query version; use version 1."
BAD_HASH = 'The "sha256Hash" must be 64 lower-case hexadecimal digits.'


def sha(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def apq(document: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha(document)}}


def client_of(address: str) -> httpx.Client:
    return httpx.Client(base_url=f"http://{address}", timeout=5.0)


@pytest.fixture(scope="module")
def apq_client() -> Iterator[httpx.Client]:
    with (
        serve(GraphQL(TRANSPORT_SCHEMA, persisted_queries=True)) as address,
        client_of(address) as c,
    ):
        yield c


def test_miss_register_hit_over_post(apq_client: httpx.Client) -> None:
    document = '{ hello(name: "post") }'
    assert apq_client.post("/", json={"extensions": apq(document)}).json() == NOT_FOUND
    miss = apq_client.post(
        "/", json={"extensions": apq(document)}, headers={"accept": GRAPHQL_RESPONSE}
    )
    assert (miss.status_code, miss.json()) == (400, NOT_FOUND)
    registered = apq_client.post("/", json={"query": document, "extensions": apq(document)})
    assert registered.json() == {"data": {"hello": "Hello, post!"}}
    hit = apq_client.post("/", json={"extensions": apq(document)})
    assert (hit.status_code, hit.json()) == (200, {"data": {"hello": "Hello, post!"}})


def test_miss_register_hit_over_get(apq_client: httpx.Client) -> None:
    document = '{ hello(name: "get") }'
    extensions = json.dumps(apq(document))
    assert apq_client.get("/", params={"extensions": extensions}).json() == NOT_FOUND
    registered = apq_client.get("/", params={"query": document, "extensions": extensions})
    assert registered.json() == {"data": {"hello": "Hello, get!"}}
    hit = apq_client.get("/", params={"extensions": extensions})
    assert hit.json() == {"data": {"hello": "Hello, get!"}}


def test_a_registered_mutation_still_needs_post(apq_client: httpx.Client) -> None:
    document = 'mutation { record(tag: "apq") }'
    assert apq_client.post("/", json={"query": document, "extensions": apq(document)}).json() == {
        "data": {"record": "apq"}
    }
    response = apq_client.get("/", params={"extensions": json.dumps(apq(document))})
    assert response.status_code == 405


def test_a_wrong_hash_is_400_and_stores_nothing(apq_client: httpx.Client) -> None:
    document = '{ hello(name: "wrong") }'
    response = apq_client.post("/", json={"query": document, "extensions": apq("{ other }")})
    assert (response.status_code, response.json()) == (
        400,
        {"errors": [{"message": "provided sha does not match query"}]},
    )
    assert apq_client.post("/", json={"extensions": apq("{ other }")}).json() == NOT_FOUND


def test_an_invalid_document_is_not_stored(apq_client: httpx.Client) -> None:
    document = "{ nope }"
    response = apq_client.post("/", json={"query": document, "extensions": apq(document)})
    assert "data" not in response.json()
    assert apq_client.post("/", json={"extensions": apq(document)}).json() == NOT_FOUND


@pytest.mark.parametrize(
    ("extension", "message"),
    [
        ("yes", 'The "persistedQuery" extension must be an object.'),
        ({"version": 2, "sha256Hash": sha(HELLO)}, VERSION),
        ({"sha256Hash": sha(HELLO)}, VERSION),
        ({"version": 1, "sha256Hash": "abc"}, BAD_HASH),
        ({"version": 1, "sha256Hash": sha(HELLO).upper()}, BAD_HASH),
        ({"version": 1}, BAD_HASH),
    ],
)  # fmt: skip
def test_malformed_extensions_are_400(
    apq_client: httpx.Client, extension: Any, message: str
) -> None:
    response = apq_client.post("/", json={"extensions": {"persistedQuery": extension}})
    assert (response.status_code, response.json()) == (400, {"errors": [{"message": message}]})


def test_unsupported_when_off(http: httpx.Client) -> None:
    response = http.post("/graphql", json={"extensions": apq(HELLO)})
    assert (response.status_code, response.json()) == (200, NOT_SUPPORTED)
    with_query = http.post("/graphql", json={"query": "{ hello }", "extensions": apq("{ x }")})
    assert with_query.json() == {"data": {"hello": "Hello, world!"}}  # the hash is not used


class AsyncStore:
    """A store with awaitable methods, as a shared cache client would have."""

    def __init__(self) -> None:
        self.documents: dict[str, str] = {}

    async def get(self, key: str) -> str | None:
        return self.documents.get(key)

    async def set(self, key: str, document: str) -> None:
        self.documents[key] = document


def test_a_pluggable_async_store() -> None:
    store = AsyncStore()
    with (
        serve(GraphQL(TRANSPORT_SCHEMA, persisted_queries=store)) as address,
        client_of(address) as c,
    ):
        assert c.post("/", json={"extensions": apq(HELLO)}).json() == NOT_FOUND
        c.post("/", json={"query": HELLO, "extensions": apq(HELLO)})
        assert store.documents == {sha(HELLO): HELLO}
        assert c.post("/", json={"extensions": apq(HELLO)}).json() == {
            "data": {"hello": "Hello, apq!"}
        }


def test_the_default_store_is_a_bounded_lru() -> None:
    store = LRUDocumentStore(maxsize=2, max_document_bytes=10)
    store.set("a", "A")
    store.set("b", "B")
    assert store.get("a") == "A"  # now the most recent
    store.set("c", "C")
    assert (store.get("a"), store.get("b"), store.get("c"), len(store)) == ("A", None, "C", 2)
    store.set("d", "x" * 11)  # too long to keep
    assert (store.get("d"), len(store)) == (None, 2)
    with pytest.raises(ValueError, match="maxsize must be positive"):
        LRUDocumentStore(maxsize=0)


def test_persisted_queries_must_be_a_store() -> None:
    with pytest.raises(TypeError, match="persisted_queries must be a bool or a DocumentStore"):
        GraphQL(TRANSPORT_SCHEMA, persisted_queries=object())  # type: ignore[arg-type]


TRUSTED = '{ hello(name: "trusted") }'
TRUSTED_MUTATION = 'mutation Rec { record(tag: "trusted") }'


@pytest.fixture(scope="module")
def manifest_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("manifest") / "persisted-query-manifest.json"
    manifest = {
        "format": "apollo-persisted-query-manifest",
        "version": 1,
        "operations": [
            {"id": sha(TRUSTED), "name": None, "type": "query", "body": TRUSTED},
            {
                "id": sha(TRUSTED_MUTATION),
                "name": "Rec",
                "type": "mutation",
                "body": TRUSTED_MUTATION,
            },
        ],
    }
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trusted(manifest_path: Path) -> Iterator[httpx.Client]:
    app = GraphQL(TRANSPORT_SCHEMA, trusted_documents=manifest_path)
    with serve(app) as address, client_of(address) as c:
        yield c


TRUSTED_ANSWER = {"data": {"hello": "Hello, trusted!"}}
NOT_IN_LIST = {
    "errors": [
        {
            "message": "Only trusted documents may be executed here.",
            "extensions": {"code": "PERSISTED_QUERY_NOT_IN_LIST"},
        }
    ]
}


def test_trusted_documents_by_id(trusted: httpx.Client) -> None:
    assert trusted.post("/", json={"documentId": f"sha256:{sha(TRUSTED)}"}).json() == TRUSTED_ANSWER
    assert trusted.post("/", json={"doc_id": sha(TRUSTED)}).json() == TRUSTED_ANSWER
    assert trusted.post("/", json={"extensions": apq(TRUSTED)}).json() == TRUSTED_ANSWER
    assert (
        trusted.get("/", params={"documentId": f"sha256:{sha(TRUSTED)}"}).json() == TRUSTED_ANSWER
    )
    response = trusted.post("/", json={"id": sha(TRUSTED_MUTATION), "operationName": "Rec"})
    assert response.json() == {"data": {"record": "trusted"}}


def test_trusted_documents_by_text(trusted: httpx.Client) -> None:
    assert trusted.post("/", json={"query": TRUSTED}).json() == TRUSTED_ANSWER
    other = trusted.post("/", json={"query": "{ hello }"})
    assert (other.status_code, other.json()) == (200, NOT_IN_LIST)
    strict = trusted.post("/", json={"query": "{ hello }"}, headers={"accept": GRAPHQL_RESPONSE})
    assert (strict.status_code, strict.json()) == (400, NOT_IN_LIST)


def test_unknown_ids_and_registration_are_refused(trusted: httpx.Client) -> None:
    assert trusted.post("/", json={"documentId": "sha256:" + "0" * 64}).json() == NOT_FOUND
    document = "{ hello }"
    registering = trusted.post("/", json={"query": document, "extensions": apq(document)})
    assert registering.json() == NOT_FOUND  # no registration in trusted mode
    mismatch = trusted.post("/", json={"query": "{ hello }", "documentId": sha(TRUSTED)})
    assert (mismatch.status_code, mismatch.json()) == (
        400,
        {"errors": [{"message": "provided sha does not match query"}]},
    )


def test_a_relay_manifest() -> None:
    app = GraphQL(TRANSPORT_SCHEMA, trusted_documents={"q1": TRUSTED})
    with serve(app) as address, client_of(address) as c:
        assert c.post("/", json={"doc_id": "q1"}).json() == TRUSTED_ANSWER
        assert c.post("/", json={"doc_id": "q2"}).json() == NOT_FOUND


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ([], "a persisted-query manifest is a JSON object"),
        ({"operations": {}}, 'the "operations" of an Apollo manifest must be a list'),
        ({"operations": [{"id": "a"}]},
         'each Apollo manifest operation needs a string "id" and "body"'),
        ({"a": 1}, "a Relay manifest maps string ids to string documents"),
    ],
)  # fmt: skip
def test_bad_manifests_are_refused(manifest: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_manifest(manifest)


def test_load_manifest_reads_both_formats(manifest_path: Path) -> None:
    assert load_manifest(manifest_path) == {
        sha(TRUSTED): TRUSTED,
        sha(TRUSTED_MUTATION): TRUSTED_MUTATION,
    }
    assert load_manifest(str(manifest_path)) == load_manifest(manifest_path)
    assert load_manifest({"x": "{ a }"}) == {"x": "{ a }"}


@pytest.fixture(scope="module")
def trusted_ws() -> Iterator[str]:
    app = GraphQL(TRANSPORT_SCHEMA, trusted_documents={"t": TRUSTED}, legacy_ws=True)
    with serve(app) as address:
        yield address


async def test_trusted_documents_over_graphql_transport_ws(trusted_ws: str) -> None:
    async with open_socket(trusted_ws) as socket:
        await socket.send({"id": "1", "type": "subscribe", "payload": {"documentId": "t"}})
        assert await socket.receive() == {"id": "1", "type": "next", "payload": TRUSTED_ANSWER}
        assert await socket.receive() == {"id": "1", "type": "complete"}
        await socket.subscribe("2", "subscription { count(to: 1) }")
        assert await socket.receive() == {
            "id": "2",
            "type": "error",
            "payload": NOT_IN_LIST["errors"],
        }
        await socket.send({"id": "3", "type": "subscribe", "payload": {"documentId": "nope"}})
        assert await socket.receive() == {
            "id": "3",
            "type": "error",
            "payload": NOT_FOUND["errors"],
        }
        await socket.send({"id": "4", "type": "subscribe", "payload": {"query": 5}})
        assert await socket.closed() == (4400, 'The "query" parameter must be a string.')


async def test_trusted_documents_over_the_legacy_protocol(trusted_ws: str) -> None:
    async with open_socket(
        trusted_ws, init=False, protocols=(Subprotocol("graphql-ws"),)
    ) as socket:
        await socket.send({"type": "connection_init"})
        assert await socket.receive() == {"type": "connection_ack"}
        await socket.send({"id": "1", "type": "start", "payload": {"doc_id": "t"}})
        assert await socket.receive() == {"id": "1", "type": "data", "payload": TRUSTED_ANSWER}
        assert await socket.receive() == {"id": "1", "type": "complete"}
        start = {"query": "subscription { count(to: 1) }"}
        await socket.send({"id": "2", "type": "start", "payload": start})
        assert await socket.receive() == {"id": "2", "type": "data", "payload": NOT_IN_LIST}
        assert await socket.receive() == {"id": "2", "type": "complete"}


async def test_apq_over_a_websocket(apq_client: httpx.Client) -> None:
    document = '{ hello(name: "ws") }'
    apq_client.post("/", json={"query": document, "extensions": apq(document)})  # register
    address = str(apq_client.base_url).removeprefix("http://").rstrip("/")
    async with open_socket(address) as socket:
        await socket.send(
            {"id": "1", "type": "subscribe", "payload": {"extensions": apq(document)}}
        )
        assert await socket.receive() == {
            "id": "1",
            "type": "next",
            "payload": {"data": {"hello": "Hello, ws!"}},
        }
