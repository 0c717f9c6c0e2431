"""SDL and bindings of interfaces, unions and custom scalars."""

import datetime
from decimal import Decimal
from typing import Annotated

import grommet
from grommet.builder import build_bundle


def test_interfaces_implementing_interfaces_and_discovered_implementations() -> None:
    @grommet.interface
    class Node:
        """Anything with a global id."""

        id: grommet.ID

    @grommet.interface
    class Resource(Node):
        url: str

        @grommet.field
        def absolute_url(self, host: str) -> str:
            return host + self.url

    @grommet.type
    class Image(Resource):
        width: int

    @grommet.type
    class Page(Resource):
        title: str

    @grommet.type
    class Query:
        node: Node | None

    bundle = build_bundle(Query)
    assert bundle["sdl"] == (
        "type Query {\n"
        "  node: Node\n"
        "}\n"
        "\n"
        '"""Anything with a global id."""\n'
        "interface Node {\n"
        "  id: ID!\n"
        "}\n"
        "\n"
        "interface Resource implements Node {\n"
        "  id: ID!\n"
        "  url: String!\n"
        "  absoluteUrl(host: String!): String!\n"
        "}\n"
        "\n"
        "type Image implements Resource & Node {\n"
        "  id: ID!\n"
        "  url: String!\n"
        "  width: Int!\n"
        "  absoluteUrl(host: String!): String!\n"
        "}\n"
        "\n"
        "type Page implements Resource & Node {\n"
        "  id: ID!\n"
        "  url: String!\n"
        "  title: String!\n"
        "  absoluteUrl(host: String!): String!\n"
        "}\n"
    )
    # Only object types carry classes: abstract positions map objects to them by class.
    assert bundle["types"]["Image"] == {
        "fields": {
            "id": ("attr", "id"),
            "url": ("attr", "url"),
            "width": ("attr", "width"),
            "absoluteUrl": ("call", Resource.absolute_url, None, {"host": "host"}),
        },
        "classes": (Image,),
    }
    assert "classes" not in bundle["types"]["Resource"]


def test_bare_and_named_unions() -> None:
    @grommet.type
    class Cat:
        meows: bool

    @grommet.type
    class Dog:
        barks: bool

    Pet = Annotated[Cat | Dog, grommet.union("Pet", description="A furry friend.")]

    @grommet.type
    class Query:
        pets: list[Pet]
        favorite: Pet | None
        either: Dog | Cat
        maybe_either: Dog | Cat | None

    assert build_bundle(Query)["sdl"] == (
        "type Query {\n"
        "  pets: [Pet!]!\n"
        "  favorite: Pet\n"
        "  either: DogOrCat!\n"
        "  maybeEither: DogOrCat\n"
        "}\n"
        "\n"
        '"""A furry friend."""\n'
        "union Pet = Cat | Dog\n"
        "\n"
        "union DogOrCat = Dog | Cat\n"
        "\n"
        "type Cat {\n"
        "  meows: Boolean!\n"
        "}\n"
        "\n"
        "type Dog {\n"
        "  barks: Boolean!\n"
        "}\n"
    )


Date = Annotated[
    datetime.date,
    grommet.scalar(
        name="Date",
        serialize=datetime.date.isoformat,
        parse_value=datetime.date.fromisoformat,
        description="A calendar date, ISO 8601.",
        specified_by_url="https://www.iso.org/iso-8601-date-and-time-format.html",
    ),
]


@grommet.scalar(serialize=str, parse_value=Decimal)
class Money(Decimal):
    """An exact amount."""


def test_custom_scalars_as_annotated_and_as_class_decorator() -> None:
    @grommet.type
    class Query:
        @grommet.field
        def next_day(self, day: Date = datetime.date(2024, 2, 28)) -> Date | None:
            return day

        @grommet.field
        def total(self, amounts: list[Money]) -> Money:
            return Money(sum(amounts))

    bundle = build_bundle(Query)
    assert bundle["sdl"] == (
        "type Query {\n"
        '  nextDay(day: Date! = "2024-02-28"): Date\n'
        "  total(amounts: [Money!]!): Money!\n"
        "}\n"
        "\n"
        '"""A calendar date, ISO 8601."""\n'
        'scalar Date @specifiedBy(url: "https://www.iso.org/iso-8601-date-and-time-format.html")\n'
        "\n"
        '"""An exact amount."""\n'
        "scalar Money\n"
    )
    assert bundle["scalars"] == {
        "Date": (datetime.date.isoformat, datetime.date.fromisoformat),
        "Money": (str, Decimal),
    }


def test_schema_block_only_for_non_default_root_names() -> None:
    @grommet.type(name="RootQuery")
    class Query:
        ok: bool

    @grommet.type
    class Mutation:
        @grommet.field
        def touch(self) -> bool:
            return True

    assert build_bundle(Query, Mutation)["sdl"] == (
        "schema {\n"
        "  query: RootQuery\n"
        "  mutation: Mutation\n"
        "}\n"
        "\n"
        "type RootQuery {\n"
        "  ok: Boolean!\n"
        "}\n"
        "\n"
        "type Mutation {\n"
        "  touch: Boolean!\n"
        "}\n"
    )


def test_extra_types_are_added_after_the_roots() -> None:
    @grommet.type
    class Orphan:
        value: int

    @grommet.type
    class Query:
        ok: bool

    assert build_bundle(Query, types=[Orphan])["sdl"] == (
        "type Query {\n  ok: Boolean!\n}\n\ntype Orphan {\n  value: Int!\n}\n"
    )
