"""Schema directives for the builder: declare one, apply it to types and fields.

``tagged = grommet.directive("directive @tagged(label: String!) on OBJECT | FIELD_DEFINITION")``
declares a directive by its SDL definition; ``tagged(label="x")`` is one application of it,
given in ``directives=[...]`` of ``@grommet.type``, ``@grommet.interface`` or
``grommet.field``. The definition is printed once in the schema's SDL; the application is
printed where it is applied. A `Directive` without a definition names one the schema gets
from elsewhere (a built-in, or a spec linked with ``@link`` such as Apollo Federation's).
"""

from __future__ import annotations

import enum
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")
_DEFINITION = re.compile(
    r'\s*(?:"""(?:[^"\\]|\\.|"(?!""))*"""\s*|"(?:[^"\\]|\\.)*"\s*)?directive\s*@\s*([_A-Za-z][_0-9A-Za-z]*)'
)


@dataclass(frozen=True, slots=True)
class Directive:
    """One directive application: ``@name(arguments)``.

    Argument values are Python values printed as GraphQL literals (str, int, float, bool,
    None, lists, mappings; an ``enum.Enum`` member prints as its name).
    """

    name: str
    arguments: Mapping[str, Any] = field(default_factory=dict)
    definition: DirectiveDefinition | None = None

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.name):
            raise ValueError(f"{self.name!r} is not a GraphQL directive name")
        for argument in self.arguments:
            if not _NAME.fullmatch(argument):
                raise ValueError(f"@{self.name}: {argument!r} is not a GraphQL argument name")

    def sdl(self) -> str:
        if not self.arguments:
            return f"@{self.name}"
        printed = ", ".join(f"{k}: {value_literal(v)}" for k, v in self.arguments.items())
        return f"@{self.name}({printed})"


@dataclass(frozen=True, slots=True)
class DirectiveDefinition:
    """A directive declared by its SDL definition; call it to apply it."""

    sdl: str
    name: str

    def __call__(self, **arguments: Any) -> Directive:
        return Directive(self.name, arguments, self)


def directive(definition: str) -> DirectiveDefinition:
    """Declare a schema directive by its SDL definition (``directive @name(...) on ...``).

    The engine checks the definition and every use of it when the schema is built.
    """
    match = _DEFINITION.match(definition)
    if match is None:
        raise ValueError(f"not a directive definition: {definition!r}")
    return DirectiveDefinition(definition.strip(), match.group(1))


def value_literal(value: object) -> str:
    """A Python value as a GraphQL literal (no type to check it against: the engine does)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} has no GraphQL literal")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        fields = ", ".join(f"{k}: {value_literal(v)}" for k, v in value.items())
        return "{" + fields + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(value_literal(v) for v in value) + "]"
    raise TypeError(f"{value!r} has no GraphQL literal")


def definitions_of(applied: list[Directive]) -> list[str]:
    """The definitions of the declared directives among ``applied``, once each, in order."""
    seen: dict[str, DirectiveDefinition] = {}
    for d in applied:
        known = seen.get(d.name)
        if d.definition is None:
            continue
        if known is not None and known != d.definition:
            raise TypeError(f"two different directives are named @{d.name}")
        seen[d.name] = d.definition
    return [d.sdl for d in seen.values()]
