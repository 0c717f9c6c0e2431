"""Executing builder schemas: objects returned for interfaces and unions."""

from typing import Annotated, Any

import grommet


@grommet.interface
class Animal:
    name: str

    @grommet.field
    def sound(self) -> str:
        return "..."


@grommet.type
class Cat(Animal):
    lives: int = 9

    @grommet.field
    def sound(self) -> str:
        return "meow"


@grommet.type
class Dog(Animal):
    good: bool = True


class Puppy(Dog):
    """An undecorated subclass is still a Dog."""


@grommet.type
class Rock:
    weight: float


Thing = Annotated[Cat | Rock, grommet.union("Thing")]


@grommet.type
class Query:
    @grommet.field
    def animals(self) -> list[Animal]:
        dict_dog: Any = {"__typename": "Dog", "name": "Map", "good": False}
        return [Cat("Tom"), Dog("Rex"), Puppy("Bit"), dict_dog]

    @grommet.field
    def things(self) -> list[Thing]:
        return [Rock(1.5), Cat("Kit", 3)]

    @grommet.field
    def either(self, rock: bool) -> Dog | Rock:
        return Rock(2.0) if rock else Dog("Fido")


schema = grommet.Schema(Query)


def test_interface_results_map_by_class_subclass_or_typename() -> None:
    result = schema.execute_sync(
        "{ animals { __typename name sound ... on Cat { lives } ... on Dog { good } } }"
    )
    assert result.to_dict() == {
        "data": {
            "animals": [
                {"__typename": "Cat", "name": "Tom", "sound": "meow", "lives": 9},
                {"__typename": "Dog", "name": "Rex", "sound": "...", "good": True},
                {"__typename": "Dog", "name": "Bit", "sound": "...", "good": True},
                {"__typename": "Dog", "name": "Map", "sound": "...", "good": False},
            ]
        }
    }


def test_named_and_bare_union_results() -> None:
    result = schema.execute_sync(
        "{ things { __typename ... on Rock { weight } ... on Cat { lives } } "
        "a: either(rock: true) { __typename } b: either(rock: false) { ... on Dog { name } } }"
    )
    assert result.to_dict() == {
        "data": {
            "things": [{"__typename": "Rock", "weight": 1.5}, {"__typename": "Cat", "lives": 3}],
            "a": {"__typename": "Rock"},
            "b": {"name": "Fido"},
        }
    }
