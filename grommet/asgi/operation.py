"""Which kind of operation a request selects, read from the document's tokens alone.

GET must refuse mutations and a WebSocket must route subscriptions to ``subscribe()``
before anything executes. A full parse is the engine's job; this scan only skips comments,
strings and bracketed groups to find each top-level definition's keyword and name. For a
document it cannot read (syntax errors, unknown operation name, ambiguity) it answers
``None`` and the engine reports the error.
"""

from __future__ import annotations

import re
from typing import Literal, TypeAlias

OperationType: TypeAlias = Literal["query", "mutation", "subscription"]

_OPERATION_KEYWORDS: dict[str, OperationType] = {
    "query": "query",
    "mutation": "mutation",
    "subscription": "subscription",
}

# Possessive repeats: a string scan never backtracks, whatever the input.
_TOKEN = re.compile(
    r"""
      [\s,\ufeff]++ | \#[^\n\r]*+
    | (?P<string>\"\"\"(?:\\\"\"\"|(?!\"\"\")[\s\S])*+\"\"\" | "(?:\\.|[^"\\\n\r])*+")
    | (?P<name>[_A-Za-z][_0-9A-Za-z]*+)
    | (?P<open>[{(\[])
    | (?P<close>[})\]])
    | (?P<other>.)
    """,
    re.VERBOSE,
)


def operation_type(source: str, operation_name: str | None) -> OperationType | None:
    """The type of the operation ``operation_name`` selects in ``source``, if it can tell."""
    operations = _operations(source)
    if operation_name is None:
        return operations[0][0] if len(operations) == 1 else None
    for kind, name in operations:
        if name == operation_name:
            return kind
    return None


def _operations(source: str) -> list[tuple[OperationType, str | None]]:
    """(type, name) of each top-level operation definition, in order."""
    found: list[tuple[OperationType, str | None]] = []
    depth = 0
    # "definition": between definitions; "keyword": right after query/mutation/subscription,
    # where a name may follow; "header": before the `{` that opens a definition's body.
    state = "definition"
    in_body = False
    for match in _TOKEN.finditer(source):
        kind = match.lastgroup
        if kind is None:
            continue
        if kind == "string" or kind == "other":
            if depth == 0 and state == "keyword":
                state = "header"
            continue
        text = match.group()
        if kind == "close":
            depth = max(depth - 1, 0)
            if depth == 0 and in_body:
                state, in_body = "definition", False
            continue
        if depth > 0:
            if kind == "open":
                depth += 1
            continue
        if kind == "open":
            depth = 1
            if text == "{":
                if state == "definition":
                    found.append(("query", None))
                in_body = True
            elif state == "keyword":
                state = "header"
        elif state == "definition":
            keyword = _OPERATION_KEYWORDS.get(text)
            if keyword is not None:
                found.append((keyword, None))
            state = "keyword" if keyword is not None else "header"
        elif state == "keyword":
            found[-1] = (found[-1][0], text)
            state = "header"
    return found
