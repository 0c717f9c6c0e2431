"""NaN and Infinity are not JSON (RFC 8259): a request using them is a 400 (issue 8)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import grommet
from grommet.asgi import GraphQL

from .live import serve

SEEN: list[Any] = []

SCHEMA = grommet.Schema.from_bundle(
    {
        "sdl": "scalar Raw type Query { f(x: Float, raw: Raw): String }",
        "types": {
            "Query": {
                "fields": {
                    "f": (
                        "call",
                        lambda _p, **args: SEEN.append(args),
                        None,
                        {"x": "x", "raw": "raw"},
                    )
                }
            }
        },
    }
)

QUERY = "query($x: Float, $raw: Raw) { f(x: $x, raw: $raw) }"


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_non_json_number_tokens_are_a_400(token: str) -> None:
    with (
        serve(GraphQL(SCHEMA)) as address,
        httpx.Client(base_url=f"http://{address}", timeout=5.0) as http,
    ):
        for variables in (f'{{"x": {token}}}', f'{{"raw": [{token}]}}'):
            body = f'{{"query": "{QUERY}", "variables": {variables}}}'
            response = http.post(
                "/graphql", content=body, headers={"content-type": "application/json"}
            )
            assert response.status_code == 400
            message = f"The request body is not valid JSON: {token} is not a JSON value."
            assert response.json() == {"errors": [{"message": message}]}
            response = http.get("/graphql", params={"query": QUERY, "variables": variables})
            assert response.status_code == 400
            assert response.json() == {
                "errors": [{"message": 'The "variables" parameter is not valid JSON.'}]
            }
    assert SEEN == []
