"""Print the collected model as SDL text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from grommet.directives import Directive, definitions_of

from .literals import graphql_literal, string_literal
from .model import (
    NO_DEFAULT,
    EnumDef,
    FieldDef,
    InputDef,
    InputValueDef,
    ObjectDef,
    ScalarDef,
    SchemaModel,
    TypeDef,
    UnionDef,
)

_INDENT = "  "


def print_schema(model: SchemaModel, schema_directives: Sequence[Directive] = ()) -> str:
    """SDL text of the whole schema, definitions in discovery order.

    ``schema_directives`` are applied to the schema (``extend schema @link(...)``).
    """
    blocks = []
    if schema_directives:
        blocks.append("extend schema" + _applied(schema_directives))
    roots = {"query": model.query, "mutation": model.mutation, "subscription": model.subscription}
    if any(name is not None and name != role.capitalize() for role, name in roots.items()):
        lines = [f"{_INDENT}{role}: {name}" for role, name in roots.items() if name is not None]
        blocks.append("schema {\n" + "\n".join(lines) + "\n}")
    if any(isinstance(d, InputDef) and d.one_of for d in model.types.values()):
        # apollo-compiler 1.x does not predefine @oneOf.
        blocks.append("directive @oneOf on INPUT_OBJECT")
    blocks.extend(definitions_of([*schema_directives, *applied_directives(model)]))
    blocks.extend(_print_definition(d, model.types) for d in model.types.values())
    return "\n\n".join(blocks) + "\n"


def _print_definition(definition: TypeDef, types: Mapping[str, TypeDef]) -> str:
    if isinstance(definition, ObjectDef):
        head = f"{definition.kind.value} {definition.name}"
        if definition.interfaces:
            head += " implements " + " & ".join(definition.interfaces)
        head += _applied(definition.directives)
        body = [line for f in definition.fields for line in _print_field(f, types, definition.name)]
        return _block(definition.description, head, body)
    if isinstance(definition, InputDef):
        body = []
        for value in definition.fields:
            body += _description(value.description, _INDENT)
            body.append(
                _INDENT + _print_input_value(value, types, f"{definition.name}.{value.py_name}")
            )
        head = f"input {definition.name}" + (" @oneOf" if definition.one_of else "")
        return _block(definition.description, head, body)
    if isinstance(definition, EnumDef):
        body = []
        for member in definition.values:
            body += _description(member.description, _INDENT)
            body.append(_INDENT + member.name + _deprecated(member.deprecation_reason))
        return _block(definition.description, f"enum {definition.name}", body)
    if isinstance(definition, ScalarDef):
        line = f"scalar {definition.name}"
        if definition.specified_by_url is not None:
            line += f" @specifiedBy(url: {string_literal(definition.specified_by_url)})"
        return "\n".join([*_description(definition.description, ""), line])
    assert isinstance(definition, UnionDef)
    line = f"union {definition.name} = " + " | ".join(definition.members)
    return "\n".join([*_description(definition.description, ""), line])


def _block(description: str | None, head: str, body: list[str]) -> str:
    return "\n".join([*_description(description, ""), head + " {", *body, "}"])


def _print_field(field: FieldDef, types: Mapping[str, TypeDef], type_name: str) -> list[str]:
    lines = _description(field.description, _INDENT)
    owner = f"{type_name}.{field.py_name}"
    args = [_print_input_value(a, types, f"{owner}({a.py_name}:)") for a in field.args]
    tail = f": {field.type}{_deprecated(field.deprecation_reason)}{_applied(field.directives)}"
    if any(a.description for a in field.args):
        lines.append(f"{_INDENT}{field.name}(")
        for arg, printed in zip(field.args, args, strict=True):
            lines += _description(arg.description, _INDENT * 2)
            lines.append(_INDENT * 2 + printed)
        lines.append(f"{_INDENT}){tail}")
    else:
        lines.append(_INDENT + field.name + (f"({', '.join(args)})" if args else "") + tail)
    return lines


def _print_input_value(value: InputValueDef, types: Mapping[str, TypeDef], where: str) -> str:
    text = f"{value.name}: {value.type}"
    if value.default is not NO_DEFAULT:
        text += " = " + graphql_literal(value.default, value.type, types, where)
    return text + _deprecated(value.deprecation_reason) + _applied(value.directives)


def applied_directives(model: SchemaModel) -> list[Directive]:
    """Every directive applied to a type or field of ``model``, in SDL order."""
    out: list[Directive] = []
    for definition in model.types.values():
        if isinstance(definition, ObjectDef):
            out += definition.directives
            for f in definition.fields:
                out += f.directives
                for a in f.args:
                    out += a.directives
        elif isinstance(definition, InputDef):
            for v in definition.fields:
                out += v.directives
    return out


def _applied(directives: Sequence[Directive]) -> str:
    return "".join(" " + d.sdl() for d in directives)


def _deprecated(reason: str | None) -> str:
    return "" if reason is None else f" @deprecated(reason: {string_literal(reason)})"


def _description(text: str | None, indent: str) -> list[str]:
    if text is None:
        return []
    escaped = text.replace('"""', '\\"""')
    if "\n" not in escaped and not escaped.endswith(('"', "\\")):
        return [f'{indent}"""{escaped}"""']
    body = [indent + line if line else "" for line in escaped.split("\n")]
    return [f'{indent}"""', *body, f'{indent}"""']
