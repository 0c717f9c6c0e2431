"""A bookshelf service built with grommet's decorators.

    python3 tasks.py run                                  # runs this (and the other examples)
    .venv/bin/python examples/builder/main.py             # prints the answer to SAMPLE_QUERY
    .venv/bin/python examples/builder/main.py '{ books { title } }'

The shelf lives in the execution context; `books` and `author` read it, `review` is async
(as a resolver that awaits a database or an HTTP call would be), `addBook` is a mutation.
"""

from __future__ import annotations

import asyncio
import enum
import json
import sys
from dataclasses import dataclass, field

import grommet


@grommet.enum
class Genre(enum.Enum):
    """What a book is about."""

    FICTION = "fiction"
    SCIENCE = "science"
    HISTORY = "history"


@grommet.type
class Author:
    """Someone who wrote books on the shelf."""

    id: grommet.ID
    name: str

    @grommet.field(description="This author's books on the shelf, oldest first.")
    def books(self, info: grommet.Info) -> list[Book]:
        shelf: Shelf = info.context
        return sorted((b for b in shelf.books if b.author is self), key=lambda b: b.year)


@grommet.type
class Book:
    """A book on the shelf."""

    id: grommet.ID
    title: str
    year: int
    genre: Genre
    author: Author

    @grommet.field
    async def review(self) -> str | None:
        """A one-line review, fetched from a (pretend) remote service."""
        await asyncio.sleep(0.01)
        return REVIEWS.get(self.title)


@grommet.input
class NewBook:
    title: str
    year: int
    genre: Genre
    author_id: grommet.ID


@grommet.type
class Query:
    @grommet.field
    def books(self, info: grommet.Info, genre: Genre | None = grommet.UNSET) -> list[Book]:
        """Every book on the shelf, or those of one genre."""
        shelf: Shelf = info.context
        return [b for b in shelf.books if genre is grommet.UNSET or b.genre is genre]

    @grommet.field
    def author(self, info: grommet.Info, id: grommet.ID) -> Author | None:
        shelf: Shelf = info.context
        return shelf.authors.get(id)


@grommet.type
class Mutation:
    @grommet.field
    def add_book(self, info: grommet.Info, book: NewBook) -> Book:
        shelf: Shelf = info.context
        author = shelf.authors.get(book.author_id)
        if author is None:
            raise grommet.GraphQLError(
                f"no author with id {book.author_id}", extensions={"code": "NOT_FOUND"}
            )
        added = Book(
            id=grommet.ID(str(len(shelf.books) + 1)),
            title=book.title,
            year=book.year,
            genre=book.genre,
            author=author,
        )
        shelf.books.append(added)
        return added


@dataclass
class Shelf:
    authors: dict[str, Author] = field(default_factory=dict)
    books: list[Book] = field(default_factory=list)


REVIEWS = {
    "The Left Hand of Darkness": "Cold planet, warm book.",
    "A Brief History of Time": "Short, as promised.",
}


def sample_shelf() -> Shelf:
    le_guin = Author(id=grommet.ID("a1"), name="Ursula K. Le Guin")
    hawking = Author(id=grommet.ID("a2"), name="Stephen Hawking")
    shelf = Shelf(authors={"a1": le_guin, "a2": hawking})
    shelf.books = [
        Book(grommet.ID("1"), "The Dispossessed", 1974, Genre.FICTION, le_guin),
        Book(grommet.ID("2"), "The Left Hand of Darkness", 1969, Genre.FICTION, le_guin),
        Book(grommet.ID("3"), "A Brief History of Time", 1988, Genre.SCIENCE, hawking),
    ]
    return shelf


schema = grommet.Schema(query=Query, mutation=Mutation)

SAMPLE_QUERY = """
query Shelf {
  fiction: books(genre: FICTION) { title year review }
  author(id: "a2") { name books { title genre } }
}
"""


async def main(source: str) -> int:
    result = await schema.execute(source, context=sample_shelf())
    print(json.dumps(result.to_dict(), indent=2))
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else SAMPLE_QUERY)))
