"""SDL printed for arguments, input objects, enums, defaults and UNSET."""

import dataclasses
import enum
from typing import Annotated

import pytest

import grommet
from grommet import UNSET, UnsetType
from grommet.builder import build_bundle


@grommet.enum
class Color(enum.Enum):
    """A paint color."""

    RED = "#f00"
    DARK_GREEN = "#060"


@grommet.input
class Range:
    low: int = 0
    high: int | None = None


@grommet.input(description="Filters for a search.")
class Filter:
    text: str
    colors: list[Color] = dataclasses.field(default_factory=lambda: [Color.RED])
    range: Range = dataclasses.field(default_factory=lambda: Range(1, 5))
    max_results: int | None = UNSET
    note: Annotated[str | None, grommet.field(deprecation_reason="unused")] = None


@grommet.type
class Query:
    @grommet.field
    def paint(self, color: Color = Color.DARK_GREEN) -> Color:
        return color

    @grommet.field
    def search(
        self,
        filter: Filter,
        ranges: list[Range] | None = None,
        after: str | None = UNSET,
        first: int | UnsetType | None = UNSET,
        page: int | None = 1,
        ratio: float = 0.5,
        exact: bool = False,
        tags: list[str] = ["a", "b"],  # noqa: B006 - printed as the SDL default, never mutated
    ) -> list[str]:
        return []


def test_arguments_inputs_enums_and_defaults() -> None:
    assert build_bundle(Query)["sdl"] == (
        "type Query {\n"
        "  paint(color: Color! = DARK_GREEN): Color!\n"
        "  search(filter: Filter!, ranges: [Range!] = null, after: String, first: Int, "
        'page: Int = 1, ratio: Float! = 0.5, exact: Boolean! = false, tags: [String!]! = ["a", "b"]'
        "): [String!]!\n"
        "}\n"
        "\n"
        '"""A paint color."""\n'
        "enum Color {\n"
        "  RED\n"
        "  DARK_GREEN\n"
        "}\n"
        "\n"
        '"""Filters for a search."""\n'
        "input Filter {\n"
        "  text: String!\n"
        "  colors: [Color!]! = [RED]\n"
        "  range: Range! = {low: 1, high: 5}\n"
        "  maxResults: Int\n"
        '  note: String = null @deprecated(reason: "unused")\n'
        "}\n"
        "\n"
        "input Range {\n"
        "  low: Int! = 0\n"
        "  high: Int = null\n"
        "}\n"
    )


def test_input_and_enum_bindings() -> None:
    bundle = build_bundle(Query)
    assert bundle["inputs"] == {
        "Filter": (
            Filter,
            {
                "text": "text",
                "colors": "colors",
                "range": "range",
                "maxResults": "max_results",
                "note": "note",
            },
        ),
        "Range": (Range, {"low": "low", "high": "high"}),
    }
    assert bundle["enums"] == {"Color": {"RED": Color.RED, "DARK_GREEN": Color.DARK_GREEN}}
    search = bundle["types"]["Query"]["fields"]["search"]
    assert search == (
        "call",
        Query.search,
        None,
        {
            "filter": "filter",
            "ranges": "ranges",
            "after": "after",
            "first": "first",
            "page": "page",
            "ratio": "ratio",
            "exact": "exact",
            "tags": "tags",
        },
    )


def test_nullable_argument_without_default_defaults_to_null() -> None:
    @grommet.type
    class Query:
        @grommet.field
        def echo(self, value: str | None) -> str | None:
            return value

    assert build_bundle(Query)["sdl"] == ("type Query {\n  echo(value: String = null): String\n}\n")


def test_input_default_as_mapping_and_string_escapes() -> None:
    @grommet.input
    class Point:
        x: int
        label: str = "origin"

    @grommet.type
    class Query:
        @grommet.field
        def describe(
            self,
            point: Point = Point(0),  # noqa: B008 - printed as the SDL default
            raw: Point | None = {"x": 3},  # type: ignore[assignment]  # noqa: B006
            quote: str = 'say "hi"\n\tnow \\ é',
            big: float = 1e20,
            identifier: grommet.ID = grommet.ID("7"),  # noqa: B008
        ) -> str:
            return ""

    assert build_bundle(Query)["sdl"] == (
        "type Query {\n"
        '  describe(point: Point! = {x: 0, label: "origin"}, raw: Point = {x: 3}, '
        'quote: String! = "say \\"hi\\"\\n\\tnow \\\\ é", big: Float! = 1e+20, '
        'identifier: ID! = "7"): String!\n'
        "}\n"
        "\n"
        "input Point {\n"
        "  x: Int!\n"
        '  label: String! = "origin"\n'
        "}\n"
    )


def test_enum_value_descriptions_and_deprecations() -> None:
    @grommet.enum(
        value_descriptions={"NEW": "Use this.", "OLD": "Do not."},
        value_deprecations={"OLD": "Use NEW."},
    )
    class Version(enum.Enum):
        NEW = 2
        OLD = 1

    @grommet.type
    class Query:
        version: Version

    assert build_bundle(Query)["sdl"] == (
        "type Query {\n"
        "  version: Version!\n"
        "}\n"
        "\n"
        "enum Version {\n"
        '  """Use this."""\n'
        "  NEW\n"
        '  """Do not."""\n'
        '  OLD @deprecated(reason: "Use NEW.")\n'
        "}\n"
    )

    @grommet.enum(value_descriptions={"MISSING": "?"})
    class Typo(enum.Enum):
        PRESENT = 1

    @grommet.type
    class Query2:
        typo: Typo

    with pytest.raises(TypeError, match=r"enum Typo has no members named \['MISSING'\]"):
        build_bundle(Query2)
