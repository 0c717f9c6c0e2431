"""Run one request on grommet and on graphql-core and compare what a client would see."""

from __future__ import annotations

import asyncio
import faulthandler
import inspect
import json
import time
from collections import Counter
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

import graphql

import grommet

from .fuzz_schema import ROOT, build_graphql_core, build_grommet

# A request that has not answered after this long is a hang: the process dumps every thread's
# stack and exits, because a Rust loop holding the GIL cannot be interrupted from Python.
HANG_SECONDS = 30.0
# An answer slower than this on a small document is a bug even if it finishes.
SLOW_SECONDS = 5.0


@dataclass(frozen=True)
class Engines:
    """The two schemas a request runs on."""

    grommet: grommet.Schema
    graphql_core: graphql.GraphQLSchema
    # Allowed difference (SECURITY.md): when a non-null error nulls a parent while sibling
    # resolvers are suspended, both engines drop the errors of the discarded subtree, but
    # which of its resolvers raised before it was discarded depends on scheduling; the spec
    # does not say. Then each engine's error paths need only be paths of failing fields.
    exact_error_paths: bool = True


SYNC = Engines(build_grommet(), build_graphql_core())
# Every resolver a coroutine that suspends: grommet's driver, graphql-core's gather.
ASYNC = Engines(
    build_grommet(asynchronous=True),
    build_graphql_core(asynchronous=True),
    exact_error_paths=False,
)
GROMMET, GRAPHQL_CORE = SYNC.grommet, SYNC.graphql_core


@dataclass
class Outcome:
    """What a client can tell apart: no errors, field errors (with data), or a request error."""

    kind: str  # "ok" | "field" | "request"
    data: Any
    error_paths: list[list[str | int]]
    response: dict[str, Any]


@dataclass
class Statistics:
    """Figures of a fuzz run, printed at the end of the session."""

    documents: int = 0
    by_label: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    known_issues: Counter[str] = field(default_factory=Counter)
    allowed: Counter[str] = field(default_factory=Counter)
    slowest: float = 0.0


STATISTICS = Statistics()


def classify_grommet(response: dict[str, Any]) -> Outcome:
    errors = response.get("errors", [])
    paths = sorted((e["path"] for e in errors if "path" in e), key=json.dumps)
    if "data" not in response:
        return Outcome("request", None, paths, response)
    return Outcome("field" if errors else "ok", response["data"], paths, response)


def classify_graphql_core(result: graphql.ExecutionResult) -> Outcome:
    errors = result.errors or []
    response = dict(result.formatted)
    paths = sorted((list(e.path) for e in errors if e.path is not None), key=json.dumps)
    # graphql-core always has `data`; a request error is the one with no path and no data.
    if result.data is None and errors and not paths:
        return Outcome("request", None, paths, response)
    return Outcome("field" if errors else "ok", result.data, paths, response)


def run_graphql_core(
    source: str,
    variables: dict[str, Any],
    operation_name: str | None,
    schema: graphql.GraphQLSchema = GRAPHQL_CORE,
) -> Outcome:
    try:
        document = graphql.parse(source)
    except graphql.GraphQLError as error:
        return classify_graphql_core(graphql.ExecutionResult(None, [error]))
    errors = graphql.validate(schema, document)
    if errors:
        return classify_graphql_core(graphql.ExecutionResult(None, errors))
    result = graphql.execute(
        schema,
        document,
        root_value=ROOT,
        variable_values=variables,
        operation_name=operation_name,
    )
    if inspect.isawaitable(result):
        result = asyncio.run(_awaited(result))
    assert isinstance(result, graphql.ExecutionResult)
    return classify_graphql_core(result)


async def _awaited(result: Awaitable[graphql.ExecutionResult]) -> graphql.ExecutionResult:
    return await result


