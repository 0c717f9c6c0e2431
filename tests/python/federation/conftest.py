"""The compatibility suite's subgraphs (examples/federation), from both entry points."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import grommet
from grommet.asgi import GraphQL

REPO = Path(__file__).resolve().parents[3]
EXAMPLES = REPO / "examples" / "federation"
# The subgraphs import as a service would, by their own package names.
sys.path.insert(0, str(EXAMPLES))

import inventory_subgraph  # noqa: E402
import products_builder_subgraph  # noqa: E402
from products_subgraph import resolvers as products_sdl  # noqa: E402
from users_subgraph import resolvers as users_sdl  # noqa: E402

PRODUCTS: dict[str, Callable[[], grommet.Schema]] = {
    "sdl-first": products_sdl.make_schema,
    "builder": products_builder_subgraph.make_schema,
}
# The ASGI apps the subgraphs' modules make (what `uvicorn --factory` serves).
PRODUCTS_APPS: dict[str, Callable[[], GraphQL]] = {
    "sdl-first": products_sdl.make_app,
    "builder": products_builder_subgraph.make_app,
}
SUBGRAPH_APPS: dict[str, Callable[[], GraphQL]] = {
    "users": users_sdl.make_app,
    "inventory": inventory_subgraph.make_app,
}


@pytest.fixture(params=sorted(PRODUCTS), scope="module")
def products(request: pytest.FixtureRequest) -> grommet.Schema:
    """The products subgraph, once SDL-first (generated code) and once from the builder."""
    return PRODUCTS[request.param]()


def execute(schema: grommet.Schema, query: str, variables: Any = None) -> dict[str, Any]:
    return schema.execute_sync(query, variables).to_dict()


def service_sdl(schema: grommet.Schema) -> str:
    result = execute(schema, "query { _service { sdl } }")
    assert "errors" not in result
    sdl = result["data"]["_service"]["sdl"]
    assert isinstance(sdl, str)
    return sdl
