"""What an adapter hands the timer, and the shapes of run shared by all libraries."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from bench import data
from bench.wide import normalize_introspection
from bench.workloads import WORKLOADS

_R = TypeVar("_R")
_S = TypeVar("_S")


@dataclass(frozen=True)
class Prepared:
    """``run`` is the timed unit of work; ``outcome`` turns what it returned into plain data."""

    run: Callable[[], Awaitable[object]]
    outcome: Callable[[Any], Awaitable[Any]]


class ResultErrors(AssertionError):
    """A library answered with errors: the comparison would be meaningless."""


def check_response(response: dict[str, Any]) -> dict[str, Any]:
    if response.get("errors"):
        raise ResultErrors(f"errors in the response: {response['errors']!r:.2000}")
    return response


def executions(
    key: str,
    size: int,
    execute: Callable[[str, dict[str, Any] | None, data.Store], Awaitable[_R]],
    to_response: Callable[[_R], dict[str, Any]],
) -> Prepared:
    """W1-W5: ``execute(query, variables, root)`` on the workload's data.

    W4 runs once per set of variables, one request after the other; the others run once.
    """
    workload = WORKLOADS[key]
    store = data.build_store(key, size)
    if workload.per_request:
        variables = [{"id": user_id} for user_id in data.user_ids(size)]
        return sequential_executions(
            lambda values: execute(workload.query, values, store), variables, to_response
        )
    return one_execution(lambda: execute(workload.query, None, store), to_response)


def one_execution(
    execute: Callable[[], Awaitable[_R]], to_response: Callable[[_R], dict[str, Any]]
) -> Prepared:
    """One execution of one query."""

    async def outcome(result: _R) -> Any:
        return check_response(to_response(result))

    return Prepared(run=execute, outcome=outcome)


def sequential_executions(
    execute: Callable[[dict[str, Any]], Awaitable[_R]],
    variables: Sequence[dict[str, Any]],
    to_response: Callable[[_R], dict[str, Any]],
) -> Prepared:
    """One execution per set of variables, one after the other."""

    async def run() -> list[_R]:
        results = []
        for values in variables:
            results.append(await execute(values))
        return results

    async def outcome(results: list[_R]) -> Any:
        return [check_response(to_response(result)) for result in results]

    return Prepared(run=run, outcome=outcome)


def repeated_builds(
    build: Callable[[], _S], count: int, introspect: Callable[[_S], Awaitable[dict[str, Any]]]
) -> Prepared:
    """W6: ``count`` schema builds; the outcome is the type system the last one describes."""

    async def run() -> _S:
        schema = build()
        for _ in range(count - 1):
            schema = build()
        return schema

    async def outcome(schema: _S) -> Any:
        return normalize_introspection(check_response(await introspect(schema))["data"])

    return Prepared(run=run, outcome=outcome)
