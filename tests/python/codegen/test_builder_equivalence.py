"""One schema two ways: the builder example, and codegen from the SDL the builder prints.

Both must print the same SDL and answer a shared suite of operations identically.
"""

from __future__ import annotations

import runpy
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import REPO, run_codegen

IMPLEMENTATION = """
import asyncio

import grommet

import shelf_gen as gen

REVIEWS = {
    "The Left Hand of Darkness": "Cold planet, warm book.",
    "A Brief History of Time": "Short, as promised.",
}


class Shelf:
    def __init__(self) -> None:
        le_guin = gen.Author(id="a1", name="Ursula K. Le Guin")
        hawking = gen.Author(id="a2", name="Stephen Hawking")
        self.authors = {"a1": le_guin, "a2": hawking}
        fiction, science = gen.Genre.FICTION, gen.Genre.SCIENCE
        self.books = [
            gen.Book(id="1", title="The Dispossessed", year=1974, genre=fiction, author=le_guin),
            gen.Book(
                id="2", title="The Left Hand of Darkness", year=1969, genre=fiction, author=le_guin
            ),
            gen.Book(
                id="3", title="A Brief History of Time", year=1988, genre=science, author=hawking
            ),
        ]


class Query(gen.QueryResolvers):
    def books(self, parent, info, *, genre=grommet.UNSET):
        return [b for b in info.context.books if genre is grommet.UNSET or b.genre is genre]

    def author(self, parent, info, *, id):
        return info.context.authors.get(id)


class Mutation(gen.MutationResolvers):
    def add_book(self, parent, info, *, book):
        shelf = info.context
        author = shelf.authors.get(book.author_id)
        if author is None:
            raise grommet.GraphQLError(
                f"no author with id {book.author_id}", extensions={"code": "NOT_FOUND"}
            )
        added = gen.Book(id=str(len(shelf.books) + 1), title=book.title, year=book.year,
                         genre=book.genre, author=author)
        shelf.books.append(added)
        return added


class Book(gen.BookResolvers):
    async def review(self, parent, info):
        await asyncio.sleep(0.01)
        return REVIEWS.get(parent.title)


class Author(gen.AuthorResolvers):
    def books(self, parent, info):
        return sorted((b for b in info.context.books if b.author is parent), key=lambda b: b.year)


schema = gen.build_schema(query=Query(), mutation=Mutation(), book=Book(), author=Author())
"""

OPERATIONS: list[tuple[str, dict[str, Any] | None]] = [
    ("SAMPLE_QUERY", None),  # the builder example's own query
    ("{ books { id title year genre author { id name books { title } } review } }", None),
    ("query($g: Genre) { books(genre: $g) { title } }", {"g": "SCIENCE"}),
    ("query($g: Genre) { books(genre: $g) { title } }", {"g": None}),
    ('{ author(id: "zz") { name } a: author(id: "a1") { __typename name } }', None),
    (
        "mutation($b: NewBook!) { addBook(book: $b) { id title genre author { name } } }",
        {"b": {"title": "Dune", "year": 1965, "genre": "FICTION", "authorId": "a2"}},
    ),
    (
        "mutation($b: NewBook!) { addBook(book: $b) { id } }",
        {"b": {"title": "X", "year": 1, "genre": "HISTORY", "authorId": "nobody"}},
    ),
    ("{ books { nope } }", None),
    ('{ books(genre: "FICTION") { title } }', None),
    ("{ __schema { queryType { name } types { name kind } } }", None),
    ('{ __type(name: "Book") { fields { name type { name kind ofType { name } } } } }', None),
]


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Any, Any, Any]]:
    builder = runpy.run_path(str(REPO / "examples" / "builder" / "main.py"), run_name="builder")
    root = tmp_path_factory.mktemp("equivalence")
    (root / "shelf.graphql").write_text(builder["schema"].sdl)
    (root / "pyproject.toml").write_text(
        '[tool.grommet-codegen]\nresolver-fields = ["Author.books", "Book.review"]\n'
    )
    run = run_codegen("shelf.graphql", "-o", "shelf_gen", cwd=root)
    assert run.code == 0, run.stderr
    (root / "shelf_impl.py").write_text(textwrap.dedent(IMPLEMENTATION))
    sys.path.insert(0, str(root))
    try:
        generated = runpy.run_path(str(root / "shelf_impl.py"), run_name="shelf_impl")
        yield builder["schema"], builder["sample_shelf"], generated["schema"], generated["Shelf"]
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m.startswith("shelf_gen")]:
            del sys.modules[name]


def test_both_print_the_same_sdl(schemas: tuple[Any, Any, Any, Any]) -> None:
    builder, _, generated, _ = schemas
    assert generated.sdl == builder.sdl


@pytest.mark.parametrize(("source", "variables"), OPERATIONS)
async def test_both_answer_the_same(
    schemas: tuple[Any, Any, Any, Any], source: str, variables: dict[str, Any] | None
) -> None:
    builder, builder_shelf, generated, generated_shelf = schemas
    if source == "SAMPLE_QUERY":
        source = runpy.run_path(str(REPO / "examples" / "builder" / "main.py"))[source]
    expected = (await builder.execute(source, variables, context=builder_shelf())).to_dict()
    actual = (await generated.execute(source, variables, context=generated_shelf())).to_dict()
    assert actual == expected
    assert expected.get("data") or expected.get("errors")  # never an empty comparison
