"""The typed intermediate representation every renderer is fed from.

`lower.build_ir` makes every GraphQL decision (names, data vs resolver fields, defaults);
the templates only lay the result out as Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class PyRef:
    """A Python object named by ``module:qualname`` in the config (``builtins`` needs no import)."""

    module: str
    qualname: str

    @property
    def is_builtin(self) -> bool:
        return self.module == "builtins"


@dataclass(frozen=True)
class TypeRef:
    """A GraphQL type reference as a Python annotation: a named type or a list, maybe nullable."""

    nullable: bool
    name: str | None = None  # Python name of the named type (None for a list)
    builtin: bool = False  # int / float / str / bool: never module-qualified
    of: TypeRef | None = None  # the item type of a list


@dataclass(frozen=True)
class PyDefault:
    """A Python default value: a plain literal, an enum member, or the UNSET sentinel."""

    kind: Literal["literal", "enum", "unset"]
    value: bool | int | float | str | None = None
    enum: str | None = None  # Python name of the enum class
    member: str | None = None  # Python name of the member


@dataclass(frozen=True)
class Param:
    """A typed name: a data field, an input field or a resolver argument."""

    gql_name: str
    py_name: str
    type: TypeRef
    default: PyDefault | None  # None: required
    doc: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScalarIR:
    gql_name: str
    py_name: str
    type: PyRef | None  # None: unmapped, aliased to `object`
    serialize: PyRef | None
    parse: PyRef | None
    doc: tuple[str, ...]


@dataclass(frozen=True)
class EnumMemberIR:
    gql_name: str
    py_name: str
    doc: tuple[str, ...]


@dataclass(frozen=True)
class EnumIR:
    gql_name: str
    py_name: str
    members: tuple[EnumMemberIR, ...]
    doc: tuple[str, ...]


@dataclass(frozen=True)
class ClassIR:
    """A generated dataclass: an object, interface or input object type."""

    gql_name: str
    py_name: str
    kind: Literal["OBJECT", "INTERFACE", "INPUT_OBJECT"]
    bases: tuple[str, ...]
    fields: tuple[Param, ...]
    doc: tuple[str, ...]


@dataclass(frozen=True)
class UnionIR:
    gql_name: str
    py_name: str
    members: tuple[str, ...]  # Python names of the member classes
    doc: tuple[str, ...]


@dataclass(frozen=True)
class MethodIR:
    """One resolver field: a method of a resolver protocol."""

    gql_name: str
    py_name: str
    args: tuple[Param, ...]
    returns: TypeRef
    subscription: bool
    doc: tuple[str, ...]
    batch: bool = False  # called with the sequence of parents, returns one value each


@dataclass(frozen=True)
class ProtocolIR:
    """The resolvers of one object type: a Protocol, a scaffold class, a build_schema keyword."""

    gql_name: str
    name: str  # the Protocol, e.g. UserResolvers
    scaffold_name: str  # the user's class in the scaffold, e.g. User
    keyword: str  # the build_schema keyword, e.g. user
    parent: TypeRef | None  # None for root operation types: the parent is the root value
    methods: tuple[MethodIR, ...]


@dataclass(frozen=True)
class FieldBindingIR:
    """How one field gets its value: an attribute read, or a call of a protocol method."""

    gql_name: str
    py_name: str  # attribute name, or method name of the protocol
    keyword: str | None  # the build_schema keyword of the resolver object; None: attribute
    args: tuple[tuple[str, str], ...]  # (GraphQL argument, Python keyword)
    batch: bool = False  # the bundle's "batch" kind instead of "call"


@dataclass(frozen=True)
class TypeBindingIR:
    gql_name: str
    fields: tuple[FieldBindingIR, ...]
    class_name: str | None  # the dataclass whose instances are this type (None: root type)


@dataclass(frozen=True)
class InputBindingIR:
    gql_name: str
    py_name: str
    fields: tuple[tuple[str, str], ...]  # (GraphQL field, Python keyword)


@dataclass(frozen=True)
class SchemaIR:
    """Everything the generated package is rendered from."""

    sdl: str
    package: str  # import path of the generated package, e.g. app.generated
    scalars: tuple[ScalarIR, ...]
    enums: tuple[EnumIR, ...]
    classes: tuple[ClassIR, ...]  # in an order where bases come first
    unions: tuple[UnionIR, ...]
    protocols: tuple[ProtocolIR, ...]
    type_bindings: tuple[TypeBindingIR, ...]
    input_bindings: tuple[InputBindingIR, ...]
