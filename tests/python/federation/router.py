"""A minimal executor of Apollo query plans: what a router does with a plan, for tests.

`tools/federation-check` composes the subgraphs and plans a query with Apollo's
`apollo-federation` crate; this walks the plan (Sequence, Parallel, Fetch, Flatten), sends
each fetch to its subgraph over HTTP, builds representations from a fetch's ``requires``
selection, applies its input rewrites, and merges entity results back at the flatten path.
It covers the plan shapes the compatibility queries produce, not the whole router.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import graphql
import httpx


class Router:
    def __init__(self, supergraph_sdl: str, urls: Mapping[str, str], client: httpx.Client) -> None:
        self.urls = urls
        self.client = client
        self.subtypes = _subtypes(graphql.parse(supergraph_sdl))
        self.errors: list[Any] = []

    def execute(self, plan: Mapping[str, Any], query: str, variables: Mapping[str, Any]) -> Any:
        """The response data of ``query``: the plan's fetches merged, then projected."""
        data: dict[str, Any] = {}
        self.variables = variables
        self._node(plan["node"], data)
        return _project(data, graphql.parse(query))

    def _node(self, node: Mapping[str, Any], data: dict[str, Any]) -> None:
        ((kind, body),) = node.items()
        if kind in ("Sequence", "Parallel"):
            for child in body["nodes"]:
                self._node(child, data)
        elif kind == "Fetch":
            _merge(data, self._fetch(body, {}))
        elif kind == "Flatten":
            entities = _at_path(data, body["path"])
            self._entities(body["node"]["Fetch"], entities)
        else:
            raise NotImplementedError(f"plan node {kind}")

    def _fetch(self, fetch: Mapping[str, Any], extra: Mapping[str, Any]) -> Any:
        variables = {v: self.variables[v] for v in fetch["variable_usages"] if v in self.variables}
        response = self.client.post(
            self.urls[fetch["subgraph_name"]],
            json={"query": fetch["operation_document"], "variables": {**variables, **extra}},
        )
        response.raise_for_status()
        body = response.json()
        self.errors += body.get("errors", [])
        return body.get("data") or {}

    def _entities(self, fetch: Mapping[str, Any], entities: list[dict[str, Any]]) -> None:
        targets, representations = [], []
        for entity in entities:
            representation = self._select(entity, fetch["requires"])
            if representation:
                for rewrite in fetch.get("input_rewrites", []):
                    self._rewrite(representation, rewrite)
                targets.append(entity)
                representations.append(representation)
        if not representations:
            return
        found = self._fetch(fetch, {"representations": representations})["_entities"]
        for entity, value in zip(targets, found, strict=True):
            if value is not None:
                _merge(entity, value)

    def _matches(self, typename: str | None, condition: str) -> bool:
        return typename == condition or typename in self.subtypes.get(condition, set())

    def _select(self, value: Any, selections: list[Mapping[str, Any]]) -> Any:
        if not isinstance(value, dict):
            return value
        out: dict[str, Any] = {}
        for selection in selections:
            if selection["kind"] == "InlineFragment":
                condition = selection.get("typeCondition")
                if condition is None or self._matches(value.get("__typename"), condition):
                    out.update(self._select(value, selection["selections"]))
            else:
                key = selection.get("alias") or selection["name"]
                if key in value:
                    item = value[key]
                    sub = selection.get("selections")
                    if sub and isinstance(item, list):
                        out[key] = [self._select(i, sub) for i in item]
                    else:
                        out[key] = self._select(item, sub) if sub else item
        return out

    def _rewrite(self, representation: dict[str, Any], rewrite: Mapping[str, Any]) -> None:
        ((kind, body),) = rewrite.items()
        if kind != "ValueSetter":
            raise NotImplementedError(f"input rewrite {kind}")
        *conditions, last = body["path"]
        for condition in conditions:
            ((what, name),) = condition.items()
            if what != "TypenameEquals" or not self._matches(
                representation.get("__typename"), name
            ):
                return
        representation[last["Key"][0]] = body["set_value_to"]


def _subtypes(document: graphql.DocumentNode) -> dict[str, set[str]]:
    """Abstract type → the object types that implement it or belong to it."""
    out: dict[str, set[str]] = {}
    for definition in document.definitions:
        if isinstance(definition, graphql.ObjectTypeDefinitionNode):
            for interface in definition.interfaces or ():
                out.setdefault(interface.name.value, set()).add(definition.name.value)
        elif isinstance(definition, graphql.UnionTypeDefinitionNode):
            for member in definition.types or ():
                out.setdefault(definition.name.value, set()).add(member.name.value)
    return out


def _at_path(data: Any, path: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    values = [data]
    for element in path:
        ((kind, body),) = element.items()
        if kind == "Key":
            values = [v[body[0]] for v in values if isinstance(v, dict) and body[0] in v]
        elif kind == "AnyIndex":
            values = [item for v in values if isinstance(v, list) for item in v]
        else:
            raise NotImplementedError(f"path element {kind}")
    flat: list[dict[str, Any]] = []
    for v in values:
        flat += [i for i in v if isinstance(i, dict)] if isinstance(v, list) else [v]
    return [v for v in flat if isinstance(v, dict)]


def _merge(into: dict[str, Any], value: Mapping[str, Any]) -> None:
    for key, item in value.items():
        known = into.get(key)
        if isinstance(known, dict) and isinstance(item, dict):
            _merge(known, item)
        elif isinstance(known, list) and isinstance(item, list) and len(known) == len(item):
            for k, i in zip(known, item, strict=True):
                if isinstance(k, dict) and isinstance(i, dict):
                    _merge(k, i)
        else:
            into[key] = item


def _project(data: Any, document: graphql.DocumentNode) -> Any:
    operation = document.definitions[0]
    assert isinstance(operation, graphql.OperationDefinitionNode)
    return _project_set(data, operation.selection_set)


def _project_set(value: Any, selection_set: graphql.SelectionSetNode | None) -> Any:
    if selection_set is None or value is None:
        return value
    if isinstance(value, list):
        return [_project_set(v, selection_set) for v in value]
    out: dict[str, Any] = {}
    for selection in selection_set.selections:
        if isinstance(selection, graphql.FieldNode):
            key = selection.alias.value if selection.alias else selection.name.value
            out[key] = _project_set(value.get(key), selection.selection_set)
        elif isinstance(selection, graphql.InlineFragmentNode):
            out.update(_project_set(value, selection.selection_set))
    return out