def run_grommet(
    schema: grommet.Schema, source: str, variables: dict[str, Any], operation_name: str | None
) -> Outcome:
    faulthandler.dump_traceback_later(HANG_SECONDS, exit=True)
    started = time.perf_counter()
    try:
        result = schema.execute_sync(source, variables, root=ROOT, operation_name=operation_name)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # a PanicException is a BaseException
        raise AssertionError(f"grommet raised {type(error).__name__}: {error}") from error
    finally:
        faulthandler.cancel_dump_traceback_later()
    elapsed = time.perf_counter() - started
    STATISTICS.slowest = max(STATISTICS.slowest, elapsed)
    assert elapsed < SLOW_SECONDS, f"grommet took {elapsed:.2f}s"
    response = result.to_dict()
    check_spec_shape(response)
    return classify_grommet(response)


def check_spec_shape(response: dict[str, Any]) -> None:
    """The response map of the spec (section 7.1), as a JSON client reads it."""
    assert set(response) <= {"data", "errors", "extensions"}, response
    assert list(response) == [k for k in ("data", "errors", "extensions") if k in response]
    assert json.loads(json.dumps(response)) == response
    if "data" not in response:
        assert response.get("errors"), "a response with no data must have errors"
    else:
        assert response["data"] is None or isinstance(response["data"], dict)
    for error in response.get("errors", []):
        assert isinstance(error["message"], str) and error["message"], error
        assert set(error) <= {"message", "locations", "path", "extensions"}, error
        for location in error.get("locations", []):
            assert set(location) == {"line", "column"}, error
            assert location["line"] >= 1 and location["column"] >= 1, error
        if "path" in error:
            assert all(isinstance(key, str | int) for key in error["path"]), error
            assert "data" in response, "a request error has no path"


@dataclass(frozen=True)
class Request:
    label: str
    source: str
    variables: dict[str, Any]
    operation_name: str | None

    def describe(self) -> str:
        return (
            f"\nsource:\n{self.source}\nvariables: {self.variables!r}"
            f"\noperation_name: {self.operation_name!r}"
        )


def compare(request: Request, engines: Engines = SYNC) -> None:
    """Run the request on both engines and assert a client sees the same thing.

    A failure that a known engine bug explains (``known_issues.py``) is counted, not raised.
    """
    from .known_issues import explain

    theirs = run_graphql_core(
        request.source, request.variables, request.operation_name, engines.graphql_core
    )
    STATISTICS.documents += 1
    STATISTICS.by_label[request.label] += 1
    STATISTICS.outcomes[f"{request.label}: {theirs.kind}"] += 1
    if introspection_depth_only_elsewhere(request, theirs):
        STATISTICS.allowed["introspection depth checked on the executed operation"] += 1
        run_grommet(engines.grommet, request.source, request.variables, request.operation_name)
        return
    try:
        ours = run_grommet(
            engines.grommet, request.source, request.variables, request.operation_name
        )
        agree(request, ours, theirs, engines.exact_error_paths)
    except AssertionError as failure:
        issue = explain(request, failure, theirs)
        if issue is None:
            raise
        STATISTICS.known_issues[issue] += 1


INTROSPECTION_DEPTH = "Maximum introspection depth exceeded"


def introspection_depth_only_elsewhere(request: Request, theirs: Outcome) -> bool:
    """Allowed difference (SECURITY.md): graphql-core rejects the whole document when any
    operation nests introspection too deeply (a validation rule outside the spec); grommet,
    like its other limits, checks the operation it executes, and only the fields it executes
    (a part `@skip`/`@include` leave out costs nothing). True when graphql-core's only
    complaint is that limit and the executed operation, on its own and without the parts the
    request's variables leave out, is within it.
    """
    messages = [error["message"] for error in theirs.response.get("errors", [])]
    if theirs.kind != "request" or not messages or set(messages) != {INTROSPECTION_DEPTH}:
        return False
    operations = graphql.separate_operations(graphql.parse(request.source))
    name = request.operation_name if request.operation_name is not None else ""
    if name not in operations and len(operations) == 1:
        name = next(iter(operations))
    alone = operations.get(name)
    if alone is None:
        return False
    rule = graphql.MaxIntrospectionDepthRule
    executed = graphql.visit(alone, _LeaveOutExcluded(request.variables))
    return not graphql.validate(GRAPHQL_CORE, executed, rules=[rule])


