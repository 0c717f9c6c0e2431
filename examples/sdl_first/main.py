"""The SDL-first example: a small blog API built from generated code.

Run it with ``python main.py`` (from this directory or from the repository root). The
package ``app/generated`` is produced by ``grommet-codegen`` from ``schema/`` (settings in
``pyproject.toml``); ``app/resolvers.py`` holds the hand-written resolvers.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import grommet

from app import resolvers
from app.data import Blog, sample_blog
from app.generated import build_schema


def make_schema(blog: Blog) -> grommet.Schema:
    return build_schema(
        query=resolvers.Query(blog),
        mutation=resolvers.Mutation(blog),
        subscription=resolvers.Subscription(blog),
        user=resolvers.User(blog),
    )


QUERY = """
query Blog($role: Role) {
  users(role: $role) { name role joinedAt postCount posts(first: 1) { title publishedAt } }
  search(text: "a") {
    __typename
    ... on User { name }
    ... on Post { title author { name } }
  }
  node(id: "p1") { id ... on Post { title } }
}
"""

MUTATION = """
mutation Publish($input: NewPost!) {
  createPost(input: $input) { id title body publishedAt author { name } }
}
"""

SUBSCRIPTION = 'subscription { postCreated(authorId: "u2") { title author { name } } }'


def show(title: str, result: grommet.ExecutionResult) -> None:
    print(f"# {title}")
    print(json.dumps(result.to_dict(), indent=2))


async def run() -> None:
    blog = sample_blog()
    schema = make_schema(blog)
    show("admins", await schema.execute(QUERY, {"role": "ADMIN"}))
    show("everyone", await schema.execute(QUERY))

    # Subscribe first, then publish: the subscriber sees the new post.
    first_event = asyncio.ensure_future(anext(schema.subscribe(SUBSCRIPTION)))
    await asyncio.sleep(0)  # let the subscription start listening
    new_post: dict[str, Any] = {
        "authorId": "u2",
        "title": "Nanoseconds",
        "publishedAt": "2024-05-01T12:00:00+00:00",
    }
    show("createPost", await schema.execute(MUTATION, {"input": new_post}))
    show("postCreated", await first_event)


if __name__ == "__main__":
    asyncio.run(run())
