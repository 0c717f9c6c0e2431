"""The app every worker process of the cross-worker tests serves (``uvicorn --factory``):
a chat whose messages travel between workers through Redis. The worker's name and the Redis
URL come from the environment."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import AsyncIterator
from typing import Any

import grommet
from grommet.asgi import GraphQL
from grommet.pubsub import JsonSerializer, PubSub
from grommet.pubsub.redis import RedisPubSub

WORKER_ENV = "GROMMET_TEST_WORKER"
REDIS_URL_ENV = "GROMMET_TEST_REDIS_URL"


@grommet.type
class Message:
    room: str
    text: str
    worker: str


def message_from_json(value: Any) -> Message:
    return Message(**value)


def chat(info: grommet.Info) -> tuple[PubSub[Message], str]:
    return info.context["pubsub"], info.context["worker"]


@grommet.type
class Query:
    @grommet.field
    def worker(self, info: grommet.Info) -> str:
        return chat(info)[1]


@grommet.type
class Mutation:
    @grommet.field
    async def post(self, info: grommet.Info, room: str, text: str) -> Message:
        pubsub, worker = chat(info)
        message = Message(room, text, worker)
        await pubsub.publish(f"room:{room}", message)
        return message


@grommet.type
class Subscription:
    @grommet.subscription
    async def messages(self, info: grommet.Info, room: str) -> AsyncIterator[Message]:
        pubsub, _ = chat(info)
        async with pubsub.subscribe(f"room:{room}") as stream:
            async for message in stream:
                yield message


def create_app() -> GraphQL:
    worker = os.environ[WORKER_ENV]
    pubsub: PubSub[Message] = RedisPubSub(
        os.environ[REDIS_URL_ENV],
        serializer=JsonSerializer(encode=dataclasses.asdict, decode=message_from_json),
    )
    context = {"pubsub": pubsub, "worker": worker}
    schema = grommet.Schema(Query, Mutation, Subscription, mask_errors=True)
    return GraphQL(schema, context_getter=lambda request: context)