class _LeaveOutExcluded(graphql.Visitor):
    """Removes the selections `@skip`/`@include` leave out with these variables."""

    def __init__(self, variables: dict[str, Any]) -> None:
        super().__init__()
        self.variables = variables

    def enter(self, node: graphql.Node, *_: Any) -> Any:
        if not isinstance(
            node, graphql.FieldNode | graphql.InlineFragmentNode | graphql.FragmentSpreadNode
        ):
            return None
        for directive in node.directives or ():
            condition = self.condition(directive)
            if (directive.name.value, condition) in (("skip", True), ("include", False)):
                return graphql.REMOVE
        return None

    def condition(self, directive: graphql.DirectiveNode) -> Any:
        for argument in directive.arguments or ():
            if argument.name.value == "if":
                value = argument.value
                if isinstance(value, graphql.VariableNode):
                    return self.variables.get(value.name.value)
                if isinstance(value, graphql.BooleanValueNode):
                    return value.value
        return None


def agree(request: Request, ours: Outcome, theirs: Outcome, exact_error_paths: bool) -> None:
    context = (
        f"{request.describe()}\ngrommet:      {ours.response}\ngraphql-core: {theirs.response}"
    )
    assert ours.kind == theirs.kind, "request/field error disagreement" + context
    if ours.kind != "request":
        # Exact, key order included: a client may rely on the order of the selection.
        assert json.dumps(ours.data) == json.dumps(theirs.data), "data disagreement" + context
        if exact_error_paths:
            assert ours.error_paths == theirs.error_paths, "error path disagreement" + context
        else:
            # Which suspended resolvers of a discarded subtree got to raise before it was
            # discarded is scheduling, and the two engines schedule differently. What does
            # not depend on it: every error either reports is one of a field that fails.
            failing = failing_positions(request)
            for name, outcome in (("grommet", ours), ("graphql-core", theirs)):
                reported = {tuple(path) for path in outcome.error_paths}
                assert reported <= failing, (
                    f"{name} reported an error of no failing field {sorted(reported - failing)}"
                    + context
                )


NO_PROPAGATION = graphql.parse(
    "directive @experimental_disableErrorPropagation on QUERY | MUTATION | SUBSCRIPTION"
)
# graphql-core with the directive that turns error propagation off (its resolvers kept).
UNPROPAGATED = graphql.extend_schema(GRAPHQL_CORE, NO_PROPAGATION)


def failing_positions(request: Request) -> set[tuple[str | int, ...]]:
    """The path of every field of the executed operation that fails, with nothing nulled
    above it: graphql-core with error propagation off and plain resolvers runs them all."""
    document = graphql.parse(request.source)
    operations = [d for d in document.definitions if isinstance(d, graphql.OperationDefinitionNode)]
    chosen = [
        op
        for op in operations
        if request.operation_name is None or (op.name and op.name.value == request.operation_name)
    ]
    assert len(chosen) == 1, "the fuzzer's executed operation is found the way the engines find it"
    off = graphql.DirectiveNode(
        name=graphql.NameNode(value="experimental_disableErrorPropagation"), arguments=()
    )
    op = chosen[0]
    unpropagated = graphql.OperationDefinitionNode(
        operation=op.operation,
        name=op.name,
        variable_definitions=op.variable_definitions,
        directives=(*(op.directives or ()), off),
        selection_set=op.selection_set,
    )
    definitions = tuple(unpropagated if d is op else d for d in document.definitions)
    result = graphql.execute(
        UNPROPAGATED,
        graphql.DocumentNode(definitions=definitions),
        root_value=ROOT,
        variable_values=request.variables,
        operation_name=request.operation_name,
    )
    assert isinstance(result, graphql.ExecutionResult)
    return {tuple(e.path) for e in result.errors or () if e.path is not None}
