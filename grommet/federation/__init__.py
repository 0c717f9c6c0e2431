"""Apollo Federation v2 subgraphs: what generated code and the builder both use.

A subgraph links the federation spec in its SDL (``extend schema @link(url:
"https://specs.apollo.dev/federation/v2.x", import: [...])``) and marks entities with
``@key``; :func:`subgraph_bundle` adds ``_Any``, ``_Entity``, ``_Service``,
``Query._entities`` and ``Query._service`` to its bundle. From decorated classes,
:func:`subgraph_schema` builds the whole subgraph; generated code calls
:func:`subgraph_bundle` itself.
"""

from .builder import subgraph_schema
from .directives import (
    authenticated,
    compose_directive,
    extends,
    external,
    inaccessible,
    interface_object,
    key,
    link,
    override,
    policy,
    provides,
    requires,
    requires_scopes,
    shareable,
    tag,
)
from .entities import EntityBinding, ReferenceResolver, entities_resolver
from .fieldset import FieldSet, KeyShape, parse_field_set
from .spec import FederationLink, find_link
from .subgraph import EntityType, engine_sdl, engine_sources, entity_types, subgraph_bundle

__all__ = [
    "EntityBinding",
    "EntityType",
    "FederationLink",
    "FieldSet",
    "KeyShape",
    "ReferenceResolver",
    "authenticated",
    "compose_directive",
    "engine_sdl",
    "engine_sources",
    "entities_resolver",
    "entity_types",
    "extends",
    "external",
    "find_link",
    "inaccessible",
    "interface_object",
    "key",
    "link",
    "override",
    "parse_field_set",
    "policy",
    "provides",
    "requires",
    "requires_scopes",
    "shareable",
    "subgraph_bundle",
    "subgraph_schema",
    "tag",
]
