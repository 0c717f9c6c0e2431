"""How async resolvers run: mutations serially, siblings concurrently, in the caller's
context, and cancellable."""

from __future__ import annotations

import asyncio
import contextvars
import time
from typing import Any

import pytest

import grommet

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="unset")

# Filled by resolvers; each test clears what it uses.
EVENTS: list[str] = []


class Gate:
    """Lets a test wait until a resolver has started, and observe how it ended."""

    started: asyncio.Event
    finished: list[str]

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.finished = []


GATE: dict[str, Gate] = {}


@grommet.type
class Child:
    n: int

    @grommet.field
    async def slow(self) -> int:
        await asyncio.sleep(0.05)
        return self.n


@grommet.type
class Query:
    @grommet.field
    async def slow(self) -> int:
        await asyncio.sleep(0.05)
        return 1

    @grommet.field
    def children(self, count: int) -> list[Child]:
        return [Child(n=n) for n in range(count)]

    @grommet.field
    async def request_id(self) -> str:
        await asyncio.sleep(0)
        return REQUEST_ID.get()

    @grommet.field
    def sync_request_id(self) -> str:
        return REQUEST_ID.get()

    @grommet.field
    async def hang(self) -> int:
        gate = GATE["hang"]
        gate.started.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            gate.finished.append("cancelled")
            raise
        except GeneratorExit:
            gate.finished.append("closed")
            raise
        gate.finished.append("completed")
        return 0


@grommet.type
class Mutation:
    @grommet.field
    async def append(self, value: str, delay: float) -> list[str]:
        EVENTS.append(f"start {value}")
        await asyncio.sleep(delay)
        EVENTS.append(f"end {value}")
        return [event for event in EVENTS if event.startswith("end")]

    @grommet.field
    def append_now(self, value: str) -> list[str]:
        EVENTS.append(f"start {value}")
        EVENTS.append(f"end {value}")
        return [event for event in EVENTS if event.startswith("end")]


@pytest.fixture(scope="module")
def schema() -> grommet.Schema:
    return grommet.Schema(query=Query, mutation=Mutation)


async def test_mutation_root_fields_run_serially(schema: grommet.Schema) -> None:
    EVENTS.clear()
    source = """
        mutation {
          first: append(value: "a", delay: 0.06)
          second: append(value: "b", delay: 0.0)
          third: appendNow(value: "c")
          fourth: append(value: "d", delay: 0.02)
        }
    """
    result = await schema.execute(source)
    assert result.errors == []
    assert EVENTS == [
        "start a",
        "end a",
        "start b",
        "end b",
        "start c",
        "end c",
        "start d",
        "end d",
    ]
    assert result.data == {
        "first": ["end a"],
        "second": ["end a", "end b"],
        "third": ["end a", "end b", "end c"],
        "fourth": ["end a", "end b", "end c", "end d"],
    }


async def test_sibling_async_fields_run_concurrently(schema: grommet.Schema) -> None:
    source = "{ " + " ".join(f"f{index}: slow" for index in range(50)) + " }"
    started = time.perf_counter()
    result = await schema.execute(source)
    elapsed = time.perf_counter() - started
    assert result.errors == []
    assert result.data == {f"f{index}": 1 for index in range(50)}
    # Serially this takes 50 * 0.05 = 2.5 s.
    assert elapsed < 1.0


async def test_async_fields_of_list_items_run_concurrently(schema: grommet.Schema) -> None:
    started = time.perf_counter()
    result = await schema.execute("{ children(count: 50) { slow } }")
    elapsed = time.perf_counter() - started
    assert result.errors == []
    assert result.data == {"children": [{"slow": n} for n in range(50)]}
    assert elapsed < 1.0


async def test_contextvars_are_visible_in_resolvers(schema: grommet.Schema) -> None:
    async def request(request_id: str) -> grommet.ExecutionResult:
        REQUEST_ID.set(request_id)
        return await schema.execute("{ requestId syncRequestId }")

    results = await asyncio.gather(*(request(f"req-{n}") for n in range(20)))
    for n, result in enumerate(results):
        assert result.to_dict() == {"data": {"requestId": f"req-{n}", "syncRequestId": f"req-{n}"}}


async def stopped(gate: Gate) -> list[str]:
    """How the hanging resolver ended, once it has."""
    for _ in range(100):
        if gate.finished:
            break
        await asyncio.sleep(0.01)
    return gate.finished


async def cancel_while_resolving(schema: grommet.Schema) -> tuple[asyncio.Future[Any], Gate]:
    """Start `{ hang }`, cancel it once its resolver awaits; the task and how it ended."""
    gate = GATE["hang"] = Gate()
    task = asyncio.ensure_future(schema.execute("{ hang }"))
    await asyncio.wait_for(gate.started.wait(), timeout=5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    return task, gate


async def test_cancelling_an_awaiting_execute(schema: grommet.Schema) -> None:
    task, gate = await cancel_while_resolving(schema)
    assert task.cancelled()
    # The resolver does not go on running after its execution was cancelled.
    assert await stopped(gate) in (["cancelled"], ["closed"])
    after = await schema.execute("{ syncRequestId }")
    assert after.to_dict() == {"data": {"syncRequestId": "unset"}}


async def test_cancellation_reaches_the_resolver_as_cancelled_error(
    schema: grommet.Schema,
) -> None:
    # asyncio cancels a task by throwing CancelledError into the coroutine it awaits, so a
    # resolver can clean up with `except CancelledError` or an awaiting `async with`; a
    # coroutine closed with GeneratorExit instead cannot await during its cleanup.
    _, gate = await cancel_while_resolving(schema)
    assert await stopped(gate) == ["cancelled"]


async def test_timeout_around_execute(schema: grommet.Schema) -> None:
    gate = GATE["hang"] = Gate()
    started = time.perf_counter()
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(schema.execute("{ hang }"), timeout=0.05)
    assert time.perf_counter() - started < 5
    assert await stopped(gate) in (["cancelled"], ["closed"])
