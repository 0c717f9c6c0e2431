"""`subgraph_schema`: a federation subgraph from ``@grommet.type`` classes."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from grommet.builder.bind import bind_model
from grommet.builder.collect import collect_model
from grommet.builder.model import ObjectDef
from grommet.builder.sdl import applied_directives, print_schema
from grommet.directives import Directive
from grommet.schema import Schema

from .directives import FEDERATION_DIRECTIVES, link
from .entities import EntityBinding
from .fieldset import FieldSet, KeyShape
from .spec import FEDERATION_URL
from .subgraph import engine_sdl, entity_types, subgraph_bundle

REFERENCE_RESOLVER = "resolve_references"
DEFAULT_VERSION = "2.7"


def subgraph_schema(
    query: type,
    mutation: type | None = None,
    subscription: type | None = None,
    *,
    types: Iterable[object] = (),
    schema_directives: Sequence[Directive] = (),
    federation_version: str = DEFAULT_VERSION,
    auto_camel_case: bool = True,
    **options: Any,
) -> Schema:
    """A federation v2 subgraph schema from decorated classes.

    Entity types are ``@grommet.type(keys=[...])`` classes (and interfaces); each one with a
    resolvable key defines the classmethod ``resolve_references(cls, representations, info)``
    that gets every representation of its type in one ``_entities`` request (dicts with
    ``__typename`` and the key fields, plus what ``@requires`` asks for) and returns the
    entities in the same order (None for one not found), or an awaitable of them.
    ``info`` may be left out of the signature. ``types`` adds entities no root reaches.
    ``schema_directives`` are applied to the schema beside the federation ``@link``, which
    imports every federation directive the classes use. ``options`` go to `grommet.Schema`.
    """
    model = collect_model(query, mutation, subscription, types, auto_camel_case=auto_camel_case)
    used = {d.name for d in [*schema_directives, *applied_directives(model)]}
    imports = sorted(f"@{name}" for name in used & FEDERATION_DIRECTIVES)
    federation_link = link(f"{FEDERATION_URL}v{federation_version}", imports=imports)
    sdl = print_schema(model, [federation_link, *schema_directives])
    bundle = bind_model(model, engine_sdl(sdl))
    entities = {}
    for name, entity in entity_types(sdl).items():
        definition = model.types[name]
        assert isinstance(definition, ObjectDef)
        if entity.resolvable:
            resolve = _reference_resolver(definition.cls, name)
            keys = tuple(_key_shape(fields) for fields, resolvable in entity.keys if resolvable)
            entities[name] = EntityBinding(resolve, keys, typed=False)
    subgraph = subgraph_bundle(bundle, service_sdl=sdl, entities=entities, query_type=model.query)
    return Schema.from_bundle(subgraph, **options)


def _key_shape(fields: FieldSet) -> KeyShape:
    """A shape that checks a representation has the key's fields (and keeps it a dict)."""
    return KeyShape(
        dict,
        tuple(
            (name, name, None if nested is None else _key_shape(nested), True)
            for name, nested in fields
        ),
    )


def _reference_resolver(cls: type, type_name: str) -> Callable[[list[Any], Any], Any]:
    method = getattr(cls, REFERENCE_RESOLVER, None)
    if method is None:
        raise TypeError(
            f"entity type {type_name} needs a classmethod "
            f"{REFERENCE_RESOLVER}(cls, representations, info)"
        )
    if not isinstance(inspect.getattr_static(cls, REFERENCE_RESOLVER), classmethod | staticmethod):
        raise TypeError(
            f"{type_name}.{REFERENCE_RESOLVER} must be a classmethod (or a staticmethod): "
            "it resolves representations, not an instance"
        )
    takes_info = len(inspect.signature(method).parameters) >= 2
    if takes_info:
        resolve: Callable[[list[Any], Any], Any] = method
        return resolve
    return lambda representations, info: method(representations)
