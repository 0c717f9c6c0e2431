"""Mutations, subscriptions and schema options on builder schemas."""

import asyncio
from collections.abc import AsyncIterator

import pytest

import grommet
from grommet import ExecutionResult, GraphQLError


@grommet.type
class Query:
    total: int = 0

    @grommet.field
    def nested(self) -> "Query":
        return Query()


@grommet.type
class Mutation:
    @grommet.field
    async def append(self, info: grommet.Info, value: int, delay: float = 0) -> list[int]:
        await asyncio.sleep(delay)
        log: list[int] = info.context
        log.append(value)
        return list(log)


@grommet.type
class Subscription:
    @grommet.subscription
    async def countdown(self, info: grommet.Info, start: int) -> AsyncIterator[int]:
        for value in range(start, 0, -1):
            await asyncio.sleep(0)
            yield value

    @grommet.subscription
    async def failing(self) -> AsyncIterator[int]:
        yield 1
        raise GraphQLError("stream broke", extensions={"code": "STREAM"})

    @grommet.subscription
    async def crashing(self) -> AsyncIterator[int | None]:
        yield None
        raise RuntimeError("secret detail")


schema = grommet.Schema(Query, Mutation, Subscription)


async def test_mutation_root_fields_run_serially_in_document_order() -> None:
    log: list[int] = []
    result = await schema.execute(
        "mutation { a: append(value: 1, delay: 0.02) b: append(value: 2) }", context=log
    )
    assert result.to_dict() == {"data": {"a": [1], "b": [1, 2]}}


def test_mutations_run_from_execute_sync() -> None:
    result = schema.execute_sync("mutation { append(value: 7) }", context=[])
    assert result.to_dict() == {"data": {"append": [7]}}


async def collect(source: str, **kwargs: object) -> list[dict[str, object]]:
    return [result.to_dict() async for result in schema.subscribe(source, **kwargs)]  # type: ignore[arg-type]


async def test_subscription_yields_one_result_per_event() -> None:
    source = "subscription($n: Int!) { countdown(start: $n) }"
    results = [r async for r in schema.subscribe(source, {"n": 3})]
    assert all(isinstance(r, ExecutionResult) for r in results)
    assert [r.to_dict() for r in results] == [
        {"data": {"countdown": 3}},
        {"data": {"countdown": 2}},
        {"data": {"countdown": 1}},
    ]


async def test_subscription_request_errors_give_a_single_result() -> None:
    assert await collect("subscription { countdown }") == [
        {
            "errors": [
                {
                    "message": "the required argument `Subscription.countdown(start:)` "
                    "is not provided",
                    "locations": [{"line": 1, "column": 16}],
                }
            ]
        }
    ]


async def test_errors_raised_by_the_source_stream_end_it_with_an_error_result() -> None:
    assert await collect("subscription { failing }") == [
        {"data": {"failing": 1}},
        {"data": None, "errors": [{"message": "stream broke", "extensions": {"code": "STREAM"}}]},
    ]
    masked = grommet.Schema(Query, subscription=Subscription, mask_errors=True)
    results = [r.to_dict() async for r in masked.subscribe("subscription { crashing }")]
    assert results == [
        {"data": {"crashing": None}},
        {"data": None, "errors": [{"message": "Internal server error"}]},
    ]


def test_introspection_can_be_turned_off() -> None:
    query = "{ __schema { queryType { name } } }"
    assert schema.execute_sync(query).to_dict() == {
        "data": {"__schema": {"queryType": {"name": "Query"}}}
    }
    closed = grommet.Schema(Query, introspection=False)
    result = closed.execute_sync(query)
    assert result.data is None
    assert len(result.errors) == 1


def test_max_depth_rejects_deep_operations() -> None:
    limited = grommet.Schema(Query, max_depth=2)
    assert limited.execute_sync("{ nested { total } }").to_dict() == {
        "data": {"nested": {"total": 0}}
    }
    result = limited.execute_sync("{ nested { nested { total } } }")
    assert result.data is None
    assert [e.message for e in result.errors] == [
        "Query depth 3 exceeds the maximum allowed depth of 2."
    ]


# The refused execution's resolver coroutine is dropped unstarted.
@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")
def test_execute_sync_refuses_to_nest_inside_a_running_loop() -> None:
    async def inside() -> None:
        with pytest.raises(RuntimeError, match=r"use `await schema.execute\(...\)`"):
            schema.execute_sync("mutation { append(value: 1, delay: 0.01) }", context=[])

    asyncio.run(inside())
