"""Differential runs: one SDL and one set of resolver callables on graphql-core and on grommet.

A `Case` names the SDL and the Python behaviour attached to it. `run` executes a request on
both engines and returns each response in one normal form; `check` asserts that both equal
the expected response, `data` compared exactly (key order included) and errors compared by
message, locations, path and extensions (in any order, as the spec leaves it open).

Resolvers take graphql-core's calling convention, `resolver(parent, info, **arguments)`,
which a grommet binding `("call", func, "", {...})` reproduces. Resolvers that read `info`
go through `info_view`, which gives both engines' info objects one shape.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import graphql

import grommet

Resolver = Callable[..., Any]
Response = dict[str, Any]


@dataclass
class Scalar:
    """A custom scalar: `serialize` for results, `parse` for inputs (literals and variables)."""

    serialize: Callable[[Any], Any] | None = None
    parse: Callable[[Any], Any] | None = None


@dataclass
class Case:
    """A schema in SDL plus the Python behaviour both engines attach to it."""

    sdl: str
    resolvers: dict[str, dict[str, Resolver]] = field(default_factory=dict)
    scalars: dict[str, Scalar] = field(default_factory=dict)
    enums: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Python classes whose instances are an object type: grommet's `classes`, graphql-core's
    # `is_type_of` (an isinstance check), so abstract types resolve the same way.
    classes: dict[str, tuple[type, ...]] = field(default_factory=dict)
    _core: graphql.GraphQLSchema | None = None
    _grommet: grommet.Schema | None = None

    def core_schema(self) -> graphql.GraphQLSchema:
        if self._core is None:
            self._core = _build_core(self)
        return self._core

    def grommet_schema(self) -> grommet.Schema:
        if self._grommet is None:
            self._grommet = grommet.Schema.from_bundle(_bundle(self, self.core_schema()))
        return self._grommet


def _build_core(case: Case) -> graphql.GraphQLSchema:
    schema = graphql.build_schema(case.sdl)
    for type_name, fields in case.resolvers.items():
        gtype = schema.type_map[type_name]
        assert isinstance(gtype, graphql.GraphQLObjectType)
        for name, func in fields.items():
            gtype.fields[name].resolve = func
    for type_name, classes in case.classes.items():
        gtype = schema.type_map[type_name]
        assert isinstance(gtype, graphql.GraphQLObjectType)
        gtype.is_type_of = _instance_check(classes)
    for type_name, scalar in case.scalars.items():
        stype = schema.type_map[type_name]
        assert isinstance(stype, graphql.GraphQLScalarType)
        if scalar.serialize is not None:
            stype.coerce_output_value = scalar.serialize
        if scalar.parse is not None:
            stype.coerce_input_value = scalar.parse
    for type_name, values in case.enums.items():
        etype = schema.type_map[type_name]
        assert isinstance(etype, graphql.GraphQLEnumType)
        for value_name, value in values.items():
            etype.values[value_name].value = value
        # The reverse map graphql-core caches is built lazily from the values set above.
        etype.__dict__.pop("_value_lookup", None)
    return schema


def _instance_check(classes: tuple[type, ...]) -> Callable[[Any, Any], bool]:
    def is_type_of(value: Any, _info: Any) -> bool:
        return isinstance(value, classes)

    return is_type_of


def _bundle(case: Case, core: graphql.GraphQLSchema) -> dict[str, Any]:
    types: dict[str, Any] = {}
    for type_name, fields in case.resolvers.items():
        gtype = core.type_map[type_name]
        assert isinstance(gtype, graphql.GraphQLObjectType)
        bound = {
            name: ("call", func, "", {arg: arg for arg in gtype.fields[name].args})
            for name, func in fields.items()
        }
        types.setdefault(type_name, {})["fields"] = bound
    for type_name, classes in case.classes.items():
        types.setdefault(type_name, {})["classes"] = classes
    return {
        "sdl": case.sdl,
        "types": types,
        "enums": case.enums,
        "scalars": {name: (s.serialize, s.parse) for name, s in case.scalars.items()},
    }


@dataclass
class Request:
    query: str
    variables: Mapping[str, Any] | None = None
    root: Any = None
    context: Any = None
    operation_name: str | None = None


async def run_core(case: Case, request: Request) -> Response:
    outcome = graphql.graphql(
        case.core_schema(),
        request.query,
        root_value=request.root,
        context_value=request.context,
        variable_values=None if request.variables is None else dict(request.variables),
        operation_name=request.operation_name,
    )
    result = await outcome
    return _normal(result.formatted)


async def _grommet_result(case: Case, request: Request) -> grommet.ExecutionResult:
    return await case.grommet_schema().execute(
        request.query,
        request.variables,
        root=request.root,
        context=request.context,
        operation_name=request.operation_name,
    )


async def run_grommet(case: Case, request: Request) -> Response:
    out = (await _grommet_result(case, request)).to_dict()
    out.setdefault("data", None)  # a request error: graphql-core reports `data` as null
    return _normal(dict(out))


def _normal(response: Mapping[str, Any]) -> Response:
    out: Response = {"data": response.get("data")}
    errors = [_normal_error(e) for e in response.get("errors") or []]
    if errors:
        out["errors"] = sorted(errors, key=lambda e: json.dumps(e, sort_keys=True, default=str))
    return out


def _normal_error(error: Mapping[str, Any]) -> dict[str, Any]:
    # graphql-core quotes names in messages with ' where graphql-js (and grommet) use ":
    # the one systematic difference in wording (docs/compatibility.md).
    out: dict[str, Any] = {"message": error["message"].replace("'", '"')}
    if error.get("locations"):
        out["locations"] = [dict(loc) for loc in error["locations"]]
    if error.get("path") is not None:
        out["path"] = list(error["path"])
    if error.get("extensions"):
        out["extensions"] = dict(error["extensions"])
    return out


def ordered(value: Any) -> Any:
    """`value` with every dict turned into its list of items, so == compares key order too."""
    if isinstance(value, dict):
        return [("{}", k, ordered(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [ordered(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    return value


def run(case: Case, request: Request | str, **kwargs: Any) -> tuple[Response, Response]:
    """Both engines' responses to `request` (each in its own event loop)."""
    if isinstance(request, str):
        request = Request(request, **kwargs)
    core = asyncio.run(asyncio.wait_for(run_core(case, request), 10))
    ours = asyncio.run(asyncio.wait_for(run_grommet(case, request), 10))
    return core, ours


