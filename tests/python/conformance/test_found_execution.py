"""Issue 8, "What was found": each finding as a differential case with its exact response."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import graphql
import pytest

from .harness import Case, Scalar, check, err, run


def test_custom_scalar_serializing_to_none_is_a_field_error() -> None:
    case = Case(
        "scalar C type Query { strict: C! loose: C }",
        scalars={"C": Scalar(serialize=lambda _v: None)},
    )
    message = "Expected `C.coerce_output_value(1)` to return non-nullable value, returned: None"
    check(
        case,
        "{ strict }",
        {"data": None, "errors": [err(message, (1, 3), path=["strict"])]},
        root={"strict": 1},
    )
    check(
        case,
        "{ loose }",
        {"data": {"loose": None}, "errors": [err(message, (1, 3), path=["loose"])]},
        root={"loose": 1},
    )


async def _slow(_parent: Any, _info: Any) -> str:
    await asyncio.sleep(5)
    return "late"


async def _fail_soon(_parent: Any, _info: Any) -> str:
    await asyncio.sleep(0)
    raise ValueError("foo failed")


def test_nulled_response_does_not_wait_for_pending_siblings() -> None:
    case = Case(
        "type Query { foo: String! bar: String }",
        resolvers={"Query": {"foo": _fail_soon, "bar": _slow}},
    )
    started = time.monotonic()
    check(case, "{ foo bar }", {"data": None, "errors": [err("foo failed", (1, 3), path=["foo"])]})
    assert time.monotonic() - started < 2


def test_nulled_subtree_cancels_its_pending_fields_and_drops_their_errors() -> None:
    cancelled: list[str] = []

    async def slow_error(_parent: Any, _info: Any) -> str:
        try:
            await asyncio.sleep(5)
        except asyncio.CancelledError:
            cancelled.append("slow")
            raise
        raise ValueError("never reported")

    case = Case(
        "type Obj { fails: String! slow: String } type Query { obj: Obj other: String }",
        resolvers={
            "Query": {"obj": lambda _p, _i: {}, "other": lambda _p, _i: "x"},
            "Obj": {"fails": _fail_soon, "slow": slow_error},
        },
    )
    started = time.monotonic()
    expected = {
        "data": {"obj": None, "other": "x"},
        "errors": [err("foo failed", (1, 9), path=["obj", "fails"])],
    }
    check(case, "{ obj { fails slow } other }", expected)
    assert time.monotonic() - started < 2
    assert cancelled == ["slow", "slow"]  # once per engine


def test_exception_raised_while_iterating_a_list_reports_its_message() -> None:
    def items(_parent: Any, _info: Any) -> Any:
        yield 1
        raise ValueError("iteration broke")

    case = Case("type Query { items: [Int] }", resolvers={"Query": {"items": items}})
    check(
        case,
        "{ items }",
        {"data": {"items": None}, "errors": [err("iteration broke", (1, 3), path=["items"])]},
    )


class BadTypename:
    @property
    def __typename(self) -> str:  # name-mangled, as graphql-core reads it
        raise ValueError("no typename today")


class Dog:
    __typename = "Dog"

    def __init__(self) -> None:
        self.name = "Rex"


PETS = """
interface Pet { name: String }
type Dog implements Pet { name: String }
type Query { pet: Pet }
"""


def test_exception_reading_typename_is_the_field_error() -> None:
    case = Case(PETS, resolvers={"Query": {"pet": lambda _p, _i: BadTypename()}})
    check(
        case,
        "{ pet { name } }",
        {"data": {"pet": None}, "errors": [err("no typename today", (1, 3), path=["pet"])]},
    )


def test_typename_declared_in_a_class_body_is_name_mangled() -> None:
    case = Case(PETS, resolvers={"Query": {"pet": lambda _p, _i: Dog()}})
    check(
        case, "{ pet { __typename name } }", {"data": {"pet": {"__typename": "Dog", "name": "Rex"}}}
    )


class _ItemsByKey(dict[str, Any]):
    def __getitem__(self, key: str) -> Any:
        return f"item {key}"

    def get(self, key: str, default: Any = None) -> Any:
        return self[key]


def test_dict_subclass_parent_is_read_through_its_own_lookup() -> None:
    case = Case("type Query { a: String b: String }")
    check(case, "{ a b }", {"data": {"a": "item a", "b": "item b"}}, root=_ItemsByKey())


async def _load(n: int) -> int:
    await asyncio.sleep(0)
    return n * 10


def test_awaitables_inside_lists_are_awaited() -> None:
    case = Case(
        "type Query { loaded: [Int] strict: [Int!]! }",
        resolvers={
            "Query": {
                "loaded": lambda _p, _i: [_load(1), 2, _load(3)],
                "strict": lambda _p, _i: [_load(4)],
            }
        },
    )
    check(case, "{ loaded strict }", {"data": {"loaded": [10, 2, 30], "strict": [40]}})


def test_awaitables_inside_lists_run_concurrently() -> None:
    async def sleepy(n: int) -> int:
        await asyncio.sleep(0.3)
        return n

    case = Case(
        "type Query { items: [Int] }",
        resolvers={"Query": {"items": lambda _p, _i: [sleepy(i) for i in range(5)]}},
    )
    started = time.monotonic()
    core, ours = run(case, "{ items }")
    assert core == ours == {"data": {"items": [0, 1, 2, 3, 4]}}
    assert time.monotonic() - started < 1.5  # 2 engines x 0.3 s, not 2 x 1.5 s


class _Holder:
    def __init__(self) -> None:
        self.value = _load(5)


def test_awaitable_on_a_data_attribute_is_awaited() -> None:
    case = Case(
        "type Holder { value: Int } type Query { holder: Holder }",
        resolvers={"Query": {"holder": lambda _p, _i: _Holder()}},
    )
    check(case, "{ holder { value } }", {"data": {"holder": {"value": 50}}})


def test_async_iterable_is_a_list_value() -> None:
    async def numbers() -> AsyncIterator[int]:
        for n in range(3):
            await asyncio.sleep(0)
            yield n

    case = Case(
        "type Query { numbers: [Int!] }", resolvers={"Query": {"numbers": lambda _p, _i: numbers()}}
    )
    check(case, "{ numbers }", {"data": {"numbers": [0, 1, 2]}})


def test_returned_exception_instance_is_the_field_error() -> None:
    case = Case(
        "type Query { loose: String strict: String! items: [Int] }",
        resolvers={
            "Query": {
                "loose": lambda _p, _i: ValueError("returned, not raised"),
                "items": lambda _p, _i: [1, ValueError("bad item")],
            }
        },
    )
    check(
        case,
        "{ loose items }",
        {
            "data": {"loose": None, "items": [1, None]},
            "errors": [
                err("returned, not raised", (1, 3), path=["loose"]),
                err("bad item", (1, 9), path=["items", 1]),
            ],
        },
    )


class _Named:
    def __str__(self) -> str:
        return "named"


@pytest.mark.parametrize(
    ("type_name", "value", "expected"),
    [
        ("Int", "123", 123),
        ("Int", True, 1),
        ("Int", 3.0, 3),
        ("Float", "1.5", 1.5),
        ("Float", Decimal("2.5"), 2.5),
        ("Boolean", 1, True),
        ("Boolean", 0, False),
        ("Boolean", 0.0, False),
        ("ID", 42.0, "42"),
        ("ID", 7, "7"),
        ("ID", _Named(), "named"),
        ("String", _Named(), "named"),
        ("String", 1.5, "1.5"),
        ("String", True, "true"),
    ],
)
def test_result_coercion_accepts_what_graphql_core_accepts(
    type_name: str, value: Any, expected: Any
) -> None:
    case = Case(f"type Query {{ v: {type_name} }}")
    check(case, "{ v }", {"data": {"v": expected}}, root={"v": value})


@pytest.mark.parametrize(
    ("type_name", "value", "message"),
    [
        ("String", float("nan"), "String cannot represent value: nan"),
        ("String", [1], "String cannot represent value: [1]"),
        ("Int", "1.5", 'Int cannot represent non-integer value: "1.5"'),
        ("Int", 2**31, "Int cannot represent non 32-bit signed integer value: 2147483648"),
        ("Int", 1e20, "Int cannot represent non 32-bit signed integer value: 1e+20"),
        (
            "Float",
            2**53 + 1,
            "Float cannot represent non numeric value: 9007199254740993"
            " (value would lose precision)",
        ),
        ("Float", "abc", 'Float cannot represent non numeric value: "abc"'),
        ("Float", float("inf"), "Float cannot represent non numeric value: inf"),
        ("Boolean", "true", 'Boolean cannot represent a non boolean value: "true"'),
        ("ID", 1.5, "ID cannot represent value: 1.5"),
    ],
)
def test_result_coercion_rejects_what_graphql_core_rejects(
    type_name: str, value: Any, message: str
) -> None:
    case = Case(f"type Query {{ v: {type_name} }}")
    check(
        case,
        "{ v }",
        {"data": {"v": None}, "errors": [err(message, (1, 3), path=["v"])]},
        root={"v": value},
    )


def test_keyboard_interrupt_in_list_iteration_ends_the_execution() -> None:
    def items(_parent: Any, _info: Any) -> Any:
        yield 1
        raise KeyboardInterrupt

    case = Case("type Query { items: [Int] }", resolvers={"Query": {"items": items}})
    with pytest.raises(KeyboardInterrupt):
        case.grommet_schema().execute_sync("{ items }")
    with pytest.raises(KeyboardInterrupt):
        graphql.graphql_sync(case.core_schema(), "{ items }")


def test_keyboard_interrupt_in_scalar_serialize_ends_the_execution() -> None:
    def boom(_value: Any) -> Any:
        raise KeyboardInterrupt

    case = Case("scalar C type Query { c: C }", scalars={"C": Scalar(serialize=boom)})
    with pytest.raises(KeyboardInterrupt):
        case.grommet_schema().execute_sync("{ c }", root={"c": 1})
    with pytest.raises(KeyboardInterrupt):
        graphql.graphql_sync(case.core_schema(), "{ c }", root_value={"c": 1})
