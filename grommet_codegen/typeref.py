"""GraphQL type references (``[Int!]!``) → `TypeRef`."""

from __future__ import annotations

from collections.abc import Mapping

from .ir import TypeRef

BUILTIN_SCALARS: Mapping[str, str] = {
    "Int": "int",
    "Float": "float",
    "String": "str",
    "Boolean": "bool",
    "ID": "str",
}


def named_type(type_text: str) -> str:
    """The named type inside a reference: ``[User!]`` → ``User``."""
    return type_text.strip("[]!")


def type_ref(type_text: str, py_names: Mapping[str, str]) -> TypeRef:
    """Translate a GraphQL type reference; ``py_names`` maps GraphQL type names to Python names."""
    nullable = not type_text.endswith("!")
    inner = type_text if nullable else type_text[:-1]
    if inner.startswith("["):
        return TypeRef(nullable=nullable, of=type_ref(inner[1:-1], py_names))
    if inner in BUILTIN_SCALARS:
        return TypeRef(nullable=nullable, name=BUILTIN_SCALARS[inner], builtin=True)
    return TypeRef(nullable=nullable, name=py_names[inner])
