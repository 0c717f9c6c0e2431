"""Walk decorated classes from the root types and collect every GraphQL definition."""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Iterable, Iterator

from grommet.meta import Kind, ScalarType, TypeMeta, type_meta

from .fields import input_fields, object_fields
from .hints import UnionSource, type_ref
from .model import (
    BUILTIN_SCALARS,
    NO_DEFAULT,
    EnumDef,
    EnumValueDef,
    FieldDef,
    InputDef,
    InputValueDef,
    NamedRef,
    ObjectDef,
    ScalarDef,
    SchemaModel,
    TypeDef,
    UnionDef,
)
from .names import check_name

_INPUT_KINDS = frozenset({Kind.SCALAR, Kind.ENUM, Kind.INPUT})
_RESERVED_ENUM_VALUES = frozenset({"true", "false", "null"})


def collect_model(
    query: type,
    mutation: type | None,
    subscription: type | None,
    types: Iterable[object],
    *,
    auto_camel_case: bool,
) -> SchemaModel:
    """Every definition reachable from the roots and ``types``, in discovery order."""
    collector = _Collector(auto_camel_case)
    roots = [("query", query), ("mutation", mutation), ("subscription", subscription)]
    names: dict[str, str | None] = {}
    for role, cls in roots:
        names[role] = None if cls is None else collector.add_root(cls, role)
    for extra in types:
        collector.add(type_ref(extra, "types").named, "types")
    collector.run()
    query_name = names["query"]
    assert query_name is not None
    return SchemaModel(query_name, names["mutation"], names["subscription"], collector.defs)


