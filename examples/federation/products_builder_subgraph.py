"""The products subgraph of Apollo's compatibility suite, built from decorated classes.

The same subgraph as `products_subgraph` (SDL-first, from the suite's ``products.graphql``):
every federation v2 directive the suite checks, a custom directive composed with
``@composeDirective``, and the suite's data set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any

import grommet
from grommet import federation
from grommet.asgi import GraphQL

custom = grommet.directive("directive @custom on OBJECT")
JANE_EMAIL = grommet.ID("support@apollographql.com")
external = grommet.field(directives=[federation.external()])


@grommet.type(keys=["email"], directives=[federation.extends()])
class User:
    email: Annotated[grommet.ID, external]
    total_products_created: Annotated[int | None, external] = None
    years_of_employment: Annotated[int, external] = 10
    name: Annotated[str | None, grommet.field(directives=[federation.override("users")])] = (
        "Jane Smith"
    )

    @grommet.field(directives=[federation.requires("totalProductsCreated yearsOfEmployment")])
    def average_products_created_per_year(self) -> int | None:
        if not self.total_products_created:
            return None
        return round(self.total_products_created / self.years_of_employment)

    @classmethod
    async def resolve_references(
        cls, representations: Sequence[Mapping[str, Any]], info: grommet.Info
    ) -> list[User]:
        return [
            User(
                email=r["email"],
                total_products_created=r.get("totalProductsCreated"),
                years_of_employment=r.get("yearsOfEmployment") or 10,
            )
            for r in representations
        ]


@grommet.type(directives=[federation.shareable()])
class ProductDimension:
    size: str | None
    weight: float | None
    unit: Annotated[str | None, grommet.field(directives=[federation.inaccessible()])]


@grommet.type
class ProductVariation:
    id: grommet.ID


@grommet.type
class CaseStudy:
    case_number: grommet.ID
    description: str | None


@grommet.type(keys=["study { caseNumber }"])
class ProductResearch:
    study: CaseStudy
    outcome: str | None = None

    @classmethod
    def resolve_references(
        cls, representations: Sequence[Mapping[str, Any]]
    ) -> list[ProductResearch | None]:
        by_case = {r.study.case_number: r for r in RESEARCH}
        return [by_case.get(r["study"]["caseNumber"]) for r in representations]


@grommet.type(keys=["id", "sku package", "sku variation { id }"], directives=[custom()])
class Product:
    id: grommet.ID
    sku: str | None
    package: str | None
    variation: ProductVariation | None
    dimensions: ProductDimension | None
    created_by: Annotated[
        User | None, grommet.field(directives=[federation.provides("totalProductsCreated")])
    ]
    notes: Annotated[str | None, grommet.field(directives=[federation.tag("internal")])]
    research: list[ProductResearch]

    @classmethod
    def resolve_references(
        cls, representations: Sequence[Mapping[str, Any]]
    ) -> list[Product | None]:
        return [_find_product(r) for r in representations]


@grommet.type(keys=["sku package"])
class DeprecatedProduct:
    sku: str
    package: str
    reason: str | None
    created_by: User | None

    @classmethod
    def resolve_references(
        cls, representations: Sequence[Mapping[str, Any]]
    ) -> list[DeprecatedProduct | None]:
        key = (DEPRECATED_PRODUCT.sku, DEPRECATED_PRODUCT.package)
        return [
            DEPRECATED_PRODUCT if (r["sku"], r["package"]) == key else None for r in representations
        ]


@grommet.type(keys=["id"], directives=[federation.interface_object()])
class Inventory:
    id: grommet.ID
    deprecated_products: list[DeprecatedProduct]

    @classmethod
    def resolve_references(
        cls, representations: Sequence[Mapping[str, Any]]
    ) -> list[Inventory | None]:
        return [
            Inventory(id=r["id"], deprecated_products=[DEPRECATED_PRODUCT])
            if r["id"] == "apollo-oss"
            else None
            for r in representations
        ]


@grommet.type
class Query:
    @grommet.field
    def product(self, id: grommet.ID) -> Product | None:
        return next((p for p in PRODUCTS if p.id == id), None)

    @grommet.field(deprecation_reason="Use product query instead")
    def deprecated_product(self, sku: str, package: str) -> DeprecatedProduct | None:
        if (sku, package) == (DEPRECATED_PRODUCT.sku, DEPRECATED_PRODUCT.package):
            return DEPRECATED_PRODUCT
        return None


def _user() -> User:
    return User(email=JANE_EMAIL, total_products_created=1337)


def _dimension() -> ProductDimension:
    return ProductDimension(size="small", weight=1.0, unit="kg")


RESEARCH = [
    ProductResearch(
        study=CaseStudy(case_number=grommet.ID("1234"), description="Federation Study")
    ),
    ProductResearch(study=CaseStudy(case_number=grommet.ID("1235"), description="Studio Study")),
]
PRODUCTS = [
    Product(
        id=grommet.ID("apollo-federation"),
        sku="federation",
        package="@apollo/federation",
        variation=ProductVariation(id=grommet.ID("OSS")),
        dimensions=_dimension(),
        created_by=_user(),
        notes=None,
        research=[RESEARCH[0]],
    ),
    Product(
        id=grommet.ID("apollo-studio"),
        sku="studio",
        package="",
        variation=ProductVariation(id=grommet.ID("platform")),
        dimensions=_dimension(),
        created_by=_user(),
        notes=None,
        research=[RESEARCH[1]],
    ),
]
DEPRECATED_PRODUCT = DeprecatedProduct(
    sku="apollo-federation-v1",
    package="@apollo/federation-v1",
    reason="Migrate to Federation V2",
    created_by=_user(),
)


def _find_product(representation: Mapping[str, Any]) -> Product | None:
    for product in PRODUCTS:
        if "id" in representation:
            if product.id == representation["id"]:
                return product
        elif "package" in representation:
            if (product.sku, product.package) == (representation["sku"], representation["package"]):
                return product
        elif product.sku == representation["sku"] and product.variation == ProductVariation(
            id=representation["variation"]["id"]
        ):
            return product
    return None


def make_schema() -> grommet.Schema:
    return federation.subgraph_schema(
        Query,
        types=[DeprecatedProduct, ProductResearch, Inventory],
        schema_directives=[
            federation.link("https://myspecs.dev/myCustomDirective/v1.0", imports=["@custom"]),
            federation.compose_directive("@custom"),
        ],
        federation_version="2.3",
    )


def make_app() -> GraphQL:
    """The subgraph as an ASGI app: ``uvicorn --factory`` serves it."""
    return GraphQL(make_schema())
