"""graphql-core tests/execution/test_mutations.py, case by case, on both engines.

Not portable: the `@defer` cases (incremental delivery is not implemented by grommet).
"""

from __future__ import annotations

import asyncio
from typing import Any

from .harness import Case, Request, check, check_rejected, err


class NumberHolder:
    def __init__(self, number: int) -> None:
        self.theNumber = number


class Root:
    def __init__(self, number: int) -> None:
        self.numberHolder = NumberHolder(number)


def _change(root: Root, _info: Any, newNumber: int) -> NumberHolder:
    root.numberHolder.theNumber = newNumber
    return root.numberHolder


async def _promise_change(root: Root, info: Any, newNumber: int) -> NumberHolder:
    await asyncio.sleep(0)
    return _change(root, info, newNumber)


def _fail(_root: Root, _info: Any, newNumber: int) -> NumberHolder:
    raise RuntimeError(f"Cannot change the number to {newNumber}")


async def _promise_fail(root: Root, info: Any, newNumber: int) -> NumberHolder:
    await asyncio.sleep(0)
    return _fail(root, info, newNumber)


async def _promise_get(holder: NumberHolder, _info: Any) -> int:
    await asyncio.sleep(0)
    return holder.theNumber


CASE = Case(
    """
    type NumberHolder { theNumber: Int promiseToGetTheNumber: Int }
    type Query { numberHolder: NumberHolder }
    type Mutation {
      immediatelyChangeTheNumber(newNumber: Int): NumberHolder
      promiseToChangeTheNumber(newNumber: Int): NumberHolder
      failToChangeTheNumber(newNumber: Int): NumberHolder
      promiseAndFailToChangeTheNumber(newNumber: Int): NumberHolder
    }
    """,
    resolvers={
        "NumberHolder": {"promiseToGetTheNumber": _promise_get},
        "Mutation": {
            "immediatelyChangeTheNumber": _change,
            "promiseToChangeTheNumber": _promise_change,
            "failToChangeTheNumber": _fail,
            "promiseAndFailToChangeTheNumber": _promise_fail,
        },
    },
)


def test_evaluates_mutations_serially() -> None:
    query = """mutation M {
      first: immediatelyChangeTheNumber(newNumber: 1) { theNumber }
      second: promiseToChangeTheNumber(newNumber: 2) { theNumber }
      third: immediatelyChangeTheNumber(newNumber: 3) { theNumber }
      fourth: promiseToChangeTheNumber(newNumber: 4) { theNumber }
      fifth: immediatelyChangeTheNumber(newNumber: 5) { theNumber }
    }"""
    expected = {
        "data": {
            "first": {"theNumber": 1},
            "second": {"theNumber": 2},
            "third": {"theNumber": 3},
            "fourth": {"theNumber": 4},
            "fifth": {"theNumber": 5},
        }
    }
    check(CASE, Request(query, root=Root(6)), expected)


def test_each_mutation_completes_before_the_next_starts() -> None:
    # The number each field's subselection reads (asynchronously) is its own.
    query = """mutation M {
      first: promiseToChangeTheNumber(newNumber: 1) { promiseToGetTheNumber }
      second: immediatelyChangeTheNumber(newNumber: 2) { promiseToGetTheNumber }
    }"""
    expected = {
        "data": {"first": {"promiseToGetTheNumber": 1}, "second": {"promiseToGetTheNumber": 2}}
    }
    check(CASE, Request(query, root=Root(6)), expected)


def test_illegal_mutation_fields_are_rejected() -> None:
    check_rejected(CASE, "mutation { thisIsIllegalDoNotIncludeMe }")


def test_evaluates_mutations_correctly_in_presence_of_a_failed_mutation() -> None:
    query = """mutation M {
      first: immediatelyChangeTheNumber(newNumber: 1) { theNumber }
      second: promiseToChangeTheNumber(newNumber: 2) { theNumber }
      third: failToChangeTheNumber(newNumber: 3) { theNumber }
      fourth: promiseToChangeTheNumber(newNumber: 4) { theNumber }
      fifth: immediatelyChangeTheNumber(newNumber: 5) { theNumber }
      sixth: promiseAndFailToChangeTheNumber(newNumber: 6) { theNumber }
    }"""
    expected = {
        "data": {
            "first": {"theNumber": 1},
            "second": {"theNumber": 2},
            "third": None,
            "fourth": {"theNumber": 4},
            "fifth": {"theNumber": 5},
            "sixth": None,
        },
        "errors": [
            err("Cannot change the number to 3", (4, 7), path=["third"]),
            err("Cannot change the number to 6", (7, 7), path=["sixth"]),
        ],
    }
    check(CASE, Request(query, root=Root(6)), expected)


def test_mutation_inside_of_a_fragment() -> None:
    query = """mutation M {
      ...MutationFragment
      second: immediatelyChangeTheNumber(newNumber: 2) { theNumber }
    }
    fragment MutationFragment on Mutation {
      first: promiseToChangeTheNumber(newNumber: 1) { theNumber }
    }"""
    expected = {"data": {"first": {"theNumber": 1}, "second": {"theNumber": 2}}}
    check(CASE, Request(query, root=Root(6)), expected)
