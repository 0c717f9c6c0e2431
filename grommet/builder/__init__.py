"""The hint-based builder: decorated classes → SDL text + binding tables (a bundle)."""

from __future__ import annotations

from collections.abc import Iterable

from grommet.bundle import Bundle

from .bind import bind_model
from .collect import collect_model
from .sdl import print_schema

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
    return bind_model(model, print_schema(model))
