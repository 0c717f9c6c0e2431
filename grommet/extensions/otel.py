"""`OpenTelemetry`: spans for operations, their phases and (when asked) resolver calls.

Needs the ``grommet[otel]`` extra (``opentelemetry-api``; an SDK to export the spans).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import Span, Status, StatusCode

from grommet.extensions.base import Hook, Operation, Resolve, SchemaExtension

if TYPE_CHECKING:
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
        # Current only when resolver spans need it as their parent (attaching costs).
        token = otel_context.attach(trace.set_span_in_context(span)) if self.wrap_fields else None
        try:
            yield
        except BaseException as exc:
            _record(span, exc)
            raise
        finally:
            if token is not None:
                otel_context.detach(token)
            span.end()

    def resolve(self, next_: Resolve, parent: Any, info: Info, **args: Any) -> Any:
        # The name says the field; one attribute, the path (each attribute costs the SDK).
        span = self._tracer.start_span(
            f"GraphQL resolve {info.parent_type}.{info.field_name}",
            attributes={"graphql.field.path": ".".join(map(str, info.path))},
        )
        try:
            value = next_(parent, info, **args)
        except BaseException as exc:
            _record(span, exc)
            span.end()
            raise
        if inspect.isawaitable(value):
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
