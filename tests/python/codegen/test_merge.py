"""Regenerating merges the user's resolvers file: bodies, comments, formatting kept."""

from __future__ import annotations

from .conftest import Project

V1 = """\
type Query {
  user(id: ID!): User
  users: [User!]!
}

type User {
  id: ID!
  name: String!
  friends(first: Int): [User!]!
}
"""

# V1 with: Query.search added, Query.users removed, User.friends' arguments changed,
# a new type with a resolver field (Post.comments).
V2 = """\
type Query {
  user(id: ID!): User
  search(text: String!): [Post!]!
}

type User {
  id: ID!
  name: String!
  friends(first: Int! = 5, after: String): [User!]!
}

type Post {
  title: String!
  comments(first: Int): [String!]!
}
"""

# What a user made of the V1 scaffold: comments everywhere, odd formatting, helpers.
USER_FILE = '''\
"""My resolvers."""

from __future__ import annotations

import collections.abc
import grommet   # the runtime

from app import generated

DB = {"1": generated.User(id="1", name="Ada")}   # a tiny "database"


class Query(generated.QueryResolvers):
    """Root fields."""

    # Look one user up.
    def user(
        self,
        parent: object,
        info: grommet.Info,
        *,
        id: str,
    ) -> generated.User | None:
        return DB.get(id)    # keep   this   spacing

    def users(self, parent: object, info: grommet.Info) -> collections.abc.Sequence[generated.User]:
        # every user, sorted
        return sorted(DB.values(),
                      key=lambda u: u.name)

    def _helper(self) -> int:  # not a resolver: never marked
        return 42


class User(generated.UserResolvers):
    async def friends(
        self, parent: generated.User, info: grommet.Info, *,
        first: int | grommet.UnsetType | None = grommet.UNSET
    ) -> collections.abc.Sequence[generated.User]:
        """Friends, async."""
        return [u for u in DB.values() if u.id != parent.id][: first or None]


def unrelated() -> None:
    """A module-level helper stays where it is."""
'''

EXPECTED_V2 = '''\
"""My resolvers."""

from __future__ import annotations

import collections.abc
import grommet   # the runtime

from app import generated

DB = {"1": generated.User(id="1", name="Ada")}   # a tiny "database"


class Query(generated.QueryResolvers):
    """Root fields."""

    # Look one user up.
    def user(
        self,
        parent: object,
        info: grommet.Info,
        *,
        id: str,
    ) -> generated.User | None:
        return DB.get(id)    # keep   this   spacing

    # grommet-codegen: field removed from schema
    def users(self, parent: object, info: grommet.Info) -> collections.abc.Sequence[generated.User]:
        # every user, sorted
        return sorted(DB.values(),
                      key=lambda u: u.name)

    def _helper(self) -> int:  # not a resolver: never marked
        return 42

    def search(
        self,
        parent: object,
        info: grommet.Info,
        *,
        text: str,
    ) -> collections.abc.Sequence[generated.Post]:
        raise NotImplementedError


class User(generated.UserResolvers):
    async def friends(
        self,
        parent: generated.User,
        info: grommet.Info,
        *,
        first: int = 5,
        after: str | grommet.UnsetType | None = grommet.UNSET,
    ) -> collections.abc.Sequence[generated.User]:
        """Friends, async."""
        return [u for u in DB.values() if u.id != parent.id][: first or None]


def unrelated() -> None:
    """A module-level helper stays where it is."""


class Post(generated.PostResolvers):
    def comments(
        self,
        parent: generated.Post,
        info: grommet.Info,
        *,
        first: int | grommet.UnsetType | None = grommet.UNSET,
    ) -> collections.abc.Sequence[str]:
        raise NotImplementedError
'''


def test_regeneration_adds_updates_and_marks_but_keeps_user_code(project: Project) -> None:
    project.schema(V1)
    assert project.codegen().code == 0
    project.write("app/resolvers.py", USER_FILE)
    assert project.codegen("--check").code == 0  # the user's edits alone are not "stale"

    project.schema(V2)
    run = project.codegen()
    assert run.code == 0, run.stderr
    assert "wrote app/resolvers.py" in run.stdout
    assert project.read("app/resolvers.py") == EXPECTED_V2

    again = project.codegen()
    assert again.code == 0 and again.stdout == ""  # merging is idempotent


def test_a_field_that_comes_back_loses_its_mark(project: Project) -> None:
    project.schema(V1)
    assert project.codegen().code == 0
    project.write("app/resolvers.py", USER_FILE)
    project.schema(V2)
    assert project.codegen().code == 0
    project.schema(V2.replace("  search(text", "  users: [User!]!\n  search(text"))
    assert project.codegen().code == 0
    merged = project.read("app/resolvers.py")
    assert "field removed from schema" not in merged
    body = "        return sorted(DB.values(),\n                      key=lambda u: u.name)\n"
    assert body in merged


def test_a_type_without_resolver_fields_marks_its_class(project: Project) -> None:
    project.schema(V1)
    assert project.codegen().code == 0
    project.schema(V1.replace("  friends(first: Int): [User!]!\n", ""))
    assert project.codegen().code == 0
    merged = project.read("app/resolvers.py")
    assert (
        "# grommet-codegen: type has no resolver fields in the schema any more\n"
        "class User(generated.UserResolvers):\n"
    ) in merged
    assert "    def friends(\n" in merged  # kept, never deleted


def test_an_empty_placeholder_class_gets_the_new_methods(project: Project) -> None:
    project.schema(V1)
    assert project.codegen().code == 0
    text = project.read("app/resolvers.py")
    start = text.index("class User(")
    project.write("app/resolvers.py", text[:start] + "class User(generated.UserResolvers): ...\n")
    assert project.codegen().code == 0
    merged = project.read("app/resolvers.py")
    assert merged[start:].startswith("class User(generated.UserResolvers):\n    def friends(\n")


def test_imports_the_scaffold_needs_are_added(project: Project) -> None:
    project.schema(V1)
    assert project.codegen().code == 0
    project.schema(V1 + "type Subscription {\n  tick: Int!\n}\n")
    assert project.codegen().code == 0
    merged = project.read("app/resolvers.py")
    assert "\nimport collections.abc\n" in merged
    assert "-> collections.abc.AsyncIterator[int]:" in merged
