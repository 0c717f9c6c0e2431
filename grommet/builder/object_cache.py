"""Caches stored on the class or function they describe, so they die with it.

A global ``lru_cache`` keyed by a class keeps that class (and everything its hints reach)
alive after the schema built from it is dropped. Storing the cached value in the object's own
``__dict__`` ties its lifetime to the object: nothing global refers to user classes, and a
dropped schema's classes (with their caches) are collected. Each object keeps at most
``PER_OBJECT_LIMIT`` entries (one per distinct set of build options).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any, Concatenate, ParamSpec, TypeVar

_O = TypeVar("_O")
_P = ParamSpec("_P")
_R = TypeVar("_R")

PER_OBJECT_LIMIT = 16
_MISSING: Any = object()


def cached_on_object(
    attribute: str,
) -> Callable[[Callable[Concatenate[_O, _P], _R]], Callable[Concatenate[_O, _P], _R]]:
    """Cache ``function(owner, *key)`` in ``owner.__dict__[attribute]``, keyed by ``key``.

    ``owner`` is a class or a function. An owner that takes no attributes (a built-in or
    extension type) is not cached: computing again is correct, only slower.
    """

    def decorate(
        function: Callable[Concatenate[_O, _P], _R],
    ) -> Callable[Concatenate[_O, _P], _R]:
        @functools.wraps(function)
        def cached(owner: _O, /, *key: _P.args, **no_keywords: _P.kwargs) -> _R:
            # Read the owner's own __dict__: a base class's cache must not answer for a subclass.
            store: dict[Hashable, Any] | None = getattr(owner, "__dict__", {}).get(attribute)
            if store is not None:
                found = store.get(key, _MISSING)
                if found is not _MISSING:
                    return found  # type: ignore[no-any-return]
            value = function(owner, *key, **no_keywords)
            if store is None:
                store = {}
                try:
                    setattr(owner, attribute, store)
                except (AttributeError, TypeError):
                    return value
            elif len(store) >= PER_OBJECT_LIMIT:
                store.clear()
            store[key] = value
            return value

        return cached

    return decorate
