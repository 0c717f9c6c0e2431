"""Fields of one class: data fields, resolver methods, arguments and input fields."""

from __future__ import annotations

import dataclasses
import inspect
import types
from collections.abc import Callable, Mapping
from typing import Any

from grommet.docstrings import function_description
from grommet.meta import FieldOptions, field_options
from grommet.unset import UNSET

from .hints import Hint, class_hints, read_hint
from .model import NO_DEFAULT, FieldDef, InputValueDef
from .names import check_name, graphql_name
from .object_cache import cached_on_object
from .resolvers import batch_item_hint, output_hint, resolver_signature

_MISSING: Any = inspect.Parameter.empty


def object_fields(
    cls: type, type_name: str, *, camel: bool, root: bool, subscription: bool
) -> list[FieldDef]:
    """The output fields of an object or interface class, data fields first.

    Read once per class and options (cached on the class): later schema builds reuse them.
    """
    return list(_object_fields(cls, type_name, camel, root, subscription))


@cached_on_object("__grommet_object_fields__")
def _object_fields(
    cls: type, type_name: str, camel: bool, root: bool, subscription: bool
) -> tuple[FieldDef, ...]:
    return tuple(_read_object_fields(cls, type_name, camel, root, subscription))


def _read_object_fields(
    cls: type, type_name: str, camel: bool, root: bool, subscription: bool
) -> list[FieldDef]:
    hints = class_hints(cls)
    methods = _resolver_methods(cls)
    fields: list[FieldDef] = []
    for data in dataclasses.fields(cls):
        if data.name.startswith("_") or data.name in methods:
            continue
        where = f"{type_name}.{data.name}"
        _reject_options_as_default(data, where)
        if subscription:
            raise TypeError(f"{where}: subscription fields are @grommet.subscription methods")
        hint = read_hint(hints[data.name], where)
        if hint.unset:
            raise TypeError(f"{where}: UnsetType is for arguments and input fields")
        options = hint.options or FieldOptions()
        _reject_subscription_options(options, where)
        fields.append(
            FieldDef(
                name=_name(data.name, options, camel, type_name),
                py_name=data.name,
                type=hint.type,
                description=options.description,
                deprecation_reason=options.deprecation_reason,
                resolver=_root_reader(data) if root and _has_default(data) else None,
                directives=options.directives,
            )
        )
    for py_name, (func, options) in methods.items():
        where = f"{type_name}.{py_name}"
        if subscription and options.batch:
            raise TypeError(f"{where}: a subscription field cannot be a batch resolver")
        if options.subscription != subscription:
            raise TypeError(
                f"{where}: @grommet.subscription fields belong on the subscription root type"
                if options.subscription
                else f"{where}: subscription fields are @grommet.subscription methods"
            )
        fields.append(_resolver_field(func, py_name, options, camel, where, type_name))
    _check_unique([f.name for f in fields], type_name)
    if not fields:
        raise TypeError(f"{type_name} defines no fields")
    return fields


def input_fields(cls: type, type_name: str, *, camel: bool) -> list[InputValueDef]:
    """The fields of an input class: its ``__init__`` dataclass fields."""
    hints = class_hints(cls)
    values = []
    for data in dataclasses.fields(cls):
        if data.name.startswith("_") or not data.init:
            continue
        _reject_options_as_default(data, f"{type_name}.{data.name}")
        if data.default_factory is not dataclasses.MISSING:
            default = data.default_factory()
        else:
            default = _MISSING if data.default is dataclasses.MISSING else data.default
        where = f"{type_name}.{data.name}"
        values.append(input_value(data.name, hints[data.name], default, camel, where, type_name))
    _check_unique([v.name for v in values], type_name)
    if not values:
        raise TypeError(f"{type_name} defines no fields")
    return values


