"""The HTTP benchmark's schema on Strawberry, served by strawberry.asgi."""

from __future__ import annotations

import strawberry
from data import find_user, first_users
from strawberry.asgi import GraphQL


@strawberry.type
class User:
    id: strawberry.ID
    name: str
    email: str
    age: int


@strawberry.type
class Query:
    @strawberry.field
    def user(self, id: strawberry.ID) -> User | None:
        return find_user(id)  # type: ignore[return-value]

    @strawberry.field
    def users(self, first: int) -> list[User]:
        return first_users(first)  # type: ignore[return-value]


app = GraphQL(strawberry.Schema(query=Query))
