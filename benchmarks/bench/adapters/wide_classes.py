"""W6 for the class-based libraries: the 40 wide types as decorated classes, made once.

The classes are built from :mod:`bench.wide`'s description with ``type()``; resolver methods
get a real ``inspect.Signature`` and annotations, so each library sees what it would see in
hand-written code. Annotations are the classes themselves (no strings to evaluate).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from bench.wide import WideField, all_types, python_type

Decorate = Callable[[type], type]


def make_classes(
    scalars: dict[str, Any], decorate_type: Decorate, decorate_field: Callable[[Any], Any]
) -> type:
    """Create and decorate every wide type; returns the ``Query`` class."""
    wide_types = all_types()
    classes: dict[str, type] = {t.name: type(t.name, (), {}) for t in wide_types}
    names = {**scalars, **classes}
    for wide_type in wide_types:
        cls = classes[wide_type.name]
        annotations: dict[str, Any] = {}
        for field in wide_type.fields:
            if field.args or wide_type.name == "Query":
                setattr(cls, field.name, decorate_field(_resolver(field, names)))
            else:
                annotations[field.name] = python_type(field.sdl_type, names)
        cls.__annotations__ = annotations
        decorate_type(cls)
    return classes["Query"]


def _resolver(field: WideField, names: dict[str, Any]) -> Callable[..., Any]:
    returns = python_type(field.sdl_type, names)
    empty: object = [] if field.sdl_type.startswith("[") else None

    def resolve(self: Any, **arguments: Any) -> Any:
        return empty

    parameters = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    annotations: dict[str, Any] = {}
    for arg in field.args:
        annotation = python_type(arg.sdl_type, names)
        annotations[arg.name] = annotation
        parameters.append(
            inspect.Parameter(
                arg.name,
                inspect.Parameter.POSITIONAL_OR_KEYWORD,
                default=arg.default if arg.default_sdl else inspect.Parameter.empty,
                annotation=annotation,
            )
        )
    annotations["return"] = returns
    resolve.__name__ = resolve.__qualname__ = field.name
    resolve.__annotations__ = annotations
    resolve.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        parameters, return_annotation=returns
    )
    return resolve
