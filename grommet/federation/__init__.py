"""Apollo Federation v2 subgraphs: what generated code and the builder both use.

A subgraph links the federation spec in its SDL (``extend schema @link(url:
"https://specs.apollo.dev/federation/v2.x", import: [...])``) and marks entities with
``@key``; :func:`subgraph_bundle` adds ``_Any``, ``_Entity``, ``_Service``,
``Query._entities`` and ``Query._service`` to its bundle.
"""

from .entities import EntityBinding, ReferenceResolver, entities_resolver
from .fieldset import FieldSet, KeyShape, parse_field_set
from .spec import FederationLink, find_link
from .subgraph import EntityType, engine_sdl, entity_types, subgraph_bundle

__all__ = [
    "EntityBinding",
    "EntityType",
    "FederationLink",
    "FieldSet",
    "KeyShape",
    "ReferenceResolver",
    "engine_sdl",
    "entities_resolver",
    "entity_types",
    "find_link",
    "parse_field_set",
    "subgraph_bundle",
]
