"""Building and running a schema from generated code introspects nothing."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import EXAMPLE

SCRIPT = """
import dataclasses, inspect, typing

import grommet  # the runtime itself may introspect while it loads; generated code may not

def forbidden(*args, **kwargs):
    raise AssertionError("runtime introspection on the codegen path")

for module, name in [
    (typing, "get_type_hints"), (inspect, "signature"), (inspect, "getfullargspec"),
    (inspect, "get_annotations"), (dataclasses, "fields"),
]:
    setattr(module, name, forbidden)

import json, sys
sys.path.insert(0, sys.argv[1])
from app import resolvers
from app.data import sample_blog
from app.generated import build_schema

blog = sample_blog()
schema = build_schema(
    query=resolvers.Query(blog),
    mutation=resolvers.Mutation(blog),
    subscription=resolvers.Subscription(blog),
    user=resolvers.User(blog),
)
result = schema.execute_sync(
    '{ user(id: "u1") { name role joinedAt posts { title } } '
    'search(text: "a") { __typename ... on Post { title } } }'
)
print(json.dumps(result.to_dict()))
"""


def test_generated_schema_builds_and_runs_with_introspection_forbidden() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(EXAMPLE)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "data": {
            "user": {
                "name": "Ada",
                "role": "ADMIN",
                "joinedAt": "2024-01-02T09:30:00+00:00",
                "posts": [{"title": "Notes on the Analytical Engine"}],
            },
            "search": [
                {"__typename": "User"},
                {"__typename": "User"},
                {"__typename": "Post", "title": "Notes on the Analytical Engine"},
            ],
        }
    }
