"""graphql-core tests/execution/test_abstract.py and test_union_interface.py, adapted.

graphql-core resolves abstract types through `is_type_of` / `resolve_type` callables;
grommet through the classes bound to each object type, then `__typename`. Each case binds
the same classes on both sides (`Case.classes` gives graphql-core an `isinstance`
`is_type_of`), or returns values that carry `__typename`. Not portable: `resolve_type`
callables returning type objects or awaitables, and `is_type_of` callables that are not
class checks (grommet has no such hook).
"""

from __future__ import annotations

import asyncio
from typing import Any

from .harness import Case, Request, check, check_same, err, run


class Dog:
    def __init__(self, name: str, woofs: bool) -> None:
        self.name = name
        self.woofs = woofs


class Cat:
    def __init__(self, name: str, meows: bool) -> None:
        self.name = name
        self.meows = meows


class Human:
    def __init__(self, name: str) -> None:
        self.name = name


PETS_SDL = """
interface Pet { name: String }
type Dog implements Pet { name: String woofs: Boolean }
type Cat implements Pet { name: String meows: Boolean }
union DogOrCat = Dog | Cat
type Query { pets: [Pet] animals: [DogOrCat] }
"""

PETS = [Dog("Odie", True), Cat("Garfield", False)]


async def _later(value: Any) -> Any:
    await asyncio.sleep(0)
    return value


def _case(resolve_pets: Any) -> Case:
    return Case(
        PETS_SDL,
        resolvers={"Query": {"pets": resolve_pets, "animals": resolve_pets}},
        classes={"Dog": (Dog,), "Cat": (Cat,)},
    )


INTERFACE_QUERY = """{
  pets {
    name
    ... on Dog { woofs }
    ... on Cat { meows }
  }
}"""

UNION_QUERY = """{
  animals {
    __typename
    ... on Dog { name woofs }
    ... on Cat { name meows }
  }
}"""

PETS_DATA = {"pets": [{"name": "Odie", "woofs": True}, {"name": "Garfield", "meows": False}]}
ANIMALS_DATA = {
    "animals": [
        {"__typename": "Dog", "name": "Odie", "woofs": True},
        {"__typename": "Cat", "name": "Garfield", "meows": False},
    ]
}


def test_is_type_of_used_to_resolve_runtime_type_for_interface() -> None:
    check(_case(lambda _p, _i: PETS), INTERFACE_QUERY, {"data": PETS_DATA})


def test_is_type_of_used_to_resolve_runtime_type_for_union() -> None:
    check(_case(lambda _p, _i: PETS), UNION_QUERY, {"data": ANIMALS_DATA})


def test_async_list_of_pets_for_interface_and_union() -> None:
    case = _case(lambda _p, _i: _later(PETS))
    check(case, INTERFACE_QUERY, {"data": PETS_DATA})
    check(case, UNION_QUERY, {"data": ANIMALS_DATA})


def test_list_of_awaited_pets() -> None:
    case = _case(lambda _p, _i: [_later(p) for p in PETS])
    check(case, INTERFACE_QUERY, {"data": PETS_DATA})


def test_typename_key_resolves_runtime_type_of_mappings() -> None:
    pets = [
        {"__typename": "Dog", "name": "Odie", "woofs": True},
        {"__typename": "Cat", "name": "Garfield", "meows": False},
    ]
    case = Case(PETS_SDL, resolvers={"Query": {"pets": lambda _p, _i: pets}})
    check(case, INTERFACE_QUERY, {"data": PETS_DATA})


class TypedDog:
    __typename = "Dog"

    def __init__(self) -> None:
        self.name = "Odie"
        self.woofs = True


def test_typename_attribute_resolves_runtime_type_of_objects() -> None:
    case = Case(PETS_SDL, resolvers={"Query": {"pets": lambda _p, _i: [TypedDog()]}})
    check(case, INTERFACE_QUERY, {"data": {"pets": [{"name": "Odie", "woofs": True}]}})


def test_unresolvable_runtime_type_is_a_field_error_on_the_item() -> None:
    # Both engines null the item with an error at its path; the wording is each engine's own
    # (grommet names the unbound Python class: docs/compatibility.md).
    case = _case(lambda _p, _i: [Dog("Odie", True), Human("Jon")])
    answer = check_same_shape(case, INTERFACE_QUERY)
    assert answer["data"] == {"pets": [{"name": "Odie", "woofs": True}, None]}


def check_same_shape(case: Case, query: str) -> dict[str, Any]:
    """Same data, errors at the same paths and locations (wording aside)."""
    core, ours = run(case, query)
    assert ours["data"] == core["data"]
    shape = [(e.get("path"), e.get("locations")) for e in ours.get("errors", [])]
    assert shape == [(e.get("path"), e.get("locations")) for e in core.get("errors", [])]
    return ours


