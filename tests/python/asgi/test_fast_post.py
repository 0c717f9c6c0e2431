"""The engine's answerer of JSON POSTs (``grommet._core.HttpPost``) against the Python path it
stands in for: every request of a corpus (bodies, parameters, headers, media types, chunked
and disconnected bodies, suspended resolvers, resolvers shaping the response, results that do
not encode) gets the same messages, byte for byte, from an app with the fast path and from
the same app without it; and the fast path really answers the common ones."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import math
from collections.abc import AsyncIterator
from types import MappingProxyType
from typing import Annotated, Any

import httpx
import pytest

import grommet
from grommet.asgi import GraphQL
from grommet.asgi.http import finish_post
from grommet.asgi.request import Request
from grommet.extensions import Operation, SchemaExtension
from tests.python.asgi.asgi_call import Message, call, http_scope
from tests.python.asgi.live import serve

pytestmark = pytest.mark.timeout(60)

JSON = Annotated[Any, grommet.scalar(name="JSON", serialize=lambda v: v, parse_value=lambda v: v)]


def even(value: Any) -> int:
    if isinstance(value, int) and value % 2 == 0:
        return value
    error = grommet.GraphQLError("not even", extensions={"code": "ODD", "got": value})
    if value == "proxy":  # extensions that are not a plain dict: encoded the Python way
        error.extensions = MappingProxyType({"code": "PROXY"})  # type: ignore[assignment]
    raise error


Even = Annotated[int, grommet.scalar(name="Even", serialize=lambda v: v, parse_value=even)]


@grommet.type
class Row:
    id: grommet.ID
    name: str
    score: float


@grommet.type
class Query:
    @grommet.field
    def hello(self, name: str = "world") -> str:
        return f'Hello, {name}! é\n"漢"\U0001f600'

    @grommet.field
    def rows(self, first: int = 3) -> list[Row]:
        return [Row(id=grommet.ID(str(i)), name=f"row {i}", score=i / 3) for i in range(first)]

    @grommet.field
    async def later(self, value: int = 1) -> int:
        await asyncio.sleep(0)
        return value * 2

    @grommet.field
    def value(self, v: JSON) -> JSON:
        return v

    @grommet.field
    def half(self, v: Even) -> int:
        return v // 2

    @grommet.field
    def nan(self) -> JSON:
        return math.nan

    @grommet.field
    def forbidden(self) -> str | None:
        raise grommet.GraphQLError("not allowed", extensions={"code": "FORBIDDEN", "n": 2**70})

    @grommet.field
    def required(self) -> str:
        raise RuntimeError("no value")

    @grommet.field
    def teapot(self, info: grommet.Info) -> str:
        response = info.context.response
        response.status_code = 418
        response.headers["x-kind"] = "teapot"
        response.set_cookie("brewed", "yes")
        return "short and stout"

    @grommet.field
    def bad_header(self, info: grommet.Info) -> str:
        info.context.response.headers["x-bad"] = "a\nb"
        return "sent"


@grommet.type
class Mutation:
    @grommet.field
    def echo(self, text: str) -> str:
        return text


@grommet.type
class Subscription:
    @grommet.subscription
    async def count(self, to: int) -> AsyncIterator[int]:
        for number in range(to):
            yield number


SCHEMA = grommet.Schema(Query, Mutation, Subscription)


class Counting:
    """An HttpPost that counts what it answered."""

    def __init__(self, post: Any) -> None:
        self.post = post
        self.answered = 0

    def serve(self, scope: Any, receive: Any, send: Any) -> Any:
        serving = self.post.serve(scope, receive, send)
        return None if serving is None else self.counted(serving)

    async def counted(self, serving: Any) -> Any:
        left = await serving
        if left is None or left[0] == 2:  # sent, or executed and finished in Python
            self.answered += 1
        return left


def apps(**options: Any) -> tuple[GraphQL, GraphQL, Counting]:
    fast = GraphQL(SCHEMA, **options)
    assert fast._settings.fast_post is not None
    counting = Counting(fast._settings.fast_post)
    fast._settings = dataclasses.replace(fast._settings, fast_post=counting)
    slow = GraphQL(SCHEMA, **options)
    slow._settings = dataclasses.replace(slow._settings, fast_post=None)
    return fast, slow, counting


def body(query: str, **extra: Any) -> bytes:
    return json.dumps({"query": query, **extra}).encode()


JSON_HEADERS = [("content-type", "application/json")]

# (what, body, headers, whether the fast path answers it)
REQUESTS: list[tuple[str, bytes, list[tuple[str, str]], bool]] = [
    ("plain", body("{ hello }"), JSON_HEADERS, True),
    (
        "variables",
        body("query($n: String!) { hello(name: $n) }", variables={"n": "é"}),
        JSON_HEADERS,
        True,
    ),
    (
        "operation",
        body("query A { hello } query B { rows { id } }", operationName="B"),
        JSON_HEADERS,
        True,
    ),
    (
        "nulls",
        body("{ hello }", variables=None, operationName=None, extensions=None),
        JSON_HEADERS,
        True,
    ),
    ("extensions", body("{ hello }", extensions={"tracing": True}), JSON_HEADERS, True),
    (
        "list",
        body("{ rows(first: 20) { id name score __typename } a: rows(first: 1) { n: name } }"),
        JSON_HEADERS,
        True,
    ),
    ("suspends", body("{ later(value: 21) hello }"), JSON_HEADERS, True),
    (
        "json values",
        body(
            "query($v: JSON) { value(v: $v) }",
            variables={"v": {"f": [0.1, -0.0, 1e300], "i": 2**40, "s": "\x00\u2028"}},
        ),
        JSON_HEADERS,
        True,
    ),
    ("field error", body("{ forbidden hello }"), JSON_HEADERS, True),
    ("propagated", body("{ required hello }"), JSON_HEADERS, True),
    ("mutation", body('mutation { echo(text: "hi") }'), JSON_HEADERS, True),
    ("validation", body("{ nope }"), JSON_HEADERS, True),
    (
        "validation, new media type",
        body("{ nope }"),
        [*JSON_HEADERS, ("accept", "application/graphql-response+json")],
        True,
    ),
    ("syntax", body("{"), [*JSON_HEADERS, ("accept", "application/graphql-response+json")], True),
    (
        "bad variable",
        body("query($n: String!) { hello(name: $n) }", variables={"n": 3}),
        JSON_HEADERS,
        True,
    ),
    ("unknown operation", body("{ hello }", operationName="Nope"), JSON_HEADERS, True),
    (
        "refused with extensions",
        body("query($v: Even!) { half(v: $v) }", variables={"v": 3}),
        [*JSON_HEADERS, ("accept", "application/graphql-response+json")],
        True,
    ),
    (
        "refused with other extensions",
        body("query($v: Even!) { half(v: $v) }", variables={"v": "proxy"}),
        JSON_HEADERS,
        True,
    ),
    ("two refusals", body("{ nope hello(name: 1) }"), JSON_HEADERS, True),
    ("response shaped", body("{ teapot }"), JSON_HEADERS, True),
    ("bad response header", body("{ badHeader }"), JSON_HEADERS, True),
    ("does not encode", body("{ nan }"), JSON_HEADERS, True),
    ("subscription", body("subscription { count(to: 2) }"), JSON_HEADERS, False),
    ("no query", json.dumps({"variables": {}}).encode(), JSON_HEADERS, False),
    (
        "apq",
        json.dumps({"extensions": {"persistedQuery": {"version": 1}}}).encode(),
        JSON_HEADERS,
        False,
    ),
    ("query not a string", json.dumps({"query": 1}).encode(), JSON_HEADERS, False),
    (
        "operation name not a string",
        json.dumps({"query": "{ hello }", "operationName": 1}).encode(),
        JSON_HEADERS,
        False,
    ),
    (
        "variables a list",
        json.dumps({"query": "{ hello }", "variables": []}).encode(),
        JSON_HEADERS,
        False,
    ),
    (
        "extensions a string",
        json.dumps({"query": "{ hello }", "extensions": "x"}).encode(),
        JSON_HEADERS,
        False,
    ),
    ("a batch", json.dumps([{"query": "{ hello }"}]).encode(), JSON_HEADERS, False),
    ("a number", b"3", JSON_HEADERS, False),
    ("empty", b"", JSON_HEADERS, False),
    ("blank", b" \n", JSON_HEADERS, False),
    ("invalid JSON", b'{"query": ', JSON_HEADERS, False),
    ("NaN", b'{"query": "{ hello }", "variables": {"v": NaN}}', JSON_HEADERS, False),
    ("duplicate key", b'{"query": "{ hello }", "query": "{ rows { id } }"}', JSON_HEADERS, False),
    ("lone surrogate", b'{"query": "{ hello(name: \\"\\ud800\\") }"}', JSON_HEADERS, False),
    ("not UTF-8", b'{"query": "{ hello(name: \\"\xff\\") }"}', JSON_HEADERS, False),
    (
        "big int",
        b'{"query": "query($v: JSON) { value(v: $v) }", "variables": {"v": 12345678901234567890}}',
        JSON_HEADERS,
        False,
    ),
    ("padded", b'  {"query": "{ hello }"}\r\n', JSON_HEADERS, True),
    ("over the limit", body("{ hello }", variables={"pad": "x" * 300}), JSON_HEADERS, False),
    ("no content type", body("{ hello }"), [], False),
    ("charset", body("{ hello }"), [("content-type", "application/json; charset=UTF-8")], True),
    (
        "other charset",
        body("{ hello }"),
        [("content-type", "application/json; charset=latin-1")],
        False,
    ),
    ("text", body("{ hello }"), [("content-type", "text/plain")], False),
    ("multipart", body("{ hello }"), [("content-type", "multipart/form-data; boundary=x")], False),
    (
        "upper-case names",
        body("{ hello }"),
        [("Content-Type", "application/json"), ("ACCEPT", "*/*")],
        True,
    ),
    ("accept json", body("{ hello }"), [*JSON_HEADERS, ("accept", "application/json")], True),
    ("accept anything", body("{ hello }"), [*JSON_HEADERS, ("accept", "*/*")], True),
    (
        "accept both",
        body("{ hello }"),
        [*JSON_HEADERS, ("accept", "application/graphql-response+json, application/json;q=0.9")],
        True,
    ),
    (
        "accept repeated",
        body("{ hello }"),
        [*JSON_HEADERS, ("accept", "text/html"), ("accept", "application/json")],
        True,
    ),
    ("accept html only", body("{ hello }"), [*JSON_HEADERS, ("accept", "text/html")], False),
    (
        "accept event stream",
        body("{ hello }"),
        [*JSON_HEADERS, ("accept", "text/event-stream")],
        False,
    ),
    (
        "accept long",
        body("{ hello }"),
        [*JSON_HEADERS, ("accept", "application/json;q=0.5, " + "x/y, " * 200 + "*/*")],
        True,
    ),
    ("content length", body("{ hello }"), [*JSON_HEADERS, ("content-length", "17")], True),
    (
        "content length over",
        body("{ hello }"),
        [*JSON_HEADERS, ("content-length", "100000")],
        False,
    ),
    ("content length odd", body("{ hello }"), [*JSON_HEADERS, ("content-length", "17, 17")], False),
    (
        "content type repeated",
        body("{ hello }"),
        [*JSON_HEADERS, ("content-type", "application/json")],
        False,
    ),
]


async def exchange(app: GraphQL, payload: bytes, headers: list[tuple[str, str]]) -> list[Message]:
    return await call(app, http_scope("POST", headers), [{"type": "http.request", "body": payload}])


@pytest.mark.parametrize(
    ("payload", "headers", "fast"), [r[1:] for r in REQUESTS], ids=[r[0] for r in REQUESTS]
)
async def test_the_fast_path_answers_as_the_python_path(
    payload: bytes, headers: list[tuple[str, str]], fast: bool
) -> None:
    quick, slow, counting = apps(max_body_bytes=300)
    expected = await exchange(slow, payload, headers)
    assert await exchange(quick, payload, headers) == expected
    assert counting.answered == int(fast)


@pytest.mark.parametrize("sse", [False, True])
async def test_an_event_stream_client_gets_the_same_answer(sse: bool) -> None:
    quick, slow, counting = apps(sse=sse)
    headers = [*JSON_HEADERS, ("accept", "text/event-stream, application/json;q=0.5")]
    payload = body("{ hello }")
    assert await exchange(quick, payload, headers) == await exchange(slow, payload, headers)
    assert counting.answered == int(not sse)


@pytest.mark.parametrize(
    "inbound",
    [
        [{"type": "http.request", "body": b'{"query": "{ he', "more_body": True},
         {"type": "http.request", "body": b'llo }"}'}],
        [{"type": "http.disconnect"}],
        [{"type": "http.request", "body": b'{"query": ', "more_body": True},
         {"type": "http.disconnect"}],
    ],
    ids=["chunked", "disconnected", "disconnected mid-body"],
)  # fmt: skip
async def test_bodies_in_parts_take_the_python_path(inbound: list[Message]) -> None:
    quick, slow, counting = apps()
    scope = http_scope("POST", JSON_HEADERS)
    expected = await call(slow, scope, [dict(m) for m in inbound])
    assert await call(quick, http_scope("POST", JSON_HEADERS), inbound) == expected
    assert counting.answered == 0


async def test_the_root_value_and_the_request_context_reach_resolvers() -> None:
    @grommet.type
    class Probe:
        @grommet.field
        def seen(self, info: grommet.Info) -> str:
            request = info.context
            return f"{self!r} {request.method} {request.headers['x-probe']}"

    class Root:
        def __repr__(self) -> str:
            return "root"

    app = GraphQL(grommet.Schema(Probe), root_value=Root())
    sent = await exchange(app, body("{ seen }"), [*JSON_HEADERS, ("x-probe", "yes")])
    assert sent[1]["body"] == b'{"data":{"seen":"root POST yes"}}'


@pytest.mark.parametrize(
    "options",
    [
        {"context_getter": lambda request: request},
        {"batching": True},
        {"persisted_queries": True},
    ],
    ids=["context getter", "batching", "persisted queries"],
)
def test_settings_that_add_to_a_post_turn_the_fast_path_off(options: dict[str, Any]) -> None:
    assert GraphQL(SCHEMA, **options)._settings.fast_post is None


def test_a_schema_subclass_that_executes_its_own_way_gets_the_python_path() -> None:
    class Logged(grommet.Schema):
        def execute(self, *args: Any, **kwargs: Any) -> Any:
            return super().execute(*args, **kwargs)

    assert GraphQL(Logged(Query))._settings.fast_post is None
    assert GraphQL(type("Plain", (grommet.Schema,), {})(Query))._settings.fast_post is not None


def test_operation_hooks_turn_the_fast_path_off() -> None:
    class Hook(SchemaExtension):
        def on_execute(self, operation: Operation) -> None:  # runs before only
            pass

    schema = grommet.Schema(Query, extensions=[Hook()])
    assert GraphQL(schema)._settings.fast_post is None


def test_a_real_server_answers_through_the_fast_path() -> None:
    quick, slow, counting = apps()
    requests = [
        (body("{ rows(first: 5) { id name score } hello }"), {}),
        (body("{ later(value: 4) }"), {"accept": "application/graphql-response+json"}),
        (body("{ nope }"), {"accept": "application/graphql-response+json"}),
        (b"[]", {}),  # declined: a batch, with batching off
    ]
    answers = []
    for app in (quick, slow):
        with serve(app) as address, httpx.Client(base_url=f"http://{address}") as client:
            for payload, headers in requests:
                response = client.post(
                    "/graphql",
                    content=payload,
                    headers={"content-type": "application/json", **headers},
                    timeout=5.0,
                )
                answers.append(
                    (response.status_code, response.headers["content-type"], response.content)
                )
    assert answers[: len(requests)] == answers[len(requests) :]
    assert answers[0] == (
        200,
        "application/json; charset=utf-8",
        b'{"data":{"rows":[{"id":"0","name":"row 0","score":0.0},{"id":"1","name":"row 1",'
        b'"score":0.3333333333333333},{"id":"2","name":"row 2","score":0.6666666666666666},'
        b'{"id":"3","name":"row 3","score":1.0},{"id":"4","name":"row 4",'
        b'"score":1.3333333333333333}],"hello":"Hello, world! \xc3\xa9\\n\\"\xe6\xbc\xa2\\"'
        b'\xf0\x9f\x98\x80"}}',
    )
    assert answers[2][0] == 400
    assert counting.answered == 3


# The ASGI exchange of a fast POST runs in the engine (``HttpPost.serve``): it awaits the
# server's ``receive`` and ``send`` itself, so every way of awaiting them must behave as the
# Python path's ``await`` does.

PLAIN = {"type": "http.request", "body": body("{ hello }")}
ANSWER = b'{"data":{"hello":"Hello, world! \xc3\xa9\\n\\"\xe6\xbc\xa2\\"\xf0\x9f\x98\x80"}}'


async def run_both(receive_of: Any, send_of: Any) -> list[Any]:
    """What each app (fast path, Python path) sent, or the exception it raised."""
    quick, slow, counting = apps()
    outcomes: list[Any] = []
    for app in (quick, slow):
        sent: list[Message] = []
        try:
            await asyncio.wait_for(
                app(http_scope("POST", JSON_HEADERS), receive_of(), send_of(sent)), 5.0
            )
            outcomes.append(sent)
        except Exception as error:  # compared below: type and message
            outcomes.append((type(error).__name__, str(error), sent))
    outcomes.append(counting.answered)
    return outcomes


def recording(sent: list[Message]) -> Any:
    async def send(message: Message) -> None:
        sent.append(dict(message))

    return send


async def test_a_receive_and_send_that_wait_on_futures_are_awaited() -> None:
    def receive_of() -> Any:
        async def receive() -> Message:
            future: asyncio.Future[Message] = asyncio.get_running_loop().create_future()
            asyncio.get_running_loop().call_later(0.01, future.set_result, PLAIN)
            return await future

        return receive

    def send_of(sent: list[Message]) -> Any:
        async def send(message: Message) -> None:
            await asyncio.sleep(0.01)
            sent.append(dict(message))

        return send

    quick, slow, answered = await run_both(receive_of, send_of)
    assert quick == slow
    assert [m["type"] for m in quick] == ["http.response.start", "http.response.body"]
    assert quick[1]["body"] == ANSWER
    assert answered == 1


class Ready:
    """An awaitable that is not a coroutine: its ``__await__`` is a generator."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __await__(self) -> Any:
        yield from asyncio.sleep(0).__await__()
        return self.value


