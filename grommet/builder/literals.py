"""Python default values → GraphQL literals for the SDL."""

from __future__ import annotations

import dataclasses
import enum
import json
import math
from collections.abc import Mapping
from typing import Any

from grommet.meta import Kind, ScalarType
from grommet.unset import UNSET

from .model import InputDef, TypeDef, TypeRef

_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


def graphql_literal(value: object, ref: TypeRef, types: Mapping[str, TypeDef], where: str) -> str:
    """The literal of ``value`` as a default of type ``ref``; TypeError when it does not fit."""
    if value is None:
        if not ref.nullable:
            raise TypeError(f"{where}: default None does not fit non-null type {ref}")
        return "null"
    if isinstance(ref.of, TypeRef):
        if isinstance(value, list | tuple):
            items = ", ".join(graphql_literal(item, ref.of, types, where) for item in value)
            return f"[{items}]"
        return graphql_literal(value, ref.of, types, where)
    named = ref.of
    if named.kind is Kind.ENUM:
        enum_cls = types[named.name].cls  # type: ignore[union-attr]
        if isinstance(value, enum_cls) and isinstance(value, enum.Enum):
            return value.name
        raise TypeError(f"{where}: default {value!r} is not a member of {enum_cls.__qualname__}")
    if named.kind is Kind.INPUT:
        definition = types[named.name]
        assert isinstance(definition, InputDef)
        return _input_literal(value, definition, types, where)
    if isinstance(named.source, ScalarType):
        serialize = named.source.serialize
        return _untyped_literal(serialize(value) if serialize else value, where)
    return _builtin_literal(value, named.name, where)


def _input_literal(
    value: object, definition: InputDef, types: Mapping[str, TypeDef], where: str
) -> str:
    if isinstance(value, Mapping):
        read: Any = lambda name: value.get(name, UNSET)  # noqa: E731
    elif isinstance(value, definition.cls) and dataclasses.is_dataclass(value):
        read = lambda name: getattr(value, name, UNSET)  # noqa: E731
    else:
        raise TypeError(f"{where}: default {value!r} is not a {definition.cls.__qualname__}")
    parts = []
    for field in definition.fields:
        item = read(field.py_name)
        if item is not UNSET:
            parts.append(f"{field.name}: {graphql_literal(item, field.type, types, where)}")
    return "{" + ", ".join(parts) + "}"


def _builtin_literal(value: object, scalar: str, where: str) -> str:
    if scalar in ("String", "ID") and isinstance(value, str):
        return string_literal(value)
    if scalar == "ID" and isinstance(value, int) and not isinstance(value, bool):
        return string_literal(str(value))
    if scalar == "Boolean" and isinstance(value, bool):
        return "true" if value else "false"
    if scalar in ("Int", "Float") and isinstance(value, int) and not isinstance(value, bool):
        if scalar == "Int" and not _INT_MIN <= value <= _INT_MAX:
            raise TypeError(f"{where}: default {value} is outside the 32-bit Int range")
        return str(value)
    if scalar == "Float" and isinstance(value, float) and math.isfinite(value):
        return repr(value)
    raise TypeError(f"{where}: default {value!r} does not fit type {scalar}")


def _untyped_literal(value: object, where: str) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return string_literal(value)
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_untyped_literal(item, where) for item in value) + "]"
    if isinstance(value, Mapping) and all(isinstance(key, str) for key in value):
        fields = (f"{key}: {_untyped_literal(item, where)}" for key, item in value.items())
        return "{" + ", ".join(fields) + "}"
    raise TypeError(f"{where}: cannot write default {value!r} as a GraphQL literal")


def string_literal(value: str) -> str:
    """A GraphQL string literal (JSON escapes are valid GraphQL escapes)."""
    return json.dumps(value, ensure_ascii=False)
