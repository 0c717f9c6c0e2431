"""graphql-core tests/execution/test_subscribe.py, the cases that map onto grommet's API.

graphql-core splits a subscription field into `subscribe` (the source stream) and `resolve`
(each event); a grommet subscription resolver returns the source stream and each event is
the field's value. Here graphql-core's `resolve` returns the event unchanged, so both engines
run the same stream function. Not portable: `subscribe_field_resolver`, subscribing to
subscriptions built without a stream (graphql-core's default `subscribe`), and graphql-core's
own `MapAsyncIterator` helpers.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Callable
from typing import Any

import graphql

import grommet

from .harness import Case, err, ordered

SDL = """
type Email { from: String subject: String message: String unread: Boolean }
type Inbox { total: Int unread: Int emails: [Email] }
type Query { inbox: Inbox }
type Subscription { importantEmail(priority: Int): EmailEvent }
type EmailEvent { email: Email inbox: Inbox }
"""


def _case(
    stream: Callable[..., AsyncIterator[Any]],
) -> tuple[graphql.GraphQLSchema, grommet.Schema]:
    case = Case(SDL, resolvers={"Subscription": {"importantEmail": stream}})
    core = case.core_schema()
    subscription = core.type_map["Subscription"]
    assert isinstance(subscription, graphql.GraphQLObjectType)
    field = subscription.fields["importantEmail"]
    field.subscribe = stream
    field.resolve = lambda event, _info, **_args: event
    return core, case.grommet_schema()


async def _core_events(schema: graphql.GraphQLSchema, query: str, limit: int) -> list[Any]:
    outcome: Any = graphql.subscribe(schema, graphql.parse(query))
    if inspect.isawaitable(outcome):
        outcome = await outcome
    if isinstance(outcome, graphql.ExecutionResult):
        return [outcome.formatted]
    events = []
    async for result in outcome:
        events.append(result.formatted)
        if len(events) == limit:
            break
    return events


async def _our_events(schema: grommet.Schema, query: str, limit: int) -> list[Any]:
    events = []
    async for result in schema.subscribe(query):
        events.append(result.to_dict())
        if len(events) == limit:
            break
    return events


def _both(stream: Callable[..., AsyncIterator[Any]], query: str, limit: int = 10) -> list[Any]:
    core_schema, ours_schema = _case(stream)
    core = asyncio.run(asyncio.wait_for(_core_events(core_schema, query, limit), 5))
    ours = asyncio.run(asyncio.wait_for(_our_events(ours_schema, query, limit), 5))
    assert ordered(ours) == ordered(core), f"grommet {ours} != graphql-core {core}"
    return ours


def _email(n: int) -> dict[str, Any]:
    return {
        "email": {
            "from": f"sender{n}@graphql.org",
            "subject": f"Alright {n}",
            "message": "Tests",
            "unread": True,
        },
        "inbox": {"total": n, "unread": n},
    }


QUERY = """subscription ($priority: Int = 0) {
  importantEmail(priority: $priority) {
    email { from subject }
    inbox { unread total }
  }
}"""


def test_produces_a_payload_per_event() -> None:
    async def stream(_root: Any, _info: Any, priority: int = 0) -> AsyncIterator[Any]:
        for n in (1, 2):
            await asyncio.sleep(0)
            yield _email(n)

    events = _both(stream, QUERY)
    assert events == [
        {
            "data": {
                "importantEmail": {
                    "email": {"from": f"sender{n}@graphql.org", "subject": f"Alright {n}"},
                    "inbox": {"unread": n, "total": n},
                }
            }
        }
        for n in (1, 2)
    ]


def test_event_completion_errors_are_per_event() -> None:
    async def stream(_root: Any, _info: Any, priority: int = 0) -> AsyncIterator[Any]:
        yield _email(1)
        yield {"email": {"from": ["not", "a", "string"]}, "inbox": None}
        yield _email(3)

    events = _both(stream, "subscription { importantEmail { email { from } } }")
    assert events[1] == {
        "data": {"importantEmail": {"email": {"from": None}}},
        "errors": [
            err(
                "String cannot represent value: ['not', 'a', 'string']",
                (1, 41),
                path=["importantEmail", "email", "from"],
            )
        ],
    }
    assert len(events) == 3


def test_stream_ends_after_its_last_event() -> None:
    async def stream(_root: Any, _info: Any, priority: int = 0) -> AsyncIterator[Any]:
        yield _email(1)

    assert len(_both(stream, QUERY)) == 1


def test_subscription_arguments_reach_the_stream() -> None:
    async def stream(_root: Any, _info: Any, priority: int = 0) -> AsyncIterator[Any]:
        yield {"email": {"subject": f"priority {priority}"}}

    events = _both(stream, "subscription { importantEmail(priority: 7) { email { subject } } }")
    assert events == [{"data": {"importantEmail": {"email": {"subject": "priority 7"}}}}]
