"""String annotations, recursion, mutations and subscriptions in the SDL."""

from collections.abc import AsyncGenerator

import grommet
from grommet.builder import build_bundle

from .forward_models import Query, Subscription


def test_string_annotations_resolve_with_recursion_and_later_definitions() -> None:
    bundle = build_bundle(Query, subscription=Subscription)
    assert bundle["sdl"] == (
        "type Query {\n"
        "  tree(depth: Int! = 1): Tree!\n"
        "}\n"
        "\n"
        "type Subscription {\n"
        "  growth(every: Float! = 1.0): Tree!\n"
        "}\n"
        "\n"
        "type Tree {\n"
        "  label: String!\n"
        "  children: [Tree!]!\n"
        "  parent: Tree\n"
        "  leaf: Leaf\n"
        "}\n"
        "\n"
        "type Leaf {\n"
        "  color: Color!\n"
        "}\n"
        "\n"
        "enum Color {\n"
        "  GREEN\n"
        "  BROWN\n"
        "}\n"
    )
    # The info parameter right after `self` is passed positionally.
    assert bundle["types"]["Query"]["fields"]["tree"] == (
        "call",
        Query.tree,
        "",
        {"depth": "depth"},
    )


def test_string_annotations_between_classes_local_to_a_function() -> None:
    @grommet.type
    class Query:
        @grommet.field
        def first(self) -> "LocalPost":
            raise NotImplementedError

    @grommet.type
    class LocalPost:
        next: "LocalPost | None"

    assert build_bundle(Query)["sdl"] == (
        "type Query {\n  first: LocalPost!\n}\n\ntype LocalPost {\n  next: LocalPost\n}\n"
    )


def test_mutation_and_subscription_roots() -> None:
    @grommet.type
    class Query:
        ok: bool

    @grommet.type
    class Mutation:
        @grommet.field
        async def add(self, amount: int, info: grommet.Info) -> int:
            return amount

    @grommet.type
    class Subscription:
        @grommet.subscription(description="Counts up.")
        async def count(self, to: int) -> AsyncGenerator[int, None]:
            for i in range(to):
                yield i

    bundle = build_bundle(Query, Mutation, Subscription)
    assert bundle["sdl"] == (
        "type Query {\n"
        "  ok: Boolean!\n"
        "}\n"
        "\n"
        "type Mutation {\n"
        "  add(amount: Int!): Int!\n"
        "}\n"
        "\n"
        "type Subscription {\n"
        '  """Counts up."""\n'
        "  count(to: Int!): Int!\n"
        "}\n"
    )
    # Info after another parameter is passed by keyword.
    assert bundle["types"]["Mutation"]["fields"]["add"] == (
        "call",
        Mutation.add,
        "info",
        {"amount": "amount"},
    )
    assert bundle["types"]["Subscription"]["fields"]["count"] == (
        "call",
        Subscription.count,
        None,
        {"to": "to"},
    )