async def test_receive_and_send_may_return_any_awaitable() -> None:
    def receive_of() -> Any:
        return lambda: Ready(PLAIN)

    def send_of(sent: list[Message]) -> Any:
        def send(message: Message) -> Any:
            sent.append(dict(message))
            future = asyncio.get_running_loop().create_future()
            future.set_result(None)
            return future

        return send

    quick, slow, answered = await run_both(receive_of, send_of)
    assert quick == slow
    assert quick[1]["body"] == ANSWER
    assert answered == 1


INTERNAL = [
    {
        "type": "http.response.start",
        "status": 500,
        "headers": [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"content-length", b"48"),
        ],
    },
    {"type": "http.response.body", "body": b'{"errors":[{"message":"Internal server error"}]}'},
]


async def test_a_failing_receive_is_logged_and_answered_500(
    caplog: pytest.LogCaptureFixture,
) -> None:
    def failing_receive() -> Any:
        async def receive() -> Message:
            await asyncio.sleep(0)
            raise OSError("connection reset")

        return receive

    def not_awaitable() -> Any:
        return lambda: PLAIN

    def raising() -> Any:
        def receive() -> Any:
            raise OSError("closed")

        return receive

    for receive_of, error in [
        (failing_receive, "connection reset"),
        (not_awaitable, "object dict can't be used in 'await' expression"),
        (raising, "closed"),
    ]:
        caplog.clear()
        quick, slow, _ = await run_both(receive_of, recording)
        assert quick == slow == INTERNAL
        logged = [r for r in caplog.records if r.getMessage() == "a GraphQL request failed"]
        assert [str(r.exc_info[1]) for r in logged if r.exc_info] == [error, error]


