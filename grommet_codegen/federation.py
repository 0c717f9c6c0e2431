"""Federation v2 subgraphs in generated code: the ``federation.py`` module and its IR.

An SDL that links the federation spec gets, besides the usual modules, ``federation.py``:
the subgraph SDL as written (what ``_service { sdl }`` answers), a dataclass per ``@key``
shape of each entity (the representation its reference resolver receives), the
``EntityResolvers`` protocol (one batch method per resolvable entity type) and the table
that `grommet.federation.subgraph_bundle` binds them with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from grommet.federation import EntityType, FieldSet, engine_sources, entity_types, find_link

from .errors import codegen_error
from .ir import SchemaIR, TypeRef
from .locate import locate
from .names import snake_case
from .typeref import BUILTIN_SCALARS


def is_subgraph(sources: list[tuple[str, str]]) -> bool:
    return any(find_link(text) is not None for _, text in sources)


def prepare(sources: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], frozenset[str]]:
    """The sources the engine parses (definitions added, orphan extensions adopted) and the
    names of the definitions the spec provides (no Python type is generated for them)."""
    return engine_sources(sources)


def without_spec_types(
    parsed: Mapping[str, Any], spec_names: frozenset[str], engine_sources: list[tuple[str, str]]
) -> dict[str, Any]:
    """The parse for the IR: no Python types for the spec's definitions, and the SDL the
    engine gets as written (printed SDL would put each ``@link`` on one long line)."""
    sdl = "\n\n".join(text.strip("\n") for _, text in engine_sources) + "\n"
    types = [t for t in parsed["types"] if t["name"] not in spec_names]
    return {**parsed, "types": types, "sdl": sdl}


@dataclass(frozen=True)
class KeyFieldIR:
    gql_name: str
    py_name: str
    type: TypeRef  # for a nested selection, names the nested class
    nested: KeyClassIR | None
    required: bool  # a key field (else a field `@requires` asks for: default None)


@dataclass(frozen=True)
class KeyClassIR:
    py_name: str
    doc: str
    fields: tuple[KeyFieldIR, ...]


@dataclass(frozen=True)
class EntityIR:
    gql_name: str
    py_name: str  # the generated dataclass of the entity type
    method: str  # the EntityResolvers method
    representation: str  # the alias naming the union of its key classes
    keys: tuple[KeyClassIR, ...]


@dataclass(frozen=True)
class FederationIR:
    service_sdl: str
    entities: tuple[EntityIR, ...]


def build_federation_ir(
    sources: list[tuple[str, str]], parsed: Mapping[str, Any], ir: SchemaIR
) -> FederationIR:
    service_sdl = "\n".join(text.rstrip("\n") for _, text in sources) + "\n"
    types = {t["name"]: t for t in parsed["types"]}
    py_names = {c.gql_name: c.py_name for c in ir.classes}
    entities = []
    try:
        found = entity_types(service_sdl)
    except ValueError as error:
        raise codegen_error(f"federation: {error}") from error
    for entity in found.values():
        if not entity.resolvable:
            continue
        try:
            entities.append(_entity(entity, types, py_names))
        except ValueError as error:
            raise codegen_error(f"{locate(sources, entity.name, None)}: {error}") from error
    return FederationIR(service_sdl, tuple(entities))


def _entity(
    entity: EntityType, types: Mapping[str, Mapping[str, Any]], py_names: Mapping[str, str]
) -> EntityIR:
    py_name = py_names[entity.name]
    extra = _merge(entity.requires)
    keys: list[KeyClassIR] = []
    for fields, resolvable in entity.keys:
        if not resolvable:
            continue
        name = py_name + "By" + "And".join(_pascal(n) for n, _ in fields)
        if any(k.py_name == name for k in keys):
            continue
        doc = f"A representation of `{entity.name}` by its key `{_print(fields)}`."
        keys.append(_key_class(name, doc, entity.name, fields, extra, types))
    return EntityIR(
        entity.name, py_name, snake_case(entity.name), f"{py_name}Representation", tuple(keys)
    )


def _key_class(
    name: str,
    doc: str,
    type_name: str,
    fields: FieldSet,
    extra: FieldSet,
    types: Mapping[str, Mapping[str, Any]],
) -> KeyClassIR:
    field_types = {f["name"]: f["type"] for f in types[type_name]["fields"]}
    out = []
    key_names = {n for n, _ in fields}
    selected = [(n, sub, True) for n, sub in fields]
    selected += [(n, sub, False) for n, sub in extra if n not in key_names]
    for gql_name, sub, required in selected:
        type_text = field_types.get(gql_name)
        if type_text is None:
            raise ValueError(f"{type_name} has no field {gql_name!r}, named in a field set")
        nested = None
        if sub is not None:
            inner = type_text.strip("[]!")
            nested = _key_class(
                name + _pascal(gql_name),
                f"`{type_name}.{gql_name}` in a representation.",
                inner,
                sub,
                (),
                types,
            )
        ref = _type_ref(type_text, nested.py_name if nested else None)
        if not required:
            ref = TypeRef(nullable=True, name=ref.name, builtin=ref.builtin, of=ref.of)
        out.append(KeyFieldIR(gql_name, snake_case(gql_name), ref, nested, required))
    return KeyClassIR(name, doc, tuple(out))


def _type_ref(type_text: str, nested: str | None) -> TypeRef:
    nullable = not type_text.endswith("!")
    inner = type_text if nullable else type_text[:-1]
    if inner.startswith("["):
        return TypeRef(nullable=nullable, of=_type_ref(inner[1:-1], nested))
    if nested is not None:
        return TypeRef(nullable=nullable, name=nested)
    # Representations are JSON: enums arrive as names, custom scalars as sent.
    return TypeRef(nullable=nullable, name=BUILTIN_SCALARS.get(inner, "object"), builtin=True)


def _merge(sets: list[FieldSet]) -> FieldSet:
    merged: dict[str, FieldSet | None] = {}
    for field_set in sets:
        for name, sub in field_set:
            known = merged.get(name)
            if sub is None:
                merged.setdefault(name, None)
            else:
                merged[name] = _merge([known, sub]) if known else sub
    return tuple(merged.items())


def _pascal(name: str) -> str:
    return name[:1].upper() + name[1:]


def _print(fields: FieldSet) -> str:
    return " ".join(n if s is None else f"{n} {{ {_print(s)} }}" for n, s in fields)
