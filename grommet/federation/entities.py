"""`Query._entities`: representations grouped by type, one reference-resolver call per type."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any, TypeAlias

from grommet.errors import GraphQLError

from .fieldset import KeyShape, convert, matching_shape

ReferenceResolver: TypeAlias = Callable[[list[Any], Any], Sequence[Any] | Awaitable[Sequence[Any]]]
"""``resolve(representations, info)``: the entities of one type, in the order given."""


@dataclass(frozen=True, slots=True)
class EntityBinding:
    """How ``_entities`` resolves representations of one type.

    ``resolve`` gets every representation of the type in one request at once. A
    representation that matches none of ``keys`` is that item's error. With ``typed`` each
    representation is built into the dataclass of the key it matches (generated code);
    without, resolvers get the representation dicts as sent (the builder).
    """

    resolve: ReferenceResolver
    keys: tuple[KeyShape, ...] = ()
    typed: bool = True


def entities_resolver(
    bindings: Mapping[str, EntityBinding], unresolvable: frozenset[str] = frozenset()
) -> Callable[[Any, Any, list[Any]], Any]:
    """The resolver of ``Query._entities(representations:)`` over ``bindings``.

    ``unresolvable`` names the entity types whose keys are all ``resolvable: false``.
    """

    def resolve_entities(parent: Any, info: Any, representations: list[Any]) -> Any:
        results: list[Any] = [None] * len(representations)
        groups: dict[str, tuple[list[int], list[Any]]] = {}
        for index, representation in enumerate(representations):
            typename = (
                representation.get("__typename") if isinstance(representation, Mapping) else None
            )
            if not isinstance(typename, str):
                results[index] = GraphQLError("a representation must be an object with __typename")
                continue
            binding = bindings.get(typename)
            if binding is None:
                results[index] = GraphQLError(
                    f"{typename} entities are not resolved by this subgraph (resolvable: false)"
                    if typename in unresolvable
                    else f"{typename!r} is not an entity type of this subgraph"
                )
                continue
            value: Any = representation
            if binding.keys:
                shape = matching_shape(binding.keys, representation)
                if shape is None:
                    results[index] = GraphQLError(
                        f"the representation of {typename} matches none of its @key field sets"
                    )
                    continue
                if binding.typed:
                    value = convert(shape, representation)
            indexes, values = groups.setdefault(typename, ([], []))
            indexes.append(index)
            values.append(value)
        pending: list[tuple[str, list[int], Awaitable[Sequence[Any]]]] = []
        for typename, (indexes, values) in groups.items():
            try:
                found = bindings[typename].resolve(values, info)
            except Exception as error:  # every representation of the type gets the error
                _fill(results, indexes, error)
                continue
            if inspect.isawaitable(found):
                pending.append((typename, indexes, found))
            else:
                _place(results, typename, indexes, found)
        if not pending:
            return results
        return _finish(results, pending)

    return resolve_entities


async def _finish(
    results: list[Any], pending: list[tuple[str, list[int], Awaitable[Sequence[Any]]]]
) -> list[Any]:
    outcomes = await asyncio.gather(*(p[2] for p in pending), return_exceptions=True)
    for (typename, indexes, _), outcome in zip(pending, outcomes, strict=True):
        if isinstance(outcome, BaseException):
            if not isinstance(outcome, Exception):
                raise outcome
            _fill(results, indexes, outcome)
        else:
            _place(results, typename, indexes, outcome)
    return results


def _place(results: list[Any], typename: str, indexes: list[int], found: Any) -> None:
    if not isinstance(found, Sequence) or isinstance(found, str | bytes):
        # Any other iterable keeps its order (a generator, say); a set or a mapping has none
        # to match representations by.
        ordered = hasattr(found, "__iter__") and not isinstance(found, str | bytes | Set | Mapping)
        found = list(found) if ordered else None
    if found is None or len(found) != len(indexes):
        count = "a non-sequence" if found is None else f"{len(found)} values"
        _fill(
            results,
            indexes,
            GraphQLError(
                f"the reference resolver of {typename} returned {count}"
                f" for {len(indexes)} representations"
            ),
        )
        return
    for index, value in zip(indexes, found, strict=True):
        results[index] = value


def _fill(results: list[Any], indexes: list[int], error: Exception) -> None:
    for index in indexes:
        results[index] = error
