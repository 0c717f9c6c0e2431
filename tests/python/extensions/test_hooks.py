"""Operation, validation and execution hooks: order, nesting, results, failures, on_error."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any, cast

import pytest

import grommet
from grommet.extensions import Operation, SchemaExtension
from grommet.extensions.base import Hook
from grommet.result import ExecutionResult


@grommet.type
class Query:
    @grommet.field
    def hello(self, name: str = "world") -> str:
        return f"hello {name}"

    @grommet.field
    async def later(self) -> int:
        await asyncio.sleep(0)
        return 7

    @grommet.field
    def boom(self) -> str | None:
        raise ValueError("kaput")


@grommet.type
class Subscription:
    @grommet.subscription
    async def count(self, to: int) -> AsyncIterator[int]:
        for i in range(to):
            yield i


class Recorder(SchemaExtension):
    """Records each phase's start and end, tagged."""

    def __init__(self, tag: str, log: list[tuple[str, ...]]) -> None:
        self.tag, self.log = tag, log

    def on_operation(self, operation: Operation) -> Hook:
        self.log.append((self.tag, "operation", str(operation.operation_type)))
        try:
            yield
        except Exception as exc:  # another extension's hook failed inside this one
            self.log.append((self.tag, "/operation", f"raised {exc}"))
            raise
        assert operation.result is not None
        self.log.append((self.tag, "/operation", str(operation.operation_type)))

    def on_validate(self, operation: Operation) -> Hook:
        self.log.append((self.tag, "validate"))
        yield
        self.log.append((self.tag, "/validate"))

    def on_execute(self, operation: Operation) -> Hook:
        self.log.append((self.tag, "execute"))
        yield
        self.log.append((self.tag, "/execute"))


PLAIN = grommet.Schema(Query, subscription=Subscription)


def recorded(*tags: str) -> tuple[grommet.Schema, list[tuple[str, ...]]]:
    log: list[tuple[str, ...]] = []
    schema = grommet.Schema(
        Query, subscription=Subscription, extensions=[Recorder(t, log) for t in tags]
    )
    return schema, log


NESTED = [
    ("a", "operation", "query"),  # reading the type validates the document (cached)
    ("b", "operation", "query"),
    ("a", "validate"),
    ("b", "validate"),
    ("b", "/validate"),
    ("a", "/validate"),
    ("a", "execute"),
    ("b", "execute"),
    ("b", "/execute"),
    ("a", "/execute"),
    ("b", "/operation", "query"),
    ("a", "/operation", "query"),
]


def test_hooks_nest_in_list_order_sync() -> None:
    schema, log = recorded("a", "b")
    assert schema.execute_sync("{ hello }").to_dict() == {"data": {"hello": "hello world"}}
    assert log == NESTED


async def test_hooks_nest_in_list_order_async() -> None:
    schema, log = recorded("a", "b")
    result = await schema.execute("{ later }")
    assert result.to_dict() == {"data": {"later": 7}}
    assert log == NESTED


def test_the_operation_hook_sees_the_request() -> None:
    seen: list[Any] = []
    last_operation: list[Operation] = []

    class Look(SchemaExtension):
        def on_operation(self, operation: Operation) -> Hook:
            last_operation.append(operation)
            seen.append((operation.query, operation.operation_name, operation.variables))
            seen.append(operation.context)
            yield
            assert operation.result is not None
            seen.append((operation.operation_type, operation.result.data))

    schema = grommet.Schema(Query, extensions=[Look()])
    result = schema.execute_sync(
        "query Q($n: String!) { hello(name: $n) }",
        {"n": "you"},
        context="ctx",
        operation_name="Q",
    )
    assert result.to_dict() == {"data": {"hello": "hello you"}}
    assert seen == [
        ("query Q($n: String!) { hello(name: $n) }", "Q", {"n": "you"}),
        "ctx",
        ("query", {"hello": "hello you"}),
    ]
    assert repr(last_operation[0]) == "Operation(operation_name='Q')"


def test_an_invalid_document_runs_the_hooks_and_answers_its_errors() -> None:
    schema, log = recorded("a")
    result = schema.execute_sync("{ nope }")
    assert result.to_dict() == PLAIN.execute_sync("{ nope }").to_dict()
    assert result.to_dict() == {
        "errors": [
            {
                "message": "type `Query` does not have a field `nope`",
                "locations": [{"line": 1, "column": 3}],
            }
        ]
    }
    assert log[-1] == ("a", "/operation", "None")


class Entries(SchemaExtension):
    def on_operation(self, operation: Operation) -> Hook:
        yield
        operation.extensions["cost"] = {"fields": 1}

    def on_execute(self, operation: Operation) -> None:  # no yield: runs before only
        operation.extensions["started"] = True


