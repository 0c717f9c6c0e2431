"""Clear TypeErrors for definitions the builder cannot turn into a schema."""

import dataclasses
import enum
from collections.abc import AsyncIterator
from typing import Any

import pytest

import grommet
from grommet import UNSET
from grommet.builder import build_bundle


def test_root_must_be_a_decorated_type() -> None:
    class Query:
        ok: bool

    with pytest.raises(TypeError, match=r"the query type must be a @grommet.type class"):
        build_bundle(Query)


def test_undecorated_classes_and_enums_are_named() -> None:
    @dataclasses.dataclass
    class Plain:
        x: int

    class Mood(enum.Enum):
        HAPPY = 1

    @grommet.type
    class Query:
        plain: Plain

    with pytest.raises(
        TypeError, match=r"Query.plain: .*Plain is not a grommet type: decorate it with"
    ):
        build_bundle(Query)

    @grommet.type
    class Query2:
        mood: Mood

    with pytest.raises(
        TypeError, match=r"Query2.mood: enum .*Mood is not decorated with @grommet.enum"
    ):
        build_bundle(Query2)


@pytest.mark.parametrize(
    ("hint", "message"),
    [
        (Any, r"Query.value: unsupported type hint typing.Any"),
        (dict[str, int], r"Query.value: unsupported type hint dict\[str, int\]"),
        (tuple[int, str], r"Query.value: only tuple\[T, ...\] maps to a GraphQL list"),
        (int | str, r"Query.value: union members must be @grommet.type classes, got <class 'int'>"),
    ],
)
def test_unsupported_hints(hint: object, message: str) -> None:
    query = type("Query", (), {"__annotations__": {"value": hint}})
    with pytest.raises(TypeError, match=message):
        build_bundle(grommet.type(query))


def test_input_types_cannot_be_outputs_and_objects_cannot_be_inputs() -> None:
    @grommet.input
    class Data:
        x: int

    @grommet.type
    class Out:
        x: int

    @grommet.type
    class Query:
        data: Data

    with pytest.raises(TypeError, match=r"Query.data: input type Data cannot be an output"):
        build_bundle(Query)

    @grommet.type
    class Query2:
        @grommet.field
        def take(self, out: Out) -> int:
            return 0

    with pytest.raises(TypeError, match=r"Query2.take.out: type Out cannot be an input"):
        build_bundle(Query2)


def test_unset_default_requires_a_nullable_type() -> None:
    @grommet.type
    class Query:
        @grommet.field
        def f(self, x: int = UNSET) -> int:
            return 0

    with pytest.raises(TypeError, match=r"Query.f\(x:\): a value defaulting to UNSET must be"):
        build_bundle(Query)


def test_resolver_signature_errors() -> None:
    @grommet.type
    class NoAnnotation:
        @grommet.field
        def f(self, x) -> int:  # type: ignore[no-untyped-def]
            return 0

    with pytest.raises(TypeError, match=r"NoAnnotation.f: parameter 'x' needs a type annotation"):
        build_bundle(NoAnnotation)

    @grommet.type
    class NoReturn:
        @grommet.field
        def f(self):  # type: ignore[no-untyped-def]
            return 0

    with pytest.raises(TypeError, match=r"NoReturn.f: a resolver needs a return type annotation"):
        build_bundle(NoReturn)

    @grommet.type
    class Star:
        @grommet.field
        def f(self, **kwargs: int) -> int:
            return 0

    with pytest.raises(TypeError, match=r"Star.f: parameter 'kwargs' cannot be a GraphQL argument"):
        build_bundle(Star)


def test_bad_defaults() -> None:
    @grommet.type
    class Query:
        @grommet.field
        def f(self, x: int = "one") -> int:  # type: ignore[assignment]
            return 0

    with pytest.raises(TypeError, match=r"Query.f\(x:\): default 'one' does not fit type Int"):
        build_bundle(Query)

    @grommet.type
    class Query2:
        @grommet.field
        def f(self, x: int = 2**40) -> int:
            return 0

    with pytest.raises(TypeError, match=r"default 1099511627776 is outside the 32-bit Int range"):
        build_bundle(Query2)


def test_subscription_fields_must_be_subscriptions_and_only_on_the_root() -> None:
    @grommet.type
    class Query:
        ok: bool

    @grommet.type
    class Sub:
        @grommet.field
        def tick(self) -> int:
            return 0

    with pytest.raises(TypeError, match=r"Sub.tick: subscription fields are @grommet.subscription"):
        build_bundle(Query, subscription=Sub)

    @grommet.type
    class Stray:
        @grommet.subscription
        async def tick(self) -> AsyncIterator[int]:
            yield 0

    with pytest.raises(TypeError, match=r"Stray.tick: @grommet.subscription fields belong on"):
        build_bundle(Stray)

    @grommet.type
    class Sub2:
        @grommet.subscription
        def tick(self) -> int:
            return 0

    with pytest.raises(TypeError, match=r"Sub2.tick: a subscription returns AsyncIterator\[T\]"):
        build_bundle(Query, subscription=Sub2)


def test_name_conflicts_and_invalid_names() -> None:
    def make() -> type:
        @grommet.type(name="Thing")
        class Thing:
            x: int

        return Thing

    first, second = make(), make()

    @grommet.type
    class Query:
        a: first  # type: ignore[valid-type]
        b: second  # type: ignore[valid-type]

    with pytest.raises(TypeError, match=r"Query.b: two different definitions are named 'Thing'"):
        build_bundle(Query)

    @grommet.type(name="Bad-Name")
    class Bad:
        x: int

    with pytest.raises(TypeError, match=r"'Bad-Name' is not a valid GraphQL name"):
        build_bundle(Bad)

    @grommet.type
    class Twice:
        a_b: int
        aB: int

    with pytest.raises(TypeError, match=r"Twice: more than one field is named 'aB'"):
        build_bundle(Twice)


def test_decorator_misuse() -> None:
    with pytest.raises(TypeError, match=r"decorates an enum.Enum subclass, got NotEnum"):
        grommet.enum(type("NotEnum", (), {}))

    @grommet.type
    class Once:
        x: int

    with pytest.raises(TypeError, match=r"Once is already decorated as a grommet type"):
        grommet.input(Once)

    with pytest.raises(TypeError, match=r"@grommet.field decorates a plain function"):
        grommet.field(staticmethod(lambda: 1))


def test_empty_types_are_rejected() -> None:
    @grommet.type
    class Query:
        pass

    with pytest.raises(TypeError, match=r"Query defines no fields"):
        build_bundle(Query)


def test_field_options_are_annotations_not_defaults() -> None:
    @grommet.type
    class Query:
        name: str = grommet.field(description="x")  # type: ignore[assignment]

    with pytest.raises(TypeError, match=r"Query.name: grommet.field\(...\) is not a default value"):
        build_bundle(Query)


def test_one_of_input_fields_must_be_optional_without_defaults() -> None:
    @grommet.input(one_of=True)
    class Pick:
        a: int | None = None

    @grommet.type
    class Query:
        @grommet.field
        def f(self, pick: Pick) -> int:
            return 0

    with pytest.raises(TypeError, match=r"Pick.a: fields of a one_of input are T \| None = UNSET"):
        build_bundle(Query)
