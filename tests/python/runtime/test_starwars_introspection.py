"""graphql-js's Star Wars introspection suite, with the reference implementation's results."""

from __future__ import annotations

import grommet

from .response import expect


def scalar(name: str) -> dict[str, object]:
    return {"name": name, "kind": "SCALAR"}


async def test_schema_types(starwars: grommet.Schema) -> None:
    result = await starwars.execute("query IntrospectionTypeQuery { __schema { types { name } } }")
    assert result.errors == []
    assert result.data is not None
    names = [entry["name"] for entry in result.data["__schema"]["types"]]
    # The spec leaves the order of `types` open; built-in scalars appear only when referenced.
    assert sorted(names) == sorted(
        [
            "Query",
            "Episode",
            "Character",
            "String",
            "Human",
            "Droid",
            "Boolean",
            "__Schema",
            "__Type",
            "__TypeKind",
            "__Field",
            "__InputValue",
            "__EnumValue",
            "__Directive",
            "__DirectiveLocation",
        ]
    )


async def test_query_type(starwars: grommet.Schema) -> None:
    result = await starwars.execute(
        "query IntrospectionQueryTypeQuery { __schema { queryType { name } } }"
    )
    expect(result, {"data": {"__schema": {"queryType": {"name": "Query"}}}})


async def test_a_specific_type(starwars: grommet.Schema) -> None:
    result = await starwars.execute(
        'query IntrospectionDroidTypeQuery { __type(name: "Droid") { name } }'
    )
    expect(result, {"data": {"__type": {"name": "Droid"}}})


async def test_object_kind(starwars: grommet.Schema) -> None:
    result = await starwars.execute(
        'query IntrospectionDroidKindQuery { __type(name: "Droid") { name kind } }'
    )
    expect(result, {"data": {"__type": {"name": "Droid", "kind": "OBJECT"}}})


async def test_interface_kind(starwars: grommet.Schema) -> None:
    result = await starwars.execute(
        'query IntrospectionCharacterKindQuery { __type(name: "Character") { name kind } }'
    )
    expect(result, {"data": {"__type": {"name": "Character", "kind": "INTERFACE"}}})


async def test_object_fields(starwars: grommet.Schema) -> None:
    source = """
        query IntrospectionDroidFieldsQuery {
          __type(name: "Droid") {
            name
            fields {
              name
              type {
                name
                kind
              }
            }
          }
        }
    """
    expect(
        await starwars.execute(source),
        {
            "data": {
                "__type": {
                    "name": "Droid",
                    "fields": [
                        {"name": "id", "type": {"name": None, "kind": "NON_NULL"}},
                        {"name": "name", "type": scalar("String")},
                        {"name": "friends", "type": {"name": None, "kind": "LIST"}},
                        {"name": "appearsIn", "type": {"name": None, "kind": "LIST"}},
                        {"name": "secretBackstory", "type": scalar("String")},
                        {"name": "primaryFunction", "type": scalar("String")},
                    ],
                }
            }
        },
    )


async def test_nested_object_fields(starwars: grommet.Schema) -> None:
    source = """
        query IntrospectionDroidNestedFieldsQuery {
          __type(name: "Droid") {
            name
            fields {
              name
              type {
                name
                kind
                ofType {
                  name
                  kind
                }
              }
            }
          }
        }
    """

    def wrapping(kind: str, of_type: dict[str, object]) -> dict[str, object]:
        return {"name": None, "kind": kind, "ofType": of_type}

    string = {**scalar("String"), "ofType": None}
    expect(
        await starwars.execute(source),
        {
            "data": {
                "__type": {
                    "name": "Droid",
                    "fields": [
                        {"name": "id", "type": wrapping("NON_NULL", scalar("String"))},
                        {"name": "name", "type": string},
                        {
                            "name": "friends",
                            "type": wrapping("LIST", {"name": "Character", "kind": "INTERFACE"}),
                        },
                        {
                            "name": "appearsIn",
                            "type": wrapping("LIST", {"name": "Episode", "kind": "ENUM"}),
                        },
                        {"name": "secretBackstory", "type": string},
                        {"name": "primaryFunction", "type": string},
                    ],
                }
            }
        },
    )


async def test_field_args(starwars: grommet.Schema) -> None:
    source = """
        query IntrospectionQueryTypeQuery {
          __schema {
            queryType {
              fields {
                name
                args {
                  name
                  description
                  type {
                    name
                    kind
                    ofType {
                      name
                      kind
                    }
                  }
                  defaultValue
                }
              }
            }
          }
        }
    """
    string_id = {"name": None, "kind": "NON_NULL", "ofType": scalar("String")}
    expect(
        await starwars.execute(source),
        {
            "data": {
                "__schema": {
                    "queryType": {
                        "fields": [
                            {
                                "name": "hero",
                                "args": [
                                    {
                                        "name": "episode",
                                        "description": (
                                            "If omitted, returns the hero of the whole saga. If "
                                            "provided, returns the hero of that particular episode."
                                        ),
                                        "type": {"name": "Episode", "kind": "ENUM", "ofType": None},
                                        "defaultValue": None,
                                    }
                                ],
                            },
                            {
                                "name": "human",
                                "args": [
                                    {
                                        "name": "id",
                                        "description": "id of the human",
                                        "type": string_id,
                                        "defaultValue": None,
                                    }
                                ],
                            },
                            {
                                "name": "droid",
                                "args": [
                                    {
                                        "name": "id",
                                        "description": "id of the droid",
                                        "type": string_id,
                                        "defaultValue": None,
                                    }
                                ],
                            },
                        ]
                    }
                }
            }
        },
    )


async def test_documentation(starwars: grommet.Schema) -> None:
    source = """
        query IntrospectionDroidDescriptionQuery {
          __type(name: "Droid") {
            name
            description
          }
        }
    """
    expect(
        await starwars.execute(source),
        {
            "data": {
                "__type": {
                    "name": "Droid",
                    "description": "A mechanical creature in the Star Wars universe.",
                }
            }
        },
    )
