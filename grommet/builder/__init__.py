"""The hint-based builder: decorated classes → SDL text + binding tables (a bundle)."""

from __future__ import annotations

from collections.abc import Iterable

from grommet.bundle import Bundle

from .bind import bind_model
from .collect import collect_model
from .model import SchemaModel
from .sdl import applied_directives, print_schema

__all__ = ["build_bundle"]


def build_bundle(
    query: type,
    mutation: type | None = None,
    subscription: type | None = None,
    *,
    types: Iterable[object] = (),
    auto_camel_case: bool = True,
) -> Bundle:
    """Build the schema bundle for the given root types (and extra ``types``).

    Raises ``TypeError`` for unsupported hints, undecorated classes and conflicting names.
    """
    model = collect_model(query, mutation, subscription, types, auto_camel_case=auto_camel_case)
    _reject_federation_directives(model)
    return bind_model(model, print_schema(model))


def _reject_federation_directives(model: SchemaModel) -> None:
    # Their definitions come with the federation @link, which only a subgraph schema has.
    undeclared = [d for d in applied_directives(model) if d.definition is None]
    if not undeclared:
        return  # no directive, or only declared ones: nothing federation needs importing
    from grommet.federation.directives import FEDERATION_DIRECTIVES

    for applied in undeclared:
        if applied.name in FEDERATION_DIRECTIVES:
            raise TypeError(
                f"@{applied.name} is a federation directive: build the schema with "
                "grommet.federation.subgraph_schema(...)"
            )
