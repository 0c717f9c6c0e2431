"""Executing builder schemas: arguments, UNSET vs null, input objects, enums, scalars."""

import dataclasses
import datetime
import enum
from typing import Annotated

import grommet
from grommet import UNSET, UnsetType
from grommet.builder import build_bundle


@grommet.enum
class Size(enum.Enum):
    SMALL = "s"
    LARGE = "l"


@grommet.input
class Window:
    start: int = 0
    end: int | None = UNSET


@grommet.input
class Order:
    item_name: str
    sizes: list[Size] = dataclasses.field(default_factory=lambda: [Size.SMALL])
    window: Window | None = UNSET
    windows: list[Window] | None = None
    note: str | None = UNSET


Day = Annotated[
    datetime.date,
    grommet.scalar(
        name="Day", serialize=datetime.date.isoformat, parse_value=datetime.date.fromisoformat
    ),
]


@grommet.type
class Query:
    @grommet.field
    def seen(
        self, text: str | None = UNSET, count: int | UnsetType | None = UNSET, page: int = 1
    ) -> str:
        return f"text={text!r} count={count!r} page={page!r}"

    @grommet.field
    def nullable(self, value: str | None) -> str:
        return repr(value)

    @grommet.field
    def order(self, order: Order) -> str:
        return repr(order)

    @grommet.field
    def bigger(self, size: Size = Size.SMALL) -> Size:
        assert isinstance(size, Size)
        return Size.LARGE if size is Size.SMALL else Size.SMALL

    @grommet.field
    def sizes(self) -> list[Size]:
        return [Size.LARGE, Size.SMALL]

    @grommet.field
    def tomorrow(self, day: Day) -> Day:
        assert isinstance(day, datetime.date)
        return day + datetime.timedelta(days=1)


schema = grommet.Schema(Query)


def test_omitted_arguments_are_unset_and_explicit_null_is_none() -> None:
    result = schema.execute_sync(
        "query($t: String, $c: Int) { omitted: seen literal: seen(text: null, count: 2) "
        "variable: seen(text: $t, count: $c, page: 3) }",
        {"t": None},
    )
    assert result.to_dict() == {
        "data": {
            "omitted": "text=UNSET count=UNSET page=1",
            "literal": "text=None count=2 page=1",
            "variable": "text=None count=UNSET page=3",
        }
    }


def test_a_nullable_argument_without_python_default_arrives_as_none() -> None:
    result = schema.execute_sync('{ a: nullable b: nullable(value: "x") }')
    assert result.to_dict() == {"data": {"a": "None", "b": "'x'"}}


def test_input_objects_become_dataclass_instances_with_defaults_and_unset() -> None:
    result = schema.execute_sync(
        "query($o: Order!) { "
        'literal: order(order: {itemName: "tea", window: {end: null}, note: null}) '
        "variable: order(order: $o) }",
        {"o": {"itemName": "cake", "sizes": ["LARGE"], "windows": [{"start": 2, "end": 4}]}},
    )
    assert result.to_dict() == {
        "data": {
            "literal": "Order(item_name='tea', sizes=[<Size.SMALL: 's'>], "
            "window=Window(start=0, end=None), windows=None, note=None)",
            "variable": "Order(item_name='cake', sizes=[<Size.LARGE: 'l'>], window=UNSET, "
            "windows=[Window(start=2, end=4)], note=UNSET)",
        }
    }


def test_enums_arrive_as_members_and_members_serialize_to_names() -> None:
    result = schema.execute_sync("{ a: bigger b: bigger(size: LARGE) sizes }")
    assert result.to_dict() == {"data": {"a": "LARGE", "b": "SMALL", "sizes": ["LARGE", "SMALL"]}}


def test_custom_scalars_parse_inputs_and_serialize_outputs() -> None:
    result = schema.execute_sync(
        'query($d: Day!) { a: tomorrow(day: "2024-02-28") b: tomorrow(day: $d) }',
        {"d": "2023-12-31"},
    )
    assert result.to_dict() == {"data": {"a": "2024-02-29", "b": "2024-01-01"}}


@grommet.input(one_of=True)
class UserBy:
    id: grommet.ID | None = UNSET
    email: str | None = UNSET


def test_one_of_inputs_take_exactly_one_field() -> None:
    @grommet.type
    class Query:
        @grommet.field
        def user(self, by: UserBy) -> str:
            return repr(by)

    one_of = grommet.Schema(Query)
    sdl = build_bundle(Query)["sdl"]
    assert sdl.startswith("directive @oneOf on INPUT_OBJECT\n\ntype Query {\n")
    assert sdl.endswith("input UserBy @oneOf {\n  id: ID\n  email: String\n}\n")
    result = one_of.execute_sync('{ a: user(by: {email: "a@b.c"}) }')
    assert result.to_dict() == {"data": {"a": "UserBy(id=UNSET, email='a@b.c')"}}
    result = one_of.execute_sync('{ user(by: {id: "1", email: "a@b.c"}) }')
    assert result.data is None
    assert len(result.errors) == 1
