"""The merge keeps user code on GitHub's schema: 50 edited bodies survive a schema change.

The schema is the engine's printed form of GitHub's SDL (one known layout to edit); the
change removes fields, changes arguments and adds fields. Every edited body must come back
byte for byte, every method of a removed field must be kept and marked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from grommet import _core
from grommet_codegen.merged import REMOVED_FIELD

from .conftest import run_codegen
from .test_production_schemas import SHARED

GITHUB = SHARED / "github.graphql"
ARGS = ("schema.graphql", "-o", "app/generated", "--resolvers", "app/resolvers.py")
EDITED = 50
REMOVED = range(0, 5)  # of the edited methods: fields dropped from the schema
CHANGED = range(5, 10)  # fields that get one more argument
ADDED = """
extend type Query {
  addedField(first: Int): String
}

extend type Mutation {
  addedMutation(x: Int!): Boolean
}
"""


def body(k: int) -> str:
    return (
        f"        # edited by hand: {k}\n"
        f"        answer = {k}  *  2   # odd   spacing is kept\n"
        "        raise NotImplementedError(answer)\n"
    )


def block(sdl: str, type_name: str) -> tuple[int, int]:
    """Line indices of ``type Name {`` and of its closing brace."""
    lines = sdl.split("\n")
    start = lines.index(f"type {type_name} {{")
    return start, lines.index("}", start)


def field_names(sdl: str, type_name: str) -> list[str]:
    start, end = block(sdl, type_name)
    return [m[1] for line in sdl.split("\n")[start:end] if (m := re.match(r"  (\w+)[(:]", line))]


def without_field(sdl: str, type_name: str, name: str) -> str:
    """``sdl`` without the field (its description, arguments and all)."""
    lines = sdl.split("\n")
    start, end = block(sdl, type_name)
    first = next(i for i in range(start, end) if re.match(rf"  {name}[(:]", lines[i]))
    last = first
    if lines[first].endswith("("):
        last = next(i for i in range(first, end) if lines[i].startswith("  )"))
    if lines[first - 1] == '  """':
        first = max(i for i in range(start, first - 1) if lines[i] == '  """')
    elif lines[first - 1].startswith('  """'):
        first -= 1
    return "\n".join(lines[:first] + lines[last + 1 :])


def with_argument(sdl: str, type_name: str, name: str) -> str:
    start, end = block(sdl, type_name)
    lines = sdl.split("\n")
    at = next(i for i in range(start, end) if lines[i] == f"  {name}(")
    return "\n".join([*lines[: at + 1], "    extraFlag: Boolean,", *lines[at + 1 :]])


def edit_bodies(text: str, names: list[str]) -> str:
    """The scaffold with the bodies of ``Mutation``'s methods ``names`` replaced."""
    out: list[str] = []
    in_mutation, current = False, ""
    for line in text.splitlines(keepends=True):
        if line.startswith("class "):
            in_mutation = line.startswith("class Mutation(")
        elif (m := re.match(r"    def (\w+)\(", line)) is not None:
            current = m[1]
        if in_mutation and line == "        raise NotImplementedError\n" and current in names:
            line = body(names.index(current))
        out.append(line)
    return "".join(out)


def method(text: str, name: str) -> str:
    """The text of ``Mutation.name``, with the comment lines right above it."""
    lines = text.splitlines(keepends=True)
    start = lines.index(next(line for line in lines if line.startswith("class Mutation(")))
    at = lines.index(f"    def {name}(\n", start)
    first = at
    while lines[first - 1].startswith("    #"):
        first -= 1
    end = next(
        (
            i
            for i in range(at + 1, len(lines))
            if lines[i].startswith(("    def ", "    #", "class"))
        ),
        len(lines),
    )
    return "".join(lines[first:end])


@pytest.mark.slow
@pytest.mark.skipif(not GITHUB.is_file(), reason=f"{GITHUB} is absent")
def test_fifty_edited_bodies_survive_removed_changed_and_added_fields(tmp_path: Path) -> None:
    v1 = _core.parse_schema([("github.graphql", GITHUB.read_text(encoding="utf-8"))])["sdl"]
    (tmp_path / "schema.graphql").write_text(v1, encoding="utf-8")
    assert run_codegen(*ARGS, cwd=tmp_path).code == 0

    gql_names = field_names(v1, "Mutation")[:EDITED]
    py_names = [re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", n).lower() for n in gql_names]
    resolvers = tmp_path / "app" / "resolvers.py"
    edited = edit_bodies(resolvers.read_text(encoding="utf-8"), py_names)
    assert edited.count("# edited by hand: ") == EDITED
    resolvers.write_text(edited, encoding="utf-8")

    v2 = v1
    for k in REMOVED:
        v2 = without_field(v2, "Mutation", gql_names[k])
    for k in CHANGED:
        v2 = with_argument(v2, "Mutation", gql_names[k])
    (tmp_path / "schema.graphql").write_text(v2 + ADDED, encoding="utf-8")
    run = run_codegen(*ARGS, cwd=tmp_path)
    assert run.code == 0, run.stderr
    merged = resolvers.read_text(encoding="utf-8")
    compile(merged, "resolvers.py", "exec")

    for k, name in enumerate(py_names):
        text = method(merged, name)
        assert body(k) in text, name
        assert (f"    {REMOVED_FIELD}\n    def {name}(" in text) == (k in REMOVED), name
        assert ("extra_flag: bool | grommet.UnsetType | None = grommet.UNSET," in text) == (
            k in CHANGED
        ), name
    assert merged.count(REMOVED_FIELD) == len(REMOVED)
    assert "\n    def added_field(\n" in merged
    assert "\n    def added_mutation(\n" in merged
    # Everything else is as the user left it: only the changed signatures and the additions.
    assert merged.startswith(edited[: edited.index("class Mutation(")])

    again = run_codegen(*ARGS, cwd=tmp_path)
    assert (again.code, again.stdout) == (0, "")
    assert run_codegen(*ARGS, "--check", cwd=tmp_path).code == 0
