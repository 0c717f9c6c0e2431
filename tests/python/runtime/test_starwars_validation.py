"""graphql-js's Star Wars validation suite.

Invalid documents are rejected before execution, with errors at exact locations; valid ones
execute and give the reference's data.
"""

from __future__ import annotations

from typing import Any

import pytest

import grommet

from .response import expect, expect_rejected


def request_error(message: str, line: int, column: int) -> dict[str, Any]:
    return {"message": message, "locations": [{"line": line, "column": column}]}


async def test_complex_but_valid_query(starwars: grommet.Schema) -> None:
    source = (
        "query NestedQueryWithFragment {\n"
        "  hero {\n"
        "    ...NameAndAppearances\n"
        "    friends {\n"
        "      ...NameAndAppearances\n"
        "      friends {\n"
        "        ...NameAndAppearances\n"
        "      }\n"
        "    }\n"
        "  }\n"
        "}\n"
        "\n"
        "fragment NameAndAppearances on Character {\n"
        "  name\n"
        "  appearsIn\n"
        "}\n"
    )
    result = await starwars.execute(source)
    assert result.errors == []
    assert result.data is not None
    hero = result.data["hero"]
    assert hero["name"] == "R2-D2"
    assert hero["appearsIn"] == ["NEW_HOPE", "EMPIRE", "JEDI"]
    assert [friend["name"] for friend in hero["friends"]] == [
        "Luke Skywalker",
        "Han Solo",
        "Leia Organa",
    ]
    assert [f["name"] for f in hero["friends"][1]["friends"]] == [
        "Luke Skywalker",
        "Leia Organa",
        "R2-D2",
    ]


# Messages are apollo-compiler's; locations are the reference's. Each document has exactly one
# problem, so exactly one error is spec-correct.
INVALID = [
    pytest.param(
        "query HeroSpaceshipQuery {\n  hero {\n    favoriteSpaceship\n  }\n}",
        request_error("type `Character` does not have a field `favoriteSpaceship`", 3, 5),
        id="non-existent field",
    ),
    pytest.param(
        "query HeroNoFieldsQuery {\n  hero\n}",
        request_error("interface, union and object types must have a subselection set", 2, 3),
        id="object field without a selection",
    ),
    pytest.param(
        "query HeroFieldsOnScalarQuery {\n  hero {\n    name {\n      firstCharacterOfName\n"
        "    }\n  }\n}",
        request_error("field selection of scalar type `String` must not have subselections", 3, 5),
        id="selection on a scalar",
    ),
    pytest.param(
        "query DroidFieldOnCharacter {\n  hero {\n    name\n    primaryFunction\n  }\n}",
        request_error("type `Character` does not have a field `primaryFunction`", 4, 5),
        id="object field on an interface",
    ),
    pytest.param(
        "query HeroOnPlanet {\n  hero {\n    ... on Planet {\n      name\n    }\n  }\n}",
        request_error(
            "type condition `Planet` of inline fragment is not a type defined in the schema", 3, 12
        ),
        id="fragment on a non-existent type",
    ),
    pytest.param(
        "query Unused {\n  hero {\n    name\n  }\n}\n\nfragment Unused on Droid {\n  name\n}",
        request_error("fragment `Unused` must be used in an operation", 7, 1),
        id="unused fragment",
    ),
]


@pytest.mark.parametrize(("source", "error"), INVALID)
async def test_invalid_documents_are_rejected(
    starwars: grommet.Schema, source: str, error: dict[str, Any]
) -> None:
    expect_rejected(await starwars.execute(source), [error])


async def test_object_fields_in_fragments(starwars: grommet.Schema) -> None:
    source = """
        query DroidFieldInFragment {
          hero {
            name
            ...DroidFields
          }
        }

        fragment DroidFields on Droid {
          primaryFunction
        }
    """
    expect(
        await starwars.execute(source),
        {"data": {"hero": {"name": "R2-D2", "primaryFunction": "Astromech"}}},
    )


async def test_object_fields_in_inline_fragments(starwars: grommet.Schema) -> None:
    source = """
        query DroidFieldInFragment {
          hero {
            name
            ... on Droid {
              primaryFunction
            }
          }
        }
    """
    expect(
        await starwars.execute(source),
        {"data": {"hero": {"name": "R2-D2", "primaryFunction": "Astromech"}}},
    )
