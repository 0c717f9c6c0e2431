"""graphql-js's Star Wars query suite, with the reference implementation's results."""

from __future__ import annotations

from typing import Any

import pytest

import grommet

from .response import expect, located

R2_D2_FRIENDS = [{"name": "Luke Skywalker"}, {"name": "Han Solo"}, {"name": "Leia Organa"}]
ALL_EPISODES = ["NEW_HOPE", "EMPIRE", "JEDI"]


async def run(
    schema: grommet.Schema, source: str, variables: dict[str, Any] | None = None
) -> grommet.ExecutionResult:
    return await schema.execute(source, variables)


# -- basic queries ----------------------------------------------------------------------


async def test_identifies_r2_d2_as_the_hero_of_the_saga(starwars: grommet.Schema) -> None:
    result = await run(starwars, "query HeroNameQuery { hero { name } }")
    expect(result, {"data": {"hero": {"name": "R2-D2"}}})


def test_execute_sync_gives_the_same_answer(starwars: grommet.Schema) -> None:
    result = starwars.execute_sync("query HeroNameQuery { hero { name } }")
    expect(result, {"data": {"hero": {"name": "R2-D2"}}})
    assert result.data == {"hero": {"name": "R2-D2"}}
    assert result.errors == []


async def test_id_and_friends_of_r2_d2(starwars: grommet.Schema) -> None:
    source = """
        query HeroNameAndFriendsQuery {
          hero {
            id
            name
            friends {
              name
            }
          }
        }
    """
    result = await run(starwars, source)
    expect(result, {"data": {"hero": {"id": "2001", "name": "R2-D2", "friends": R2_D2_FRIENDS}}})


# -- nested queries ---------------------------------------------------------------------


async def test_friends_of_friends_of_r2_d2(starwars: grommet.Schema) -> None:
    source = """
        query NestedQuery {
          hero {
            name
            friends {
              name
              appearsIn
              friends {
                name
              }
            }
          }
        }
    """
    result = await run(starwars, source)

    def friends(*names: str) -> list[dict[str, str]]:
        return [{"name": name} for name in names]

    expect(
        result,
        {
            "data": {
                "hero": {
                    "name": "R2-D2",
                    "friends": [
                        {
                            "name": "Luke Skywalker",
                            "appearsIn": ALL_EPISODES,
                            "friends": friends("Han Solo", "Leia Organa", "C-3PO", "R2-D2"),
                        },
                        {
                            "name": "Han Solo",
                            "appearsIn": ALL_EPISODES,
                            "friends": friends("Luke Skywalker", "Leia Organa", "R2-D2"),
                        },
                        {
                            "name": "Leia Organa",
                            "appearsIn": ALL_EPISODES,
                            "friends": friends("Luke Skywalker", "Han Solo", "C-3PO", "R2-D2"),
                        },
                    ],
                }
            }
        },
    )


# -- using IDs and query parameters to refetch objects -----------------------------------


async def test_query_characters_directly_by_id(starwars: grommet.Schema) -> None:
    source = """
        query FetchLukeAndC3POQuery {
          human(id: "1000") {
            name
          }
          droid(id: "2000") {
            name
          }
        }
    """
    result = await run(starwars, source)
    expect(result, {"data": {"human": {"name": "Luke Skywalker"}, "droid": {"name": "C-3PO"}}})


FETCH_SOME_ID = """
    query FetchSomeIDQuery($someId: String!) {
      human(id: $someId) {
        name
      }
    }
"""


@pytest.mark.parametrize(
    ("some_id", "human"),
    [
        ("1000", {"name": "Luke Skywalker"}),
        ("1002", {"name": "Han Solo"}),
        ("not a valid id", None),
    ],
)
async def test_generic_query_with_an_id_variable(
    starwars: grommet.Schema, some_id: str, human: dict[str, str] | None
) -> None:
    result = await run(starwars, FETCH_SOME_ID, {"someId": some_id})
    expect(result, {"data": {"human": human}})


# -- aliases ----------------------------------------------------------------------------


async def test_alias_changes_the_response_key(starwars: grommet.Schema) -> None:
    source = """
        query FetchLukeAliased {
          luke: human(id: "1000") {
            name
          }
        }
    """
    result = await run(starwars, source)
    expect(result, {"data": {"luke": {"name": "Luke Skywalker"}}})


async def test_aliases_fetch_the_same_field_twice(starwars: grommet.Schema) -> None:
    source = """
        query FetchLukeAndLeiaAliased {
          luke: human(id: "1000") {
            name
          }
          leia: human(id: "1003") {
            name
          }
        }
    """
    result = await run(starwars, source)
    expect(result, {"data": {"luke": {"name": "Luke Skywalker"}, "leia": {"name": "Leia Organa"}}})


# -- fragments --------------------------------------------------------------------------

LUKE_AND_LEIA = {
    "luke": {"name": "Luke Skywalker", "homePlanet": "Tatooine"},
    "leia": {"name": "Leia Organa", "homePlanet": "Alderaan"},
}


