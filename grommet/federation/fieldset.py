"""Field sets (``@key(fields: "sku variation { id }")``) and the key shapes built from them."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

FieldSet: TypeAlias = tuple[tuple[str, "FieldSet | None"], ...]
"""Selected field names, each with its sub-selection (None for a leaf)."""

_TOKEN = re.compile(r"[_A-Za-z][_0-9A-Za-z]*|[{}]|\S")


def parse_field_set(text: str) -> FieldSet:
    """``"sku variation { id }"`` → ``(("sku", None), ("variation", (("id", None),)))``."""
    tokens = [t for t in _TOKEN.findall(text) if t != ","]
    selection, end = _selection(tokens, 0, text)
    if end != len(tokens):
        raise ValueError(f"unbalanced braces in the field set {text!r}")
    return selection


def _selection(tokens: list[str], i: int, text: str) -> tuple[FieldSet, int]:
    out: list[tuple[str, FieldSet | None]] = []
    while i < len(tokens) and tokens[i] != "}":
        name = tokens[i]
        if not (name[0].isalpha() or name[0] == "_"):
            raise ValueError(f"unexpected {name!r} in the field set {text!r}")
        i += 1
        sub: FieldSet | None = None
        if i < len(tokens) and tokens[i] == "{":
            sub, i = _selection(tokens, i + 1, text)
            if i >= len(tokens):
                raise ValueError(f"unbalanced braces in the field set {text!r}")
            i += 1
        out.append((name, sub))
    return tuple(out), i


@dataclass(frozen=True, slots=True)
class KeyShape:
    """How a representation becomes a typed value: ``factory(**fields)``.

    ``fields`` are ``(graphql name, python keyword, nested shape or None, required)``; a
    representation matches when every required field is present. Optional fields are the
    ones ``@requires`` asks the router to send along.
    """

    factory: Callable[..., Any]
    fields: tuple[tuple[str, str, KeyShape | None, bool], ...]


def matching_shape(
    shapes: tuple[KeyShape, ...], representation: Mapping[str, Any]
) -> KeyShape | None:
    for shape in shapes:
        if _matches(shape, representation):
            return shape
    return None


def _matches(shape: KeyShape, value: Any) -> bool:
    if not isinstance(value, Mapping):
        return False
    for name, _, nested, required in shape.fields:
        if name not in value:
            if required:
                return False
        elif nested is not None and value[name] is not None and not _matches(nested, value[name]):
            return False
    return True


def convert(shape: KeyShape, value: Mapping[str, Any]) -> Any:
    """The representation as ``shape``'s type (call only after :func:`matching_shape`)."""
    kwargs = {}
    for name, keyword, nested, _ in shape.fields:
        if name in value:
            item = value[name]
            kwargs[keyword] = item if nested is None or item is None else convert(nested, item)
    return shape.factory(**kwargs)
