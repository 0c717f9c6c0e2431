"""Resolver signatures: parameters → arguments and info, read once per function."""

from __future__ import annotations

import collections.abc
import functools
import inspect
import operator
import types
import typing
from dataclasses import dataclass
from typing import Any, get_args, get_origin

from grommet._core import Info

from .hints import function_hints
from .object_cache import cached_on_object

_AWAITABLES: frozenset[object] = frozenset({collections.abc.Awaitable, collections.abc.Coroutine})
_ASYNC_ITERABLES: frozenset[object] = frozenset(
    {collections.abc.AsyncIterator, collections.abc.AsyncIterable, collections.abc.AsyncGenerator}
)
_P = inspect.Parameter


@dataclass(frozen=True, slots=True)
class Param:
    """A resolver parameter that is a GraphQL argument."""

    py_name: str
    hint: object
    default: object  # inspect.Parameter.empty when there is none


@dataclass(frozen=True, slots=True)
class ResolverSignature:
    params: tuple[Param, ...]
    # None: no info parameter; "": passed positionally after the parent; else its keyword.
    info: str | None
    returns: object


@cached_on_object("__grommet_resolver_signature__")
def resolver_signature(func: types.FunctionType) -> ResolverSignature:
    """Parse a resolver's parameters and return hint."""
    where = func.__qualname__
    hints = function_hints(func)
    params = list(inspect.signature(func).parameters.values())
    if not params or params[0].kind not in (_P.POSITIONAL_ONLY, _P.POSITIONAL_OR_KEYWORD):
        raise TypeError(f"{where}: a resolver takes the parent object (self) first")
    info: str | None = None
    arguments = []
    for index, param in enumerate(params[1:], start=1):
        hint = hints.get(param.name, _P.empty)
        if hint is Info:
            if info is not None:
                raise TypeError(f"{where}: more than one parameter is annotated grommet.Info")
            positional = index == 1 and param.kind is not _P.KEYWORD_ONLY
            info = "" if positional else param.name
            continue
        if param.kind in (_P.VAR_POSITIONAL, _P.VAR_KEYWORD, _P.POSITIONAL_ONLY):
            raise TypeError(
                f"{where}: parameter {param.name!r} cannot be a GraphQL argument "
                "(arguments are passed by keyword)"
            )
        if hint is _P.empty:
            raise TypeError(f"{where}: parameter {param.name!r} needs a type annotation")
        arguments.append(Param(param.name, hint, param.default))
    if "return" not in hints:
        raise TypeError(f"{where}: a resolver needs a return type annotation")
    return ResolverSignature(tuple(arguments), info, hints["return"])


def output_hint(returns: Any, *, subscription: bool, where: str) -> Any:
    """The hint of the GraphQL field type: unwraps ``Awaitable[T]`` / ``AsyncIterator[T]``."""
    origin = get_origin(returns)
    if subscription:
        if origin not in _ASYNC_ITERABLES:
            raise TypeError(f"{where}: a subscription returns AsyncIterator[T], got {returns!r}")
        return get_args(returns)[0]
    if origin in _ASYNC_ITERABLES:
        raise TypeError(f"{where}: async iterators are for @grommet.subscription fields")
    if origin in _AWAITABLES:
        return get_args(returns)[-1]
    return returns


_SEQUENCES: frozenset[object] = frozenset({list, tuple, collections.abc.Sequence})


def batch_item_hint(returns: Any, where: str) -> Any:
    """The field type of a batch resolver returning ``Sequence[T]``: ``T``, without the
    ``Exception`` members a ``T | Exception`` item may name for per-item errors."""
    origin = get_origin(returns)
    args = get_args(returns)
    if origin not in _SEQUENCES or not args or (origin is tuple and args[-1:] != (...,)):
        raise TypeError(
            f"{where}: a batch resolver returns list[T] or Sequence[T] (one value per parent), "
            f"got {returns!r}"
        )
    item = args[0]
    if get_origin(item) in (types.UnionType, typing.Union):
        kept = [a for a in get_args(item) if not _is_exception_class(a)]
        if len(kept) != len(get_args(item)):
            item = functools.reduce(operator.or_, kept)
    return item


def _is_exception_class(hint: object) -> bool:
    return isinstance(hint, type) and issubclass(hint, BaseException)
