"""Batch resolvers from generated code: `batch-fields` in `[tool.grommet-codegen]`."""

from __future__ import annotations

import asyncio
import importlib
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from grommet_codegen.cli import main

SDL = """
type Query { posts: [Post!]! }
type User { id: ID! name: String! }
type Post { id: ID! authorId: ID! author(shout: Boolean = false): User comments: [Comment!]! }
type Comment { id: ID! authorId: ID! author: User! }
"""

PYPROJECT = """
[tool.grommet-codegen]
schema = ["schema.graphql"]
output = "blog/generated"
resolvers = "blog/resolvers.py"
batch-fields = ["Post.author", "Comment.author"]
"""

RESOLVERS = """
from __future__ import annotations

import asyncio
import collections.abc

import grommet

from blog import generated

CALLS: list[tuple[str, list[str]]] = []


class Query(generated.QueryResolvers):
    def posts(
        self,
        parent: object,
        info: grommet.Info,
    ) -> collections.abc.Sequence[generated.Post]:
        return [
            generated.Post(
                id=grommet.ID(f"p{i}"),
                author_id=grommet.ID(str(i % 2)),
                comments=[
                    generated.Comment(id=grommet.ID(f"c{i}{j}"), author_id=grommet.ID(str(j)))
                    for j in range(2)
                ],
            )
            for i in range(3)
        ]


class Post(generated.PostResolvers):
    async def author(
        self,
        parents: collections.abc.Sequence[generated.Post],
        info: grommet.Info,
        *,
        shout: bool | None = False,
    ) -> collections.abc.Sequence[generated.User | None | Exception]:
        CALLS.append(("Post.author", [p.id for p in parents]))
        await asyncio.sleep(0)
        return [
            ValueError("author of p2 is private")
            if p.id == "p2"
            else generated.User(id=p.author_id, name="SHOUT" if shout else "quiet")
            for p in parents
        ]


class Comment(generated.CommentResolvers):
    def author(
        self,
        parents: collections.abc.Sequence[generated.Comment],
        info: grommet.Info,
    ) -> collections.abc.Sequence[generated.User | Exception]:
        CALLS.append(("Comment.author", [c.id for c in parents]))
        return [generated.User(id=c.author_id, name=f"user{c.author_id}") for c in parents]
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "schema.graphql").write_text(SDL)
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert main([]) == 0
    yield tmp_path
    for name in [m for m in sys.modules if m == "blog" or m.startswith("blog.")]:
        del sys.modules[name]


def test_the_protocol_and_scaffold_take_the_parents(project: Path) -> None:
    protocols = (project / "blog" / "generated" / "resolvers.py").read_text()
    assert (
        textwrap.dedent(
            """\
        class PostResolvers(typing.Protocol):
            \"\"\"Resolvers of `Post` fields.\"\"\"

            def author(
                self,
                parents: collections.abc.Sequence[types.Post],
                info: grommet.Info,
                *,
                shout: bool | None = False,
            ) -> MaybeAwaitable[collections.abc.Sequence[types.User | None | Exception]]: ...
        """
        )
        in protocols
    )
    schema = (project / "blog" / "generated" / "schema.py").read_text()
    assert '"author": batch_field(post.author, "", {"shout": "shout"}),' in schema
    assert '"author": batch_field(comment.author, ""),' in schema
    scaffold = (project / "blog" / "resolvers.py").read_text()
    assert "        parents: collections.abc.Sequence[generated.Comment],\n" in scaffold


def test_generated_batch_resolvers_run_once_per_level(project: Path) -> None:
    (project / "blog" / "resolvers.py").write_text(RESOLVERS)
    generated = importlib.import_module("blog.generated")
    resolvers = importlib.import_module("blog.resolvers")
    schema = generated.build_schema(
        query=resolvers.Query(), post=resolvers.Post(), comment=resolvers.Comment()
    )
    query = "{ posts { id author(shout: true) { name } comments { id author { name } } } }"
    result: dict[str, Any] = asyncio.run(schema.execute(query)).to_dict()

    def comments(i: int) -> list[dict[str, Any]]:
        return [{"id": f"c{i}{j}", "author": {"name": f"user{j}"}} for j in range(2)]

    assert result == {
        "data": {
            "posts": [
                {"id": "p0", "author": {"name": "SHOUT"}, "comments": comments(0)},
                {"id": "p1", "author": {"name": "SHOUT"}, "comments": comments(1)},
                {"id": "p2", "author": None, "comments": comments(2)},
            ]
        },
        "errors": [
            {
                "message": "author of p2 is private",
                "locations": [{"line": 1, "column": 14}],
                "path": ["posts", 2, "author"],
            }
        ],
    }
    # Both were called in one pass; the async one's body runs when the engine awaits it.
    assert resolvers.CALLS == [
        ("Comment.author", ["c00", "c01", "c10", "c11", "c20", "c21"]),
        ("Post.author", ["p0", "p1", "p2"]),
    ]


def test_moving_a_field_out_of_batch_fields_updates_its_signature(project: Path) -> None:
    pyproject = project / "pyproject.toml"
    pyproject.write_text(
        PYPROJECT.replace('["Post.author", "Comment.author"]', '["Post.author"]')
        + 'resolver-fields = ["Comment.author"]\n'
    )
    scaffold = project / "blog" / "resolvers.py"
    scaffold.write_text(
        scaffold.read_text().replace(
            "    ) -> collections.abc.Sequence[generated.User | Exception]:\n"
            "        raise NotImplementedError",
            "    ) -> collections.abc.Sequence[generated.User | Exception]:\n"
            "        return []  # kept",
        )
    )
    assert main([]) == 0
    text = scaffold.read_text()
    assert (
        "    def author(self, parent: generated.Comment, info: grommet.Info) -> generated.User:\n"
        "        return []  # kept\n"
    ) in text