async def test_duplicated_selections(starwars: grommet.Schema) -> None:
    source = """
        query DuplicateFields {
          luke: human(id: "1000") {
            name
            homePlanet
          }
          leia: human(id: "1003") {
            name
            homePlanet
          }
        }
    """
    expect(await run(starwars, source), {"data": LUKE_AND_LEIA})


async def test_fragment_avoids_duplicated_selections(starwars: grommet.Schema) -> None:
    source = """
        query UseFragment {
          luke: human(id: "1000") {
            ...HumanFragment
          }
          leia: human(id: "1003") {
            ...HumanFragment
          }
        }

        fragment HumanFragment on Human {
          name
          homePlanet
        }
    """
    expect(await run(starwars, source), {"data": LUKE_AND_LEIA})


async def test_inline_fragments_select_by_concrete_type(starwars: grommet.Schema) -> None:
    source = """
        query HeroDetails($episode: Episode) {
          hero(episode: $episode) {
            name
            ... on Droid { primaryFunction }
            ... on Human { homePlanet }
          }
        }
    """
    droid = await run(starwars, source)
    expect(droid, {"data": {"hero": {"name": "R2-D2", "primaryFunction": "Astromech"}}})
    human = await run(starwars, source, {"episode": "EMPIRE"})
    expect(human, {"data": {"hero": {"name": "Luke Skywalker", "homePlanet": "Tatooine"}}})


# -- __typename -------------------------------------------------------------------------


async def test_typename_of_r2_d2(starwars: grommet.Schema) -> None:
    source = """
        query CheckTypeOfR2 {
          hero {
            __typename
            name
          }
        }
    """
    expect(
        await run(starwars, source), {"data": {"hero": {"__typename": "Droid", "name": "R2-D2"}}}
    )


async def test_typename_of_luke(starwars: grommet.Schema) -> None:
    source = """
        query CheckTypeOfLuke {
          hero(episode: EMPIRE) {
            __typename
            name
          }
        }
    """
    expect(
        await run(starwars, source),
        {"data": {"hero": {"__typename": "Human", "name": "Luke Skywalker"}}},
    )


async def test_typename_of_the_query_root(starwars: grommet.Schema) -> None:
    expect(await run(starwars, "{ __typename }"), {"data": {"__typename": "Query"}})


# -- errors raised in resolvers -----------------------------------------------------------

SECRET = "secretBackstory is secret."


async def test_error_on_secret_backstory(starwars: grommet.Schema) -> None:
    source = "query HeroNameQuery {\n  hero {\n    name\n    secretBackstory\n  }\n}"
    expect(
        await run(starwars, source),
        {
            "data": {"hero": {"name": "R2-D2", "secretBackstory": None}},
            "errors": [located(SECRET, 4, 5, "hero", "secretBackstory")],
        },
    )


async def test_errors_on_secret_backstory_in_a_list(starwars: grommet.Schema) -> None:
    source = (
        "query HeroNameQuery {\n"
        "  hero {\n"
        "    name\n"
        "    friends {\n"
        "      name\n"
        "      secretBackstory\n"
        "    }\n"
        "  }\n"
        "}"
    )
    friends = [{**friend, "secretBackstory": None} for friend in R2_D2_FRIENDS]
    expect(
        await run(starwars, source),
        {
            "data": {"hero": {"name": "R2-D2", "friends": friends}},
            "errors": [
                located(SECRET, 6, 7, "hero", "friends", index, "secretBackstory")
                for index in range(3)
            ],
        },
    )


async def test_errors_on_secret_backstory_in_nested_lists(starwars: grommet.Schema) -> None:
    source = (
        "query NestedBackstories {\n"
        "  hero {\n"
        "    friends {\n"
        "      friends {\n"
        "        secretBackstory\n"
        "      }\n"
        "    }\n"
        "  }\n"
        "}"
    )
    # R2-D2's friends are Luke (4 friends), Han (3) and Leia (4).
    counts = [4, 3, 4]
    data = {
        "hero": {"friends": [{"friends": [{"secretBackstory": None}] * count} for count in counts]}
    }
    errors = [
        located(SECRET, 5, 9, "hero", "friends", outer, "friends", inner, "secretBackstory")
        for outer, count in enumerate(counts)
        for inner in range(count)
    ]
    expect(await run(starwars, source), {"data": data, "errors": errors})


async def test_error_path_uses_the_alias(starwars: grommet.Schema) -> None:
    source = (
        "query HeroNameQuery {\n  mainHero: hero {\n    name\n    story: secretBackstory\n  }\n}"
    )
    expect(
        await run(starwars, source),
        {
            "data": {"mainHero": {"name": "R2-D2", "story": None}},
            "errors": [located(SECRET, 4, 5, "mainHero", "story")],
        },
    )


async def test_error_objects_carry_message_locations_and_path(starwars: grommet.Schema) -> None:
    result = await run(starwars, "{ hero { secretBackstory } }")
    assert result.data == {"hero": {"secretBackstory": None}}
    [error] = result.errors
    assert isinstance(error, grommet.GraphQLError)
    assert error.message == SECRET
    assert [(loc.line, loc.column) for loc in error.locations or []] == [(1, 10)]
    assert error.path == ["hero", "secretBackstory"]
    assert not error.extensions
