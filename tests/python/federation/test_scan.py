"""The federation SDL scan never fails on SDL the engine would reject: the engine reports it."""

from __future__ import annotations

import random

import pytest

from grommet.federation import engine_sources, entity_types

from .conftest import EXAMPLES

PRODUCTS = (EXAMPLES / "products_subgraph" / "schema.graphql").read_text()
PIECES = [*'{}()[]@:"!=|&,\n #\\', '"""', "extend ", "type ", "directive ", "@key(fields: "]


def _scan(text: str) -> None:
    engine_sources([("schema.graphql", text)])
    try:
        entity_types(text)
    except ValueError as error:  # a malformed field set: reported with its type
        assert "@key" in str(error) or "@requires" in str(error)


def test_every_truncation_scans() -> None:
    for end in range(0, len(PRODUCTS), 3):
        _scan(PRODUCTS[:end])
        _scan(PRODUCTS[end:])


def test_random_corruptions_scan() -> None:
    rng = random.Random(14)
    for _ in range(600):
        chars = list(PRODUCTS)
        for _ in range(rng.randint(1, 6)):
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(PIECES))
        _scan("".join(chars))


@pytest.mark.parametrize(
    ("fields", "keys"),
    [
        ('"""sku package"""', ((("sku", None), ("package", None)), True)),
        ('"id" resolvable: false', ((("id", None),), False)),
    ],
)
def test_key_arguments(fields: str, keys: object) -> None:
    sdl = (
        'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])\n'
        f"type P @key(fields: {fields}) {{ id: ID sku: String package: String }}\n"
    )
    assert entity_types(sdl)["P"].keys == [keys]


def test_an_invalid_escape_in_a_link_is_left_to_the_engine() -> None:
    sources = [
        ("s.graphql", 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3\\q")')
    ]
    prepared, _ = engine_sources(sources)
    (_, text), (path, _) = prepared
    assert path == "(federation).graphql"
    assert text == sources[0][1]
