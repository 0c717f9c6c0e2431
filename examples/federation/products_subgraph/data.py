"""The data set of Apollo's subgraph compatibility suite (its SUBGRAPH_GUIDE.md), as values."""

from __future__ import annotations

from .generated import types

JANE_EMAIL = "support@apollographql.com"


def user(
    email: str = JANE_EMAIL,
    total_products_created: int | None = 1337,
    years_of_employment: int = 10,
) -> types.User:
    average = (
        round(total_products_created / years_of_employment) if total_products_created else None
    )
    return types.User(
        email=email,
        name="Jane Smith",
        total_products_created=total_products_created,
        years_of_employment=years_of_employment,
        average_products_created_per_year=average,
    )


def dimension() -> types.ProductDimension:
    return types.ProductDimension(size="small", weight=1.0, unit="kg")


RESEARCH = [
    types.ProductResearch(
        study=types.CaseStudy(case_number="1234", description="Federation Study"), outcome=None
    ),
    types.ProductResearch(
        study=types.CaseStudy(case_number="1235", description="Studio Study"), outcome=None
    ),
]

PRODUCTS = [
    types.Product(
        id="apollo-federation",
        sku="federation",
        package="@apollo/federation",
        variation=types.ProductVariation(id="OSS"),
        dimensions=dimension(),
        created_by=user(),
        notes=None,
        research=[RESEARCH[0]],
    ),
    types.Product(
        id="apollo-studio",
        sku="studio",
        package="",
        variation=types.ProductVariation(id="platform"),
        dimensions=dimension(),
        created_by=user(),
        notes=None,
        research=[RESEARCH[1]],
    ),
]

DEPRECATED_PRODUCT = types.DeprecatedProduct(
    sku="apollo-federation-v1",
    package="@apollo/federation-v1",
    reason="Migrate to Federation V2",
    created_by=user(),
)

INVENTORY_ID = "apollo-oss"
