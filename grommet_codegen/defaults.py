"""SDL default values (GraphQL literal text) → Python defaults.

Only values with an immutable Python literal become Python defaults: scalars of the built-in
types, enum values and ``null``. Lists, input objects and custom scalars are left without one
(the parameter is required in Python); the engine passes the SDL default itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from .ir import PyDefault, TypeRef

_INT = re.compile(r"-?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")

UNSET = PyDefault(kind="unset")


def python_default(
    literal: str | None, ref: TypeRef, enum_members: Mapping[str, Mapping[str, str]]
) -> PyDefault | None:
    """The Python default of an argument / input field, or None when it must be required.

    ``enum_members`` maps an enum's Python name to ``{GraphQL value: Python member}``.
    """
    if literal is None:
        return UNSET if ref.nullable else None
    text = literal.strip()
    if text == "null":
        return PyDefault(kind="literal", value=None)
    if ref.of is not None or ref.name is None:
        return None
    if ref.builtin:
        value = _builtin_value(text, ref.name)
        return None if value is None else PyDefault(kind="literal", value=value)
    members = enum_members.get(ref.name)
    if members is not None and text in members:
        return PyDefault(kind="enum", enum=ref.name, member=members[text])
    return None


def _builtin_value(text: str, py_type: str) -> bool | int | float | str | None:
    if py_type == "bool" and text in ("true", "false"):
        return text == "true"
    if py_type == "int" and _INT.fullmatch(text):
        return int(text)
    if py_type == "float" and _FLOAT.fullmatch(text):
        return float(text)
    if py_type == "str":
        if _INT.fullmatch(text):  # an ID given as an Int literal
            return text
        return _string_value(text)
    return None


def _string_value(text: str) -> str | None:
    if text.startswith('"""') and text.endswith('"""') and len(text) >= 6:
        return text[3:-3].replace('\\"""', '"""')
    if text.startswith('"') and text.endswith('"') and len(text) >= 2:
        # GraphQL string escapes are JSON's (\uXXXX, \n, \", ...).
        try:
            value = json.loads(text)
        except ValueError:
            return None
        return value if isinstance(value, str) else None
    return None
