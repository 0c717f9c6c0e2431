from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from grommet.asgi import GraphQL

from .live import serve
from .schema import SCHEMA, context_getter


@pytest.fixture(scope="package")
def address() -> Iterator[str]:
    """``host:port`` of a uvicorn server running the default app (async context getter)."""
    with serve(GraphQL(SCHEMA, context_getter=context_getter)) as address:
        yield address


@pytest.fixture
def http(address: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"http://{address}", timeout=5.0) as client:
        yield client
