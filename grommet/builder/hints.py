"""Type hints → GraphQL type references (hints read once per object, cached on the object)."""

from __future__ import annotations

import collections.abc
import sys
import types
import typing
from dataclasses import dataclass
from typing import Annotated, Any, ForwardRef, NewType, Union, get_args, get_origin

from grommet.meta import (
    FieldOptions,
    Kind,
    ScalarType,
    TypeMeta,
    UnionInfo,
    registered_classes,
    type_meta,
)
from grommet.scalars import ID
from grommet.unset import UnsetType

from .model import NamedRef, TypeRef
from .object_cache import cached_on_object

_NONE = type(None)
_BUILTIN_SCALARS: dict[object, str] = {str: "String", int: "Int", float: "Float", bool: "Boolean"}
_LIST_ORIGINS: frozenset[object] = frozenset(
    {
        list,
        tuple,
        collections.abc.Sequence,
        collections.abc.MutableSequence,
        collections.abc.Collection,
        collections.abc.Iterable,
    }
)


@dataclass(frozen=True, slots=True)
class UnionSource:
    """What defines a union: its members, and its description when named explicitly."""

    description: str | None
    members: tuple[type, ...]


@dataclass(frozen=True, slots=True)
class Hint:
    """A hint read at the top of a field, argument or input field."""

    type: TypeRef
    unset: bool  # the hint admits UnsetType
    options: FieldOptions | None  # from Annotated[T, grommet.field(...)]


@cached_on_object("__grommet_class_hints__")
def class_hints(cls: type) -> dict[str, Any]:
    """``get_type_hints(cls, include_extras=True)``, read once per class."""
    return _type_hints(cls, vars(sys.modules.get(cls.__module__, types.ModuleType("_"))))


@cached_on_object("__grommet_function_hints__")
def function_hints(func: types.FunctionType) -> dict[str, Any]:
    """``get_type_hints(func, include_extras=True)``, read once per function."""
    return _type_hints(func, func.__globals__)


def _type_hints(obj: type | types.FunctionType, globalns: dict[str, Any]) -> dict[str, Any]:
    try:
        return typing.get_type_hints(obj, include_extras=True)
    except NameError as first:
        # Classes defined where their module cannot see them (e.g. inside a function).
        fallback = {k: v for k, v in registered_classes().items() if k not in globalns}
        try:
            return typing.get_type_hints(obj, localns=fallback, include_extras=True)
        except NameError:
            raise TypeError(
                f"cannot resolve the type hints of {obj.__qualname__}: {first}"
            ) from None
    except TypeError as exc:
        raise TypeError(f"invalid type hints on {obj.__qualname__}: {exc}") from None


def read_hint(hint: object, where: str) -> Hint:
    """Read a field/argument hint; ``UnsetType`` is accepted only at its top level."""
    options = None
    if get_origin(hint) is Annotated:
        metadata: tuple[object, ...] = hint.__metadata__  # type: ignore[attr-defined]
        found = [m for m in metadata if isinstance(m, FieldOptions)]
        options = found[-1] if found else None
        if not any(isinstance(m, ScalarType | UnionInfo) for m in metadata):
            hint = hint.__origin__  # type: ignore[attr-defined]
    unset = False
    if _is_union(hint) and UnsetType in get_args(hint):
        unset = True
        rest = tuple(a for a in get_args(hint) if a is not UnsetType)
        if not rest:
            raise TypeError(f"{where}: UnsetType alone is not a GraphQL type")
        hint = Union[rest]  # noqa: UP007 - built from a tuple of arguments
    return Hint(type_ref(hint, where), unset, options)


