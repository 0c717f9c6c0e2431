"""The bundle constructors return the engine's tuples and dicts; the builder spells with them."""

import datetime
import enum
from typing import Annotated, Any

import grommet
from grommet.builder import build_bundle
from grommet.bundle import (
    INFO_POSITIONAL,
    attr_field,
    call_field,
    input_binding,
    make_bundle,
    scalar_binding,
    type_binding,
)


def resolve(parent: object, *args: object, **kwargs: object) -> None:
    return None


def test_each_constructor_returns_the_contracts_value() -> None:
    assert attr_field("nick_name") == ("attr", "nick_name")
    assert call_field(resolve) == ("call", resolve, None, {})
    assert call_field(resolve, INFO_POSITIONAL) == ("call", resolve, "", {})
    assert call_field(resolve, "info", {"firstName": "first_name"}) == (
        "call",
        resolve,
        "info",
        {"firstName": "first_name"},
    )
    fields: dict[str, Any] = {"id": ("attr", "id")}
    assert type_binding(fields) == {"fields": {"id": ("attr", "id")}}
    assert type_binding(fields, (int,)) == {"fields": {"id": ("attr", "id")}, "classes": (int,)}
    assert input_binding(dict, {"gqlName": "py_name"}) == (dict, {"gqlName": "py_name"})
    assert scalar_binding() == (None, None)
    assert scalar_binding(str, int) == (str, int)
    assert make_bundle("type Query { a: Int }") == {
        "sdl": "type Query { a: Int }",
        "types": {},
        "inputs": {},
        "enums": {},
        "scalars": {},
    }


def test_tables_are_passed_through_not_copied() -> None:
    fields: dict[str, Any] = {}
    args: dict[str, str] = {}
    assert type_binding(fields)["fields"] is fields
    assert call_field(resolve, None, args)[3] is args
    types: dict[str, Any] = {}
    assert make_bundle("", types=types)["types"] is types


@grommet.enum
class Mood(enum.Enum):
    HAPPY = "happy"


@grommet.input
class Filter:
    word: str


@grommet.interface
class Node:
    id: grommet.ID


@grommet.type
class Pet(Node):
    name: str


Day = Annotated[
    datetime.date,
    grommet.scalar(
        name="Day", serialize=datetime.date.isoformat, parse_value=datetime.date.fromisoformat
    ),
]


@grommet.type
class Query:
    @grommet.field
    def pets(self, info: grommet.Info, word_filter: Filter, mood: Mood = Mood.HAPPY) -> list[Pet]:
        return []

    @grommet.field
    def today(self) -> Day:
        return datetime.date(2026, 1, 1)


def test_the_builder_bundle_is_exactly_the_contracts_shape() -> None:
    bundle = build_bundle(Query, types=[Node])
    assert {key: value for key, value in bundle.items() if key != "sdl"} == {
        "types": {
            "Query": {
                "fields": {
                    "pets": (
                        "call",
                        Query.pets,
                        "",
                        {"wordFilter": "word_filter", "mood": "mood"},
                    ),
                    "today": ("call", Query.today, None, {}),
                },
                "classes": (Query,),
            },
            "Node": {"fields": {"id": ("attr", "id")}},
            "Pet": {"fields": {"id": ("attr", "id"), "name": ("attr", "name")}, "classes": (Pet,)},
        },
        "inputs": {"Filter": (Filter, {"word": "word"})},
        "enums": {"Mood": {"HAPPY": Mood.HAPPY}},
        "scalars": {"Day": (datetime.date.isoformat, datetime.date.fromisoformat)},
    }