def check(case: Case, request: Request | str, expected: Response, **kwargs: Any) -> None:
    """Assert that graphql-core and grommet both answer `request` with exactly `expected`."""
    core, ours = run(case, request, **kwargs)
    want = _normal(expected)
    assert ordered(core) == ordered(want), f"graphql-core answered {core}"
    assert ordered(ours) == ordered(want), f"grommet answered {ours}"


def check_rejected(case: Case, request: Request | str, **kwargs: Any) -> None:
    """Assert both engines reject `request` before execution (validation or variables).

    Only the rejection is compared: grommet's validation messages are apollo-compiler's,
    not graphql-core's (docs/compatibility.md).
    """
    if isinstance(request, str):
        request = Request(request, **kwargs)
    core = asyncio.run(asyncio.wait_for(run_core(case, request), 10))
    result = asyncio.run(asyncio.wait_for(_grommet_result(case, request), 10))
    assert core["data"] is None and core.get("errors"), f"graphql-core answered {core}"
    out = result.to_dict()
    assert "data" not in out and out.get("errors"), f"grommet answered {out}"


def check_same(case: Case, request: Request | str, **kwargs: Any) -> Response:
    """Assert both engines answer alike; return the answer (for cases that also pin it)."""
    core, ours = run(case, request, **kwargs)
    assert ordered(ours) == ordered(core), f"grommet {ours} != graphql-core {core}"
    return ours


def info_view(info: Any) -> dict[str, Any]:
    """The parts of a resolver's info object both engines provide, in one shape."""
    if isinstance(info, graphql.GraphQLResolveInfo):
        op = info.operation
        return {
            "field_name": info.field_name,
            "parent_type": info.parent_type.name,
            "path": info.path.as_list(),
            "context": info.context,
            "root": info.root_value,
            "variables": dict(info.variable_values.coerced),
            "operation_name": op.name.value if op.name else None,
        }
    return {
        "field_name": info.field_name,
        "parent_type": info.parent_type,
        "path": info.path,
        "context": info.context,
        "root": info.root,
        "variables": dict(info.variables),
        "operation_name": info.operation_name,
    }


def err(message: str, *locs: tuple[int, int], path: Sequence[str | int] | None = None) -> Response:
    """An error as the response reports it."""
    out: Response = {"message": message}
    if locs:
        out["locations"] = [{"line": line, "column": col} for line, col in locs]
    if path is not None:
        out["path"] = list(path)
    return out
