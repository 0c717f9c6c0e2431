"""Where a type or one of its members is defined in the SDL sources: ``file:line:col``.

The engine's parsed schema carries no positions, so an error about Python names (two fields
that become the same identifier) finds them here with a small GraphQL lexer. It runs only
when such an error is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

_TOKEN = re.compile(
    r'(?P<skip>[\s,\ufeff]+|#[^\n\r]*)|(?P<block>"""(?:\\"""|[^"]|"(?!""))*""")'
    r'|(?P<string>"(?:\\.|[^"\\\n\r])*")|(?P<name>[_A-Za-z][_0-9A-Za-z]*)|(?P<punct>\.\.\.|.)',
    re.DOTALL,
)
_DEFINITIONS = frozenset({"type", "interface", "input", "enum"})
# A name right after one of these is a type, a directive or a value, not a member.
_NOT_MEMBER = frozenset({"@", ":", "=", "[", "|", "&"})


def locate(sources: Sequence[tuple[str, str]], type_name: str, member: str | None = None) -> str:
    """``path:line:col`` of a type, or of ``member``: a field, value, or ``field.argument``."""
    field, _, argument = (member or "").partition(".")
    for path, text in sources:
        for line, col in _find(text, type_name, field or None, argument or None):
            return f"{path}:{line}:{col}"
    return sources[0][0] if sources else "<schema>"


def _tokens(text: str) -> Iterator[tuple[str, str, int]]:
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind != "skip":
            yield (kind or "punct", match[0], match.start())


def _find(
    text: str, type_name: str, member: str | None, argument: str | None = None
) -> Iterator[tuple[int, int]]:
    tokens = list(_tokens(text))
    for i, (kind, value, _) in enumerate(tokens):
        if kind != "name" or value not in _DEFINITIONS or i + 1 >= len(tokens):
            continue
        if tokens[i + 1][:2] != ("name", type_name):
            continue
        if member is None:
            yield _position(text, tokens[i + 1][2])
            continue
        for offset in _members(tokens, i + 2):
            if tokens[offset][1] != member:
                continue
            if argument is None:
                yield _position(text, tokens[offset][2])
            else:
                yield from (
                    _position(text, tokens[a][2]) for a in _arguments(tokens, offset, argument)
                )


def _members(tokens: list[tuple[str, str, int]], start: int) -> Iterator[int]:
    """Indices of the member names (fields, input fields, values) in the body after ``start``."""
    i = start
    while i < len(tokens) and tokens[i][1] != "{":
        if tokens[i][1] in _DEFINITIONS or tokens[i][1] in ("extend", "schema", "scalar", "union"):
            return
        i += 1
    depth = 0
    parens = 0
    previous = ""
    for j in range(i, len(tokens)):
        kind, value, _ = tokens[j]
        if value == "{":
            depth += 1
        elif value == "}":
            depth -= 1
            if depth == 0:
                return
        elif value == "(":
            parens += 1
        elif value == ")":
            parens -= 1
        elif kind == "name" and depth == 1 and parens == 0 and previous not in _NOT_MEMBER:
            following = tokens[j + 1][1] if j + 1 < len(tokens) else ""
            if following not in ("!", "[", "]"):
                yield j
        previous = "name" if kind == "name" else value


def _arguments(tokens: list[tuple[str, str, int]], field: int, name: str) -> Iterator[int]:
    """Indices of the argument ``name`` in the parentheses after the field at ``field``."""
    if field + 1 >= len(tokens) or tokens[field + 1][1] != "(":
        return
    depth = 0
    for j in range(field + 1, len(tokens)):
        value = tokens[j][1]
        if value in "([{":
            depth += 1
        elif value in ")]}":
            depth -= 1
            if depth == 0:
                return
        elif depth == 1 and value == name and tokens[j][0] == "name" and tokens[j + 1][1] == ":":
            yield j


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
