"""The per-field ``resolve`` wrapper: every kind of field, arguments, replacing, raising."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import grommet
from grommet.extensions import SchemaExtension

CALLERS: list[str] = []


@grommet.interface
@dataclass
class Named:
    name: str


@grommet.type
@dataclass
class Pet(Named):
    age: int

    @grommet.field
    def greeting(self, info: grommet.Info, *, loud: bool = False) -> str:
        CALLERS.append(sys._getframe(1).f_code.co_name)
        text = f"{info.field_name}: I am {self.name}"
        return text.upper() if loud else text

    @grommet.field
    async def later(self) -> int:
        await asyncio.sleep(0)
        return self.age + 1


@grommet.type
class Query:
    @grommet.field
    def pets(self) -> list[Pet]:
        return [Pet(name="rex", age=3), Pet(name="tom", age=5)]

    @grommet.field
    def named(self) -> Named:
        return Pet(name="ann", age=1)

    @grommet.field
    def by_map(self) -> Pet:
        return {"name": "map", "age": 9}  # type: ignore[return-value]


@grommet.type
class Subscription:
    @grommet.subscription
    async def ticks(self, to: int) -> AsyncIterator[int]:
        for i in range(to):
            yield i


class Trace(SchemaExtension):
    """Records every resolution; ``replace`` and ``fail`` name fields it alters."""

    def __init__(
        self, tag: str, log: list[Any], replace: dict[str, Any] | None = None, fail: str = ""
    ) -> None:
        self.tag, self.log = tag, log
        self.replace = replace or {}
        self.fail = fail

    def resolve(self, next_: Any, parent: Any, info: grommet.Info, **args: Any) -> Any:
        self.log.append((self.tag, ".".join(map(str, info.path)), args))
        if info.field_name == self.fail:
            raise RuntimeError(f"{self.tag} refuses {info.field_name}")
        if info.field_name in self.replace:
            return self.replace[info.field_name]
        return next_(parent, info, **args)


def schema_with(*extensions: SchemaExtension) -> grommet.Schema:
    return grommet.Schema(Query, subscription=Subscription, extensions=list(extensions))


def test_without_a_field_wrapper_resolvers_are_called_by_the_engine_directly() -> None:
    CALLERS.clear()
    schema_with().execute_sync("{ pets { greeting } }")
    # The frame below the resolver is `Schema.execute_sync`'s: the engine adds none.
    assert CALLERS == ["execute_sync", "execute_sync"]
    CALLERS.clear()
    schema_with(Trace("a", [])).execute_sync("{ pets { greeting } }")
    assert CALLERS == ["resolve", "resolve"]


def test_wrappers_see_every_field_with_its_arguments_in_list_order() -> None:
    log: list[Any] = []
    schema = schema_with(Trace("a", log), Trace("b", log))
    result = schema.execute_sync("{ pets { name greeting(loud: true) } }")
    assert result.to_dict() == {
        "data": {
            "pets": [
                {"name": "rex", "greeting": "GREETING: I AM REX"},
                {"name": "tom", "greeting": "GREETING: I AM TOM"},
            ]
        }
    }
    assert log == [
        ("a", "pets", {}),
        ("b", "pets", {}),
        ("a", "pets.0.name", {}),
        ("b", "pets.0.name", {}),
        ("a", "pets.0.greeting", {"loud": True}),
        ("b", "pets.0.greeting", {"loud": True}),
        ("a", "pets.1.name", {}),
        ("b", "pets.1.name", {}),
        ("a", "pets.1.greeting", {"loud": True}),
        ("b", "pets.1.greeting", {"loud": True}),
    ]


async def test_async_resolvers_and_interface_and_mapping_parents() -> None:
    log: list[Any] = []
    schema = schema_with(Trace("a", log))
    query = "{ pets { later } named { name ... on Pet { age } } byMap { name age } }"
    plain = await schema_with().execute(query)
    result = await schema.execute(query)
    assert result.to_dict() == plain.to_dict()
    assert result.to_dict() == {
        "data": {
            "pets": [{"later": 4}, {"later": 6}],
            "named": {"name": "ann", "age": 1},
            "byMap": {"name": "map", "age": 9},
        }
    }
    # The engine resolves depth first; only the suspended `later` fields finish afterwards.
    assert [entry[1] for entry in log] == [
        "pets",
        "pets.0.later",
        "pets.1.later",
        "named",
        "named.name",
        "named.age",
        "byMap",
        "byMap.name",
        "byMap.age",
    ]


def test_a_wrapper_may_replace_the_value_or_raise() -> None:
    schema = schema_with(Trace("a", [], replace={"name": "hidden"}, fail="age"))
    result = schema.execute_sync("{ named { name ... on Pet { age } } }")
    assert result.to_dict() == {
        "data": None,
        "errors": [
            {
                "message": "a refuses age",
                "locations": [{"line": 1, "column": 29}],
                "path": ["named", "age"],
            }
        ],
    }
    assert schema.execute_sync("{ named { name } }").to_dict() == {
        "data": {"named": {"name": "hidden"}}
    }


def test_a_missing_attribute_is_the_same_error_as_without_a_wrapper() -> None:
    @grommet.type
    class Q:
        @grommet.field
        def pet(self) -> Pet:
            return object()  # type: ignore[return-value]

    plain = grommet.Schema(Q).execute_sync("{ pet { name } }")
    wrapped = grommet.Schema(Q, extensions=[Trace("a", [])]).execute_sync("{ pet { name } }")
    assert wrapped.to_dict() == plain.to_dict()
    assert wrapped.errors[0].message == "'object' object has no attribute 'name'"


async def test_subscription_fields_are_wrapped() -> None:
    log: list[Any] = []
    schema = schema_with(Trace("a", log))
    results = [r.to_dict() async for r in schema.subscribe("subscription { ticks(to: 2) }")]
    assert results == [{"data": {"ticks": 0}}, {"data": {"ticks": 1}}]
    assert log == [("a", "ticks", {"to": 2})]


def test_an_extension_can_turn_its_wrapper_off() -> None:
    log: list[Any] = []
    off = Trace("a", log)
    off.wrap_fields = False
    CALLERS.clear()
    schema_with(off).execute_sync("{ pets { greeting } }")
    assert log == []
    assert CALLERS == ["execute_sync", "execute_sync"]


def test_an_extension_may_leave_data_fields_unwrapped() -> None:
    log: list[Any] = []
    resolvers_only = Trace("a", log)
    resolvers_only.wrap_data_fields = False
    schema = schema_with(resolvers_only)
    result = schema.execute_sync("{ pets { name greeting } }")
    assert result.to_dict() == schema_with().execute_sync("{ pets { name greeting } }").to_dict()
    assert [entry[1] for entry in log] == ["pets", "pets.0.greeting", "pets.1.greeting"]


@grommet.type
@dataclass
class Post:
    id: int

    @grommet.field(batch=True)
    def author(posts: list[Post], shout: bool = False) -> list[str]:
        names = [f"user{p.id}" for p in posts]
        return [n.upper() for n in names] if shout else names

    @grommet.field(batch=True)
    async def rank(posts: list[Post], info: grommet.Info) -> list[int]:
        await asyncio.sleep(0)
        return [p.id * 10 for p in posts]


@grommet.type
class Blog:
    @grommet.field
    def posts(self) -> list[Post]:
        return [Post(1), Post(2), Post(3)]


class Batches(SchemaExtension):
    """Records what the wrapper sees of each call; may replace a batch's values."""

    wrap_data_fields = False

    def __init__(self, log: list[Any], replace: dict[str, Any] | None = None) -> None:
        self.log = log
        self.replace = replace or {}

    def resolve(self, next_: Any, parent: Any, info: grommet.Info, **args: Any) -> Any:
        seen = [p.id for p in parent] if isinstance(parent, list) else type(parent).__name__
        self.log.append((info.field_name, ".".join(map(str, info.path)), seen, args))
        if info.field_name in self.replace:
            return self.replace[info.field_name]
        return next_(parent, info, **args)


