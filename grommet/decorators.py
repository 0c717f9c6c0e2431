"""The decorators that turn dataclasses, enums and methods into GraphQL definitions."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, TypeVar, dataclass_transform, overload

from grommet.directives import Directive
from grommet.docstrings import class_description
from grommet.meta import BatchFieldOptions, FieldOptions, Kind, TypeMeta, UnionInfo, set_type_meta

_T = TypeVar("_T")
_E = TypeVar("_E", bound=enum.Enum)
_F = TypeVar("_F", bound=Callable[..., Any])


def _class_decorator(
    cls: type[_T] | None,
    kind: Kind,
    name: str | None,
    description: str | None,
    **options: Any,
) -> type[_T] | Callable[[type[_T]], type[_T]]:
    # Bare use (`@grommet.type`) applies now; `@grommet.type(...)` returns the decorator.
    def decorate(target: type[_T]) -> type[_T]:
        target = _prepare_class(target, kind)
        summary = description or class_description(target)
        set_type_meta(target, TypeMeta(kind, name or target.__name__, summary, **options))
        return target

    return decorate if cls is None else decorate(cls)


def _prepare_class(cls: type[_T], kind: Kind) -> type[_T]:
    decorator = "type" if kind is Kind.OBJECT else kind.value
    if not isinstance(cls, type):
        raise TypeError(f"@grommet.{decorator} decorates a class, got {cls!r}")
    if kind is Kind.ENUM:
        if not issubclass(cls, enum.Enum):
            raise TypeError(
                f"@grommet.enum decorates an enum.Enum subclass, got {cls.__qualname__}"
            )
        return cls
    if "__dataclass_fields__" not in cls.__dict__:
        return dataclasses.dataclass(cls)
    return cls


@overload
def object_type(cls: type[_T], /) -> type[_T]: ...
@overload
def object_type(
    *,
    name: str | None = None,
    description: str | None = None,
    keys: Sequence[str] = (),
    directives: Sequence[Directive] = (),
) -> Callable[[type[_T]], type[_T]]: ...
@dataclass_transform()
def object_type(
    cls: type[_T] | None = None,
    /,
    *,
    name: str | None = None,
    description: str | None = None,
    keys: Sequence[str] = (),
    directives: Sequence[Directive] = (),
) -> type[_T] | Callable[[type[_T]], type[_T]]:
    """``@grommet.type``: a GraphQL object type from a dataclass.

    Annotated dataclass fields are data fields, read from the parent object by attribute (or
    key, for a ``Mapping``); methods decorated with :func:`field` are resolver fields. The class
    is made a dataclass if it is not one yet. A subclass of an ``@grommet.interface`` class
    implements that interface. The GraphQL name is the class name unless ``name=`` is given;
    the description is ``description=`` or the class docstring. ``directives`` are applied
    to the type (see :func:`grommet.directive`); ``keys`` are federation ``@key`` field sets,
    ``keys=["id"]`` being ``directives=[grommet.federation.key("id")]``.
    """
    return _class_decorator(
        cls, Kind.OBJECT, name, description, directives=_type_directives(keys, directives)
    )


@overload
def interface_type(cls: type[_T], /) -> type[_T]: ...
@overload
def interface_type(
    *,
    name: str | None = None,
    description: str | None = None,
    keys: Sequence[str] = (),
    directives: Sequence[Directive] = (),
) -> Callable[[type[_T]], type[_T]]: ...
@dataclass_transform()
def interface_type(
    cls: type[_T] | None = None,
    /,
    *,
    name: str | None = None,
    description: str | None = None,
    keys: Sequence[str] = (),
    directives: Sequence[Directive] = (),
) -> type[_T] | Callable[[type[_T]], type[_T]]:
    """``@grommet.interface``: a GraphQL interface from a dataclass.

    Object types (and interfaces) that subclass it implement it; decorated subclasses are
    added to the schema automatically. Fields, ``keys`` and ``directives`` are as on
    :func:`object_type`.
    """
    return _class_decorator(
        cls, Kind.INTERFACE, name, description, directives=_type_directives(keys, directives)
    )


def _type_directives(keys: Sequence[str], directives: Sequence[Directive]) -> tuple[Directive, ...]:
    if isinstance(keys, str):
        raise TypeError('keys is a list of field sets: keys=["id"]')
    key_directives = tuple(Directive("key", {"fields": fields}) for fields in keys)
    return key_directives + tuple(directives)


@overload
def input_type(cls: type[_T], /) -> type[_T]: ...
@overload
def input_type(
    *, name: str | None = None, description: str | None = None, one_of: bool = False
) -> Callable[[type[_T]], type[_T]]: ...
@dataclass_transform()
def input_type(
    cls: type[_T] | None = None,
    /,
    *,
    name: str | None = None,
    description: str | None = None,
    one_of: bool = False,
) -> type[_T] | Callable[[type[_T]], type[_T]]:
    """``@grommet.input``: a GraphQL input object type from a dataclass.

    Resolvers receive an instance built by calling the class with the fields the client sent.
    A field defaulting to :data:`~grommet.UNSET` may be omitted and has no SDL default; any
    other default is printed as the SDL default. ``one_of=True`` makes it a ``@oneOf`` input:
    the client gives exactly one field, so every field is ``T | None = UNSET``.
    """
    return _class_decorator(cls, Kind.INPUT, name, description, one_of=one_of)


@overload
def enum_type(cls: type[_E], /) -> type[_E]: ...
@overload
def enum_type(
    *,
    name: str | None = None,
    description: str | None = None,
    value_descriptions: Mapping[str, str] | None = None,
    value_deprecations: Mapping[str, str] | None = None,
) -> Callable[[type[_E]], type[_E]]: ...
def enum_type(
    cls: type[_E] | None = None,
    /,
    *,
    name: str | None = None,
    description: str | None = None,
    value_descriptions: Mapping[str, str] | None = None,
    value_deprecations: Mapping[str, str] | None = None,
) -> type[_E] | Callable[[type[_E]], type[_E]]:
    """``@grommet.enum``: a GraphQL enum from an ``enum.Enum``; value names are member names.

    Resolvers receive members for enum inputs and may return members (or member names).
    ``value_descriptions`` and ``value_deprecations`` map member names to a description and
    to a deprecation reason.
    """
    return _class_decorator(
        cls,
        Kind.ENUM,
        name,
        description,
        value_descriptions=tuple((value_descriptions or {}).items()),
        value_deprecations=tuple((value_deprecations or {}).items()),
    )


@overload
def field(func: _F, /) -> _F: ...
@overload
def field(
    *,
    name: str | None = None,
    description: str | None = None,
    deprecation_reason: str | None = None,
    directives: Sequence[Directive] = (),
    batch: Literal[True],
) -> BatchFieldOptions: ...
@overload
def field(
    *,
    name: str | None = None,
    description: str | None = None,
    deprecation_reason: str | None = None,
    directives: Sequence[Directive] = (),
    batch: Literal[False] = False,
) -> FieldOptions: ...
def field(
    func: _F | None = None,
    /,
    *,
    name: str | None = None,
    description: str | None = None,
    deprecation_reason: str | None = None,
    directives: Sequence[Directive] = (),
    batch: bool = False,
) -> _F | FieldOptions:
    """``@grommet.field``: make a method a resolver field.

    ``self`` is the parent object. Parameters become GraphQL arguments (a parameter annotated
    :class:`grommet.Info` receives the info object instead); the method may be ``async``.
    The description is ``description=`` or the docstring. ``grommet.field(...)`` also works
    as ``Annotated[T, grommet.field(...)]`` metadata to name, describe or deprecate a data
    field, an input field or a resolver argument. ``directives`` are applied to an output
    field (see :func:`grommet.directive`).

    ``batch=True`` makes a batch resolver: its first parameter receives the list of every
    parent that reaches the field in one pass (list items, nested lists, aliases with equal
    arguments), and it returns (an awaitable of) a sequence of the same length, one value per
    parent; an ``Exception`` instance in it is that parent's field error. The function becomes
    a static method of its class (the parents are not ``self``). Annotate the return
    as ``list[T]`` (or ``Sequence[T]``, ``Awaitable[...]`` of either); the field's type is ``T``.
    """
    if batch:
        return BatchFieldOptions(
            name, description, deprecation_reason, directives=tuple(directives)
        )
    options = FieldOptions(name, description, deprecation_reason, directives=tuple(directives))
    return options if func is None else options(func)


@overload
def subscription(func: _F, /) -> _F: ...
@overload
def subscription(
    *,
    name: str | None = None,
    description: str | None = None,
    deprecation_reason: str | None = None,
) -> FieldOptions: ...
def subscription(
    func: _F | None = None,
    /,
    *,
    name: str | None = None,
    description: str | None = None,
    deprecation_reason: str | None = None,
) -> _F | FieldOptions:
    """``@grommet.subscription``: a subscription root field from an async-generator method.

    Annotate the return as ``AsyncIterator[T]`` (or ``AsyncGenerator[T, None]``); each value
    it yields is one event, executed against the subscription's selection set.
    """
    options = FieldOptions(name, description, deprecation_reason, subscription=True)
    return options if func is None else options(func)


def union(name: str, *, description: str | None = None) -> UnionInfo:
    """Name a union: ``SearchResult = Annotated[User | Post, grommet.union("SearchResult")]``.

    A bare ``User | Post`` annotation is a union too, named by joining its members
    (``UserOrPost``).
    """
    return UnionInfo(name, description)