class _Collector:
    def __init__(self, auto_camel_case: bool) -> None:
        self.camel = auto_camel_case
        self.refs: dict[str, NamedRef] = {}
        self.defs: dict[str, TypeDef] = {}
        self.queue: deque[NamedRef] = deque()
        self.roots: dict[str, str] = {}

    def add_root(self, cls: type, role: str) -> str:
        meta = type_meta(cls) if isinstance(cls, type) else None
        if not (isinstance(meta, TypeMeta) and meta.kind is Kind.OBJECT):
            raise TypeError(f"the {role} type must be a @grommet.type class, got {cls!r}")
        if meta.name in self.roots:
            raise TypeError(
                f"{meta.name} cannot be both the {self.roots[meta.name]} and {role} type"
            )
        self.roots[meta.name] = role
        self.add(NamedRef(Kind.OBJECT, meta.name, cls), role)
        return meta.name

    def add(self, ref: NamedRef, where: str) -> None:
        if ref.name in BUILTIN_SCALARS:
            if ref.source is not None:
                raise TypeError(f"{where}: {ref.name} is a built-in scalar and cannot be redefined")
            return
        known = self.refs.get(ref.name)
        if known is None:
            check_name(ref.name, where)
            self.refs[ref.name] = ref
            self.queue.append(ref)
        elif known != ref:
            raise TypeError(
                f"{where}: two different definitions are named {ref.name!r}: "
                f"{_describe(known)} and {_describe(ref)}"
            )

    def run(self) -> None:
        while self.queue:
            ref = self.queue.popleft()
            self.defs[ref.name] = self._define(ref)

    def _define(self, ref: NamedRef) -> TypeDef:
        source = ref.source
        if ref.kind is Kind.SCALAR:
            assert isinstance(source, ScalarType)
            return ScalarDef(
                ref.name,
                source.description,
                source.serialize,
                source.parse_value,
                source.specified_by_url,
            )
        if ref.kind is Kind.UNION:
            assert isinstance(source, UnionSource)
            members = [type_ref(m, ref.name).named for m in source.members]
            for member in members:
                self.add(member, ref.name)
            return UnionDef(ref.name, source.description, [m.name for m in members])
        assert isinstance(source, type)
        meta = type_meta(source)
        assert isinstance(meta, TypeMeta)
        if ref.kind is Kind.ENUM:
            return self._enum(source, meta)
        if ref.kind is Kind.INPUT:
            fields = input_fields(source, ref.name, camel=self.camel)
            if meta.one_of:
                _check_one_of(fields, ref.name)
            self._add_inputs(fields, ref.name)
            return InputDef(ref.name, source, meta.description, fields, meta.one_of)
        return self._object(source, meta)

    def _object(self, cls: type, meta: TypeMeta) -> ObjectDef:
        interfaces = []
        for base in cls.__mro__[1:]:
            base_meta = type_meta(base)
            if isinstance(base_meta, TypeMeta) and base_meta.kind is Kind.INTERFACE:
                self.add(NamedRef(Kind.INTERFACE, base_meta.name, base), meta.name)
                interfaces.append(base_meta.name)
        role = self.roots.get(meta.name)
        fields = object_fields(
            cls,
            meta.name,
            camel=self.camel,
            root=role is not None,
            subscription=role == "subscription",
        )
        for field in fields:
            self._add_output(field, meta.name)
        if meta.kind is Kind.INTERFACE:
            for sub in _decorated_subclasses(cls):
                sub_meta = type_meta(sub)
                assert isinstance(sub_meta, TypeMeta)
                self.add(NamedRef(sub_meta.kind, sub_meta.name, sub), meta.name)
        return ObjectDef(
            meta.kind, meta.name, cls, meta.description, interfaces, fields, meta.directives
        )

    def _enum(self, cls: type, meta: TypeMeta) -> EnumDef:
        assert issubclass(cls, enum.Enum)
        names = [member.name for member in cls]
        if not names:
            raise TypeError(f"enum {meta.name} has no members")
        for name in names:
            check_name(name, f"{meta.name}.{name}")
            if name in _RESERVED_ENUM_VALUES:
                raise TypeError(f"{meta.name}.{name}: not a valid GraphQL enum value name")
        descriptions = dict(meta.value_descriptions)
        deprecations = dict(meta.value_deprecations)
        unknown = (descriptions.keys() | deprecations.keys()) - set(names)
        if unknown:
            raise TypeError(f"enum {meta.name} has no members named {sorted(unknown)}")
        values = [EnumValueDef(n, descriptions.get(n), deprecations.get(n)) for n in names]
        return EnumDef(meta.name, cls, meta.description, values)

    def _add_output(self, field: FieldDef, owner: str) -> None:
        where = f"{owner}.{field.name}"
        named = field.type.named
        if named.kind is Kind.INPUT:
            raise TypeError(f"{where}: input type {named.name} cannot be an output field's type")
        self.add(named, where)
        self._add_inputs(field.args, where)

    def _add_inputs(self, values: list[InputValueDef], owner: str) -> None:
        for value in values:
            named = value.type.named
            if named.kind not in _INPUT_KINDS:
                raise TypeError(
                    f"{owner}.{value.name}: {named.kind.value} {named.name} cannot be an input; "
                    "use a @grommet.input class"
                )
            self.add(named, f"{owner}.{value.name}")


def _check_one_of(fields: list[InputValueDef], type_name: str) -> None:
    for value in fields:
        if not value.type.nullable or value.default is not NO_DEFAULT:
            raise TypeError(
                f"{type_name}.{value.py_name}: fields of a one_of input are T | None = UNSET"
            )


def _decorated_subclasses(cls: type) -> Iterator[type]:
    """Object and interface classes below ``cls`` (undecorated classes are walked through)."""
    sub: type
    for sub in cls.__subclasses__():
        meta = type_meta(sub)
        if isinstance(meta, TypeMeta) and meta.kind in (Kind.OBJECT, Kind.INTERFACE):
            yield sub
        yield from _decorated_subclasses(sub)


def _describe(ref: NamedRef) -> str:
    source = ref.source
    if isinstance(source, type):
        return f"{ref.kind.value} {source.__module__}.{source.__qualname__}"
    return f"{ref.kind.value} {source!r}"
