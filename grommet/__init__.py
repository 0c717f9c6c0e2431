"""grommet: fast, typed GraphQL for Python with a Rust execution engine."""

from typing import TYPE_CHECKING, Any

from grommet._core import Info, SchemaError
from grommet.decorators import enum_type as enum
from grommet.decorators import field, subscription, union
from grommet.decorators import input_type as input
from grommet.decorators import interface_type as interface
from grommet.decorators import object_type as type
from grommet.directives import Directive, DirectiveDefinition, directive
from grommet.errors import GraphQLError, Location
from grommet.extensions import SchemaExtension
from grommet.meta import FieldOptions, ScalarType, UnionInfo
from grommet.result import ExecutionResult
from grommet.scalars import ID, scalar
from grommet.schema import Schema
from grommet.selected import SelectedField
from grommet.unset import UNSET, UnsetType

if TYPE_CHECKING:
    from grommet import asgi
    from grommet.asgi.uploads import Upload, UploadFile
    from grommet.dataloader import DataLoader

# Imported on first use: a process that only executes queries does not load the ASGI app,
# uploads or the data loader (their modules cost memory at start-up: see benchmarks/memory.py).
# `Schema` stays eager: a generated package's import then holds what its build_schema needs.
_LAZY = {
    "asgi": ("grommet.asgi", None),
    "DataLoader": ("grommet.dataloader", "DataLoader"),
    "Upload": ("grommet.asgi.uploads", "Upload"),
    "UploadFile": ("grommet.asgi.uploads", "UploadFile"),
}


def __getattr__(name: str) -> Any:
    try:
        module_name, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'grommet' has no attribute {name!r}") from None
    import importlib

    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


__all__ = [
    "ID",
    "UNSET",
    "DataLoader",
    "Directive",
    "DirectiveDefinition",
    "ExecutionResult",
    "FieldOptions",
    "GraphQLError",
    "Info",
    "Location",
    "ScalarType",
    "Schema",
    "SchemaError",
    "SchemaExtension",
    "SelectedField",
    "UnionInfo",
    "UnsetType",
    "Upload",
    "UploadFile",
    "asgi",
    "directive",
    "enum",
    "field",
    "input",
    "interface",
    "scalar",
    "subscription",
    "type",
    "union",
]
