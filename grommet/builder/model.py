"""The builder's intermediate form: GraphQL definitions collected from Python classes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, TypeAlias

from grommet.meta import Kind

if TYPE_CHECKING:
    from grommet.directives import Directive


class _NoDefault:
    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Final = _NoDefault()
"""An input value without an SDL default."""

BUILTIN_SCALARS: Final = frozenset({"String", "Int", "Float", "Boolean", "ID"})


@dataclass(frozen=True, slots=True)
class NamedRef:
    """A reference to a named type; ``source`` identifies what defines it."""

    kind: Kind
    name: str
    source: object


@dataclass(frozen=True, slots=True)
class TypeRef:
    """A GraphQL type: a named type or a list, nullable or not."""

    of: NamedRef | TypeRef
    nullable: bool

    @property
    def named(self) -> NamedRef:
        of = self.of
        while isinstance(of, TypeRef):
            of = of.of
        return of

    def __str__(self) -> str:
        inner = f"[{self.of}]" if isinstance(self.of, TypeRef) else self.of.name
        return inner if self.nullable else f"{inner}!"


@dataclass(slots=True)
class InputValueDef:
    """An argument or an input object field."""

    name: str
    py_name: str
    type: TypeRef
    default: object = NO_DEFAULT
    description: str | None = None
    deprecation_reason: str | None = None
    directives: tuple[Directive, ...] = ()


@dataclass(slots=True)
class FieldDef:
    """An output field and how it gets its value."""

    name: str
    py_name: str
    type: TypeRef
    description: str | None = None
    deprecation_reason: str | None = None
    args: list[InputValueDef] = field(default_factory=list)
    # None: read attribute/key py_name of the parent; else called as in the bundle's "call".
    resolver: Callable[..., Any] | None = None
    info: str | None = None
    directives: tuple[Directive, ...] = ()
    # A batch resolver: called with the list of parents (the bundle's "batch").
    batch: bool = False


@dataclass(slots=True)
class ObjectDef:
    """An object type or an interface."""

    kind: Kind
    name: str
    cls: type
    description: str | None
    interfaces: list[str]
    fields: list[FieldDef]
    directives: tuple[Directive, ...] = ()


@dataclass(slots=True)
class InputDef:
    name: str
    cls: type
    description: str | None
    fields: list[InputValueDef]
    one_of: bool = False


@dataclass(slots=True)
class EnumValueDef:
    name: str
    description: str | None
    deprecation_reason: str | None


@dataclass(slots=True)
class EnumDef:
    name: str
    cls: type
    description: str | None
    values: list[EnumValueDef]


@dataclass(slots=True)
class ScalarDef:
    name: str
    description: str | None
    serialize: Callable[[Any], Any] | None
    parse_value: Callable[[Any], Any] | None
    specified_by_url: str | None


@dataclass(slots=True)
class UnionDef:
    name: str
    description: str | None
    members: list[str]


TypeDef: TypeAlias = ObjectDef | InputDef | EnumDef | ScalarDef | UnionDef


@dataclass(slots=True)
class SchemaModel:
    query: str
    mutation: str | None
    subscription: str | None
    types: dict[str, TypeDef]
