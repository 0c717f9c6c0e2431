"""The inventory subgraph of Apollo's compatibility suite, built from decorated classes.

It extends `Product` (owned by the products subgraph) with `delivery`, which `@requires`
the product's dimensions, and owns the entity interface `Inventory`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any

import grommet
from grommet import federation
from grommet.asgi import GraphQL

external = grommet.field(directives=[federation.external()])


@grommet.type(directives=[federation.shareable()])
class ProductDimension:
    size: str | None
    weight: float | None


@grommet.type
class DeliveryEstimates:
    estimated_delivery: str | None
    fastest_delivery: str | None


@grommet.type(keys=["id"], directives=[federation.extends()])
class Product:
    id: Annotated[grommet.ID, external]
    dimensions: Annotated[ProductDimension | None, external] = None

    @grommet.field(directives=[federation.requires("dimensions { size weight }")])
    def delivery(self, zip: str | None = None) -> DeliveryEstimates | None:
        dimensions = self.dimensions
        if self.id != "apollo-federation" or dimensions is None:
            raise grommet.GraphQLError("delivery needs the product's id and dimensions")
        if (dimensions.size, dimensions.weight, zip) != ("small", 1, "94111"):
            raise grommet.GraphQLError("no delivery estimate for these dimensions and zip")
        return DeliveryEstimates(estimated_delivery="5/1/2019", fastest_delivery="5/1/2019")

    @classmethod
    def resolve_references(cls, representations: Sequence[Mapping[str, Any]]) -> list[Product]:
        return [
            Product(id=r["id"], dimensions=_dimensions(r.get("dimensions")))
            for r in representations
        ]


@grommet.interface(keys=["id"])
class Inventory:
    id: grommet.ID
    products: list[Product]

    @classmethod
    def resolve_references(
        cls, representations: Sequence[Mapping[str, Any]]
    ) -> list[Inventory | None]:
        return [INVENTORIES.get(r["id"]) for r in representations]


@grommet.type(keys=["id"])
class OpenSourceInventory(Inventory):
    @classmethod
    def resolve_references(
        cls, representations: Sequence[Mapping[str, Any]]
    ) -> list[Inventory | None]:
        return [INVENTORIES.get(r["id"]) for r in representations]


INVENTORIES: dict[str, Inventory] = {
    "apollo-oss": OpenSourceInventory(
        id=grommet.ID("apollo-oss"), products=[Product(id=grommet.ID("apollo-federation"))]
    )
}


@grommet.type
class Query:
    @grommet.field
    def inventory(self, id: grommet.ID) -> Inventory | None:
        return INVENTORIES.get(id)


def _dimensions(value: Mapping[str, Any] | None) -> ProductDimension | None:
    if value is None:
        return None
    return ProductDimension(size=value.get("size"), weight=value.get("weight"))


def make_schema() -> grommet.Schema:
    return federation.subgraph_schema(Query, federation_version="2.3")


def make_app() -> GraphQL:
    """The subgraph as an ASGI app: ``uvicorn --factory`` serves it."""
    return GraphQL(make_schema())
