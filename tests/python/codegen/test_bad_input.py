"""Bad SDL and unmergeable resolver files: file:line:col on stderr, exit 2, nothing written."""

from __future__ import annotations

import pytest

from .conftest import Project, snapshot

GOOD = """\
type Query {
  user(id: ID!): User
}

type User {
  id: ID!
  name: String
}
"""

BAD = [
    pytest.param(
        "type Query {\n  user(id: ID!): User\n\ntype User { id: ID! }\n",
        "schema/schema.graphql:4:6: syntax error: expected a type",
        id="syntax-error",
    ),
    pytest.param(
        "type Query {\n  user(id: ID!): Person\n}\n",
        "schema/schema.graphql:2:18: cannot find type `Person`",
        id="unknown-type",
    ),
    pytest.param(
        "type Query {\n  users(filter: User): [User!]!\n}\n\ntype User {\n  id: ID!\n}\n",
        "schema/schema.graphql:2:9: `filter` field must be of an input type",
        id="object-type-as-argument",
    ),
    pytest.param(
        "type Query {\n  a: Int\n}\n\ntype Query {\n  b: Int\n}\n",
        "schema/schema.graphql:5:",
        id="duplicate-definition",
    ),
    pytest.param(
        "type Query {\n  a: R\n}\n\nunion R = Query | Int\n",
        "schema/schema.graphql:5:",
        id="union-member-not-an-object",
    ),
    pytest.param(
        "type Query {\n  a: N\n}\n\ninterface N {\n  id: ID!\n}\n\n"
        "type T implements N {\n  x: Int\n}\n",
        "schema/schema.graphql:9:",
        id="interface-not-implemented",
    ),
]


@pytest.mark.parametrize(("sdl", "expected"), BAD)
def test_bad_sdl_is_reported_and_nothing_is_written(
    project: Project, sdl: str, expected: str
) -> None:
    project.schema(GOOD)
    assert project.codegen().code == 0
    before = snapshot(project.root / "app")
    project.schema(sdl)
    run = project.codegen()
    assert run.code == 2
    assert run.stdout == ""
    assert expected in run.stderr, run.stderr
    for line in run.stderr.splitlines():
        path, line_no, col, message = line.split(":", 3)
        assert path == "schema/schema.graphql" and line_no.isdigit() and col.isdigit()
        assert message.strip()
    assert snapshot(project.root / "app") == before
    assert project.codegen("--check").code == 2


def test_bad_sdl_in_a_fresh_project_creates_nothing(project: Project) -> None:
    project.schema("type Query {\n  a: Nope\n}\n")
    assert project.codegen().code == 2
    assert sorted(p.name for p in (project.root / "app").iterdir()) == ["__init__.py"]


def test_errors_name_the_file_they_are_in(project: Project) -> None:
    project.schema("type Query {\n  a: Int\n}\n", "a.graphql")
    project.schema("extend type Query {\n  b: Missing\n}\n", "b.graphql")
    run = project.codegen()
    assert run.code == 2
    assert run.stderr.startswith("schema/b.graphql:2:6: ")


def test_a_resolvers_file_that_does_not_parse_is_an_error(project: Project) -> None:
    project.schema(GOOD)
    assert project.codegen().code == 0
    project.write("app/resolvers.py", "class Query(:\n    pass\n")
    project.schema(GOOD.replace("name: String", "name: String\n  age: Int"))
    before = snapshot(project.root / "app")
    run = project.codegen()
    assert run.code == 2
    assert run.stderr.startswith("app/resolvers.py:1:13: cannot merge, the file does not parse: ")
    assert snapshot(project.root / "app") == before


def test_python_name_clashes_are_errors(project: Project) -> None:
    project.schema("type Query {\n  fooBar: Int\n  foo_bar: Int\n}\n")
    run = project.codegen()
    assert run.code == 2
    assert run.stderr == (
        "schema/schema.graphql:3:3: field Query.foo_bar and Query.fooBar both become the"
        " Python name 'foo_bar'\n"
        "schema/schema.graphql:2:3: Query.fooBar is defined here\n"
        "  rename one in pyproject.toml: [tool.grommet-codegen] python-names ="
        ' { "Query.foo_bar" = "foo_bar_2" }\n'
    )
    assert not (project.root / "app" / "generated").exists()


def test_a_failed_write_leaves_the_previous_output_untouched(project: Project) -> None:
    project.schema(GOOD)
    assert project.codegen().code == 0
    (project.root / "app" / "generated" / "types.py").unlink()
    (project.root / "app" / "generated" / "types.py").mkdir()  # cannot be replaced by a file
    project.schema(GOOD.replace("name: String", "name: String\n  age: Int"))
    before = snapshot(project.root / "app")
    run = project.codegen()
    assert run.code == 2
    assert "types.py: is a directory" in run.stderr
    assert snapshot(project.root / "app") == before  # schema.py etc. not replaced either
    leftovers = [p.name for p in (project.root / "app").rglob("*.tmp")]
    assert leftovers == []


def test_argument_clashes_point_at_both_arguments(project: Project) -> None:
    project.schema("type Query {\n  user(\n    userID: ID\n    userId: ID\n  ): Int\n}\n")
    run = project.codegen()
    assert run.code == 2
    assert run.stderr == (
        "schema/schema.graphql:4:5: argument Query.user.userId and Query.user.userID both"
        " become the Python name 'user_id'\n"
        "schema/schema.graphql:3:5: Query.user.userID is defined here\n"
        "  rename one in pyproject.toml: [tool.grommet-codegen] python-names ="
        ' { "Query.user.userId" = "user_id_2" }\n'
    )
