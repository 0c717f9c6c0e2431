"""`OpenTelemetry`: spans for operations, their phases and (when asked) resolver calls.

Needs the ``grommet[otel]`` extra (``opentelemetry-api``; an SDK to export the spans).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Sequence
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import Span, Status, StatusCode

from grommet.extensions.base import Hook, Operation, Resolve, SchemaExtension

if TYPE_CHECKING:
    from opentelemetry.context import Context

    from grommet._core import Info


class OpenTelemetry(SchemaExtension):
    """A span per operation, child spans for validation and execution, and, with
    ``resolver_spans=True``, a span per resolver call, ``"GraphQL resolve <Type>.<field>"``
    with ``graphql.field.path`` (children of the execution span; data fields, read off their
    parent, get none).

    The operation span is named ``"<type> <name>"`` (``"query"`` for an anonymous query) and
    carries ``graphql.operation.name`` and ``graphql.operation.type``, plus
    ``graphql.document`` when ``include_document=True``. Errors of the response are recorded
    on it (the exception of an unexpected one, an event for the others) and set its status to
    ERROR; a resolver span records its resolver's exception. ``tracer_provider`` defaults to
    the global one.
    """

    def __init__(
        self,
        *,
        resolver_spans: bool = False,
        include_document: bool = False,
        tracer_provider: trace.TracerProvider | None = None,
    ) -> None:
        self._tracer = trace.get_tracer("grommet", tracer_provider=tracer_provider)
        self._include_document = include_document
        # Without resolver spans, fields keep their bindings: nothing runs per field. Data
        # fields are no resolver calls: they get no span (and stay at the engine's speed).
        self.wrap_fields = resolver_spans
        self.wrap_data_fields = False

    def on_operation(self, operation: Operation) -> Hook:
        attributes: dict[str, Any] = {}
        if operation.operation_name is not None:
            attributes["graphql.operation.name"] = operation.operation_name
        if self._include_document:
            attributes["graphql.document"] = operation.query
        span = self._tracer.start_span("GraphQL operation", attributes=attributes)
        token = otel_context.attach(trace.set_span_in_context(span))
        try:
            yield
        except BaseException as exc:
            _record(span, exc)
            raise
        else:
            kind = operation.operation_type
            if kind is not None:
                span.set_attribute("graphql.operation.type", kind)
                name = operation.operation_name
                span.update_name(f"{kind} {name}" if name else kind)
            result = operation.result
            for error in result.errors if result is not None else ():
                if error.original_error is not None:
                    span.record_exception(error.original_error)
                else:
                    span.add_event(
                        "graphql.error",
                        {"message": error.message, "path": [str(p) for p in error.path or ()]},
                    )
            if result is not None and result.errors:
                span.set_status(Status(StatusCode.ERROR, result.errors[0].message))
        finally:
            otel_context.detach(token)
            span.end()

    def on_validate(self, operation: Operation) -> Hook:
        span = self._tracer.start_span("GraphQL validation")  # a child of the current span
        try:
            yield
        finally:
            span.end()

    def on_execute(self, operation: Operation) -> Hook:
        span = self._tracer.start_span("GraphQL execution")
        tokens = None
        if self.wrap_fields:
            # Current while resolvers run, so spans their code starts are its children; resolver
            # spans name it as their parent directly (cheaper than the SDK finding the current
            # one).
            parent = trace.set_span_in_context(span)
            tokens = (otel_context.attach(parent), _EXECUTION.set(parent))
        try:
            yield
        except BaseException as exc:
            _record(span, exc)
            raise
        finally:
            if tokens is not None:
                _EXECUTION.reset(tokens[1])
                otel_context.detach(tokens[0])
            span.end()

    def resolve(self, next_: Resolve, parent: Any, info: Info, **args: Any) -> Any:
        name = f"GraphQL resolve {info.parent_type}.{info.field_name}"
        return _traced(self._tracer.start_span, name, next_, parent, info, **args)

    def _field_resolver(
        self, parent_type: str, field_name: str, next_: Resolve, batch: bool
    ) -> Resolve:
        if type(self).resolve is not OpenTelemetry.resolve:  # a subclass's own `resolve`
            return super()._field_resolver(parent_type, field_name, next_, batch)
        # Made once per field: the span's name, the tracer's bound method and the next step
        # are bound here, so a call does no lookups for them.
        traced = _traced_batch if batch else _traced
        name = f"GraphQL resolve {parent_type}.{field_name}"
        return functools.partial(traced, self._tracer.start_span, name, next_)


_EXECUTION: ContextVar[Context | None] = ContextVar("grommet_otel_execution", default=None)
"""The context of the execution span resolver spans are children of."""

_PATH = "graphql.field.path"


def _traced(
    start_span: Callable[..., Span],
    name: str,
    next_: Resolve,
    parent: Any,
    info: Info,
    /,
    **args: Any,
) -> Any:
    """One resolver call in its span: ``graphql.field.path`` is its one attribute (each
    attribute costs the SDK; set after the start, it costs less than as a start argument)."""
    span = start_span(name, _EXECUTION.get())
    span.set_attribute(_PATH, ".".join(map(str, info.path)))
    try:
        value = next_(parent, info, **args)
    except BaseException as exc:
        _record(span, exc)
        span.end()
        raise
    if hasattr(type(value), "__await__"):  # what the engine awaits (its `am_await` test)
        return _finish_later(span, value)
    span.end()
    return value


def _traced_batch(
    start_span: Callable[..., Span],
    name: str,
    next_: Resolve,
    parents: Sequence[Any],
    info: Info,
    /,
    **args: Any,
) -> Any:
    """One batch call in its span: the first parent's path and the batch's size."""
    span = start_span(name, _EXECUTION.get())
    span.set_attribute(_PATH, ".".join(map(str, info.path)))
    span.set_attribute("graphql.batch.size", len(parents))
    try:
        value = next_(parents, info, **args)
    except BaseException as exc:
        _record(span, exc)
        span.end()
        raise
    if hasattr(type(value), "__await__"):
        return _finish_later(span, value)
    span.end()
    return value


async def _finish_later(span: Span, value: Awaitable[Any]) -> Any:
    try:
        return await value
    except BaseException as exc:
        _record(span, exc)
        raise
    finally:
        span.end()


def _record(span: Span, exc: BaseException) -> None:
    span.record_exception(exc)
    span.set_status(Status(StatusCode.ERROR, str(exc)))