async def test_a_batch_field_is_wrapped_once_per_batch_with_the_list_of_parents() -> None:
    log: list[Any] = []
    schema = grommet.Schema(Blog, extensions=[Batches(log)])
    query = "{ posts { id author(shout: true) rank } }"
    result = await schema.execute(query)
    assert result.to_dict() == (await grommet.Schema(Blog).execute(query)).to_dict()
    assert result.to_dict() == {
        "data": {
            "posts": [
                {"id": 1, "author": "USER1", "rank": 10},
                {"id": 2, "author": "USER2", "rank": 20},
                {"id": 3, "author": "USER3", "rank": 30},
            ]
        }
    }
    # One call per batch: the parents in order, the first parent's info, the arguments.
    assert log == [
        ("posts", "posts", "NoneType", {}),  # the root value
        ("author", "posts.0.author", [1, 2, 3], {"shout": True}),
        ("rank", "posts.0.rank", [1, 2, 3], {}),
    ]


def test_a_batch_wrapper_may_replace_the_values() -> None:
    schema = grommet.Schema(Blog, extensions=[Batches([], replace={"author": ["a", "b", "c"]})])
    assert schema.execute_sync("{ posts { author } }").to_dict() == {
        "data": {"posts": [{"author": "a"}, {"author": "b"}, {"author": "c"}]}
    }
