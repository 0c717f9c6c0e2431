"""Composition and query planning by Apollo's own code, executed against live subgraphs.

The products (SDL-first, then builder), users (SDL-first) and inventory (builder) subgraphs
run under uvicorn on loopback ports; their ``_service { sdl }`` answers go to
``tools/federation-check`` (Apollo's `apollo-federation` crate), which composes them into a
supergraph and plans queries. The plans' fetches are then sent to the subgraphs
(`router.Router`): these are the compatibility suite's checks that go through a router.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Any

import httpx
import pytest

import grommet
from grommet import federation
from tests.python.asgi.live import serve

from .conftest import PRODUCTS_APPS, REPO, SUBGRAPH_APPS
from .router import Router

TOOL = REPO / "tools" / "federation-check"
# A cold build of the tool compiles apollo-federation: about 3.5 min on 2 cores.
BUILD_TIMEOUT = 1500

# (query, variables, expected data): the suite's router checks, then cross-subgraph queries.
QUERIES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (  # @override: products resolves User.name, not users
        "query ($id: ID!) { product(id: $id) { createdBy { name } } }",
        {"id": "apollo-federation"},
        {"product": {"createdBy": {"name": "Jane Smith"}}},
    ),
    (  # @requires: yearsOfEmployment comes from users, the average from products
        "query ($id: ID!) { product(id: $id) "
        "{ createdBy { averageProductsCreatedPerYear email } } }",
        {"id": "apollo-federation"},
        {
            "product": {
                "createdBy": {
                    "averageProductsCreatedPerYear": 134,
                    "email": "support@apollographql.com",
                }
            }
        },
    ),
    (  # @shareable
        "query ($id: ID!) { product(id: $id) { dimensions { size weight } } }",
        {"id": "apollo-federation"},
        {"product": {"dimensions": {"size": "small", "weight": 1.0}}},
    ),
    (  # @interfaceObject: Inventory is an interface in inventory, an object in products
        "query ($id: ID!) { inventory(id: $id) { deprecatedProducts { sku reason } } }",
        {"id": "apollo-oss"},
        {
            "inventory": {
                "deprecatedProducts": [
                    {"sku": "apollo-federation-v1", "reason": "Migrate to Federation V2"}
                ]
            }
        },
    ),
    (  # inventory's @requires(fields: "dimensions { size weight }") of products' fields
        'query { product(id: "apollo-federation") { research { study { caseNumber } } '
        'delivery(zip: "94111") { estimatedDelivery fastestDelivery } } }',
        {},
        {
            "product": {
                "research": [{"study": {"caseNumber": "1234"}}],
                "delivery": {"estimatedDelivery": "5/1/2019", "fastestDelivery": "5/1/2019"},
            }
        },
    ),
    (  # all three subgraphs: inventory → products → inventory and users
        "query ($id: ID!) { inventory(id: $id) { id products { sku "
        'delivery(zip: "94111") { fastestDelivery } '
        "createdBy { email averageProductsCreatedPerYear } } } }",
        {"id": "apollo-oss"},
        {
            "inventory": {
                "id": "apollo-oss",
                "products": [
                    {
                        "sku": "federation",
                        "delivery": {"fastestDelivery": "5/1/2019"},
                        "createdBy": {
                            "email": "support@apollographql.com",
                            "averageProductsCreatedPerYear": 134,
                        },
                    }
                ],
            }
        },
    ),
]


@pytest.fixture(scope="session")
def federation_check() -> Path:
    """The tool, built (or found fresh) with cargo from its own locked workspace."""
    target = TOOL / "target"  # its own, whatever CARGO_TARGET_DIR the root crate uses
    subprocess.run(
        ["cargo", "build", "--locked", "--quiet", "--manifest-path", str(TOOL / "Cargo.toml")],
        check=True,
        timeout=BUILD_TIMEOUT,
        env={**os.environ, "CARGO_TARGET_DIR": str(target)},
    )
    return target / "debug" / "federation-check"


@pytest.fixture(scope="module", params=sorted(PRODUCTS_APPS))
def urls(request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """Subgraph name → URL of the running subgraph; products from each entry point."""
    apps = {"products": PRODUCTS_APPS[request.param], **SUBGRAPH_APPS}
    with ExitStack() as stack:
        yield {
            name: f"http://{stack.enter_context(serve(make_app()))}/graphql"
            for name, make_app in apps.items()
        }


@pytest.fixture(scope="module")
def composed(
    urls: dict[str, str], federation_check: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    workdir = tmp_path_factory.mktemp("compose")
    args: list[str] = [str(federation_check)]
    with httpx.Client(timeout=10.0) as client:
        for name, url in urls.items():
            response = client.post(url, json={"query": "{ _service { sdl } }"})
            sdl_file = workdir / f"{name}.graphql"
            sdl_file.write_text(response.json()["data"]["_service"]["sdl"])
            args.append(f"{name}={url}={sdl_file}")
    for index, (query, _, _) in enumerate(QUERIES):
        query_file = workdir / f"query{index}.graphql"
        query_file.write_text(query)
        args += ["--query", str(query_file)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.timeout(BUILD_TIMEOUT + 120)
def test_the_three_subgraphs_compose(composed: dict[str, Any], urls: dict[str, str]) -> None:
    supergraph = composed["supergraph"]
    for name, url in urls.items():
        assert f'{name.upper()} @join__graph(name: "{name}", url: "{url}")' in supergraph
    assert sorted(composed["hints"]) == [
        'Field "ProductDimension.unit" of non-entity object type "ProductDimension" is defined'
        ' in some but not all subgraphs that define "ProductDimension": "ProductDimension.unit"'
        ' is defined in subgraph "products" but not in subgraph "inventory".',
        'Field "User.name" on subgraph "users" is overridden. Consider removing it.',
    ]


@pytest.mark.timeout(BUILD_TIMEOUT + 120)
@pytest.mark.parametrize("index", range(len(QUERIES)))
def test_planned_queries_return_the_right_data(
    composed: dict[str, Any], urls: dict[str, str], index: int
) -> None:
    query, variables, expected = QUERIES[index]
    planned = composed["plans"][index]
    assert planned["query"] == query
    with httpx.Client(timeout=10.0) as client:
        router = Router(composed["supergraph"], urls, client)
        assert router.execute(planned["plan"], query, variables) == expected
    assert router.errors == []


@pytest.mark.timeout(BUILD_TIMEOUT + 120)
def test_the_cross_subgraph_plan_fetches_from_every_subgraph(composed: dict[str, Any]) -> None:
    text = composed["plans"][-1]["text"]
    for name in ("products", "users", "inventory"):
        assert f'Fetch(service: "{name}")' in text


@grommet.type(keys=["sku"], directives=[federation.authenticated()])
class Stock:
    sku: grommet.ID
    count: Annotated[
        int, grommet.field(directives=[federation.requires_scopes([["read:stock"], ["admin"]])])
    ] = 0
    cost: Annotated[float | None, grommet.field(directives=[federation.policy([["finance"]])])] = (
        None
    )

    @classmethod
    def resolve_references(cls, representations: list[dict[str, Any]]) -> list[Stock]:
        return [Stock(sku=r["sku"]) for r in representations]


@grommet.type
class StockQuery:
    @grommet.field(directives=[federation.tag("public")])
    def stock(
        self,
        sku: grommet.ID,
        # Composition refuses an @inaccessible argument the client must give.
        region: Annotated[str | None, grommet.field(directives=[federation.inaccessible()])] = None,
    ) -> Stock:
        return Stock(sku=sku)


@pytest.mark.timeout(BUILD_TIMEOUT + 120)
def test_the_access_control_directives_compose(federation_check: Path, tmp_path: Path) -> None:
    schema = federation.subgraph_schema(StockQuery, federation_version="2.6")
    sdl = schema.execute_sync("{ _service { sdl } }").data["_service"]["sdl"]  # type: ignore[index]
    assert sdl.startswith(
        'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: '
        '["@authenticated", "@inaccessible", "@key", "@policy", "@requiresScopes", "@tag"])'
    )
    (tmp_path / "stock.graphql").write_text(sdl)
    done = subprocess.run(
        [str(federation_check), f"stock=http://127.0.0.1:1/graphql={tmp_path / 'stock.graphql'}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    supergraph = json.loads(done.stdout)["supergraph"]
    assert 'count: Int! @requiresScopes(scopes: [["read:stock"], ["admin"]])' in supergraph
    assert 'cost: Float @policy(policies: [["finance"]])' in supergraph
    assert 'type Stock @join__type(graph: STOCK, key: "sku") @authenticated' in supergraph
