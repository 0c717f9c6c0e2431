"""Resolvers for the GraphQL schema: yours to edit.

grommet-codegen created this file and, when the schema changes, adds methods for new
fields and updates signatures; it keeps your code and never deletes a method.
"""

from __future__ import annotations

import collections
import collections.abc
import datetime
import itertools

import grommet

from app import generated
from app.data import Blog

_post_ids = itertools.count(100)


class User(generated.UserResolvers):
    def __init__(self, blog: Blog) -> None:
        self.blog = blog

    def posts(
        self,
        parent: generated.User,
        info: grommet.Info,
        *,
        first: int | None = 10,
    ) -> collections.abc.Sequence[generated.Post]:
        posts = self.blog.posts_by(parent.id)
        return posts if first is None else posts[:first]

    def post_count(
        self,
        parents: collections.abc.Sequence[generated.User],
        info: grommet.Info,
    ) -> collections.abc.Sequence[int | Exception]:
        # One pass over the posts answers every user of the query at once.
        counts = collections.Counter(post.author.id for post in self.blog.posts.values())
        return [counts[user.id] for user in parents]


class Query(generated.QueryResolvers):
    def __init__(self, blog: Blog) -> None:
        self.blog = blog

    def node(
        self,
        parent: object,
        info: grommet.Info,
        *,
        id: str,
    ) -> generated.Node | None:
        return self.blog.users.get(id) or self.blog.posts.get(id)

    def user(
        self,
        parent: object,
        info: grommet.Info,
        *,
        id: str,
    ) -> generated.User | None:
        return self.blog.users.get(id)

    def users(
        self,
        parent: object,
        info: grommet.Info,
        *,
        role: generated.Role | grommet.UnsetType | None = grommet.UNSET,
    ) -> collections.abc.Sequence[generated.User]:
        users = list(self.blog.users.values())
        if isinstance(role, generated.Role):  # omitted (UNSET) or null: every user
            users = [u for u in users if u.role is role]
        return users

    async def search(
        self,
        parent: object,
        info: grommet.Info,
        *,
        text: str,
    ) -> collections.abc.Sequence[generated.SearchResult]:
        needle = text.lower()
        found: list[generated.SearchResult] = [
            u for u in self.blog.users.values() if needle in u.name.lower()
        ]
        found += [p for p in self.blog.posts.values() if needle in p.title.lower()]
        return found

    def post(
        self,
        parent: object,
        info: grommet.Info,
        *,
        id: str,
    ) -> generated.Post | None:
        return self.blog.posts.get(id)


class Mutation(generated.MutationResolvers):
    def __init__(self, blog: Blog) -> None:
        self.blog = blog

    def create_post(
        self,
        parent: object,
        info: grommet.Info,
        *,
        input: generated.NewPost,
    ) -> generated.Post:
        author = self.blog.users.get(input.author_id)
        if author is None:
            raise grommet.GraphQLError(
                f"no user {input.author_id!r}", extensions={"code": "NOT_FOUND"}
            )
        published_at = input.published_at
        if not isinstance(published_at, datetime.datetime):  # omitted or null
            published_at = datetime.datetime.now(datetime.UTC)
        post = generated.Post(
            id=f"p{next(_post_ids)}",
            title=input.title,
            body=input.body,
            published_at=published_at,
            author=author,
        )
        return self.blog.add_post(post)


class Subscription(generated.SubscriptionResolvers):
    def __init__(self, blog: Blog) -> None:
        self.blog = blog

    async def post_created(
        self,
        parent: object,
        info: grommet.Info,
        *,
        author_id: str | grommet.UnsetType | None = grommet.UNSET,
    ) -> collections.abc.AsyncIterator[generated.Post]:
        async for post in self.blog.new_posts():
            if not isinstance(author_id, str) or post.author.id == author_id:
                yield post
