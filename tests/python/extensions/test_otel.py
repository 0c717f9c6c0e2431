"""`grommet.extensions.OpenTelemetry`, checked with the SDK's in-memory exporter."""

from __future__ import annotations

import asyncio

import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import StatusCode

import grommet
from grommet.extensions import OpenTelemetry


@grommet.type
class Item:
    name: str

    @grommet.field
    async def price(self) -> int:
        await asyncio.sleep(0)
        return len(self.name)


@grommet.type
class Query:
    @grommet.field
    def items(self) -> list[Item]:
        return [Item(name="ab"), Item(name="cde")]

    @grommet.field
    def boom(self) -> str | None:
        raise ValueError("kaput")


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


def traced(exporter: InMemorySpanExporter, **options: bool) -> grommet.Schema:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return grommet.Schema(Query, extensions=[OpenTelemetry(tracer_provider=provider, **options)])


def by_name(spans: tuple[ReadableSpan, ...]) -> dict[str, ReadableSpan]:
    return {span.name: span for span in spans}


def parent_of(span: ReadableSpan) -> int | None:
    return span.parent.span_id if span.parent is not None else None


def test_an_operation_span_with_validation_and_execution_children(
    exporter: InMemorySpanExporter,
) -> None:
    schema = traced(exporter, include_document=True)
    query = "query Items { items { name } }"
    assert schema.execute_sync(query, operation_name="Items").to_dict() == {
        "data": {"items": [{"name": "ab"}, {"name": "cde"}]}
    }
    spans = exporter.get_finished_spans()
    assert [s.name for s in spans] == ["GraphQL validation", "GraphQL execution", "query Items"]
    named = by_name(spans)
    operation = named["query Items"]
    assert dict(operation.attributes or {}) == {
        "graphql.operation.name": "Items",
        "graphql.operation.type": "query",
        "graphql.document": query,
    }
    assert operation.parent is None
    assert operation.status.status_code is StatusCode.UNSET
    for child in ("GraphQL validation", "GraphQL execution"):
        assert parent_of(named[child]) == operation.context.span_id


async def test_resolver_spans_with_their_paths_under_the_execution_span(
    exporter: InMemorySpanExporter,
) -> None:
    schema = traced(exporter, resolver_spans=True)
    result = await schema.execute("{ items { name price } }")
    assert result.to_dict() == {
        "data": {"items": [{"name": "ab", "price": 2}, {"name": "cde", "price": 3}]}
    }
    spans = exporter.get_finished_spans()
    execution = by_name(spans)["GraphQL execution"]
    resolvers = [s for s in spans if s.name.startswith("GraphQL resolve")]
    assert sorted(str((s.attributes or {})["graphql.field.path"]) for s in resolvers) == [
        "items",
        "items.0.price",
        "items.1.price",
    ]
    assert {s.name for s in resolvers} == {
        "GraphQL resolve Query.items",
        "GraphQL resolve Item.price",
    }  # data fields (`name`) are no resolver calls: no span
    assert all(parent_of(s) == execution.context.span_id for s in resolvers)
    # An async resolver's span ends when its value is ready, not when the call returns.
    price = next(s for s in resolvers if s.name.endswith("price"))
    assert price.end_time is not None and price.start_time is not None
    assert by_name(spans)["query"].name == "query"


def test_errors_are_recorded_on_the_spans(exporter: InMemorySpanExporter) -> None:
    schema = traced(exporter, resolver_spans=True)
    result = schema.execute_sync("{ boom }")
    assert result.errors[0].message == "kaput"
    named = by_name(exporter.get_finished_spans())
    resolver = named["GraphQL resolve Query.boom"]
    assert resolver.status.status_code is StatusCode.ERROR
    assert [e.name for e in resolver.events] == ["exception"]
    operation = named["query"]
    assert operation.status.status_code is StatusCode.ERROR
    assert operation.status.description == "kaput"
    exception = operation.events[0]
    assert exception.name == "exception"
    assert (exception.attributes or {})["exception.type"] == "ValueError"


def test_request_errors_are_events_of_the_operation_span(exporter: InMemorySpanExporter) -> None:
    schema = traced(exporter)
    schema.execute_sync("{ nope }")
    *_, operation = exporter.get_finished_spans()
    assert operation.name == "GraphQL operation"  # the type of an invalid document is unknown
    assert operation.status.status_code is StatusCode.ERROR
    assert [e.name for e in operation.events] == ["graphql.error"]
    assert dict(operation.events[0].attributes or {}) == {
        "message": "type `Query` does not have a field `nope`",
        "path": (),
    }


def test_without_resolver_spans_fields_are_not_wrapped(exporter: InMemorySpanExporter) -> None:
    schema = traced(exporter)
    schema.execute_sync("{ items { name } }")
    assert len(exporter.get_finished_spans()) == 3


@grommet.type
class Post:
    id: int

    @grommet.field(batch=True)
    async def title(posts: list[Post]) -> list[str]:
        await asyncio.sleep(0)
        return [f"post {p.id}" for p in posts]


@grommet.type
class Blog:
    @grommet.field
    def posts(self) -> list[Post]:
        return [Post(id=1), Post(id=2), Post(id=3)]

    @grommet.field
    def user_span(self, info: grommet.Info) -> str:
        # A span the resolver's own code starts is a child of the execution span.
        provider: TracerProvider = info.context
        with provider.get_tracer("app").start_as_current_span("app work"):
            return "done"


async def test_a_batch_call_is_one_span_with_its_size(exporter: InMemorySpanExporter) -> None:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    schema = grommet.Schema(
        Blog, extensions=[OpenTelemetry(tracer_provider=provider, resolver_spans=True)]
    )
    result = await schema.execute("{ posts { title } userSpan }", context=provider)
    assert result.to_dict() == {
        "data": {
            "posts": [{"title": "post 1"}, {"title": "post 2"}, {"title": "post 3"}],
            "userSpan": "done",
        }
    }
    spans = exporter.get_finished_spans()
    named = by_name(spans)
    assert sorted(s.name for s in spans) == [
        "GraphQL execution",
        "GraphQL resolve Blog.posts",
        "GraphQL resolve Blog.userSpan",
        "GraphQL resolve Post.title",
        "GraphQL validation",
        "app work",
        "query",
    ]
    batch = named["GraphQL resolve Post.title"]
    assert dict(batch.attributes or {}) == {
        "graphql.field.path": "posts.0.title",
        "graphql.batch.size": 3,
    }
    execution = named["GraphQL execution"].context.span_id
    assert parent_of(batch) == execution
    assert parent_of(named["app work"]) == execution