async def test_an_error_from_send_reaches_the_server() -> None:

    def failing_send(sent: list[Message]) -> Any:
        async def send(message: Message) -> None:
            sent.append(dict(message))
            if message["type"] == "http.response.body":
                raise OSError("broken pipe")

        return send

    quick, slow, _ = await run_both(lambda: lambda: Ready(PLAIN), failing_send)
    assert quick == slow
    assert quick[:2] == ("OSError", "broken pipe")
    assert [m["type"] for m in quick[2]] == ["http.response.start", "http.response.body"]


@pytest.mark.parametrize("fast", [True, False])
async def test_cancelling_a_request_reaches_the_receive_it_waits_on(fast: bool) -> None:
    quick, slow, _ = apps()
    app = quick if fast else slow
    waiting = asyncio.Event()
    seen: list[str] = []

    async def receive() -> Message:
        try:
            waiting.set()
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            seen.append("cancelled")
            raise
        return PLAIN  # pragma: no cover - never woken

    task = asyncio.ensure_future(app(http_scope("POST", JSON_HEADERS), receive, recording([])))
    await asyncio.wait_for(waiting.wait(), 5.0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert seen == ["cancelled"]


async def test_a_serving_is_awaited_once_and_closes_what_it_waits_on() -> None:
    quick, _, _ = apps()
    post = quick._settings.fast_post.post
    assert post.serve(http_scope("GET", JSON_HEADERS), None, None) is None
    closed: list[str] = []

    async def receive() -> Message:
        try:
            await asyncio.sleep(3600)
        finally:
            closed.append("closed")
        return PLAIN  # pragma: no cover - never woken

    serving = post.serve(http_scope("POST", JSON_HEADERS), receive, recording([]))
    assert serving.__await__() is serving
    assert serving.send(None) is not None  # the sleep's future, passed to the event loop
    serving.close()
    assert closed == ["closed"]
    with pytest.raises(RuntimeError, match="cannot reuse an already awaited request"):
        next(serving)
    again = post.serve(http_scope("POST", JSON_HEADERS), receive, recording([]))
    next(again)
    thrown = ValueError("thrown")
    with pytest.raises(StopIteration) as stop:  # the server's failure: Python logs it
        again.throw(thrown)
    assert stop.value.value == (1, thrown, "application/json")
    assert closed == ["closed", "closed"]
    last = post.serve(http_scope("POST", JSON_HEADERS), receive, recording([]))
    next(last)
    with pytest.raises(KeyboardInterrupt):  # not an Exception: on to the server
        last.throw(KeyboardInterrupt)
    assert closed == ["closed"] * 3


async def test_an_engine_failure_left_to_python_is_logged_and_answered_500(
    caplog: pytest.LogCaptureFixture,
) -> None:
    sent: list[Message] = []
    error = RuntimeError("engine failed")
    left = await finish_post((1, error, "application/json"), None, recording(sent))  # type: ignore[arg-type]
    assert left is None
    assert sent[0]["status"] == 500
    assert json.loads(sent[1]["body"]) == {"errors": [{"message": "Internal server error"}]}
    assert caplog.records[-1].getMessage() == "a GraphQL request failed"
    assert caplog.records[-1].exc_info is not None
    assert caplog.records[-1].exc_info[1] is error


async def test_the_request_object_is_made_once_and_only_for_a_resolver_that_reads_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[Request] = []
    from_scope = Request.from_scope

    def counted(scope: Any) -> Request:
        made.append(from_scope(scope))
        return made[-1]

    monkeypatch.setattr(Request, "from_scope", counted)

    @grommet.type
    class Reader:
        @grommet.field
        def plain(self) -> str:
            return "plain"

        @grommet.field
        def same(self, info: grommet.Info) -> bool:
            return info.context is info.context and info.context is made[0]

        @grommet.field
        async def created(self, info: grommet.Info) -> str:
            await asyncio.sleep(0)
            info.context.response.status_code = 201
            method: str = info.context.method
            return method

    app = GraphQL(grommet.Schema(Reader))
    assert app._settings.fast_post is not None
    sent = await exchange(app, body("{ plain }"), JSON_HEADERS)
    assert (sent[1]["body"], made) == (b'{"data":{"plain":"plain"}}', [])
    sent = await exchange(app, body("{ same plain }"), JSON_HEADERS)
    assert (sent[1]["body"], len(made)) == (b'{"data":{"same":true,"plain":"plain"}}', 1)
    # Still running when the engine leaves the answer to Python: both see one request.
    sent = await exchange(app, body("{ created }"), JSON_HEADERS)
    assert (sent[0]["status"], sent[1]["body"], len(made)) == (
        201,
        b'{"data":{"created":"POST"}}',
        2,
    )


class Asks:
    """An awaitable of another event loop's kind: it yields a request and gets its answer
    sent back in (as trio's traps do)."""

    def __await__(self) -> Any:
        answer = yield "the next message, please"
        return answer


@pytest.mark.parametrize("fast", [True, False])
def test_values_an_event_loop_sends_reach_what_the_request_awaits(fast: bool) -> None:
    quick, slow, counting = apps()
    sent: list[Message] = []
    app = quick if fast else slow
    coroutine = app(http_scope("POST", JSON_HEADERS), Asks, recording(sent))
    assert coroutine.send(None) == "the next message, please"
    with pytest.raises(StopIteration):
        coroutine.send(PLAIN)
    assert sent[1]["body"] == ANSWER
    assert counting.answered == int(fast)
