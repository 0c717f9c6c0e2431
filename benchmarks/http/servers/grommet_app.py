"""The HTTP benchmark's schema on grommet (the builder), served by grommet.asgi."""

from __future__ import annotations

from data import find_user, first_users

import grommet
from grommet.asgi import GraphQL


@grommet.type
class User:
    id: grommet.ID
    name: str
    email: str
    age: int


@grommet.type
class Query:
    @grommet.field
    def user(self, id: grommet.ID) -> User | None:
        return find_user(id)  # type: ignore[return-value]  # a row with User's fields

    @grommet.field
    def users(self, first: int) -> list[User]:
        return first_users(first)  # type: ignore[return-value]


app = GraphQL(grommet.Schema(query=Query))
