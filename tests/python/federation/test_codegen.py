"""grommet-codegen on subgraph SDL: the real CLI in a subprocess, and what it generates."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import grommet

from .conftest import EXAMPLES, PRODUCTS, execute

SUBGRAPH = """\
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7",
  import: ["@key", "@external", "@requires", "@shareable", "@authenticated",
           "@requiresScopes", "@policy", {name: "@tag", as: "@label"}])

type Query {
  store(id: ID!): Store @authenticated
}

type Store @key(fields: "id") @key(fields: "owner { email } region", resolvable: true) {
  id: ID!
  region: String!
  owner: Owner!
  revenue: Int @requiresScopes(scopes: [["read:revenue"]]) @policy(policies: [["finance"]])
  audit: String @federation__inaccessible
  name: String @label(name: "public")
  nearby: [Store!]! @requires(fields: "region")
}

type Owner @shareable {
  email: String!
}

type Warehouse @key(fields: "code", resolvable: false) {
  code: Int!
}

extend type Supplier @key(fields: "sid") {
  sid: ID! @external
  rating: Float
}
"""


def codegen(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "grommet_codegen", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("subgraph", ["products_subgraph", "users_subgraph"])
def test_the_committed_example_packages_are_fresh(subgraph: str) -> None:
    done = codegen(
        f"{subgraph}/schema.graphql",
        "-o",
        f"{subgraph}/generated",
        "--package",
        f"{subgraph}.generated",
        "--check",
        cwd=EXAMPLES,
    )
    assert (done.returncode, done.stderr) == (0, "")


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("stores")
    (project / "schema.graphql").write_text(SUBGRAPH)
    done = codegen(
        "schema.graphql", "-o", "stores/generated", "--resolvers", "stores/scaffold.py", cwd=project
    )
    assert done.returncode == 0, done.stderr
    (project / "stores" / "__init__.py").write_text("")
    (project / "stores" / "impl.py").write_text(STORES_IMPL)
    return project


STORES_IMPL = """\
from __future__ import annotations

from collections.abc import Sequence

import grommet

from .generated import build_schema, federation, resolvers, types

OWNER = types.Owner(email="ada@example.com")
STORES = {
    "s1": types.Store(
        id="s1", region="eu", owner=OWNER, revenue=5, audit="x", name="One", nearby=[]
    ),
}
CALLS: list[list[object]] = []


class Query(resolvers.QueryResolvers):
    def store(self, parent: object, info: grommet.Info, *, id: str) -> types.Store | None:
        return STORES.get(id)


class Entities(federation.EntityResolvers):
    def store(
        self, representations: Sequence[federation.StoreRepresentation], info: grommet.Info
    ) -> list[types.Store | None]:
        CALLS.append(list(representations))
        out: list[types.Store | None] = []
        for r in representations:
            if isinstance(r, federation.StoreById):
                out.append(STORES.get(r.id))
            else:
                key = (r.owner.email, r.region)
                found = [s for s in STORES.values() if (s.owner.email, s.region) == key]
                out.append(found[0] if found else None)
        return out

    async def supplier(
        self, representations: Sequence[federation.SupplierRepresentation], info: grommet.Info
    ) -> list[types.Supplier | None]:
        return [types.Supplier(sid=r.sid, rating=4.5) for r in representations]


def make_schema() -> grommet.Schema:
    return build_schema(query=Query(), entities=Entities())