def test_typename_naming_a_type_outside_the_union_is_a_field_error() -> None:
    case = Case(
        PETS_SDL + " type Other { name: String }",
        resolvers={"Query": {"animals": lambda _p, _i: [{"__typename": "Other", "name": "x"}]}},
    )
    message = 'Runtime Object type "Other" is not a possible type for "DogOrCat".'
    expected = {
        "data": {"animals": [None]},
        "errors": [err(message, (2, 3), path=["animals", 0])],
    }
    check(case, UNION_QUERY, expected)


def test_typename_naming_an_unknown_type_is_a_field_error() -> None:
    case = Case(
        PETS_SDL,
        resolvers={"Query": {"animals": lambda _p, _i: [{"__typename": "Nope"}]}},
    )
    answer = check_same_shape(case, UNION_QUERY)
    assert answer["data"] == {"animals": [None]}


UNION_INTERFACE_SDL = """
interface Named { name: String }
interface Life { progeny: [Life] }
interface Mammal implements Life { progeny: [Mammal] mother: Mammal father: Mammal }
type Dog implements Mammal & Life & Named {
  name: String barks: Boolean progeny: [Dog] mother: Dog father: Dog
}
type Cat implements Mammal & Life & Named {
  name: String meows: Boolean progeny: [Cat] mother: Cat father: Cat
}
union Pet = Dog | Cat
type Person implements Named & Mammal & Life {
  name: String pets: [Pet] friends: [Named] progeny: [Person] mother: Person father: Person
}
schema { query: Person }
"""


class _Dog:
    def __init__(self, name: str, barks: bool) -> None:
        self.name, self.barks = name, barks
        self.progeny: list[Any] = []
        self.mother: Any = None
        self.father: Any = None


class _Cat:
    def __init__(self, name: str, meows: bool) -> None:
        self.name, self.meows = name, meows
        self.progeny: list[Any] = []
        self.mother: Any = None
        self.father: Any = None


class _Person:
    def __init__(self, name: str, pets: list[Any], friends: list[Any]) -> None:
        self.name, self.pets, self.friends = name, pets, friends
        self.progeny: list[Any] = []
        self.mother: Any = None
        self.father: Any = None


def _family() -> tuple[Case, _Person]:
    garfield = _Cat("Garfield", False)
    garfield.mother = _Cat("Garfield's Mom", False)
    garfield.mother.progeny = [garfield]
    odie = _Dog("Odie", True)
    odie.mother = _Dog("Odie's Mom", True)
    odie.mother.progeny = [odie]
    liz = _Person("Liz", [], [])
    john = _Person("John", [garfield, odie], [liz, odie])
    case = Case(
        UNION_INTERFACE_SDL,
        classes={"Dog": (_Dog,), "Cat": (_Cat,), "Person": (_Person,)},
    )
    return case, john


def test_executes_using_union_types() -> None:
    case, john = _family()
    query = """{
      __typename name
      pets { __typename ... on Dog { name barks } ... on Cat { name meows } }
    }"""
    expected = {
        "data": {
            "__typename": "Person",
            "name": "John",
            "pets": [
                {"__typename": "Cat", "name": "Garfield", "meows": False},
                {"__typename": "Dog", "name": "Odie", "barks": True},
            ],
        }
    }
    check(case, _req(query, john), expected)


def _req(query: str, root: Any) -> Request:
    return Request(query, root=root)


def test_executes_using_interface_types_and_fragment_conditions() -> None:
    case, john = _family()
    query = """
    { __typename name friends { ...PetFields } }
    fragment PetFields on Named {
      __typename name
      ... on Dog { barks }
      ... on Cat { meows }
      ... on Person { friends { name } }
    }"""
    expected = {
        "data": {
            "__typename": "Person",
            "name": "John",
            "friends": [
                {"__typename": "Person", "name": "Liz", "friends": []},
                {"__typename": "Dog", "name": "Odie", "barks": True},
            ],
        }
    }
    check(case, _req(query, john), expected)


def test_allows_fragment_conditions_to_be_abstract_types() -> None:
    case, john = _family()
    query = """
    { __typename name pets { ...PetFields, ...on Mammal { mother { ...ProgenyFields } } }
      friends { ...FriendFields } }
    fragment PetFields on Pet {
      __typename
      ... on Dog { name barks }
      ... on Cat { name meows }
    }
    fragment FriendFields on Named {
      __typename name
      ... on Dog { barks }
      ... on Cat { meows }
    }
    fragment ProgenyFields on Life { progeny { __typename } }
    """
    answer = check_same(case, _req(query, john))
    assert answer["data"]["pets"][0] == {
        "__typename": "Cat",
        "name": "Garfield",
        "meows": False,
        "mother": {"progeny": [{"__typename": "Cat"}]},
    }