def test_hooks_add_response_extensions() -> None:
    schema = grommet.Schema(Query, extensions=[Entries()])
    assert schema.execute_sync("{ hello }").to_dict() == {
        "data": {"hello": "hello world"},
        "extensions": {"started": True, "cost": {"fields": 1}},
    }


def test_timing_reports_each_phase() -> None:
    schema = grommet.Schema(Query, extensions=[grommet.extensions.Timing()])
    result = schema.execute_sync("{ hello }")
    assert result.extensions is not None
    timing = result.extensions["timing"]
    assert sorted(timing) == ["execution", "total", "validation"]
    assert all(isinstance(v, float) and v >= 0 for v in timing.values())
    assert timing["total"] >= timing["execution"]


class Failing(SchemaExtension):
    """Raises in ``phase`` (``"<hook>"`` before the yield, ``"/<hook>"`` after) once."""

    def __init__(self, phase: str) -> None:
        self.phase = phase
        self.failures = 1

    def _maybe_fail(self, here: str) -> None:
        if here == self.phase and self.failures:
            self.failures -= 1
            raise RuntimeError(f"broken at {here}")

    def on_operation(self, operation: Operation) -> Hook:
        self._maybe_fail("operation")
        yield
        self._maybe_fail("/operation")

    def on_execute(self, operation: Operation) -> Hook:
        self._maybe_fail("execute")
        yield
        self._maybe_fail("/execute")


@pytest.mark.parametrize(
    ("phase", "hook"),
    [
        ("operation", "on_operation"),
        ("/operation", "on_operation"),
        ("execute", "on_execute"),
        ("/execute", "on_execute"),
    ],
)
def test_a_hook_that_raises_is_a_clear_error_and_does_not_leak(
    phase: str, hook: str, caplog: pytest.LogCaptureFixture
) -> None:
    log: list[tuple[str, ...]] = []
    schema = grommet.Schema(Query, extensions=[Recorder("outer", log), Failing(phase)])
    with caplog.at_level(logging.ERROR, logger="grommet"):
        result = schema.execute_sync("query Named { hello }", operation_name="Named")
    assert result.to_dict() == {
        "errors": [{"message": f"Failing.{hook} failed: broken at {phase}"}]
    }
    assert isinstance(result.errors[0].original_error, RuntimeError)
    # The outer extension's hook saw the failure at its yield, and it was logged.
    assert log[-1] == ("outer", "/operation", f"raised Failing.{hook} failed: broken at {phase}")
    [record] = caplog.records
    assert record.getMessage() == (
        "grommet extension hook failed in operation Named: "
        f"Failing.{hook} failed: broken at {phase}"
    )
    assert record.exc_info is not None
    # The next request is unaffected.
    assert schema.execute_sync("{ hello }").to_dict() == {"data": {"hello": "hello world"}}


async def test_a_failing_hook_is_masked_with_mask_errors() -> None:
    schema = grommet.Schema(Query, mask_errors=True, extensions=[Failing("execute")])
    result = await schema.execute("{ hello }")
    assert result.to_dict() == {"errors": [{"message": "Internal server error"}]}


def test_a_hook_that_yields_twice_is_an_error() -> None:
    class Twice(SchemaExtension):
        def on_operation(self, operation: Operation) -> Hook:
            yield
            yield

    result = grommet.Schema(Query, extensions=[Twice()]).execute_sync("{ hello }")
    assert result.to_dict() == {
        "errors": [{"message": "Twice.on_operation failed: the hook yielded more than once"}]
    }


class Codes(SchemaExtension):
    def __init__(self, seen: list[str]) -> None:
        self.seen = seen

    def on_error(self, error: grommet.GraphQLError, operation: Operation) -> grommet.GraphQLError:
        self.seen.append(error.message)
        error.extensions = {"code": "INTERNAL", "operation": operation.operation_name}
        if error.original_error is not None:
            error.message = f"failed: {type(error.original_error).__name__}"
        return error


def test_on_error_rewrites_every_error_in_list_order() -> None:
    seen: list[str] = []
    schema = grommet.Schema(Query, mask_errors=True, extensions=[Codes(seen), Codes(seen)])
    result = schema.execute_sync("query Q { hello boom }", operation_name="Q")
    assert result.to_dict() == {
        "data": {"hello": "hello world", "boom": None},
        "errors": [
            {
                "message": "failed: ValueError",
                "locations": [{"line": 1, "column": 17}],
                "path": ["boom"],
                "extensions": {"code": "INTERNAL", "operation": "Q"},
            }
        ],
    }
    assert seen == ["Internal server error", "failed: ValueError"]


