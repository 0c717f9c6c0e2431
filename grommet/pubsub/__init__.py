"""Publish and subscribe for subscription resolvers, in one process or across workers.

``InMemoryPubSub`` needs nothing; ``grommet.pubsub.redis.RedisPubSub`` (the ``grommet[redis]``
extra) connects every worker through Redis. Both implement :class:`PubSub`.
"""

from grommet.pubsub.base import (
    BrokerConnectionLost,
    ChannelStream,
    JsonSerializer,
    PubSub,
    PubSubError,
    Serializer,
    SubscriberLagged,
)
from grommet.pubsub.memory import InMemoryPubSub

__all__ = [
    "BrokerConnectionLost",
    "ChannelStream",
    "InMemoryPubSub",
    "JsonSerializer",
    "PubSub",
    "PubSubError",
    "Serializer",
    "SubscriberLagged",
]
