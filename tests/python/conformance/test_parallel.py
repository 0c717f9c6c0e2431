"""graphql-core tests/execution/test_parallel.py: concurrent resolvers and the cancellation
of the ones whose result no longer matters, on both engines.

Each engine runs in its own event loop with its own barrier. Not portable: the cases whose
concurrency comes from async `is_type_of` callables (grommet resolves types by class).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

from .harness import Case, Request, Response, err, ordered, run_core, run_grommet


class Barrier:
    """Lets its waiters go only once `number` of them wait."""

    def __init__(self, number: int) -> None:
        self.event = asyncio.Event()
        self.number = number

    async def wait(self) -> bool:
        self.number -= 1
        if not self.number:
            self.event.set()
        return await self.event.wait()


Scenario = Callable[[], tuple[Case, Callable[[], Coroutine[Any, Any, None]]]]


def _on_both(make: Scenario, query: str, expected: Response) -> None:
    """Runs `query` on a fresh scenario per engine; `after` runs in the same loop afterwards."""
    for runner in (run_core, run_grommet):

        async def main(runner: Any = runner) -> None:
            case, after = make()
            answer = await asyncio.wait_for(runner(case, Request(query)), 1)
            assert ordered(answer) == ordered(expected), f"{runner.__name__}: {answer}"
            await after()

        asyncio.run(main())


async def _nothing() -> None:
    return None


def test_resolve_single_field() -> None:
    async def resolve(_p: Any, _i: Any) -> bool:
        return True

    def make() -> tuple[Case, Any]:
        return Case("type Query { foo: Boolean }", resolvers={"Query": {"foo": resolve}}), _nothing

    _on_both(make, "{foo}", {"data": {"foo": True}})


def test_resolve_fields_in_parallel() -> None:
    def make() -> tuple[Case, Any]:
        barrier = Barrier(2)

        async def resolve(_p: Any, _i: Any) -> bool:
            return await barrier.wait()

        case = Case(
            "type Query { foo: Boolean bar: Boolean }",
            resolvers={"Query": {"foo": resolve, "bar": resolve}},
        )
        return case, _nothing

    _on_both(make, "{foo, bar}", {"data": {"foo": True, "bar": True}})


def test_resolve_single_element_list() -> None:
    async def resolve(_p: Any, _i: Any) -> list[bool]:
        return [True]

    def make() -> tuple[Case, Any]:
        return Case(
            "type Query { foo: [Boolean] }", resolvers={"Query": {"foo": resolve}}
        ), _nothing

    _on_both(make, "{foo}", {"data": {"foo": [True]}})


def test_resolve_list_in_parallel() -> None:
    def make() -> tuple[Case, Any]:
        barrier = Barrier(2)

        async def item() -> bool:
            return await barrier.wait()

        async def resolve_list(_p: Any, _i: Any) -> list[Any]:
            return [item(), item()]

        return Case(
            "type Query { foo: [Boolean] }", resolvers={"Query": {"foo": resolve_list}}
        ), _nothing

    _on_both(make, "{foo}", {"data": {"foo": [True, True]}})


OOPS_AT = (1, 2)


def _cancel_scenario(shape: str) -> Scenario:
    """`foo` fails while `succeed` waits on a barrier: `succeed` must never complete."""

    def make() -> tuple[Case, Any]:
        barrier = Barrier(2)
        completed: list[bool] = []

        async def succeed(*_args: Any) -> bool:
            await barrier.wait()
            completed.append(True)
            return True

        async def fail(*_args: Any) -> bool:
            raise RuntimeError("Oops")

        async def resolve_list(_p: Any, _i: Any) -> list[Any]:
            return [fail(), succeed()]

        async def resolve_iterator(_p: Any, _i: Any) -> AsyncIterator[Any]:
            yield fail()
            yield succeed()

        if shape == "fields":
            case = Case(
                "type Query { foo: Boolean! bar: Boolean }",
                resolvers={"Query": {"foo": fail, "bar": succeed}},
            )
        else:
            resolver = resolve_list if shape == "list" else resolve_iterator
            case = Case("type Query { foo: [Boolean!] }", resolvers={"Query": {"foo": resolver}})

        async def after() -> None:
            assert completed == []
            await barrier.wait()  # unblock `succeed`: it was cancelled, so nothing happens
            await asyncio.sleep(0)
            assert completed == []

        return case, after

    return make


def test_cancel_selection_sets() -> None:
    _on_both(
        _cancel_scenario("fields"),
        "{foo, bar}",
        {"data": None, "errors": [err("Oops", OOPS_AT, path=["foo"])]},
    )


def test_cancel_lists() -> None:
    _on_both(
        _cancel_scenario("list"),
        "{foo}",
        {"data": {"foo": None}, "errors": [err("Oops", OOPS_AT, path=["foo", 0])]},
    )


def test_cancel_async_iterators() -> None:
    _on_both(
        _cancel_scenario("iterator"),
        "{foo}",
        {"data": {"foo": None}, "errors": [err("Oops", OOPS_AT, path=["foo", 0])]},
    )