def input_value(
    py_name: str, raw_hint: object, default: object, camel: bool, where: str, owner: str
) -> InputValueDef:
    """An argument or input field; ``default`` is ``inspect.Parameter.empty`` when absent."""
    hint: Hint = read_hint(raw_hint, where)
    options = hint.options or FieldOptions()
    _reject_subscription_options(options, where)
    if default is UNSET:
        if not hint.type.nullable:
            raise TypeError(f"{where}: a value defaulting to UNSET must be nullable (T | None)")
        sdl_default: object = NO_DEFAULT
    elif default is _MISSING:
        # Omitted nullable values arrive as null: Python has no default to fall back on.
        sdl_default = None if hint.type.nullable else NO_DEFAULT
    else:
        sdl_default = default
    required = sdl_default is NO_DEFAULT and not hint.type.nullable
    if options.deprecation_reason is not None and required:
        raise TypeError(f"{where}: a required value cannot be deprecated")
    return InputValueDef(
        name=_name(py_name, options, camel, owner),
        py_name=py_name,
        type=hint.type,
        default=sdl_default,
        description=options.description,
        deprecation_reason=options.deprecation_reason,
        directives=options.directives,
    )


def _resolver_field(
    func: types.FunctionType,
    py_name: str,
    options: FieldOptions,
    camel: bool,
    where: str,
    type_name: str,
) -> FieldDef:
    signature = resolver_signature(func)
    args = [
        input_value(p.py_name, p.hint, p.default, camel, f"{where}({p.py_name}:)", type_name)
        for p in signature.params
    ]
    _check_unique([a.name for a in args], where)
    returns = output_hint(signature.returns, subscription=options.subscription, where=where)
    if options.batch:
        if options.subscription:
            raise TypeError(f"{where}: a subscription field cannot be a batch resolver")
        returns = batch_item_hint(returns, where)
    hint = read_hint(returns, where)
    if hint.unset:
        raise TypeError(f"{where}: UnsetType is for arguments and input fields")
    return FieldDef(
        name=_name(py_name, options, camel, type_name),
        py_name=py_name,
        type=hint.type,
        description=options.description or function_description(func),
        deprecation_reason=options.deprecation_reason,
        args=args,
        resolver=func,
        info=signature.info,
        directives=options.directives,
        batch=options.batch,
    )


def _resolver_methods(cls: type) -> dict[str, tuple[types.FunctionType, FieldOptions]]:
    """Resolver methods by Python name, base classes first; overrides keep their options."""
    found: dict[str, tuple[types.FunctionType, FieldOptions]] = {}
    for klass in reversed(cls.__mro__):
        for name, attr in vars(klass).items():
            if isinstance(attr, staticmethod):
                attr = attr.__func__  # a batch resolver
            options = field_options(attr)
            if options is not None:
                found[name] = (attr, options)
            elif name in found:
                if inspect.isfunction(attr):
                    found[name] = (attr, found[name][1])
                else:
                    del found[name]
    return found


def _root_reader(data: dataclasses.Field[Any]) -> Callable[[Any], Any]:
    """Read a root type's data field, falling back to its default when no root is given."""
    py_name = data.name
    if data.default_factory is not dataclasses.MISSING:
        factory = data.default_factory
    else:
        value = data.default

        def factory() -> Any:
            return value

    def read(parent: Any) -> Any:
        if parent is None:
            return factory()
        if isinstance(parent, Mapping):
            return parent.get(py_name)
        return getattr(parent, py_name)

    return read


def _has_default(data: dataclasses.Field[Any]) -> bool:
    return (
        data.default is not dataclasses.MISSING or data.default_factory is not dataclasses.MISSING
    )


def _name(py_name: str, options: FieldOptions, camel: bool, owner: str) -> str:
    return check_name(graphql_name(py_name, options.name, camel), f"{owner}.{py_name}")


def _reject_options_as_default(data: dataclasses.Field[Any], where: str) -> None:
    if isinstance(data.default, FieldOptions):
        raise TypeError(
            f"{where}: grommet.field(...) is not a default value; "
            "write Annotated[T, grommet.field(...)]"
        )


def _reject_subscription_options(options: FieldOptions, where: str) -> None:
    if options.subscription:
        raise TypeError(f"{where}: grommet.subscription(...) decorates methods")


def _check_unique(names: list[str], owner: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise TypeError(f"{owner}: more than one field is named {name!r}")
        seen.add(name)
