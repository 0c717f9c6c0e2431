"""The Star Wars schema and data of graphql-js's conformance suite, built with grommet's builder.

SDL it must produce (field order as in the reference):

    enum Episode { NEW_HOPE EMPIRE JEDI }
    interface Character { id: String! name: String friends: [Character] appearsIn: [Episode]
                          secretBackstory: String }
    type Human implements Character { id name friends appearsIn homePlanet secretBackstory }
    type Droid implements Character { id name friends appearsIn secretBackstory primaryFunction }
    type Query { hero(episode: Episode): Character  human(id: String!): Human
                 droid(id: String!): Droid }
"""

from __future__ import annotations

import enum
from typing import Annotated

import grommet


@grommet.enum
class Episode(enum.Enum):
    """One of the films in the Star Wars Trilogy"""

    NEW_HOPE = 4
    EMPIRE = 5
    JEDI = 6


ALL_EPISODES = (Episode.NEW_HOPE, Episode.EMPIRE, Episode.JEDI)


@grommet.interface
class Character:
    """A character in the Star Wars Trilogy"""

    id: Annotated[str, grommet.field(description="The id of the character.")]
    name: Annotated[str | None, grommet.field(description="The name of the character.")]

    @grommet.field(description="The friends of the character, or an empty list if they have none.")
    def friends(self) -> list[Character | None] | None:
        return [CHARACTERS[friend_id] for friend_id in FRIENDS[self.id]]

    @grommet.field(description="Which movies they appear in.")
    def appears_in(self) -> list[Episode | None] | None:
        return APPEARS_IN[self.id]

    @grommet.field(description="All secrets about their past.")
    def secret_backstory(self) -> str | None:
        raise RuntimeError("secretBackstory is secret.")


@grommet.type
class Human(Character):
    """A humanoid creature in the Star Wars universe."""

    @grommet.field(description="The home planet of the human, or null if unknown.")
    def home_planet(self) -> str | None:
        return HOME_PLANETS.get(self.id)

    @grommet.field(description="Where are they from and how they came to be who they are.")
    def secret_backstory(self) -> str | None:
        raise RuntimeError("secretBackstory is secret.")


@grommet.type
class Droid(Character):
    """A mechanical creature in the Star Wars universe."""

    @grommet.field(description="Construction date and the name of the designer.")
    def secret_backstory(self) -> str | None:
        raise RuntimeError("secretBackstory is secret.")

    @grommet.field(description="The primary function of the droid.")
    def primary_function(self) -> str | None:
        return PRIMARY_FUNCTIONS[self.id]


CHARACTERS: dict[str, Character] = {
    "1000": Human(id="1000", name="Luke Skywalker"),
    "1001": Human(id="1001", name="Darth Vader"),
    "1002": Human(id="1002", name="Han Solo"),
    "1003": Human(id="1003", name="Leia Organa"),
    "1004": Human(id="1004", name="Wilhuff Tarkin"),
    "2000": Droid(id="2000", name="C-3PO"),
    "2001": Droid(id="2001", name="R2-D2"),
}
FRIENDS = {
    "1000": ["1002", "1003", "2000", "2001"],
    "1001": ["1004"],
    "1002": ["1000", "1003", "2001"],
    "1003": ["1000", "1002", "2000", "2001"],
    "1004": ["1001"],
    "2000": ["1000", "1002", "1003", "2001"],
    "2001": ["1000", "1002", "1003"],
}
APPEARS_IN: dict[str, list[Episode | None]] = {
    character_id: list(ALL_EPISODES) for character_id in CHARACTERS
}
APPEARS_IN["1004"] = [Episode.NEW_HOPE]
HOME_PLANETS = {"1000": "Tatooine", "1001": "Tatooine", "1003": "Alderaan"}
PRIMARY_FUNCTIONS = {"2000": "Protocol", "2001": "Astromech"}


@grommet.type
class Query:
    @grommet.field
    def hero(
        self,
        episode: Annotated[
            Episode | None,
            grommet.field(
                description="If omitted, returns the hero of the whole saga. If provided, "
                "returns the hero of that particular episode."
            ),
        ] = grommet.UNSET,
    ) -> Character | None:
        # Luke is the hero of Episode V; R2-D2 of the saga and of every other episode.
        return CHARACTERS["1000"] if episode is Episode.EMPIRE else CHARACTERS["2001"]

    @grommet.field
    def human(
        self, id: Annotated[str, grommet.field(description="id of the human")]
    ) -> Human | None:
        found = CHARACTERS.get(id)
        return found if isinstance(found, Human) else None

    @grommet.field
    def droid(
        self, id: Annotated[str, grommet.field(description="id of the droid")]
    ) -> Droid | None:
        found = CHARACTERS.get(id)
        return found if isinstance(found, Droid) else None


def build_schema() -> grommet.Schema:
    return grommet.Schema(query=Query, types=(Human, Droid))
