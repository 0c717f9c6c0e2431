"""The ceilings grommet is measured against, under the same uvicorn: ``bare`` answers every
request with a fixed body (no GraphQL at all: what uvicorn itself can serve), ``engine`` is
the smallest ASGI app around grommet's engine (the standard library's json both ways, no
negotiation, no checks, no context)."""

from __future__ import annotations

import json
from typing import Any

from grommet_app import Query

import grommet

BODY = b'{"data":{"user":{"id":"7","name":"User 7","email":"user7@example.com"}}}'
HEADERS = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(BODY))]
schema = grommet.Schema(query=Query)


async def lifespan(receive: Any, send: Any) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        else:
            await send({"type": "lifespan.shutdown.complete"})
            return


async def read_body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def bare(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return await lifespan(receive, send)
    await read_body(receive)
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})


async def engine(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return await lifespan(receive, send)
    data = json.loads(await read_body(receive))
    result = await schema.execute(
        data["query"], data.get("variables"), operation_name=data.get("operationName")
    )
    body = json.dumps(result.to_dict(), ensure_ascii=False, separators=(",", ":")).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
