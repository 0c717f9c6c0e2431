"""graphql-core tests/execution/test_lists.py, case by case, on both engines."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from .harness import Case, Request, check, err


class Data:
    def __init__(self, value: Any) -> None:
        self.listField = value


def _case(as_type: str = "[String]") -> Case:
    return Case(f"type Query {{ listField: {as_type} }}")


def _complete(value: Any, expected: dict[str, Any], as_type: str = "[String]") -> None:
    check(_case(as_type), Request("{ listField }", root=Data(value)), expected)


NOT_ITERABLE = 'Expected Iterable, but did not find one for field "Query.listField".'


def test_accepts_a_list_as_a_list_value() -> None:
    for value in ([], ["just an apple"], ["apple", "banana", "coconut"]):
        _complete(value, {"data": {"listField": value}})


def test_accepts_a_tuple_as_a_list_value() -> None:
    _complete(
        ("apple", "banana", "coconut"), {"data": {"listField": ["apple", "banana", "coconut"]}}
    )


def test_accepts_a_one_item_set_as_a_list_value() -> None:
    # Sets are unordered: one item keeps the comparison exact.
    _complete({"apple"}, {"data": {"listField": ["apple"]}})


def test_accepts_a_generator_as_a_list_value() -> None:
    def list_field() -> Iterator[Any]:
        yield "one"
        yield 2
        yield True

    # A generator is consumed once: each engine reads its own (`_Fresh`).
    case = _case()
    check(
        case,
        Request("{ listField }", root=_Fresh(list_field)),
        {"data": {"listField": ["one", "2", "true"]}},
    )


class _Fresh:
    """A parent whose `listField` is a new value on every read (one per engine)."""

    def __init__(self, make: Any) -> None:
        self._make = make

    @property
    def listField(self) -> Any:
        return self._make()


class _HelloWorld:
    def __iter__(self) -> _HelloWorld:
        self.last = "hello"
        return self

    def __next__(self) -> str:
        last = self.last
        if last == "stop":
            raise StopIteration
        self.last = "world" if last == "hello" else "stop"
        return last


def test_accepts_a_custom_iterable_as_a_list_value() -> None:
    _complete(_HelloWorld(), {"data": {"listField": ["hello", "world"]}})


def test_does_not_accept_a_dict_as_a_list_value() -> None:
    expected = {
        "data": {"listField": None},
        "errors": [err(NOT_ITERABLE, (1, 3), path=["listField"])],
    }
    _complete({1: "one", 2: "two"}, expected)


def test_does_not_accept_iterable_string_literal_as_a_list_value() -> None:
    expected = {
        "data": {"listField": None},
        "errors": [err(NOT_ITERABLE, (1, 3), path=["listField"])],
    }
    _complete("Singular", expected)


def _async_gen(*items: Any, fail: Exception | None = None) -> _Fresh:
    async def gen() -> AsyncIterator[Any]:
        for item in items:
            await asyncio.sleep(0)
            yield item
        if fail is not None:
            raise fail

    return _Fresh(gen)


def test_accepts_an_async_generator_as_a_list_value() -> None:
    check(
        _case(),
        Request("{ listField }", root=_async_gen("two", 4, False)),
        {"data": {"listField": ["two", "4", "false"]}},
    )


class _AsyncHelloWorld:
    def __aiter__(self) -> _AsyncHelloWorld:
        self.last = "hello"
        return self

    async def __anext__(self) -> str:
        last = self.last
        if last == "stop":
            raise StopAsyncIteration
        self.last = "world" if last == "hello" else "stop"
        return last


def test_accepts_a_custom_async_iterable_as_a_list_value() -> None:
    _complete(_AsyncHelloWorld(), {"data": {"listField": ["hello", "world"]}})


class _BothIterables:
    """Iterable and async iterable at once: the async protocol wins."""

    def __init__(self) -> None:
        self.stop = False

    def __iter__(self) -> _BothIterables:
        return self

    def __next__(self) -> str:
        if self.stop:
            raise StopIteration
        self.stop = True
        return "hello"

    def __aiter__(self) -> _BothIterables:
        return self

    async def __anext__(self) -> str:
        if self.stop:
            raise StopAsyncIteration
        self.stop = True
        return "world"


def test_an_iterable_that_is_also_async_iterable_is_iterated_asynchronously() -> None:
    check(
        _case(),
        Request("{ listField }", root=_Fresh(_BothIterables)),
        {"data": {"listField": ["world"]}},
    )


def test_handles_an_async_generator_that_throws() -> None:
    root = _async_gen("two", 4, fail=RuntimeError("bad"))
    check(
        _case(),
        Request("{ listField }", root=root),
        {"data": {"listField": None}, "errors": [err("bad", (1, 3), path=["listField"])]},
    )


def test_handles_an_async_generator_where_intermediate_value_triggers_an_error() -> None:
    root = _async_gen("two", {}, 4)
    expected = {
        "data": {"listField": ["two", None, "4"]},
        "errors": [err("String cannot represent value: {}", (1, 3), path=["listField", 1])],
    }
    check(_case(), Request("{ listField }", root=root), expected)


class _IndexData:
    def __init__(self, index: int) -> None:
        self.index = index


def _object_lists(resolve: Any, count: int = 3) -> Case:
    async def list_field(_parent: Any, _info: Any) -> AsyncIterator[_IndexData]:
        for index in range(count):
            yield _IndexData(index)

    return Case(
        "type ObjectWrapper { index: String! } type Query { listField: [ObjectWrapper] }",
        resolvers={"Query": {"listField": list_field}, "ObjectWrapper": {"index": resolve}},
    )


async def _index(data: _IndexData, _info: Any) -> int:
    return data.index


def test_handles_async_functions_from_complete_value_in_async_iterables() -> None:
    expected = {"data": {"listField": [{"index": "0"}, {"index": "1"}, {"index": "2"}]}}
    check(_object_lists(_index), "{ listField { index } }", expected)


def test_handles_single_async_functions_from_complete_value_in_async_iterables() -> None:
    check(
        _object_lists(_index, 1),
        "{ listField { index } }",
        {"data": {"listField": [{"index": "0"}]}},
    )


def test_handles_async_errors_from_complete_value_in_async_iterables() -> None:
    async def resolve(data: _IndexData, _info: Any) -> int:
        if data.index == 2:
            raise RuntimeError("bad")
        return data.index

    expected = {
        "data": {"listField": [{"index": "0"}, {"index": "1"}, None]},
        "errors": [err("bad", (1, 15), path=["listField", 2, "index"])],
    }
    check(_object_lists(resolve), "{ listField { index } }", expected)


NULL_ITEM = "Cannot return null for non-nullable field Query.listField."


@pytest.mark.parametrize(
    ("as_type", "expected"),
    [
        ("[Int]", {"data": {"listField": [1, None, 2]}}),
        ("[Int]!", {"data": {"listField": [1, None, 2]}}),
        (
            "[Int!]",
            {
                "data": {"listField": None},
                "errors": [err(NULL_ITEM, (1, 3), path=["listField", 1])],
            },
        ),
        ("[Int!]!", {"data": None, "errors": [err(NULL_ITEM, (1, 3), path=["listField", 1])]}),
    ],
)
def test_handles_nulls_yielded_by_async_generator(as_type: str, expected: dict[str, Any]) -> None:
    check(_case(as_type), Request("{ listField }", root=_async_gen(1, None, 2)), expected)


class _ClosingIterable:
    """An async iterable that fails when read past its third item and records `aclose`."""

    def __init__(self) -> None:
        self.index = 0
        self.closed = False

    def __aiter__(self) -> _ClosingIterable:
        return self

    async def __anext__(self) -> Any:
        value = (1, None, 2)[self.index]
        self.index += 1
        return value

    async def aclose(self) -> None:
        self.closed = True


def test_calls_aclose_when_non_null_list_item_errors() -> None:
    made: list[_ClosingIterable] = []  # one iterable per engine

    def make() -> _ClosingIterable:
        made.append(_ClosingIterable())
        return made[-1]

    expected = {
        "data": {"listField": None},
        "errors": [err(NULL_ITEM, (1, 3), path=["listField", 1])],
    }
    check(_case("[Int!]"), Request("{ listField }", root=_Fresh(make)), expected)
    assert [i.closed for i in made] == [True, True]


class _BadSecondItem(_ClosingIterable):
    async def __anext__(self) -> Any:
        items: tuple[Any, ...] = ("one", {}, "three")  # the second is no String
        value = items[self.index]
        self.index += 1
        return value


@pytest.mark.xfail(
    strict=True,
    reason="grommet reads an async iterable (up to a null or exception item for non-null items) "
    "before completing its items: an item that fails completion does not stop the reading",
)
def test_calls_aclose_when_a_non_null_item_fails_completion() -> None:
    made: list[_ClosingIterable] = []  # one iterable per engine

    def make() -> _ClosingIterable:
        made.append(_BadSecondItem())
        return made[-1]

    message = "String cannot represent value: {}"
    expected = {
        "data": {"listField": None},
        "errors": [err(message, (1, 3), path=["listField", 1])],
    }
    check(_case("[String!]"), Request("{ listField }", root=_Fresh(make)), expected)
    assert [i.closed for i in made] == [True, True]


async def _get_async(value: Any) -> Any:
    await asyncio.sleep(0)
    return value


def _nullability(value: Any, as_type: str, expected: dict[str, Any]) -> None:
    """As graphql-core: the value as is, awaited, and (a list) as a list of awaitables."""
    case = _case(as_type)
    check(case, Request("{ listField }", root=Data(value)), expected)
    check(case, Request("{ listField }", root=_Fresh(lambda: _get_async(value))), expected)
    if isinstance(value, list):
        items = _Fresh(lambda: [_get_async(v) for v in value])
        check(case, Request("{ listField }", root=items), expected)


LIST_TYPES = ["[Int]", "[Int]!", "[Int!]", "[Int!]!"]


@pytest.mark.parametrize("as_type", LIST_TYPES)
def test_list_contains_values(as_type: str) -> None:
    _nullability([1, 2], as_type, {"data": {"listField": [1, 2]}})


@pytest.mark.parametrize("as_type", LIST_TYPES)
def test_list_contains_null(as_type: str) -> None:
    errors = [err(NULL_ITEM, (1, 3), path=["listField", 1])]
    answers: dict[str, dict[str, Any]] = {
        "[Int]": {"data": {"listField": [1, None, 2]}},
        "[Int]!": {"data": {"listField": [1, None, 2]}},
        "[Int!]": {"data": {"listField": None}, "errors": errors},
        "[Int!]!": {"data": None, "errors": errors},
    }
    expected = answers[as_type]
    _nullability([1, None, 2], as_type, expected)


@pytest.mark.parametrize("as_type", LIST_TYPES)
def test_list_returns_null(as_type: str) -> None:
    errors = [err(NULL_ITEM, (1, 3), path=["listField"])]
    answers: dict[str, dict[str, Any]] = {
        "[Int]": {"data": {"listField": None}},
        "[Int]!": {"data": None, "errors": errors},
        "[Int!]": {"data": {"listField": None}},
        "[Int!]!": {"data": None, "errors": errors},
    }
    expected = answers[as_type]
    _nullability(None, as_type, expected)


@pytest.mark.parametrize("as_type", LIST_TYPES)
def test_list_contains_error(as_type: str) -> None:
    errors = [err("bad", (1, 3), path=["listField", 1])]
    answers: dict[str, dict[str, Any]] = {
        "[Int]": {"data": {"listField": [1, None, 2]}, "errors": errors},
        "[Int]!": {"data": {"listField": [1, None, 2]}, "errors": errors},
        "[Int!]": {"data": {"listField": None}, "errors": errors},
        "[Int!]!": {"data": None, "errors": errors},
    }
    expected = answers[as_type]
    _nullability([1, RuntimeError("bad"), 2], as_type, expected)


@pytest.mark.parametrize("as_type", LIST_TYPES)
def test_list_results_in_error(as_type: str) -> None:
    errors = [err("bad", (1, 3), path=["listField"])]
    data = None if as_type.endswith("!") else {"listField": None}
    _nullability(RuntimeError("bad"), as_type, {"data": data, "errors": errors})
