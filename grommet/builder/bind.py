"""The collected model → the bundle's binding tables."""

from __future__ import annotations

import enum

from grommet.bundle import (
    Bundle,
    EnumBinding,
    FieldBinding,
    InputBinding,
    ScalarBinding,
    TypeBinding,
    attr_field,
    batch_field,
    call_field,
    input_binding,
    make_bundle,
    scalar_binding,
    type_binding,
)
from grommet.meta import Kind

from .model import EnumDef, FieldDef, InputDef, ObjectDef, ScalarDef, SchemaModel


def bind_model(model: SchemaModel, sdl: str) -> Bundle:
    """The bundle for ``model``, whose SDL text is ``sdl``."""
    types: dict[str, TypeBinding] = {}
    inputs: dict[str, InputBinding] = {}
    enums: dict[str, EnumBinding] = {}
    scalars: dict[str, ScalarBinding] = {}
    for name, definition in model.types.items():
        if isinstance(definition, ObjectDef):
            fields = {f.name: _bind_field(f) for f in definition.fields}
            classes = (definition.cls,) if definition.kind is Kind.OBJECT else None
            types[name] = type_binding(fields, classes)
        elif isinstance(definition, InputDef):
            fields_map = {f.name: f.py_name for f in definition.fields}
            inputs[name] = input_binding(definition.cls, fields_map)
        elif isinstance(definition, EnumDef):
            assert issubclass(definition.cls, enum.Enum)
            enums[name] = {member.name: member for member in definition.cls}
        elif isinstance(definition, ScalarDef):
            scalars[name] = scalar_binding(definition.serialize, definition.parse_value)
    return make_bundle(sdl, types=types, inputs=inputs, enums=enums, scalars=scalars)


def _bind_field(field: FieldDef) -> FieldBinding:
    if field.resolver is None:
        return attr_field(field.py_name)
    if field.batch:
        return batch_field(field.resolver, field.info, {a.name: a.py_name for a in field.args})
    return call_field(field.resolver, field.info, {a.name: a.py_name for a in field.args})