def test_on_error_sees_request_errors_too() -> None:
    seen: list[str] = []
    schema = grommet.Schema(Query, extensions=[Codes(seen)])
    assert schema.execute_sync("{ hello(").to_dict()["errors"][0]["extensions"] == {
        "code": "INTERNAL",
        "operation": None,
    }
    assert seen == [
        "syntax error: expected an Argument",
        "syntax error: expected R_PAREN, got EOF",
        "syntax error: expected R_CURLY, got EOF",
    ]


async def test_subscription_hooks_span_the_stream_and_run_per_event() -> None:
    schema, log = recorded("a")
    results = [r.to_dict() async for r in schema.subscribe("subscription { count(to: 2) }")]
    assert results == [{"data": {"count": 0}}, {"data": {"count": 1}}]
    assert log == [
        ("a", "operation", "subscription"),
        ("a", "validate"),
        ("a", "/validate"),
        ("a", "execute"),
        ("a", "/execute"),
        ("a", "execute"),
        ("a", "/execute"),
        ("a", "/operation", "subscription"),
    ]


async def test_a_subscription_that_fails_to_start_runs_the_hooks() -> None:
    schema, log = recorded("a")
    results = [r.to_dict() async for r in schema.subscribe("subscription { count }")]
    plain = [r.to_dict() async for r in PLAIN.subscribe("subscription { count }")]
    assert results == plain
    assert len(results) == 1
    assert "errors" in results[0]
    assert log[-1] == ("a", "/operation", "None")


async def test_leaving_a_hooked_subscription_closes_its_stream_and_hooks() -> None:
    closed: list[str] = []

    @grommet.type
    class Endless:
        @grommet.subscription
        async def ticks(self) -> AsyncIterator[int]:
            try:
                while True:
                    yield 1
                    await asyncio.sleep(0)
            finally:
                closed.append("stream")

    class Watch(SchemaExtension):
        def on_operation(self, operation: Operation) -> Hook:
            try:
                yield
            finally:
                closed.append("hook")

    schema = grommet.Schema(Query, subscription=Endless, extensions=[Watch()])
    events = schema.subscribe("subscription { ticks }")
    assert (await anext(events)).to_dict() == {"data": {"ticks": 1}}
    await cast("AsyncGenerator[ExecutionResult, None]", events).aclose()
    assert closed == ["stream", "hook"]


async def test_a_failing_execute_hook_ends_a_subscription_with_one_error() -> None:
    schema = grommet.Schema(Query, subscription=Subscription, extensions=[Failing("/execute")])
    results = [r.to_dict() async for r in schema.subscribe("subscription { count(to: 3) }")]
    assert results == [{"errors": [{"message": "Failing.on_execute failed: broken at /execute"}]}]
    again = [r.to_dict() async for r in schema.subscribe("subscription { count(to: 2) }")]
    assert again == [{"data": {"count": 0}}, {"data": {"count": 1}}]


class FailingOperation(SchemaExtension):
    """Only an operation hook (the schema's one hook, run on the short path), raising in
    ``phase`` once."""

    def __init__(self, phase: str, log: list[str]) -> None:
        self.phase, self.log = phase, log

    def on_operation(self, operation: Operation) -> Hook:
        phase, self.phase = self.phase, ""  # fails once
        if phase == "operation":
            raise RuntimeError("broken at operation")
        try:
            yield
        except BaseException as exc:
            self.log.append(f"saw {type(exc).__name__}")
            raise
        self.log.append(f"ended with {operation.result!r}")
        if phase == "/operation":
            raise RuntimeError("broken at /operation")


@pytest.mark.parametrize("phase", ["operation", "/operation"])
async def test_a_lone_operation_hook_that_raises(
    phase: str, caplog: pytest.LogCaptureFixture
) -> None:
    log: list[str] = []
    schema = grommet.Schema(Query, extensions=[FailingOperation(phase, log)])
    with caplog.at_level(logging.ERROR, logger="grommet"):
        result = await schema.execute("{ later }")
    assert result.to_dict() == {
        "errors": [{"message": f"FailingOperation.on_operation failed: broken at {phase}"}]
    }
    assert isinstance(result.errors[0].original_error, RuntimeError)
    assert len(caplog.records) == 1
    ended = "ended with ExecutionResult(data={'later': 7}, errors=[], extensions=None)"
    assert log == ([] if phase == "operation" else [ended])
    assert (await schema.execute("{ hello }")).to_dict() == {"data": {"hello": "hello world"}}


