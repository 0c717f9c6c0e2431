"""A small executable-document tree the fuzzer builds, damages and prints.

Values are kept as printed GraphQL text (arguments, defaults) because the generator writes
them once and the defects only replace them whole; variables used are tracked per definition
so that every operation declares exactly the variables it (transitively) uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Field:
    name: str
    alias: str | None = None
    arguments: list[tuple[str, str]] = field(default_factory=list)
    directives: list[str] = field(default_factory=list)
    selections: list[Selection] | None = None


@dataclass
class InlineFragment:
    type_condition: str | None
    selections: list[Selection]
    directives: list[str] = field(default_factory=list)


@dataclass
class Spread:
    name: str
    directives: list[str] = field(default_factory=list)


Selection = Field | InlineFragment | Spread


@dataclass
class Variable:
    """One variable of the document: its declared type, default and the value sent."""

    name: str
    type: str
    default: str | None = None
    value: Any = None
    sent: bool = False


@dataclass
class Fragment:
    name: str
    type_condition: str
    selections: list[Selection]
    uses: set[str] = field(default_factory=set)


@dataclass
class Operation:
    kind: str
    name: str | None
    selections: list[Selection]
    directives: list[str] = field(default_factory=list)
    uses: set[str] = field(default_factory=set)
    extra_variables: list[str] = field(default_factory=list)


@dataclass
class Document:
    operations: list[Operation]
    fragments: list[Fragment]
    variables: dict[str, Variable]
    separator: str = " "
    extra_definitions: list[str] = field(default_factory=list)

    def fragment(self, name: str) -> Fragment | None:
        return next((f for f in self.fragments if f.name == name), None)

    def reachable_fragments(self, selections: list[Selection]) -> list[str]:
        """Names of the fragments spread from ``selections``, transitively (cycle-safe)."""
        seen: list[str] = []
        pending = list(spreads_in(selections))
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.append(name)
            found = self.fragment(name)
            if found is not None:
                pending.extend(spreads_in(found.selections))
        return seen

    def variables_of(self, operation: Operation) -> list[str]:
        names = set(operation.uses)
        for fragment_name in self.reachable_fragments(operation.selections):
            found = self.fragment(fragment_name)
            if found is not None:
                names |= found.uses
        return sorted(names)

    def drop_unused_fragments(self) -> None:
        used: set[str] = set()
        for operation in self.operations:
            used.update(self.reachable_fragments(operation.selections))
        self.fragments = [f for f in self.fragments if f.name in used]


def spreads_in(selections: list[Selection]) -> list[str]:
    found: list[str] = []
    for selection in selections:
        if isinstance(selection, Spread):
            found.append(selection.name)
        elif (inner := selection.selections) is not None:
            found.extend(spreads_in(inner))
    return found


def selection_sets(selections: list[Selection]) -> list[list[Selection]]:
    """``selections`` and every selection set nested in it, outermost first."""
    found = [selections]
    for selection in selections:
        if not isinstance(selection, Spread) and (inner := selection.selections) is not None:
            found.extend(selection_sets(inner))
    return found


def print_document(document: Document) -> str:
    sep = document.separator
    parts: list[str] = []
    for operation in document.operations:
        parts.append(_print_operation(document, operation, sep))
    for fragment in document.fragments:
        parts.append(
            f"fragment {fragment.name} on {fragment.type_condition} "
            + _print_selections(fragment.selections, sep)
        )
    parts.extend(document.extra_definitions)
    return "\n".join(parts)


def _print_operation(document: Document, operation: Operation, sep: str) -> str:
    definitions = []
    for name in [*document.variables_of(operation), *operation.extra_variables]:
        variable = document.variables[name]
        default = "" if variable.default is None else f" = {variable.default}"
        definitions.append(f"${name}: {variable.type}{default}")
    head = operation.kind
    if operation.name is not None:
        head += f" {operation.name}"
    if definitions:
        head += "(" + sep.join(definitions) + ")"
    for directive in operation.directives:
        head += f" {directive}"
    anonymous_shorthand = (
        operation.kind == "query"
        and operation.name is None
        and not definitions
        and not operation.directives
    )
    body = _print_selections(operation.selections, sep)
    return body if anonymous_shorthand else f"{head} {body}"


def _print_selections(selections: list[Selection], sep: str) -> str:
    return "{ " + sep.join(_print_selection(s, sep) for s in selections) + " }"


def _print_directives(directives: list[str]) -> str:
    return "".join(f" {d}" for d in directives)


def _print_selection(selection: Selection, sep: str) -> str:
    if isinstance(selection, Spread):
        return f"...{selection.name}{_print_directives(selection.directives)}"
    if isinstance(selection, InlineFragment):
        condition = "" if selection.type_condition is None else f" on {selection.type_condition}"
        return f"...{condition}{_print_directives(selection.directives)} " + _print_selections(
            selection.selections, sep
        )
    text = selection.name if selection.alias is None else f"{selection.alias}: {selection.name}"
    if selection.arguments:
        text += "(" + sep.join(f"{name}: {value}" for name, value in selection.arguments) + ")"
    text += _print_directives(selection.directives)
    if selection.selections is not None:
        text += " " + _print_selections(selection.selections, sep)
    return text