def type_ref(hint: object, where: str) -> TypeRef:
    """The GraphQL type a hint stands for."""
    if get_origin(hint) is Annotated:
        return _annotated_ref(hint, where)
    if _is_union(hint):
        args = get_args(hint)
        members = [a for a in args if a is not _NONE]
        nullable = len(members) < len(args)
        if UnsetType in members:
            raise TypeError(f"{where}: UnsetType belongs only at the top of an argument hint")
        if len(members) == 1:
            return TypeRef(type_ref(members[0], where).of, nullable)
        return TypeRef(_union_ref(None, members, where), nullable)
    origin = get_origin(hint)
    if origin in _LIST_ORIGINS:
        args = get_args(hint)
        if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
            raise TypeError(f"{where}: only tuple[T, ...] maps to a GraphQL list, got {hint!r}")
        if not args:
            raise TypeError(f"{where}: {hint!r} needs an item type, e.g. list[str]")
        return TypeRef(type_ref(args[0], where), False)
    return TypeRef(_named_ref(hint, where), False)


def _is_union(hint: object) -> bool:
    return isinstance(hint, types.UnionType) or get_origin(hint) is Union


def _annotated_ref(hint: Any, where: str) -> TypeRef:
    inner = hint.__origin__
    for meta in reversed(hint.__metadata__):
        if isinstance(meta, ScalarType):
            if meta.name is None:
                raise TypeError(f"{where}: grommet.scalar(...) in Annotated needs name=")
            nullable = _is_union(inner) and _NONE in get_args(inner)
            return TypeRef(NamedRef(Kind.SCALAR, meta.name, meta), nullable)
        if isinstance(meta, UnionInfo):
            args = get_args(inner) if _is_union(inner) else (inner,)
            members = [a for a in args if a is not _NONE]
            return TypeRef(_union_ref(meta, members, where), len(members) < len(args))
    return type_ref(inner, where)


def _union_ref(info: UnionInfo | None, members: list[Any], where: str) -> NamedRef:
    names = []
    for member in members:
        meta = type_meta(member) if isinstance(member, type) else None
        if not (isinstance(meta, TypeMeta) and meta.kind is Kind.OBJECT):
            raise TypeError(f"{where}: union members must be @grommet.type classes, got {member!r}")
        names.append(meta.name)
    if info is None:
        return NamedRef(Kind.UNION, "Or".join(names), UnionSource(None, tuple(members)))
    return NamedRef(Kind.UNION, info.name, UnionSource(info.description, tuple(members)))


def _named_ref(hint: object, where: str) -> NamedRef:
    if hint is ID:
        return NamedRef(Kind.SCALAR, "ID", None)
    builtin = _BUILTIN_SCALARS.get(hint)
    if builtin is not None:
        return NamedRef(Kind.SCALAR, builtin, None)
    if isinstance(hint, NewType):
        return _named_ref(hint.__supertype__, where)
    if isinstance(hint, type) and hint not in (Any, object):
        meta = type_meta(hint)
        if isinstance(meta, ScalarType):
            return NamedRef(Kind.SCALAR, meta.name or hint.__name__, meta)
        if isinstance(meta, TypeMeta):
            return NamedRef(meta.kind, meta.name, hint)
        raise TypeError(f"{where}: {_undecorated(hint)}")
    if isinstance(hint, str | ForwardRef):
        raise TypeError(f"{where}: unresolved forward reference {hint!r}")
    if isinstance(hint, ScalarType):
        raise TypeError(
            f"{where}: use a custom scalar as Annotated[T, grommet.scalar(...)], not as a hint"
        )
    raise TypeError(f"{where}: unsupported type hint {hint!r}")


def _undecorated(cls: type) -> str:
    import enum

    if issubclass(cls, enum.Enum):
        return f"enum {cls.__qualname__} is not decorated with @grommet.enum"
    if cls is UnsetType:
        return "UnsetType belongs only at the top of an argument or input field hint"
    if "__dataclass_fields__" in vars(cls) or cls.__module__ != "builtins":
        return (
            f"{cls.__qualname__} is not a grommet type: decorate it with @grommet.type, "
            "@grommet.interface, @grommet.input or @grommet.scalar(...)"
        )
    return f"unsupported type hint {cls.__qualname__}"
