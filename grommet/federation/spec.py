"""The Apollo Federation v2 subgraph spec: its directive and type definitions, and `@link`.

A subgraph SDL links the spec with ``extend schema @link(url: ".../federation/v2.x",
import: [...])``. Imported definitions keep their own name (or the ``as:`` name of an
``{name:, as:}`` import); the rest are prefixed with the link's namespace (``federation__``).
The engine (apollo-compiler) validates directive uses against definitions, so the ones the SDL
does not define itself are added to the SDL the engine gets, never to ``_service.sdl``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

FEDERATION_URL = "https://specs.apollo.dev/federation/"
LINK_URL = "https://specs.apollo.dev/link/"

# {name} placeholders are the spec's own names, renamed per the link's imports.
_DIRECTIVES: dict[str, str] = {
    "key": "directive @{key}(fields: {FieldSet}!, resolvable: Boolean = true)"
    " repeatable on OBJECT | INTERFACE",
    "requires": "directive @{requires}(fields: {FieldSet}!) on FIELD_DEFINITION",
    "provides": "directive @{provides}(fields: {FieldSet}!) on FIELD_DEFINITION",
    "external": "directive @{external}(reason: String) on OBJECT | FIELD_DEFINITION",
    "tag": "directive @{tag}(name: String!) repeatable on FIELD_DEFINITION | OBJECT | INTERFACE"
    " | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT"
    " | INPUT_FIELD_DEFINITION | SCHEMA",
    "extends": "directive @{extends} on OBJECT | INTERFACE",
    "shareable": "directive @{shareable} repeatable on OBJECT | FIELD_DEFINITION",
    "inaccessible": "directive @{inaccessible} on FIELD_DEFINITION | OBJECT | INTERFACE | UNION"
    " | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION",
    "override": "directive @{override}(from: String!, label: String) on FIELD_DEFINITION",
    "composeDirective": "directive @{composeDirective}(name: String!) repeatable on SCHEMA",
    "interfaceObject": "directive @{interfaceObject} on OBJECT",
    "authenticated": "directive @{authenticated}"
    " on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM",
    "requiresScopes": "directive @{requiresScopes}(scopes: [[{Scope}!]!]!)"
    " on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM",
    "policy": "directive @{policy}(policies: [[{Policy}!]!]!)"
    " on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM",
    "context": "directive @{context}(name: String!) repeatable on INTERFACE | OBJECT | UNION",
    "fromContext": "directive @{fromContext}(field: {ContextFieldValue}) on ARGUMENT_DEFINITION",
    "cost": "directive @{cost}(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION"
    " | INPUT_FIELD_DEFINITION | OBJECT | SCALAR",
    "listSize": "directive @{listSize}(assumedSize: Int, slicingArguments: [String!],"
    " sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION",
}
_SCALARS = ("FieldSet", "Scope", "Policy", "ContextFieldValue")

_LINK_DEFINITIONS = (
    "directive @link(url: String!, as: String, import: [link__Import], for: link__Purpose)"
    " repeatable on SCHEMA",
    "scalar link__Import",
    "enum link__Purpose {\n  SECURITY\n  EXECUTION\n}",
)

# `@link(` ... `)` with its arguments; strings may hold parentheses, so they are matched whole.
_STRING = r'"(?:[^"\\]|\\.)*"'
_LINK = re.compile(r"@link\s*\(((?:" + _STRING + r"|[^()\"])*)\)")
_URL = re.compile(r"\burl\s*:\s*(" + _STRING + ")")
_AS = re.compile(r"\bas\s*:\s*(" + _STRING + ")")
_IMPORT = re.compile(r"\bimport\s*:\s*\[((?:" + _STRING + r"|[^\]\"])*)\]")
_IMPORT_ITEM = re.compile(
    r"(" + _STRING + r")|\{\s*name\s*:\s*(" + _STRING + r")\s*,?\s*(?:as\s*:\s*(" + _STRING + r"))?"
)


@dataclass(frozen=True, slots=True)
class FederationLink:
    """The federation `@link` of one SDL: its version and the name of each spec element."""

    version: str  # "2.3"
    names: Mapping[str, str]  # spec name ("key", "FieldSet") -> name in this SDL

    def name(self, element: str) -> str:
        return self.names[element]


def find_link(sdl: str) -> FederationLink | None:
    """The federation link of ``sdl``, or None when the SDL does not link the spec."""
    for match in _LINK.finditer(sdl):
        arguments = match.group(1)
        url_match = _URL.search(arguments)
        if url_match is None:
            continue
        url = _unquote(url_match.group(1))
        if not url.startswith(FEDERATION_URL):
            continue
        version = url[len(FEDERATION_URL) :].removeprefix("v")
        import_match = _IMPORT.search(arguments)
        # The link's own `as:`, not one of an `{name:, as:}` import.
        outside = arguments if import_match is None else _IMPORT.sub("", arguments)
        as_match = _AS.search(outside)
        namespace = _unquote(as_match.group(1)).lstrip("@") if as_match else "federation"
        imports: dict[str, str] = {}
        if import_match is not None:
            for plain, named, alias in _IMPORT_ITEM.findall(import_match.group(1)):
                element = _unquote(plain or named)
                imports[element.lstrip("@")] = _unquote(alias or plain or named).lstrip("@")
        names = {
            element: imports.get(element, f"{namespace}__{element}")
            for element in (*_DIRECTIVES, *_SCALARS)
        }
        return FederationLink(version, names)
    return None


def definitions(link: FederationLink, defined: frozenset[str]) -> list[str]:
    """The spec's definitions under this link's names, leaving out those in ``defined``."""
    out = [_wrapped(d) for d in _LINK_DEFINITIONS if defined_name(d) not in defined]
    for element, template in _DIRECTIVES.items():
        if link.name(element) not in defined:
            out.append(_wrapped(template.format_map(link.names)))
    out += [f"scalar {link.name(s)}" for s in _SCALARS if link.name(s) not in defined]
    return out


def _wrapped(definition: str) -> str:
    """A long directive definition over several lines (generated modules keep lines short)."""
    if len(definition) <= 96 or " on " not in definition:
        return definition
    head, locations = definition.split(" on ", 1)
    if len(head) > 96 and "(" in head:
        name, arguments = head.split("(", 1)
        arguments, tail = arguments.rsplit(")", 1)
        lines = "\n".join("  " + a for a in arguments.split(", "))
        head = f"{name}(\n{lines}\n){tail}"
    return head + " on\n" + "\n".join("  | " + loc for loc in locations.split(" | "))


def defined_name(definition: str) -> str:
    word = definition.split()[1]
    return word.lstrip("@").split("(")[0]


def _unquote(literal: str) -> str:
    """The value of a GraphQL string token (its escapes are JSON's)."""
    try:
        return str(json.loads(literal)) if literal else ""
    except ValueError:  # an invalid escape: the engine reports it with its location
        return literal[1:-1]
