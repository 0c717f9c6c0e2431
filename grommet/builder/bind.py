"""The collected model → the bundle's binding tables."""

from __future__ import annotations

import enum
from typing import Any

from grommet.bundle import (
    Bundle,
    FieldBinding,
    InputBinding,
    ScalarBinding,
    TypeBinding,
    batch_field,
)
from grommet.meta import Kind

from .model import EnumDef, FieldDef, InputDef, ObjectDef, ScalarDef, SchemaModel


def bind_model(model: SchemaModel, sdl: str) -> Bundle:
    """The bundle for ``model``, whose SDL text is ``sdl``."""
    types: dict[str, TypeBinding] = {}
    inputs: dict[str, InputBinding] = {}
    enums: dict[str, dict[str, Any]] = {}
    scalars: dict[str, ScalarBinding] = {}
    for name, definition in model.types.items():
        if isinstance(definition, ObjectDef):
            binding: TypeBinding = {"fields": {f.name: _bind_field(f) for f in definition.fields}}
            if definition.kind is Kind.OBJECT:
                binding["classes"] = (definition.cls,)
            types[name] = binding
        elif isinstance(definition, InputDef):
            inputs[name] = (definition.cls, {f.name: f.py_name for f in definition.fields})
        elif isinstance(definition, EnumDef):
            assert issubclass(definition.cls, enum.Enum)
            enums[name] = {member.name: member for member in definition.cls}
        elif isinstance(definition, ScalarDef):
            scalars[name] = (definition.serialize, definition.parse_value)
    return {"sdl": sdl, "types": types, "inputs": inputs, "enums": enums, "scalars": scalars}


def _bind_field(field: FieldDef) -> FieldBinding:
    if field.resolver is None:
        return ("attr", field.py_name)
    if field.batch:
        return batch_field(field.resolver, field.info, {a.name: a.py_name for a in field.args})
    return ("call", field.resolver, field.info, {a.name: a.py_name for a in field.args})
