"""The federation directives as builder values: ``directives=[grommet.federation.shareable()]``.

Their definitions come with the federation ``@link`` (`grommet.federation.spec`), so the
builder prints only their applications; :func:`subgraph_schema` imports every one it uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from grommet.directives import Directive

# The spec's directive names; `@link` imports them under these names.
FEDERATION_DIRECTIVES = frozenset(
    {
        "key",
        "requires",
        "provides",
        "external",
        "tag",
        "extends",
        "shareable",
        "inaccessible",
        "override",
        "composeDirective",
        "interfaceObject",
        "authenticated",
        "requiresScopes",
        "policy",
        "context",
        "fromContext",
        "cost",
        "listSize",
    }
)


def key(fields: str, *, resolvable: bool = True) -> Directive:
    """``@key(fields: ...)``: the type is an entity identified by ``fields``."""
    arguments: dict[str, Any] = {"fields": fields}
    if not resolvable:
        arguments["resolvable"] = False
    return Directive("key", arguments)


def shareable() -> Directive:
    return Directive("shareable")


def external() -> Directive:
    return Directive("external")


def requires(fields: str) -> Directive:
    return Directive("requires", {"fields": fields})


def provides(fields: str) -> Directive:
    return Directive("provides", {"fields": fields})


def override(from_: str, *, label: str | None = None) -> Directive:
    arguments: dict[str, Any] = {"from": from_}
    if label is not None:
        arguments["label"] = label
    return Directive("override", arguments)


def inaccessible() -> Directive:
    return Directive("inaccessible")


def tag(name: str) -> Directive:
    return Directive("tag", {"name": name})


def extends() -> Directive:
    return Directive("extends")


def interface_object() -> Directive:
    return Directive("interfaceObject")


def compose_directive(name: str) -> Directive:
    """``@composeDirective(name: "@custom")``, applied to the schema."""
    return Directive("composeDirective", {"name": name})


def authenticated() -> Directive:
    return Directive("authenticated")


def requires_scopes(scopes: Sequence[Sequence[str]]) -> Directive:
    return Directive("requiresScopes", {"scopes": [list(s) for s in scopes]})


def policy(policies: Sequence[Sequence[str]]) -> Directive:
    return Directive("policy", {"policies": [list(p) for p in policies]})


def link(url: str, *, imports: Sequence[str] = ()) -> Directive:
    """``@link(url:, import:)`` of another spec (e.g. one whose directive is composed)."""
    arguments: dict[str, Any] = {"url": url}
    if imports:
        arguments["import"] = list(imports)
    return Directive("link", arguments)
