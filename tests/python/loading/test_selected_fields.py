"""`info.selected_fields`: the look-ahead tree of the field being resolved."""

from __future__ import annotations

import asyncio
import enum
from collections.abc import AsyncIterator
from typing import Any

import grommet
from grommet import SelectedField

SEEN: list[list[SelectedField]] = []


@grommet.enum
class Order(enum.Enum):
    NEWEST = "newest"
    OLDEST = "oldest"


@grommet.input
class Window:
    first: int
    after: str | None = None


@grommet.interface
class Node:
    id: grommet.ID


@grommet.type
class Comment(Node):
    body: str


@grommet.type
class User(Node):
    name: str

    @grommet.field
    def comments(self, order: Order = Order.NEWEST, window: Window | None = None) -> list[Comment]:
        return []


@grommet.type
class Query:
    @grommet.field
    def user(self, info: grommet.Info) -> User:
        SEEN.append(info.selected_fields)
        return User(grommet.ID("1"), "Ada")

    @grommet.field
    def node(self, info: grommet.Info) -> Node:
        SEEN.append(info.selected_fields)
        return User(grommet.ID("1"), "Ada")

    @grommet.field
    def name(self, info: grommet.Info) -> str:
        SEEN.append(info.selected_fields)
        return "leaf"


@grommet.type
class Subscription:
    @grommet.subscription
    async def user_events(self, info: grommet.Info) -> AsyncIterator[User]:
        SEEN.append(info.selected_fields)
        FIELD.append((info.field_name, info.parent_type, info.return_type, info.path))
        yield User(grommet.ID("1"), "Ada")


FIELD: list[tuple[str, str, str, list[str | int]]] = []
SCHEMA = grommet.Schema(Query, subscription=Subscription, types=[Comment])


def selected(query: str, variables: dict[str, Any] | None = None) -> list[SelectedField]:
    SEEN.clear()
    result = SCHEMA.execute_sync(query, variables)
    assert result.errors == []
    assert len(SEEN) == 1
    return SEEN[0]


def field(name: str, selections: list[SelectedField] | None = None, **kw: Any) -> SelectedField:
    return SelectedField(name, kw.get("alias"), kw.get("arguments", {}), selections or [])


def test_fragments_and_aliases_are_flattened() -> None:
    tree = selected(
        """
        query { user { id ...Named me: name ... on User { id comments { body } } } }
        fragment Named on User { name }
        """
    )
    assert tree == [
        field("id"),
        field("name"),
        field("name", alias="me"),
        field("comments", [field("body")], arguments={"order": Order.NEWEST, "window": None}),
    ]


def test_skip_and_include_apply_with_variables() -> None:
    query = """
        query ($skip: Boolean!) {
          user { id @skip(if: $skip) name @include(if: $skip) comments @skip(if: true) { body } }
        }
    """
    assert selected(query, {"skip": True}) == [field("name")]
    assert selected(query, {"skip": False}) == [field("id")]


def test_arguments_are_coerced() -> None:
    tree = selected(
        """
        query ($after: String) {
          user { comments(order: OLDEST, window: {first: 2, after: $after}) { id } }
        }
        """,
        {"after": "c9"},
    )
    assert tree == [
        field(
            "comments",
            [field("id")],
            arguments={"order": Order.OLDEST, "window": Window(first=2, after="c9")},
        )
    ]


def test_below_an_abstract_type_every_fragment_counts() -> None:
    tree = selected("{ node { __typename id ... on User { name } ... on Comment { body } } }")
    assert tree == [field("__typename"), field("id"), field("name"), field("body")]


def test_a_leaf_selects_nothing() -> None:
    assert selected("{ name }") == []


def test_a_subscription_root_field_sees_its_selection() -> None:
    SEEN.clear()
    FIELD.clear()

    async def first_event() -> dict[str, Any]:
        stream = SCHEMA.subscribe(
            "subscription { userEvents { id ... on User { name } comments { body } } }"
        )
        async for result in stream:
            return result.to_dict()
        raise AssertionError("no event")

    event = asyncio.run(asyncio.wait_for(first_event(), 10))
    assert event == {"data": {"userEvents": {"id": "1", "name": "Ada", "comments": []}}}
    assert [
        [
            field("id"),
            field("name"),
            field("comments", [field("body")], arguments={"order": Order.NEWEST, "window": None}),
        ]
    ] == SEEN
    assert FIELD == [("userEvents", "Subscription", "User!", ["userEvents"])]
