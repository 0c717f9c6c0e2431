"""Batched requests: a JSON array of operations answered with an array of responses.

Queries run concurrently; mutations run one after another in the order sent (each waits
for the mutation before it), as a client batching ``[createA, createB]`` expects. The
context is computed once and shared by the batch (so per-request loaders are shared too).
"""

from __future__ import annotations

import asyncio
from typing import Any

from grommet.asgi.http import execute_operation
from grommet.asgi.request import Request
from grommet.asgi.responses import INTERNAL_ERROR, HTTPError, RequestError, logger
from grommet.asgi.settings import Settings


async def execute_batch(
    settings: Settings, request: Request, items: list[Any], media_type: str
) -> list[Any]:
    """The responses of a batch, in order; a malformed item is answered with its error."""
    limit = settings.max_batch_size
    assert limit is not None
    if not items:
        raise HTTPError(400, "The batch is empty; send at least one operation.")
    if len(items) > limit:
        raise HTTPError(400, f"A batch may hold at most {limit} operations; it holds {len(items)}.")
    context = await settings.context_for(request)
    previous_mutation: asyncio.Task[dict[str, Any]] | None = None
    tasks: list[asyncio.Task[dict[str, Any]]] = []
    for item in items:
        mutation = _is_mutation(settings, item)
        waits_for = previous_mutation if mutation else None
        task = asyncio.create_task(_run(settings, request, item, context, waits_for))
        if mutation:
            previous_mutation = task
        tasks.append(task)
    try:
        return list(await asyncio.gather(*tasks))
    finally:
        for task in tasks:
            task.cancel()


def _is_mutation(settings: Settings, item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    query, name = item.get("query"), item.get("operationName")
    if not isinstance(query, str) or not (name is None or isinstance(name, str)):
        return False
    return settings.schema.operation_type(query, name) == "mutation"


async def _run(
    settings: Settings,
    request: Request,
    item: Any,
    context: Any,
    after: asyncio.Task[dict[str, Any]] | None,
) -> dict[str, Any]:
    if after is not None:
        await asyncio.wait([after])
    try:
        if not isinstance(item, dict):
            raise HTTPError(400, "Each operation of a batch must be a JSON object.")
        return await execute_operation(settings, request, item, context)
    except (HTTPError, RequestError) as error:
        return error.payload()
    except Exception:
        logger.exception("an operation of a batch failed")
        return dict(INTERNAL_ERROR)
