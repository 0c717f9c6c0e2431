"""A light scan of SDL text: top-level definitions, their directives and their fields.

Federation needs a few facts the engine's schema model does not hand back (which types carry
`@key`, the field sets of `@requires`) and one rewrite apollo-compiler will not do by itself:
a subgraph may ``extend type User`` that it never defines (the type lives in another subgraph),
which the engine must see as a definition. Only tokens are read, never evaluated.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # block string
    r'|"(?:[^"\\\n]|\\.)*"'  # string
    r"|#[^\n\r]*"  # comment
    r"|\.\.\.|[!$&():=@\[\]{|}]"
    r"|-?[0-9][0-9.eE+-]*"
    r"|[_A-Za-z][_0-9A-Za-z]*"
    r"|[\s,\ufeff]+"
    r"|.",
    re.DOTALL,
)
_KINDS = frozenset({"type", "interface", "union", "enum", "input", "scalar", "directive"})


@dataclass(slots=True)
class Applied:
    """One directive application: its name and its arguments as source text."""

    name: str
    arguments: dict[str, str] = field(default_factory=dict)

    def string(self, argument: str) -> str | None:
        raw = self.arguments.get(argument)
        if raw is None or not raw.startswith('"'):
            return None
        if raw.startswith('"""'):
            return raw[3:-3].replace('\\"""', '"""')
        try:
            return str(json.loads(raw))
        except ValueError:  # an invalid escape: the engine reports it with its location
            return None


@dataclass(slots=True)
class FieldInfo:
    name: str
    type: str
    directives: list[Applied]


@dataclass(slots=True)
class Definition:
    """A top-level definition or extension."""

    kind: str  # type, interface, union, enum, input, scalar, directive, schema
    name: str
    extension: bool
    extend_at: int  # offset of the `extend` keyword, -1 when none
    directives: list[Applied]
    fields: list[FieldInfo]


def tokens(sdl: str) -> list[tuple[int, str]]:
    """Significant tokens with their offsets (whitespace, commas and comments dropped)."""
    out = []
    for match in _TOKEN.finditer(sdl):
        text = match.group()
        if text[0] in " \t\r\n,\ufeff#":
            continue
        out.append((match.start(), text))
    return out


def definitions(sdl: str) -> list[Definition]:
    """Every top-level definition of ``sdl``, in order."""
    return _Scanner(tokens(sdl)).definitions()


class _Scanner:
    def __init__(self, toks: list[tuple[int, str]]) -> None:
        self.toks = toks
        self.i = 0

    def peek(self) -> str:
        return self.toks[self.i][1] if self.i < len(self.toks) else ""

    def take(self) -> str:
        text = self.peek()
        self.i += 1
        return text

    def definitions(self) -> list[Definition]:
        out = []
        while self.i < len(self.toks):
            extend_at = -1
            if self.peek().startswith('"'):
                self.i += 1  # a description
                continue
            if self.peek() == "extend":
                extend_at = self.toks[self.i][0]
                self.i += 1
            kind = self.take()
            if kind == "schema":
                directives = self.directives()
                self.skip_balanced()
                out.append(Definition(kind, "", extend_at >= 0, extend_at, directives, []))
            elif kind == "directive":
                out.append(self.directive_definition())
            elif kind in _KINDS:
                out.append(self.type_definition(kind, extend_at))
        return out

    def directive_definition(self) -> Definition:
        self.take()  # @
        name = self.take()
        self.skip_balanced()
        if self.peek() == "repeatable":
            self.i += 1
        self.take()  # on
        self.names_joined_by_pipes()
        return Definition("directive", name, False, -1, [], [])

    def type_definition(self, kind: str, extend_at: int) -> Definition:
        name = self.take()
        if self.peek() == "implements":
            self.i += 1
            if self.peek() == "&":
                self.i += 1
            self.take()
            while self.peek() == "&":
                self.i += 2
        directives = self.directives()
        fields: list[FieldInfo] = []
        if self.peek() == "=":
            self.i += 1
            self.names_joined_by_pipes()
        elif self.peek() == "{":
            self.i += 1
            fields = self.fields()
        return Definition(kind, name, extend_at >= 0, extend_at, directives, fields)

    def names_joined_by_pipes(self) -> None:
        if self.peek() == "|":
            self.i += 1
        self.take()
        while self.peek() == "|":
            self.i += 2

    def skip_balanced(self) -> None:
        """Skip a parenthesised or braced group, if one starts here."""
        if self.peek() not in ("(", "{"):
            return
        depth = 0
        while self.i < len(self.toks):
            text = self.take()
            depth += text in ("(", "{", "[")
            depth -= text in (")", "}", "]")
            if depth == 0:
                return

    def directives(self) -> list[Applied]:
        out = []
        while self.peek() == "@":
            self.i += 1
            applied = Applied(self.take())
            if self.peek() == "(":
                self.i += 1
                while self.peek() not in (")", ""):
                    argument = self.take()
                    self.take()  # :
                    applied.arguments[argument] = self.value()
                self.i += 1
            out.append(applied)
        return out

    def value(self) -> str:
        if self.peek() not in ("[", "{"):
            return self.take()
        depth, parts = 0, []
        while self.i < len(self.toks):
            text = self.take()
            parts.append(text)
            depth += text in ("[", "{")
            depth -= text in ("]", "}")
            if depth == 0:
                break
        return " ".join(parts)

    def type_reference(self) -> str:
        if self.peek() == "[":
            self.i += 1
            inner = self.type_reference()
            self.take()  # ]
            text = f"[{inner}]"
        else:
            text = self.take()
        if self.peek() == "!":
            self.i += 1
            text += "!"
        return text

    def fields(self) -> list[FieldInfo]:
        out = []
        while self.peek() not in ("}", ""):
            if self.peek().startswith('"'):
                self.i += 1
                continue
            name = self.take()
            self.skip_balanced()  # arguments
            if self.peek() != ":":  # an enum value
                self.directives()
                continue
            self.i += 1
            type_text = self.type_reference()
            if self.peek() == "=":
                self.i += 1
                self.value()
            out.append(FieldInfo(name, type_text, self.directives()))
        self.i += 1
        return out
