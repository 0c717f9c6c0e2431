"""Apollo's subgraph compatibility checks against the products subgraph, from both entry points.

Reproduced from apollographql/apollo-federation-subgraph-compatibility
(packages/compatibility/src/tests/*.test.ts): each test below is one check of that suite,
asked of the products subgraph directly (its checks that go through a router are in
test_composition.py, through plans from Apollo's query planner). SDL checks run on the
`_service { sdl }` text with ignored characters stripped, as the suite does.
"""

from __future__ import annotations

import json
import re

import graphql
from graphql.utilities import strip_ignored_characters

import grommet

from .conftest import EXAMPLES, execute, service_sdl

ENTITIES = """
query ($representations: [_Any!]!) {
  _entities(representations: $representations) { %s }
}
"""


def stripped(schema: grommet.Schema) -> str:
    return strip_ignored_characters(service_sdl(schema))


def entities(schema: grommet.Schema, selection: str, representations: list[object]) -> object:
    return execute(schema, ENTITIES % selection, {"representations": representations})


# -- @key --------------------------------------------------------------------------------------


def test_key_single_applied_on_user(products: grommet.Schema) -> None:
    assert re.search(
        r'type User(@extends|@federation__extends)?(@key|@federation__key)\(fields:"email"'
        r"( resolvable:true)?\)",
        stripped(products),
    )


def test_key_single_resolves_user(products: grommet.Schema) -> None:
    result = entities(
        products,
        "...on User { email name }",
        [{"__typename": "User", "email": "support@apollographql.com"}],
    )
    assert result == {
        "data": {"_entities": [{"email": "support@apollographql.com", "name": "Jane Smith"}]}
    }


def test_key_multiple_applied_on_deprecated_product(products: grommet.Schema) -> None:
    assert re.search(
        r'type DeprecatedProduct(@key|@federation__key)\(fields:"sku package"', stripped(products)
    )


def test_key_multiple_resolves_deprecated_product(products: grommet.Schema) -> None:
    result = entities(
        products,
        "...on DeprecatedProduct { sku package reason }",
        [
            {
                "__typename": "DeprecatedProduct",
                "sku": "apollo-federation-v1",
                "package": "@apollo/federation-v1",
            }
        ],
    )
    assert result == {
        "data": {
            "_entities": [
                {
                    "sku": "apollo-federation-v1",
                    "package": "@apollo/federation-v1",
                    "reason": "Migrate to Federation V2",
                }
            ]
        }
    }


def test_key_composite_applied_on_product_research(products: grommet.Schema) -> None:
    assert re.search(
        r'type ProductResearch(@key|@federation__key)\(fields:"study { caseNumber }"',
        stripped(products),
    )


def test_key_composite_resolves_product_research(products: grommet.Schema) -> None:
    result = entities(
        products,
        "...on ProductResearch { study { caseNumber description } }",
        [{"__typename": "ProductResearch", "study": {"caseNumber": "1234"}}],
    )
    assert result == {
        "data": {
            "_entities": [{"study": {"caseNumber": "1234", "description": "Federation Study"}}]
        }
    }


def test_repeatable_key_applied_on_product(products: grommet.Schema) -> None:
    sdl = stripped(products)
    key = r"type Product.*(@key|@federation__key)\(fields:"
    assert re.search(key + r'"id"( resolvable:true)?\).*\{', sdl)
    assert re.search(key + r'"sku package"( resolvable:true)?\).*variation', sdl)
    assert re.search(key + r'"sku variation { id }"( resolvable:true)?\).*\{', sdl)


def test_repeatable_key_resolves_each_key_of_product(products: grommet.Schema) -> None:
    result = entities(
        products,
        "...on Product { id sku }",
        [
            {"__typename": "Product", "id": "apollo-federation"},
            {"__typename": "Product", "sku": "federation", "package": "@apollo/federation"},
            {"__typename": "Product", "sku": "studio", "variation": {"id": "platform"}},
        ],
    )
    assert result == {
        "data": {
            "_entities": [
                {"id": "apollo-federation", "sku": "federation"},
                {"id": "apollo-federation", "sku": "federation"},
                {"id": "apollo-studio", "sku": "studio"},
            ]
        }
    }


# -- @link and @composeDirective ---------------------------------------------------------------

FEDERATION_IMPORTS = {
    "@authenticated",
    "@composeDirective",
    "@extends",
    "@external",
    "@inaccessible",
    "@interfaceObject",
    "@key",
    "@override",
    "@policy",
    "@provides",
    "@requires",
    "@requiresScopes",
    "@shareable",
    "@tag",
    "FieldSet",
    "Scope",
    "Policy",
}


def _links(sdl: str) -> list[tuple[str, list[str]]]:
    """(url, imports) of every `@link(...)` application in stripped SDL."""
    out = []
    for element in re.findall(r"@link\(([\s\S]+?)\)", sdl):
        url = re.search(r'url:(".+?")', element)
        if url is None:
            continue  # the definition of @link, not an application
        imports = re.search(r"import:\[(.+?)\]", element)
        names = [] if imports is None else [i.strip('"') for i in imports.group(1).split(" ")]
        out.append((json.loads(url.group(1)), names))
    return out


