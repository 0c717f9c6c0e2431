"""The users subgraph: one entity, `User`, and no root field of its own."""

from __future__ import annotations

from collections.abc import Sequence

import grommet
from grommet.asgi import GraphQL

from .generated import build_schema, federation, types

USERS = {
    "support@apollographql.com": types.User(
        email="support@apollographql.com",
        name="Apollo Studio Support",
        total_products_created=10,
        years_of_employment=10,
    )
}


class Entities(federation.EntityResolvers):
    def user(
        self, representations: Sequence[federation.UserRepresentation], info: grommet.Info
    ) -> list[types.User | None]:
        return [USERS.get(r.email) for r in representations]


def make_schema() -> grommet.Schema:
    return build_schema(entities=Entities())


def make_app() -> GraphQL:
    """The subgraph as an ASGI app: ``uvicorn --factory`` serves it."""
    return GraphQL(make_schema())
