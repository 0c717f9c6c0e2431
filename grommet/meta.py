"""Metadata the decorators attach to user classes and functions, read by the builder."""

from __future__ import annotations

import enum
import inspect
import weakref
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from grommet.docstrings import class_description

if TYPE_CHECKING:
    from grommet.directives import Directive

_F = TypeVar("_F", bound=Callable[..., Any])
_T = TypeVar("_T")
_P = ParamSpec("_P")
_R = TypeVar("_R")

TYPE_ATTR = "__grommet_type__"
FIELD_ATTR = "__grommet_field__"


class Kind(enum.Enum):
    """The kind of a named GraphQL type."""

    SCALAR = "scalar"
    OBJECT = "type"
    INTERFACE = "interface"
    UNION = "union"
    ENUM = "enum"
    INPUT = "input"


@dataclass(frozen=True, slots=True)
class TypeMeta:
    """What ``@grommet.type``/``input``/``interface``/``enum`` record on a class."""

    kind: Kind
    name: str
    description: str | None
    one_of: bool = False  # inputs only: exactly one field must be given
    # enums only: (member name, text) pairs
    value_descriptions: tuple[tuple[str, str], ...] = ()
    value_deprecations: tuple[tuple[str, str], ...] = ()
    directives: tuple[Directive, ...] = ()  # objects and interfaces: applied directives


@dataclass(frozen=True, slots=True)
class FieldOptions:
    """Options of one field: the value of ``grommet.field(...)``.

    Decorate a method with it to make a resolver field, or put it in
    ``Annotated[T, grommet.field(...)]`` on a data field or input field.
    """

    name: str | None = None
    description: str | None = None
    deprecation_reason: str | None = None
    subscription: bool = False
    directives: tuple[Directive, ...] = ()
    batch: bool = False

    def __call__(self, func: _F) -> _F:
        return _mark_field(self, func)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class BatchFieldOptions(FieldOptions):
    """``grommet.field(batch=True)``: makes the function a static method of the class, since
    its first parameter receives the list of parents rather than ``self``."""

    batch: bool = True

    def __call__(self, func: Callable[_P, _R]) -> staticmethod[_P, _R]:  # type: ignore[override]
        return _mark_field(self, func)  # type: ignore[no-any-return]


def _mark_field(options: FieldOptions, func: Any) -> Any:
    if options.batch and isinstance(func, staticmethod):
        func = func.__func__
    if not inspect.isfunction(func):
        decorator = "subscription" if options.subscription else "field"
        raise TypeError(f"@grommet.{decorator} decorates a plain function or method, got {func!r}")
    setattr(func, FIELD_ATTR, options)
    return staticmethod(func) if options.batch else func


@dataclass(frozen=True, slots=True)
class ScalarType:
    """A custom scalar: the value of ``grommet.scalar(...)``.

    Use it as ``Annotated`` metadata (``Date = Annotated[date, grommet.scalar(...)]``) or as a
    class decorator. ``serialize`` turns a resolver's value into a JSON-compatible output value,
    ``parse_value`` turns a client's input value into the value resolvers receive; ``None``
    means identity.
    """

    name: str | None = None
    serialize: Callable[[Any], Any] | None = None
    parse_value: Callable[[Any], Any] | None = None
    description: str | None = None
    specified_by_url: str | None = None

    def __call__(self, cls: type[_T]) -> type[_T]:
        meta = replace(
            self,
            name=self.name or cls.__name__,
            description=self.description or class_description(cls),
        )
        set_type_meta(cls, meta)
        return cls


@dataclass(frozen=True, slots=True)
class UnionInfo:
    """Names a union: ``SearchResult = Annotated[A | B, grommet.union("SearchResult")]``."""

    name: str
    description: str | None = None


# Classes by __name__, to resolve string annotations that the defining module cannot
# (e.g. classes defined inside a function).
_registry: weakref.WeakValueDictionary[str, type] = weakref.WeakValueDictionary()


def set_type_meta(cls: type, meta: TypeMeta | ScalarType) -> None:
    existing = type_meta(cls)
    if existing is not None:
        kind = existing.kind.value if isinstance(existing, TypeMeta) else "scalar"
        raise TypeError(f"{cls.__qualname__} is already decorated as a grommet {kind}")
    setattr(cls, TYPE_ATTR, meta)
    _registry[cls.__name__] = cls


def type_meta(cls: type) -> TypeMeta | ScalarType | None:
    """The metadata of ``cls`` itself (never inherited from a base class)."""
    meta = cls.__dict__.get(TYPE_ATTR)
    return meta if isinstance(meta, TypeMeta | ScalarType) else None


def field_options(func: object) -> FieldOptions | None:
    options = getattr(func, FIELD_ATTR, None)
    return options if isinstance(options, FieldOptions) else None


def registered_classes() -> dict[str, type]:
    return dict(_registry)
