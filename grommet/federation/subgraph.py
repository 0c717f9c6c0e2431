"""A subgraph's bundle: the federation additions on top of an ordinary schema bundle."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from grommet.bundle import (
    INFO_POSITIONAL,
    Bundle,
    call_field,
    make_bundle,
    scalar_binding,
    type_binding,
)

from . import scan, spec
from .entities import EntityBinding, entities_resolver
from .fieldset import FieldSet, parse_field_set


@dataclass(slots=True)
class EntityType:
    """A type with ``@key``: its key field sets and what ``@requires`` asks for."""

    name: str
    kind: str  # "type" or "interface"
    keys: list[tuple[FieldSet, bool]] = field(default_factory=list)  # (fields, resolvable)
    requires: list[FieldSet] = field(default_factory=list)

    @property
    def resolvable(self) -> bool:
        return any(resolvable for _, resolvable in self.keys)


def engine_sdl(sdl: str) -> str:
    """``sdl`` as the engine can build it: federation definitions added, orphan
    extensions (``extend type User`` of a type defined in another subgraph) made definitions.

    Offsets and lines are kept (``extend`` becomes spaces) so diagnostics point at the source.
    SDL that does not link the federation spec is returned unchanged.
    """
    sources, _ = engine_sources([("", sdl)])
    return "\n\n".join(text.rstrip("\n") for _, text in sources) + "\n"


DEFINITIONS_PATH = "(federation).graphql"
_SERVICE_TYPE = "type _Service {\n  sdl: String\n}"


def engine_sources(
    sources: list[tuple[str, str]],
) -> tuple[list[tuple[str, str]], frozenset[str]]:
    """:func:`engine_sdl` over ``(path, text)`` sources merged in order: the definitions
    come as one more source, and their names are returned with the sources."""
    link = next((found for _, t in sources if (found := spec.find_link(t))), None)
    if link is None:
        return sources, frozenset()
    scanned = [scan.definitions(text) for _, text in sources]
    defined = {d.name for ds in scanned for d in ds if not d.extension and d.kind != "schema"}
    out = []
    for (path, text), in_source in zip(sources, scanned, strict=True):
        chars = list(text)
        for d in in_source:
            if d.extension and d.kind != "schema" and d.name not in defined:
                defined.add(d.name)
                chars[d.extend_at : d.extend_at + len("extend")] = " " * len("extend")
        out.append((path, "".join(chars)))
    added = spec.definitions(link, frozenset(defined))
    if not defined & {"Query", "Mutation", "Subscription"}:
        # A subgraph may have no root field of its own; the engine needs a query type.
        added += [_SERVICE_TYPE, "type Query {\n  _service: _Service!\n}"]
    names = frozenset(spec.defined_name(d) for d in added)
    return [*out, (DEFINITIONS_PATH, "\n\n".join(added) + "\n")], names


def entity_types(sdl: str) -> dict[str, EntityType]:
    """The object and interface types with ``@key``, by name, in SDL order."""
    link = spec.find_link(sdl)
    if link is None:
        return {}
    key, requires = link.name("key"), link.name("requires")
    out: dict[str, EntityType] = {}
    for definition in scan.definitions(sdl):
        if definition.kind not in ("type", "interface"):
            continue
        for applied in definition.directives:
            fields = applied.string("fields")
            if applied.name != key or fields is None:
                continue
            entity = out.setdefault(definition.name, EntityType(definition.name, definition.kind))
            resolvable = applied.arguments.get("resolvable", "true") != "false"
            entity.keys.append((_field_set(fields, definition.name, "key"), resolvable))
        for field_info in definition.fields:
            for applied in field_info.directives:
                fields = applied.string("fields")
                if applied.name == requires and fields is not None:
                    needs = _field_set(fields, f"{definition.name}.{field_info.name}", "requires")
                    out.setdefault(
                        definition.name, EntityType(definition.name, definition.kind)
                    ).requires.append(needs)
    return {name: entity for name, entity in out.items() if entity.keys}


def _field_set(text: str, where: str, directive: str) -> FieldSet:
    try:
        return parse_field_set(text)
    except ValueError as error:
        raise ValueError(f"{where}: @{directive}: {error}") from None


def subgraph_bundle(
    bundle: Bundle,
    *,
    service_sdl: str,
    entities: Mapping[str, EntityBinding],
    query_type: str = "Query",
) -> Bundle:
    """``bundle`` with the subgraph additions: ``_Any``, ``_Service``, ``_Entity`` and
    ``Query._entities`` / ``Query._service``, bound to ``entities`` (type name → binding).

    ``bundle["sdl"]`` is the schema as the engine builds it (see :func:`engine_sdl`);
    ``service_sdl`` is the subgraph SDL as written, what ``_service { sdl }`` answers.
    A bundle → bundle step: it fits a ``grommet.SchemaExtension.transform_bundle``.
    """
    found = entity_types(service_sdl)
    objects = [e.name for e in found.values() if e.kind == "type"]
    missing = sorted(n for n, e in found.items() if e.resolvable and n not in entities)
    if missing:
        raise TypeError(f"entity types without a reference resolver: {', '.join(missing)}")
    unknown = sorted(set(entities) - set(found))
    if unknown:
        raise TypeError(f"reference resolvers for types without @key: {', '.join(unknown)}")
    sdl = engine_sdl(bundle["sdl"]) if spec.find_link(bundle["sdl"]) else bundle["sdl"]
    definitions = scan.definitions(sdl)
    defined = {d.name for d in definitions if d.kind != "schema"}
    present = {f.name for d in definitions if d.name == query_type for f in d.fields}
    additions = [] if "_Any" in defined else ["scalar _Any"]
    if "_Service" not in defined:
        additions.append(_SERVICE_TYPE)
    root_fields = [] if "_service" in present else ["  _service: _Service!"]
    if objects:
        additions.append("union _Entity = " + " | ".join(objects))
        root_fields.insert(0, "  _entities(representations: [_Any!]!): [_Entity]!")
    if root_fields:
        head = "extend type" if query_type in defined else "type"
        additions.append(f"{head} {query_type} {{\n" + "\n".join(root_fields) + "\n}")
    types = dict(bundle.get("types", {}))
    query = types.get(query_type, {"fields": {}})
    query_fields = dict(query.get("fields", {}))
    service = {"sdl": service_sdl}
    query_fields["_service"] = call_field(lambda parent: service)
    if objects:
        unresolvable = frozenset(n for n, e in found.items() if not e.resolvable)
        query_fields["_entities"] = call_field(
            entities_resolver(entities, unresolvable),
            INFO_POSITIONAL,
            {"representations": "representations"},
        )
    types[query_type] = type_binding(query_fields, query.get("classes"))
    return make_bundle(
        sdl.rstrip("\n") + "\n\n" + "\n\n".join(additions) + "\n",
        types=types,
        inputs=bundle.get("inputs"),
        enums=bundle.get("enums"),
        scalars={**bundle.get("scalars", {}), "_Any": scalar_binding()},
    )