class BrokenErrors(SchemaExtension):
    def __init__(self, log: list[str]) -> None:
        self.log = log

    def on_operation(self, operation: Operation) -> Hook:
        try:
            yield
        except Exception as exc:
            self.log.append(str(exc))
            raise

    def on_error(self, error: grommet.GraphQLError, operation: Operation) -> grommet.GraphQLError:
        raise KeyError("no code")


async def test_a_failing_on_error_reaches_the_operation_hook() -> None:
    log: list[str] = []
    schema = grommet.Schema(Query, extensions=[BrokenErrors(log)])
    result = await schema.execute("{ boom }")
    assert result.to_dict() == {"errors": [{"message": "BrokenErrors.on_error failed: 'no code'"}]}
    assert log == ["BrokenErrors.on_error failed: 'no code'"]


async def test_a_lone_operation_hook_sees_a_cancelled_execution() -> None:
    log: list[str] = []
    started = asyncio.Event()

    @grommet.type
    class Slow:
        @grommet.field
        async def wait(self) -> int:
            started.set()
            await asyncio.sleep(10)
            return 1

    schema = grommet.Schema(Slow, extensions=[FailingOperation("", log)])
    task = asyncio.ensure_future(schema.execute("{ wait }"))
    await asyncio.wait_for(started.wait(), 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert log == ["saw CancelledError"]


def test_an_async_hook_is_refused_when_the_schema_is_built() -> None:
    class AsyncGenerator(SchemaExtension):
        async def on_operation(self, operation: Operation) -> AsyncIterator[None]:  # type: ignore[override]
            yield

    class Coroutine(SchemaExtension):
        async def on_error(  # type: ignore[override]
            self, error: grommet.GraphQLError, operation: Operation
        ) -> grommet.GraphQLError:
            return error

    for extension, method in ((AsyncGenerator(), "on_operation"), (Coroutine(), "on_error")):
        with pytest.raises(TypeError) as caught:
            grommet.Schema(Query, extensions=[extension])
        assert str(caught.value) == (
            f"{type(extension).__name__}.{method} is async: execution hooks are plain "
            "generators (or functions), run on every request without awaiting; hand slow "
            "work to a background exporter or thread"
        )


class ReturnsText(grommet.SchemaExtension):
    def on_error(self, error: grommet.GraphQLError, operation: Operation) -> grommet.GraphQLError:
        return "not an error"  # type: ignore[return-value]  # the mistake under test


@pytest.mark.parametrize("mask", [False, True])
def test_on_error_returning_something_else_is_the_hooks_failure(
    mask: bool, caplog: pytest.LogCaptureFixture
) -> None:
    """A response whose errors are not errors cannot be sent: the hook's failure is."""
    schema = grommet.Schema(Query, mask_errors=mask, extensions=[ReturnsText()])
    with caplog.at_level(logging.ERROR, logger="grommet"):
        result = schema.execute_sync("{ hello boom }")
    message = (
        "Internal server error"
        if mask
        else "ReturnsText.on_error failed: on_error must return a grommet.GraphQLError, got str"
    )
    assert result.to_dict() == {"errors": [{"message": message}]}
    assert "ReturnsText.on_error failed" in caplog.text


class SlotReader(SchemaExtension):
    """Reads every slot of the `Operation` it is given, before and after execution."""

    def __init__(self, seen: list[dict[str, Any]]) -> None:
        self.seen = seen

    def on_operation(self, operation: Operation) -> Hook:
        self.seen.append({name: getattr(operation, name) for name in Operation.__slots__})
        yield
        self.seen.append({name: getattr(operation, name) for name in Operation.__slots__})


@pytest.mark.parametrize("extra", [False, True], ids=["one hook (short path)", "phases"])
def test_every_operation_slot_is_set_on_both_paths(extra: bool) -> None:
    # The one-hook path builds `Operation` without `__init__`: a slot added to the class
    # and not set there would raise AttributeError here.
    seen: list[dict[str, Any]] = []
    extensions: list[SchemaExtension] = [SlotReader(seen)]
    if extra:
        extensions.append(Recorder("b", []))
    schema = grommet.Schema(query=Query, extensions=extensions)
    result = schema.execute_sync(
        "query Q($n: String) { hello(name: $n) }", {"n": "x"}, context="ctx", operation_name="Q"
    )
    assert result.data == {"hello": "hello x"}
    before, after = seen
    assert set(before) == set(Operation.__slots__)
    expected = {
        "query": "query Q($n: String) { hello(name: $n) }",
        "variables": {"n": "x"},
        "context": "ctx",
        "root": None,
        "operation_name": "Q",
        "result": None,
        "_extensions": None,
    }
    assert {k: before[k] for k in expected} == expected
    assert after["result"] is not None
    assert after["result"].data == {"hello": "hello x"}
