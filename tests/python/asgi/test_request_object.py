"""``Request.from_scope`` builds the frozen dataclass through its slots (a fast path): the
result must equal what the dataclass's own constructor makes, field for field."""

from __future__ import annotations

import dataclasses

import pytest

from grommet.asgi import Request
from grommet.asgi.request import Headers

pytestmark = pytest.mark.timeout(30)


def test_from_scope_sets_every_field_as_the_constructor_would() -> None:
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/graphql",
        "headers": [(b"accept", b"application/json")],
        "query_string": b"a=1&b=2&a=3",
        "client": ["127.0.0.1", 5000],
    }
    request = Request.from_scope(scope)
    expected = Request(
        method="POST",
        path="/graphql",
        headers=Headers(scope["headers"]),  # type: ignore[arg-type]
        query_params={"a": "3", "b": "2"},
        client=("127.0.0.1", 5000),
        scope=scope,
    )
    names = [f.name for f in dataclasses.fields(Request)]
    assert names == [
        "method",
        "path",
        "headers",
        "query_params",
        "client",
        "scope",
        "connection_params",
        "_response",
    ]
    for name in names:
        mine, theirs = getattr(request, name), getattr(expected, name)
        assert (dict(mine) if name == "headers" else mine) == (
            dict(theirs) if name == "headers" else theirs
        )
    with pytest.raises(dataclasses.FrozenInstanceError):
        request.method = "GET"  # type: ignore[misc]
    websocket = Request.from_scope({"type": "websocket"})
    assert (websocket.method, websocket.path, websocket.client) == ("GET", "", None)
    assert websocket.is_websocket and dict(websocket.headers) == {}
    assert websocket.query_params == {} and websocket.connection_params is None