"""


def test_generated_subgraph_is_clean_under_ruff_and_mypy(stores: Path) -> None:
    generated = stores / "stores" / "generated"
    for command in (["ruff", "check", "--no-cache", "."], ["ruff", "format", "--check", "."]):
        done = subprocess.run(
            [str(Path(sys.executable).parent / command[0]), *command[1:]],
            cwd=generated,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "stores"],
        cwd=stores,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout


def test_generated_key_classes_and_protocol(stores: Path) -> None:
    text = (stores / "stores" / "generated" / "federation.py").read_text()
    assert (
        textwrap.dedent('''\
        class StoreByOwnerAndRegion:
            """A representation of `Store` by its key `owner { email } region`."""

            owner: StoreByOwnerAndRegionOwner
            region: str
        ''')
        in text
    )
    assert "StoreRepresentation: typing.TypeAlias = StoreById | StoreByOwnerAndRegion" in text
    assert "class WarehouseBy" not in text  # resolvable: false: nothing to resolve here
    assert "    def supplier(" in text


def test_the_scaffold_has_an_entities_class(stores: Path) -> None:
    scaffold = (stores / "stores" / "scaffold.py").read_text()
    assert (
        textwrap.dedent("""\
        class Entities(generated.federation.EntityResolvers):
            def store(
                self,
                representations: collections.abc.Sequence[
                    generated.federation.StoreRepresentation
                ],
                info: grommet.Info,
            ) -> collections.abc.Sequence[generated.Store | None]:
                raise NotImplementedError
        """)
        in scaffold
    )
    out = _run_in(
        stores,
        "from stores import scaffold\n"
        "from stores.generated import build_schema\n"
        "schema = build_schema(query=scaffold.Query(), entities=scaffold.Entities())\n"
        "print(schema.execute_sync('{ _service { sdl } }').errors)",
    )
    assert out == "[]\n"


def _run_in(project: Path, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_generated_subgraph_resolves_entities_and_its_sdl(stores: Path) -> None:
    out = _run_in(
        stores,
        textwrap.dedent("""\
            import json
            from stores import impl
            schema = impl.make_schema()
            reps = [
                {"__typename": "Store", "owner": {"email": "ada@example.com"}, "region": "eu"},
                {"__typename": "Supplier", "sid": "p9"},
                {"__typename": "Store", "id": "s1"},
                {"__typename": "Warehouse", "code": 1},
            ]
            q = "query ($r: [_Any!]!) { _entities(representations: $r) { __typename "
            q += "... on Store { id name } ... on Supplier { sid rating } } }"
            print(json.dumps(schema.execute_sync(q, {"r": reps}).to_dict()))
            print(json.dumps([[repr(r) for r in call] for call in impl.CALLS]))
            sdl = schema.execute_sync("{ _service { sdl } }").data["_service"]["sdl"]
            print(sdl == open("schema.graphql").read())
            """),
    )
    result, calls, same_sdl = out.splitlines()
    assert result == (
        '{"data": {"_entities": [{"__typename": "Store", "id": "s1", "name": "One"}, '
        '{"__typename": "Supplier", "sid": "p9", "rating": 4.5}, '
        '{"__typename": "Store", "id": "s1", "name": "One"}, null]}, '
        '"errors": [{"message": "Warehouse entities are not resolved by this subgraph '
        '(resolvable: false)", "locations": [{"line": 1, "column": 24}], '
        '"path": ["_entities", 3]}]}'
    )
    assert calls == (
        "[[\"StoreByOwnerAndRegion(owner=StoreByOwnerAndRegionOwner(email='ada@example.com'),"
        " region='eu')\", \"StoreById(id='s1', region=None)\"]]"
    )
    assert same_sdl == "True"


def test_a_bad_field_set_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "schema.graphql").write_text(
        'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])\n'
        'type Query { a: A }\ntype A @key(fields: "id { x") { id: ID! }\n'
    )
    done = codegen("schema.graphql", "-o", "out", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2,
        "federation: A: @key: unbalanced braces in the field set 'id { x'\n",
    )
    assert not (tmp_path / "out").exists()


def test_an_unknown_key_field_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "schema.graphql").write_text(
        'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])\n'
        'type Query { a: A }\ntype A @key(fields: "upc") { id: ID! }\n'
    )
    done = codegen("schema.graphql", "-o", "out", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2,
        "schema.graphql:3:6: A has no field 'upc', named in a field set\n",
    )


def _introspection(schema: grommet.Schema) -> Any:
    result = execute(schema, _INTROSPECTION)["data"]["__schema"]
    types = sorted(result["types"], key=lambda t: t["name"])
    for t in types:
        for key in ("fields", "inputFields", "enumValues", "interfaces", "possibleTypes"):
            if t.get(key) is not None:
                t[key] = sorted(t[key], key=lambda f: f["name"])
    directives = sorted(result["directives"], key=lambda d: d["name"])
    return {"types": types, "directives": directives}


_INTROSPECTION = """
{ __schema {
    types { name kind
      fields(includeDeprecated: true) { name isDeprecated deprecationReason
        args { name type { ...T } defaultValue } type { ...T } }
      inputFields { name type { ...T } defaultValue }
      interfaces { name } possibleTypes { name } enumValues { name } }
    directives { name locations isRepeatable args { name type { ...T } defaultValue } }
} }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
"""


def test_both_entry_points_give_the_engine_the_same_schema() -> None:
    sdl_first, builder = (_introspection(PRODUCTS[k]()) for k in ("sdl-first", "builder"))
    assert sdl_first == builder
