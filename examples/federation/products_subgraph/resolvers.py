"""The products subgraph's resolvers: its two queries and its reference resolvers."""

from __future__ import annotations

from collections.abc import Sequence

import grommet
from grommet.asgi import GraphQL

from . import data
from .generated import federation, resolvers, types


class Query(resolvers.QueryResolvers):
    def product(self, parent: object, info: grommet.Info, *, id: str) -> types.Product | None:
        return next((p for p in data.PRODUCTS if p.id == id), None)

    def deprecated_product(
        self, parent: object, info: grommet.Info, *, sku: str, package: str
    ) -> types.DeprecatedProduct | None:
        found = data.DEPRECATED_PRODUCT
        return found if (found.sku, found.package) == (sku, package) else None


class Entities(federation.EntityResolvers):
    """One call per entity type and request, whatever the number of representations."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []  # (type, representations): what tests count

    def product(
        self, representations: Sequence[federation.ProductRepresentation], info: grommet.Info
    ) -> list[types.Product | None]:
        self.calls.append(("Product", len(representations)))
        return [_product(r) for r in representations]

    def deprecated_product(
        self,
        representations: Sequence[federation.DeprecatedProductRepresentation],
        info: grommet.Info,
    ) -> list[types.DeprecatedProduct | None]:
        self.calls.append(("DeprecatedProduct", len(representations)))
        found = data.DEPRECATED_PRODUCT
        return [
            found if (r.sku, r.package) == (found.sku, found.package) else None
            for r in representations
        ]

    def product_research(
        self,
        representations: Sequence[federation.ProductResearchRepresentation],
        info: grommet.Info,
    ) -> list[types.ProductResearch | None]:
        self.calls.append(("ProductResearch", len(representations)))
        by_case = {r.study.case_number: r for r in data.RESEARCH}
        return [by_case.get(r.study.case_number) for r in representations]

    async def user(
        self, representations: Sequence[federation.UserRepresentation], info: grommet.Info
    ) -> list[types.User | None]:
        # async: a reference resolver may await (a database, another service).
        self.calls.append(("User", len(representations)))
        return [
            data.user(r.email, r.total_products_created, r.years_of_employment or 10)
            for r in representations
        ]

    def inventory(
        self, representations: Sequence[federation.InventoryRepresentation], info: grommet.Info
    ) -> list[types.Inventory | None]:
        self.calls.append(("Inventory", len(representations)))
        return [
            types.Inventory(id=r.id, deprecated_products=[data.DEPRECATED_PRODUCT])
            if r.id == data.INVENTORY_ID
            else None
            for r in representations
        ]


def _product(key: federation.ProductRepresentation) -> types.Product | None:
    for product in data.PRODUCTS:
        if isinstance(key, federation.ProductById):
            if product.id == key.id:
                return product
        elif isinstance(key, federation.ProductBySkuAndPackage):
            if (product.sku, product.package) == (key.sku, key.package):
                return product
        elif key.variation is not None and (product.sku, product.variation) == (
            key.sku,
            types.ProductVariation(id=key.variation.id),
        ):
            return product
    return None


def make_schema(entities: Entities | None = None) -> grommet.Schema:
    from .generated import build_schema

    return build_schema(query=Query(), entities=entities or Entities())


def make_app() -> GraphQL:
    """The subgraph as an ASGI app: ``uvicorn --factory`` serves it."""
    return GraphQL(make_schema())
