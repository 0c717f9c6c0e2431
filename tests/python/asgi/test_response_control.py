"""`grommet.asgi.Response`: status, headers and cookies a resolver sets reach a real client."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

import grommet
from grommet.asgi import GraphQL, Request, Response

from .live import serve


@dataclass
class Context:
    request: Request
    response: Response
    user: str


@grommet.type
class Query:
    @grommet.field
    def plain(self) -> str:
        return "plain"

    @grommet.field
    def teapot(self, info: grommet.Info) -> str:
        response: Response = info.context.response  # the default context is the request
        response.status_code = 418
        response.headers["X-Brewed"] = "yes"
        return "short and stout"

    @grommet.field
    def whoami(self, info: grommet.Info) -> str:
        context: Context = info.context
        context.response.headers["x-user"] = context.user
        return context.user

    @grommet.field
    def bad_header(self, info: grommet.Info) -> str:
        info.context.response.headers["x-bad"] = "a\r\nset-cookie: evil=1"
        return "bad"


@grommet.type
class Mutation:
    @grommet.field
    def login(self, info: grommet.Info, user: str) -> bool:
        response: Response = info.context.response
        response.set_cookie("session", f"s-{user}", max_age=3600, httponly=True, secure=True)
        response.delete_cookie("old")
        return True


SCHEMA = grommet.Schema(Query, Mutation)


def post(host: str, query: str, **kwargs: Any) -> httpx.Response:
    return httpx.post(f"http://{host}/", json={"query": query}, timeout=10, **kwargs)


def test_a_resolver_sets_status_and_headers_through_the_default_context() -> None:
    with serve(GraphQL(SCHEMA)) as host:
        answer = post(host, "{ teapot }")
        plain = post(host, "{ plain }")
    assert answer.status_code == 418
    assert answer.headers["x-brewed"] == "yes"
    assert answer.headers["content-type"] == "application/json; charset=utf-8"
    assert answer.json() == {"data": {"teapot": "short and stout"}}
    assert plain.status_code == 200
    assert "x-brewed" not in plain.headers


def test_cookies_set_by_a_mutation_reach_the_client() -> None:
    with serve(GraphQL(SCHEMA)) as host:
        answer = post(host, 'mutation { login(user: "ann") }')
    assert answer.json() == {"data": {"login": True}}
    assert answer.headers.get_list("set-cookie") == [
        "session=s-ann; HttpOnly; Max-Age=3600; Path=/; SameSite=lax; Secure",
        'old=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',
    ]
    assert answer.cookies["session"] == "s-ann"


def test_a_custom_context_getter_receives_the_response_with_the_request() -> None:
    def context(request: Request) -> Context:
        return Context(request, request.response, user=request.headers.get("x-token", "anon"))

    with serve(GraphQL(SCHEMA, context_getter=context)) as host:
        answer = post(host, "{ whoami }", headers={"x-token": "bob"})
    assert answer.status_code == 200
    assert answer.headers["x-user"] == "bob"
    assert answer.json() == {"data": {"whoami": "bob"}}


def test_a_header_that_cannot_be_sent_is_a_logged_json_500(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="grommet.asgi"), serve(GraphQL(SCHEMA)) as host:
        answer = post(host, "{ badHeader }")
    assert answer.status_code == 500
    assert "evil" not in answer.headers.get("set-cookie", "")
    assert answer.json() == {"errors": [{"message": "Internal server error"}]}
    assert "a GraphQL response header could not be sent" in caplog.text


def test_a_failing_context_getter_is_a_logged_json_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def context(request: Request) -> Context:
        request.response.headers["x-partial"] = "1"
        raise RuntimeError("no database")

    with (
        caplog.at_level(logging.ERROR, logger="grommet.asgi"),
        serve(GraphQL(SCHEMA, context_getter=context)) as host,
    ):
        answer = post(host, "{ plain }")
    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/json; charset=utf-8"
    assert "x-partial" not in answer.headers
    assert answer.json() == {"errors": [{"message": "Internal server error"}]}
    [record] = [r for r in caplog.records if r.name == "grommet.asgi"]
    assert record.getMessage() == "a GraphQL request failed"
    assert record.exc_info is not None and "no database" in str(record.exc_info[1])


def test_a_request_that_never_asks_builds_no_response() -> None:
    request = Request.from_scope({"type": "http", "method": "POST", "path": "/"})
    assert request._response is None
    assert request.response is request.response
    assert repr(request.response) == "Response(status_code=None, headers={}, cookies=[])"
