"""graphql-core tests/execution/test_nonnull.py, case by case, on both engines.

graphql-core's data objects answer each field through a method (sync or async, returning
null or raising); here the same behaviour is bound as resolvers on every `DataType` field.
Each query runs twice, as graphql-core's suite does: with `sync*` fields and with the same
query rewritten to `promise*` fields.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from .harness import Case, Request, check, check_same, err

SDL = """
type DataType {
  sync: String
  syncNonNull: String!
  promise: String
  promiseNonNull: String!
  syncNest: DataType
  syncNonNullNest: DataType!
  promiseNest: DataType
  promiseNonNullNest: DataType!
}
schema { query: DataType }
"""


class Mode:
    def __init__(self, throws: bool) -> None:
        self.throws = throws


def _leaf(name: str) -> Any:
    def resolve(parent: Mode, _info: Any) -> None:
        if parent.throws:
            raise RuntimeError(name)

    async def resolve_async(parent: Mode, info: Any) -> None:
        resolve(parent, info)

    return resolve_async if name.startswith("promise") else resolve


def _nest(is_async: bool) -> Any:
    def resolve(parent: Mode, _info: Any) -> Mode:
        return Mode(parent.throws)

    async def resolve_async(parent: Mode, info: Any) -> Mode:
        return resolve(parent, info)

    return resolve_async if is_async else resolve


CASE = Case(
    SDL,
    resolvers={
        "DataType": {
            **{name: _leaf(name) for name in ("sync", "syncNonNull", "promise", "promiseNonNull")},
            "syncNest": _nest(False),
            "syncNonNullNest": _nest(False),
            "promiseNest": _nest(True),
            "promiseNonNullNest": _nest(True),
        }
    },
)


def _to_promise(text: str) -> str:
    return re.sub(r"\bsyncNonNull\b", "promiseNonNull", re.sub(r"\bsync\b", "promise", text))


def _check_both_ways(query: str, throws: bool, expected: dict[str, Any]) -> None:
    check(CASE, Request(query, root=Mode(throws)), expected)
    promised = json.loads(_to_promise(json.dumps(expected)))  # same answer, promise* names
    check(CASE, Request(_to_promise(query), root=Mode(throws)), promised)


NULL_SYNC_NON_NULL = "Cannot return null for non-nullable field DataType.syncNonNull."


@pytest.mark.parametrize("throws", [False, True])
def test_nulls_a_nullable_field(throws: bool) -> None:
    errors = [err("sync", (1, 3), path=["sync"])] if throws else []
    _check_both_ways("{ sync }", throws, {"data": {"sync": None}, "errors": errors})


@pytest.mark.parametrize("throws", [False, True])
def test_nulls_an_immediate_object_that_contains_a_non_null_field(throws: bool) -> None:
    message = "syncNonNull" if throws else NULL_SYNC_NON_NULL
    expected = {
        "data": {"syncNest": None},
        "errors": [err(message, (1, 14), path=["syncNest", "syncNonNull"])],
    }
    _check_both_ways("{ syncNest { syncNonNull } }", throws, expected)


@pytest.mark.parametrize("throws", [False, True])
def test_nulls_a_promised_object_that_contains_a_non_null_field(throws: bool) -> None:
    message = "syncNonNull" if throws else NULL_SYNC_NON_NULL
    expected = {
        "data": {"promiseNest": None},
        "errors": [err(message, (1, 17), path=["promiseNest", "syncNonNull"])],
    }
    check(CASE, Request("{ promiseNest { syncNonNull } }", root=Mode(throws)), expected)


COMPLEX_TREE = """{
  syncNest {
    sync
    promise
    syncNest { sync promise }
    promiseNest { sync promise }
  }
  promiseNest {
    sync
    promise
    syncNest { sync promise }
    promiseNest { sync promise }
  }
}"""


@pytest.mark.parametrize("throws", [False, True])
def test_nulls_a_complex_tree_of_nullable_fields_each(throws: bool) -> None:
    answer = check_same(CASE, Request(COMPLEX_TREE, root=Mode(throws)))
    nested = {"sync": None, "promise": None}
    tree = {"sync": None, "promise": None, "syncNest": nested, "promiseNest": nested}
    assert answer["data"] == {"syncNest": tree, "promiseNest": tree}
    assert len(answer.get("errors", [])) == (12 if throws else 0)


LONG_CHAIN = """{
  syncNest {
    syncNonNullNest { promiseNonNullNest { syncNonNullNest { promiseNonNullNest {
      syncNonNull
    } } } }
  }
  promiseNest {
    syncNonNullNest { promiseNonNullNest { syncNonNullNest { promiseNonNullNest {
      syncNonNull
    } } } }
  }
  anotherNest: syncNest {
    syncNonNullNest { promiseNonNullNest { syncNonNullNest { promiseNonNullNest {
      promiseNonNull
    } } } }
  }
  anotherPromiseNest: promiseNest {
    syncNonNullNest { promiseNonNullNest { syncNonNullNest { promiseNonNullNest {
      promiseNonNull
    } } } }
  }
}"""


@pytest.mark.parametrize("throws", [False, True])
def test_nulls_first_nullable_after_long_chain_of_non_null_fields(throws: bool) -> None:
    answer = check_same(CASE, Request(LONG_CHAIN, root=Mode(throws)))
    assert answer["data"] == {
        "syncNest": None,
        "promiseNest": None,
        "anotherNest": None,
        "anotherPromiseNest": None,
    }
    chain = ["syncNonNullNest", "promiseNonNullNest", "syncNonNullNest", "promiseNonNullNest"]
    paths = sorted(e["path"] for e in answer["errors"])
    assert paths == sorted(
        [
            ["syncNest", *chain, "syncNonNull"],
            ["promiseNest", *chain, "syncNonNull"],
            ["anotherNest", *chain, "promiseNonNull"],
            ["anotherPromiseNest", *chain, "promiseNonNull"],
        ]
    )


@pytest.mark.parametrize("throws", [False, True])
def test_nulls_the_top_level_if_non_nullable_field(throws: bool) -> None:
    message = "syncNonNull" if throws else NULL_SYNC_NON_NULL
    expected = {"data": None, "errors": [err(message, (1, 3), path=["syncNonNull"])]}
    _check_both_ways("{ syncNonNull }", throws, expected)


NON_NULL_ARG = Case(
    "type Query { withNonNullArg(cannotBeNull: String!): String }",
    resolvers={
        "Query": {"withNonNullArg": lambda _p, _i, cannotBeNull=None: f"Passed: {cannotBeNull}"}
    },
)


def test_non_null_argument_passed_a_literal() -> None:
    query = 'query { withNonNullArg(cannotBeNull: "literal value") }'
    check(NON_NULL_ARG, query, {"data": {"withNonNullArg": "Passed: literal value"}})


def test_non_null_argument_passed_a_defaulted_variable() -> None:
    query = 'query ($testVar: String = "default value") { withNonNullArg(cannotBeNull: $testVar) }'
    check(
        NON_NULL_ARG,
        Request(query, {}),
        {"data": {"withNonNullArg": "Passed: default value"}},
    )


def test_non_null_argument_explicit_null_variable_is_a_field_error_at_the_variable() -> None:
    query = (
        'query ($testVar: String = "default value") {\n  withNonNullArg(cannotBeNull: $testVar) }'
    )
    message = (
        'Argument "cannotBeNull" has invalid value: Expected variable "$testVar"'
        ' provided to non-null type "String!" not to be None.'
    )
    expected = {
        "data": {"withNonNullArg": None},
        "errors": [err(message, (2, 32), path=["withNonNullArg"])],
    }
    check(NON_NULL_ARG, Request(query, {"testVar": None}), expected)
