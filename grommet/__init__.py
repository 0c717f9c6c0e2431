"""grommet: fast, typed GraphQL for Python with a Rust execution engine."""

from grommet import asgi  # the ASGI app: standard library only, no server imported
from grommet._core import Info, SchemaError
from grommet.asgi.uploads import Upload, UploadFile
from grommet.dataloader import DataLoader
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
