"""Many executions at once: tasks on one loop, threads with execute_sync, loops in threads.

Every execution has its own variables and context, so any state leaking between executions
shows up as a wrong answer.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import pytest

import grommet


@grommet.type
class Item:
    n: int

    @grommet.field
    async def doubled(self) -> int:
        await asyncio.sleep(0)
        return self.n * 2

    @grommet.field
    def negated(self) -> int:
        return -self.n


@grommet.type
class Query:
    @grommet.field
    def echo(self, n: int) -> int:
        return n

    @grommet.field
    async def slow_echo(self, n: int, delay: float) -> int:
        await asyncio.sleep(delay)
        return n

    @grommet.field
    def items(self, n: int) -> list[Item]:
        return [Item(n=n), Item(n=n + 1)]

    @grommet.field
    def tag(self, info: grommet.Info) -> str:
        return str(info.context["tag"])

    @grommet.field
    async def async_tag(self, info: grommet.Info) -> str:
        await asyncio.sleep(0)
        return str(info.context["tag"])


SYNC_QUERY = "query Sync($n: Int!) { echo(n: $n) tag items(n: $n) { n negated } }"
ASYNC_QUERY = (
    "query Async($n: Int!, $delay: Float!) {"
    " echo(n: $n) slowEcho(n: $n, delay: $delay) asyncTag items(n: $n) { n doubled negated } }"
)


def sync_answer(n: int, tag: str) -> dict[str, Any]:
    items = [{"n": n, "negated": -n}, {"n": n + 1, "negated": -n - 1}]
    return {"data": {"echo": n, "tag": tag, "items": items}}


def async_answer(n: int, tag: str) -> dict[str, Any]:
    items = [{"n": m, "doubled": 2 * m, "negated": -m} for m in (n, n + 1)]
    return {"data": {"echo": n, "slowEcho": n, "asyncTag": tag, "items": items}}


@pytest.fixture(scope="module")
def schema() -> grommet.Schema:
    return grommet.Schema(query=Query)


async def test_a_thousand_concurrent_executes(schema: grommet.Schema) -> None:
    calls = []
    expected = []
    for n in range(1000):
        tag = f"request-{n}"
        if n % 2:
            calls.append(schema.execute(SYNC_QUERY, {"n": n}, context={"tag": tag}))
            expected.append(sync_answer(n, tag))
        else:
            variables = {"n": n, "delay": (n % 7) / 1000}
            calls.append(schema.execute(ASYNC_QUERY, variables, context={"tag": tag}))
            expected.append(async_answer(n, tag))
    results: list[grommet.ExecutionResult] = await asyncio.gather(*calls)
    assert [result.to_dict() for result in results] == expected


def run_in_threads(threads: int, work: Callable[[int], None]) -> None:
    """Start `threads` threads together, each running work(index); re-raise the first error."""
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def body(index: int) -> None:
        try:
            barrier.wait()
            work(index)
        except BaseException as exc:
            errors.append(exc)

    pool = [threading.Thread(target=body, args=(index,)) for index in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in pool), "a thread did not finish"
    if errors:
        raise errors[0]


@pytest.mark.parametrize(
    ("source", "variables", "answer"),
    [
        pytest.param(SYNC_QUERY, {}, sync_answer, id="sync resolvers"),
        pytest.param(ASYNC_QUERY, {"delay": 0}, async_answer, id="async resolvers"),
    ],
)
def test_eight_threads_of_execute_sync(
    schema: grommet.Schema,
    source: str,
    variables: dict[str, Any],
    answer: Callable[[int, str], dict[str, Any]],
) -> None:
    answers: dict[int, dict[str, Any]] = {}

    def work(thread: int) -> None:
        for call in range(200):
            n = thread * 1000 + call
            result = schema.execute_sync(source, {**variables, "n": n}, context={"tag": f"t{n}"})
            answers[n] = result.to_dict()

    run_in_threads(8, work)
    assert len(answers) == 8 * 200
    for n, got in answers.items():
        assert got == answer(n, f"t{n}")


def test_event_loops_in_several_threads(schema: grommet.Schema) -> None:
    answers: dict[int, dict[str, Any]] = {}

    async def batch(thread: int) -> None:
        numbers = [thread * 1000 + call for call in range(100)]
        results: list[grommet.ExecutionResult] = await asyncio.gather(
            *(
                schema.execute(ASYNC_QUERY, {"n": n, "delay": 0.001}, context={"tag": str(n)})
                for n in numbers
            )
        )
        for n, result in zip(numbers, results, strict=True):
            answers[n] = result.to_dict()

    run_in_threads(4, lambda thread: asyncio.run(batch(thread)))
    assert len(answers) == 4 * 100
    for n, answer in answers.items():
        assert answer == async_answer(n, str(n))
