"""An in-memory blog: the "database" behind the example's resolvers."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import AsyncIterator

from app.generated import Post, Role, User

UTC = datetime.UTC


class Blog:
    """Users and posts, plus a feed of newly created posts for subscribers."""

    def __init__(self) -> None:
        self.users: dict[str, User] = {}
        self.posts: dict[str, Post] = {}
        self._subscribers: set[asyncio.Queue[Post]] = set()

    def add_user(self, user: User) -> User:
        self.users[user.id] = user
        return user

    def add_post(self, post: Post) -> Post:
        self.posts[post.id] = post
        for queue in self._subscribers:
            queue.put_nowait(post)
        return post

    def posts_by(self, author_id: str) -> list[Post]:
        posts = [p for p in self.posts.values() if p.author.id == author_id]
        return sorted(posts, key=lambda p: p.published_at, reverse=True)

    async def new_posts(self) -> AsyncIterator[Post]:
        queue: asyncio.Queue[Post] = asyncio.Queue()
        self._subscribers.add(queue)
        try:
            while True:
                yield await queue.get()
        finally:
            self._subscribers.discard(queue)


def sample_blog() -> Blog:
    blog = Blog()
    ada = blog.add_user(
        User(
            id="u1",
            name="Ada",
            email="ada@example.com",
            role=Role.ADMIN,
            joined_at=datetime.datetime(2024, 1, 2, 9, 30, tzinfo=UTC),
        )
    )
    grace = blog.add_user(
        User(
            id="u2",
            name="Grace",
            email=None,
            role=Role.MEMBER,
            joined_at=datetime.datetime(2024, 3, 4, 17, 0, tzinfo=UTC),
        )
    )
    blog.add_post(
        Post(
            id="p1",
            title="Notes on the Analytical Engine",
            body="It weaves algebraic patterns.",
            published_at=datetime.datetime(2024, 2, 1, 8, 0, tzinfo=UTC),
            author=ada,
        )
    )
    blog.add_post(
        Post(
            id="p2",
            title="Compilers for everyone",
            body="Programs should read like English.",
            published_at=datetime.datetime(2024, 4, 1, 12, 0, tzinfo=UTC),
            author=grace,
        )
    )
    return blog
