"""SDL printed for object types: scalars, nullability, lists, names, descriptions."""

from typing import Annotated, Optional

import grommet
from grommet.builder import build_bundle


def test_scalars_nullability_and_lists() -> None:
    @grommet.type
    class Query:
        text: str
        count: int
        ratio: float
        flag: bool
        ident: grommet.ID
        maybe: str | None
        legacy: Optional[int]  # noqa: UP045 - the typing.Optional spelling is supported too
        tags: list[str]
        matrix: list[list[int | None]] | None

    assert build_bundle(Query)["sdl"] == (
        "type Query {\n"
        "  text: String!\n"
        "  count: Int!\n"
        "  ratio: Float!\n"
        "  flag: Boolean!\n"
        "  ident: ID!\n"
        "  maybe: String\n"
        "  legacy: Int\n"
        "  tags: [String!]!\n"
        "  matrix: [[Int]!]\n"
        "}\n"
    )


def test_snake_case_becomes_camel_case_unless_disabled() -> None:
    @grommet.type
    class Query:
        user_name: str
        http_status_code: int
        page_2_size: int

        @grommet.field
        def full_name(self, first_name: str, last_name: str = "") -> str:
            return first_name + last_name

    assert build_bundle(Query)["sdl"] == (
        "type Query {\n"
        "  userName: String!\n"
        "  httpStatusCode: Int!\n"
        "  page2Size: Int!\n"
        '  fullName(firstName: String!, lastName: String! = ""): String!\n'
        "}\n"
    )
    assert build_bundle(Query, auto_camel_case=False)["sdl"] == (
        "type Query {\n"
        "  user_name: String!\n"
        "  http_status_code: Int!\n"
        "  page_2_size: Int!\n"
        '  full_name(first_name: String!, last_name: String! = ""): String!\n'
        "}\n"
    )


def test_explicit_names_for_types_fields_and_arguments() -> None:
    @grommet.type(name="Account")
    class UserRow:
        login_name: Annotated[str, grommet.field(name="login")]

    @grommet.type
    class Query:
        @grommet.field(name="me")
        def current_user(self, as_of: Annotated[int, grommet.field(name="at")] = 0) -> UserRow:
            return UserRow("x")

    assert build_bundle(Query)["sdl"] == (
        "type Query {\n  me(at: Int! = 0): Account!\n}\n\ntype Account {\n  login: String!\n}\n"
    )


def test_descriptions_from_docstrings_and_options() -> None:
    @grommet.type
    class Book:
        """A book on the shelf."""

        title: Annotated[str, grommet.field(description="The title, as printed.")]
        isbn: str

        @grommet.field
        def summary(self) -> str:
            """A short summary.

            Written by the "editors".
            """
            return ""

        @grommet.field(description="Overrides the docstring.")
        def rating(self) -> float:
            """Not this."""
            return 1.0

    @grommet.type(description="The root.")
    class Query:
        """Not this either."""

        book: Book

    assert build_bundle(Query)["sdl"] == (
        '"""The root."""\n'
        "type Query {\n"
        "  book: Book!\n"
        "}\n"
        "\n"
        '"""A book on the shelf."""\n'
        "type Book {\n"
        '  """The title, as printed."""\n'
        "  title: String!\n"
        "  isbn: String!\n"
        '  """\n'
        "  A short summary.\n"
        "\n"
        '  Written by the "editors".\n'
        '  """\n'
        "  summary: String!\n"
        '  """Overrides the docstring."""\n'
        "  rating: Float!\n"
        "}\n"
    )


def test_description_quotes_are_escaped() -> None:
    @grommet.type
    class Query:
        '''Says """hello""" and ends with a "quote"'''

        greeting: str

    assert build_bundle(Query)["sdl"] == (
        '"""\n'
        'Says \\"""hello\\""" and ends with a "quote"\n'
        '"""\n'
        "type Query {\n"
        "  greeting: String!\n"
        "}\n"
    )


def test_deprecations() -> None:
    @grommet.type
    class Query:
        old_name: Annotated[str, grommet.field(deprecation_reason="Use `name`.")]
        name: str

        @grommet.field(deprecation_reason='Say "hello" instead.')
        def hi(self) -> str:
            return "hi"

    assert build_bundle(Query)["sdl"] == (
        "type Query {\n"
        '  oldName: String! @deprecated(reason: "Use `name`.")\n'
        "  name: String!\n"
        '  hi: String! @deprecated(reason: "Say \\"hello\\" instead.")\n'
        "}\n"
    )


def test_argument_descriptions_print_one_per_line() -> None:
    @grommet.type
    class Query:
        @grommet.field
        def search(
            self,
            text: Annotated[str, grommet.field(description="What to look for.")],
            limit: int = 10,
        ) -> list[str]:
            return []

    assert build_bundle(Query)["sdl"] == (
        "type Query {\n"
        "  search(\n"
        '    """What to look for."""\n'
        "    text: String!\n"
        "    limit: Int! = 10\n"
        "  ): [String!]!\n"
        "}\n"
    )


def test_types_are_printed_in_discovery_order_with_recursion() -> None:
    @grommet.type
    class Comment:
        body: str
        replies: list["Comment"]

    @grommet.type
    class Post:
        title: str
        comments: list[Comment]
        author: "Author"

    @grommet.type
    class Author:
        posts: list[Post]

    @grommet.type
    class Query:
        post: Post | None

    assert build_bundle(Query)["sdl"] == (
        "type Query {\n"
        "  post: Post\n"
        "}\n"
        "\n"
        "type Post {\n"
        "  title: String!\n"
        "  comments: [Comment!]!\n"
        "  author: Author!\n"
        "}\n"
        "\n"
        "type Comment {\n"
        "  body: String!\n"
        "  replies: [Comment!]!\n"
        "}\n"
        "\n"
        "type Author {\n"
        "  posts: [Post!]!\n"
        "}\n"
    )


def test_private_fields_are_not_exposed_and_async_or_awaitable_returns_unwrap() -> None:
    from collections.abc import Awaitable

    @grommet.type
    class Query:
        visible: int
        _secret: str = "hidden"

        @grommet.field
        async def later(self) -> int:
            return 1

        @grommet.field
        def deferred(self) -> Awaitable[str | None]:
            raise NotImplementedError

    assert build_bundle(Query)["sdl"] == (
        "type Query {\n  visible: Int!\n  later: Int!\n  deferred: String\n}\n"
    )


def test_a_data_field_overridden_by_a_resolver_method_is_a_resolver() -> None:
    @grommet.interface
    class Named:
        name: str

    @grommet.type
    class Person(Named):
        @grommet.field  # type: ignore[misc]
        def name(self) -> str:  # type: ignore[override]
            return "computed"

    @grommet.type
    class Query:
        person: Person

    bundle = build_bundle(Query)
    assert "type Person implements Named {\n  name: String!\n}" in bundle["sdl"]
    fields = bundle["types"]["Person"]["fields"]
    assert fields["name"] == ("call", Person.name, None, {})
