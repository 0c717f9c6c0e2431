"""The CSRF rule for requests a browser sends cross-site without a preflight (GET,
form-encoded and multipart posts), and Cache-Control on GET responses; real server."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from grommet.asgi import GraphQL

from .live import serve
from .transport_schema import ORDER, TRANSPORT_SCHEMA

BLOCKED = (
    "This request may be a cross-site request forgery; send it with a "
    '"x-apollo-operation-name" or "apollo-require-preflight" header.'
)


@pytest.fixture(scope="module")
def guarded() -> Iterator[httpx.Client]:
    app = GraphQL(TRANSPORT_SCHEMA, csrf_prevention=True, get_cache_control="public, max-age=60")
    with serve(app) as address, httpx.Client(base_url=f"http://{address}", timeout=5.0) as c:
        yield c


def test_a_get_without_a_preflight_header_is_400(guarded: httpx.Client) -> None:
    response = guarded.get("/", params={"query": "{ hello }"})
    assert (response.status_code, response.json()) == (400, {"errors": [{"message": BLOCKED}]})
    assert "cache-control" not in response.headers


@pytest.mark.parametrize("header", ["apollo-require-preflight", "X-Apollo-Operation-Name"])
def test_a_get_with_a_preflight_header_runs(guarded: httpx.Client, header: str) -> None:
    response = guarded.get("/", params={"query": "{ hello }"}, headers={header: "1"})
    assert (response.status_code, response.json()) == (200, {"data": {"hello": "Hello, world!"}})
    assert response.headers["cache-control"] == "public, max-age=60"


def test_json_posts_need_no_header_and_get_no_cache_control(guarded: httpx.Client) -> None:
    response = guarded.post("/", json={"query": "{ hello }"})
    assert (response.status_code, response.json()) == (200, {"data": {"hello": "Hello, world!"}})
    assert "cache-control" not in response.headers


def test_a_get_with_errors_is_not_cached(guarded: httpx.Client) -> None:
    headers = {"apollo-require-preflight": "1"}
    for query in ("{ broken }", "{ nope }"):
        response = guarded.get("/", params={"query": query}, headers=headers)
        assert "errors" in response.json()
        assert "cache-control" not in response.headers


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data"]
)
def test_simple_posts_never_execute(guarded: httpx.Client, content_type: str) -> None:
    ORDER.clear()
    body = '{"query": "mutation { record(tag: \\"csrf\\") }"}'
    response = guarded.post("/", content=body, headers={"content-type": content_type})
    assert response.status_code == 415
    assert ORDER == []


def test_custom_csrf_headers() -> None:
    app = GraphQL(TRANSPORT_SCHEMA, csrf_prevention=True, csrf_headers=["X-Requested-With"])
    with serve(app) as address, httpx.Client(base_url=f"http://{address}", timeout=5.0) as c:
        refused = c.get(
            "/", params={"query": "{ hello }"}, headers={"apollo-require-preflight": "1"}
        )
        assert refused.json() == {
            "errors": [
                {
                    "message": "This request may be a cross-site request forgery; send it "
                    'with a "x-requested-with" header.'
                }
            ]
        }
        accepted = c.get("/", params={"query": "{ hello }"}, headers={"x-requested-with": "x"})
        assert accepted.status_code == 200
        assert "cache-control" not in accepted.headers  # none unless configured


def test_bad_options_are_refused() -> None:
    for options, message in [
        ({"csrf_headers": ()}, "csrf_headers must name at least one header"),
        ({"max_files": 0}, "max_files must be positive"),
        ({"max_file_bytes": -1}, "max_file_bytes must be positive"),
        ({"max_batch_size": 0}, "max_batch_size must be positive"),
        ({"upload_spool_bytes": -1}, "upload_spool_bytes must not be negative"),
        ({"subscription_protocols": ["graphql-ws"]}, "turn on the legacy protocol with legacy_ws"),
    ]:
        with pytest.raises(ValueError, match=message):
            GraphQL(TRANSPORT_SCHEMA, **options)  # type: ignore[arg-type]


def test_the_csrf_rule_covers_sse_gets() -> None:
    app = GraphQL(TRANSPORT_SCHEMA, sse=True, csrf_prevention=True)
    params = {"query": "subscription { count(to: 1) }"}
    with serve(app) as address, httpx.Client(base_url=f"http://{address}", timeout=5.0) as c:
        refused = c.get("/", params=params, headers={"accept": "text/event-stream"})
        assert (refused.status_code, refused.json()) == (400, {"errors": [{"message": BLOCKED}]})
        headers = {"accept": "text/event-stream", "apollo-require-preflight": "1"}
        accepted = c.get("/", params=params, headers=headers)
        assert accepted.status_code == 200
        assert accepted.text.startswith('event: next\ndata: {"data":{"count":1}}')
