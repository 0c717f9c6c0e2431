"""The per-field ``resolve`` wrapper, applied as a bundle transform.

Only a schema with an extension that overrides ``SchemaExtension.resolve`` (and keeps
``wrap_fields``) is transformed:
every field of every object type then becomes a ``call`` binding whose function runs the
extensions' ``resolve`` methods around the field's own resolution (a ``batch`` field stays a
batch binding: the wrapper runs once per batch call, with the list of parents). Other schemas
keep their bindings as they are, so their fields run with no Python frame added.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from grommet._core import parse_schema
from grommet.bundle import INFO_POSITIONAL, batch_field, call_field

if TYPE_CHECKING:
    from grommet._core import Info
    from grommet.bundle import Bundle, FieldBinding, TypeBinding
    from grommet.extensions.base import Resolve, SchemaExtension


def wrap_bindings(bundle: Bundle, extensions: Sequence[SchemaExtension]) -> Bundle:
    """``bundle`` with every object field resolved through ``extensions``' ``resolve``."""
    ir = parse_schema([("<schema>", bundle["sdl"])])
    given: Mapping[str, TypeBinding] = bundle.get("types", {})
    subscription = ir["subscription"]
    types: dict[str, TypeBinding] = {name: dict(spec) for name, spec in given.items()}  # type: ignore[misc]
    data_wrappers = [e for e in extensions if e.wrap_data_fields]
    for ty in ir["types"]:
        if ty["kind"] != "OBJECT":
            continue
        type_name = ty["name"]
        own = given.get(type_name, {}).get("fields", {})
        inherited = [given.get(i, {}).get("fields", {}) for i in ty["interfaces"]]
        fields: dict[str, FieldBinding] = {}
        for field in ty["fields"]:
            name = field["name"]
            binding = _effective_binding(name, own, inherited)
            kind = binding[0]
            if kind == "attr":
                if not data_wrappers or type_name == subscription:
                    # Left to the engine (a subscription's source is always a resolver).
                    fields[name] = binding
                    continue
                wrappers: Sequence[SchemaExtension] = data_wrappers
            elif kind in ("call", "batch"):
                wrappers = extensions
            else:
                fields[name] = binding  # a kind this wrapper does not know (yet) runs as is
                continue
            chain = _chain(type_name, name, binding, wrappers)
            make = batch_field if kind == "batch" else call_field
            fields[name] = make(chain, INFO_POSITIONAL, _arguments(binding))
        types.setdefault(type_name, {})["fields"] = fields
    wrapped = dict(bundle)
    wrapped["types"] = types
    return wrapped  # type: ignore[return-value]


def _effective_binding(
    name: str,
    own: Mapping[str, FieldBinding],
    inherited: Sequence[Mapping[str, FieldBinding]],
) -> FieldBinding:
    """The binding the engine would use: the type's, else its interfaces' (the last one
    declaring it, as the engine applies them), else reading the field's name."""
    if name in own:
        return own[name]
    for fields in reversed(inherited):
        if name in fields:
            return fields[name]
    return ("attr", name)


def _arguments(binding: FieldBinding) -> dict[str, str]:
    return binding[3] if binding[0] != "attr" else {}


def _chain(
    type_name: str, field_name: str, binding: FieldBinding, extensions: Sequence[SchemaExtension]
) -> Resolve:
    """``f(parent, info, **args)``: the extensions' ``resolve`` in list order (the first
    outermost) around the field's own resolution."""
    resolve = _base(binding)
    batch = binding[0] == "batch"
    for extension in reversed(extensions):
        resolve = extension._field_resolver(type_name, field_name, resolve, batch)
    return resolve


def _base(binding: FieldBinding) -> Resolve:
    """The field's own resolution, called as ``f(parent, info, **args)`` (for a batch field,
    ``parent`` is the list of parents)."""
    if binding[0] == "attr":
        return functools.partial(_read_attribute, binding[1])
    _, func, info_mode, _args = binding
    if info_mode == "":
        return func
    if info_mode is None:
        return functools.partial(_call_without_info, func)
    return functools.partial(_call_with_info_keyword, func, info_mode)


def _call_without_info(func: Resolve, parent: Any, info: Info, /, **args: Any) -> Any:
    return func(parent, **args)


def _call_with_info_keyword(
    func: Resolve, keyword: str, parent: Any, info: Info, /, **args: Any
) -> Any:
    return func(parent, **{keyword: info}, **args)


def _read_attribute(name: str, parent: Any, info: Info, /) -> Any:
    """A data field, read as the engine reads it (docs/core-contract.md): a dict's key
    (missing: null), else the attribute, else a mapping's key."""
    if type(parent) is dict:
        return parent.get(name)
    if isinstance(parent, dict):
        try:
            return parent[name]
        except KeyError:
            return None
    try:
        return getattr(parent, name)
    except AttributeError:
        if not isinstance(parent, Mapping):
            raise
        try:
            return parent[name]
        except Exception:
            return None