def test_link_imports_one_supported_federation_version(products: grommet.Schema) -> None:
    sdl = service_sdl(products)
    assert "@link" in sdl
    federation = [
        (url, names)
        for url, names in _links(strip_ignored_characters(sdl))
        if re.match(r"https://specs.apollo.dev/federation/v(.+)", url)
    ]
    assert len(federation) == 1
    url, names = federation[0]
    assert re.search(r"v(2\.0|2\.1|2\.2|2\.3|2\.4|2\.5|2\.6|2\.7)$", url)
    assert set(names) <= FEDERATION_IMPORTS


def test_compose_directive(products: grommet.Schema) -> None:
    sdl = stripped(products)
    custom = [
        n for url, n in _links(sdl) if url.startswith("https://myspecs.dev/myCustomDirective/v")
    ]
    assert custom == [["@custom"]]
    assert re.search(
        r'schema.*(@composeDirective|@federation__composeDirective)\(name:.*"@custom"\)', sdl
    )
    assert re.search(r"directive.*@custom on OBJECT", sdl)
    assert re.search(r"type Product.*@custom.*\{", sdl)


# -- @inaccessible, @tag, @shareable, @override, @requires, @provides, @interfaceObject -------


def test_inaccessible_in_service_sdl(products: grommet.Schema) -> None:
    sdl = stripped(products)
    assert "@federation__inaccessible" not in sdl
    assert "unit:String@inaccessible" in sdl


def test_inaccessible_field_queried_directly(products: grommet.Schema) -> None:
    result = execute(
        products,
        "query GetProduct($id: ID!) { product(id: $id) { dimensions { unit } } }",
        {"id": "apollo-federation"},
    )
    assert result == {"data": {"product": {"dimensions": {"unit": "kg"}}}}


def test_tag(products: grommet.Schema) -> None:
    sdl = stripped(products)
    assert "@federation__tag" not in sdl
    assert '@tag(name:"internal")' in sdl


def test_shareable_in_service_sdl(products: grommet.Schema) -> None:
    assert re.search(
        r"type ProductDimension(@shareable|@federation__shareable)", stripped(products)
    )


def test_override_in_service_sdl(products: grommet.Schema) -> None:
    assert re.search(r'(@override|@federation__override)\(from:"users"\)', stripped(products))


def test_requires_in_service_sdl(products: grommet.Schema) -> None:
    assert re.search(
        r"averageProductsCreatedPerYear:Int(@requires|@federation__requires)"
        r'\(fields:"totalProductsCreated yearsOfEmployment"\)',
        stripped(products),
    )


def test_provides_in_service_sdl(products: grommet.Schema) -> None:
    assert re.search(
        r'createdBy:User(@provides|@federation__provides)\(fields:"totalProductsCreated"\)',
        stripped(products),
    )


def test_provides_field_computed_locally(products: grommet.Schema) -> None:
    result = execute(
        products,
        "query ($id: ID!) { product(id: $id) { createdBy { email totalProductsCreated } } }",
        {"id": "apollo-federation"},
    )
    assert result == {
        "data": {
            "product": {
                "createdBy": {"email": "support@apollographql.com", "totalProductsCreated": 1337}
            }
        }
    }


def test_interface_object_in_service_sdl(products: grommet.Schema) -> None:
    sdl = stripped(products)
    assert re.search(r"type Inventory.*(@interfaceObject|@federation__interfaceObject)", sdl)
    assert re.search(
        r'type Inventory.*(@key|@federation__key)\(fields:"id"( resolvable:true)?\)', sdl
    )


# -- introspection: `_service.sdl` is the products schema ------------------------------------


def _object_types(document: graphql.DocumentNode) -> dict[str, dict[str, str]]:
    """Object types (definitions and extensions merged) → field → "(args): type"."""
    out: dict[str, dict[str, str]] = {}
    for definition in document.definitions:
        if isinstance(
            definition, graphql.ObjectTypeDefinitionNode | graphql.ObjectTypeExtensionNode
        ):
            fields = out.setdefault(definition.name.value, {})
            for field in definition.fields or ():
                args = ", ".join(
                    f"{a.name.value}: {graphql.print_ast(a.type)}" for a in field.arguments or ()
                )
                fields[field.name.value] = f"({args}): {graphql.print_ast(field.type)}"
    return out


def test_introspection_service_sdl_matches_the_products_schema(products: grommet.Schema) -> None:
    sdl = service_sdl(products)
    assert "type Query" in sdl
    reference = (EXAMPLES / "products_subgraph" / "schema.graphql").read_text()
    assert _object_types(graphql.parse(sdl)) == _object_types(graphql.parse(reference))
