"""graphql-core tests/execution/test_schema.py: a blog schema executed on both engines.

graphql-core runs this document without validating it (it also selects two fields the
schema lacks); here both engines validate, so those two selections are left out.
"""

from __future__ import annotations

from typing import Any

from .harness import Case, check


class Pic:
    def __init__(self, uid: int, width: int, height: int) -> None:
        self.url = f"cdn://{uid}"
        self.width = f"{width}"  # strings: Int result coercion turns them back into ints
        self.height = f"{height}"


class Author:
    id = 123
    name = "John Smith"

    @property
    def recentArticle(self) -> Article:
        return Article(1)


class Article:
    def __init__(self, id: int) -> None:
        self.id = id
        self.isPublished = True
        self.author = Author()
        self.title = f"My Article {id}"
        self.body = "This is a post"
        self.hidden = "This data is not exposed in the schema"
        self.keywords = ["foo", "bar", 1, True, None]


CASE = Case(
    """
    type Image { url: String width: Int height: Int }
    type Author {
      id: String name: String pic(width: Int, height: Int): Image recentArticle: Article
    }
    type Article {
      id: String! isPublished: Boolean author: Author title: String body: String
      keywords: [String]
    }
    type Query { article(id: ID): Article feed: [Article] }
    """,
    resolvers={
        "Author": {"pic": lambda _a, _i, width, height: Pic(123, width, height)},
        "Query": {
            "article": lambda _p, _i, id: Article(id),
            "feed": lambda _p, _i: [Article(n + 1) for n in range(10)],
        },
    },
)

QUERY = """{
  feed { id, title },
  article(id: "1") {
    ...articleFields,
    author {
      id, name,
      pic(width: 640, height: 480) { url, width, height },
      recentArticle { ...articleFields, keywords }
    }
  }
}
fragment articleFields on Article { id, isPublished, title, body }
"""


def test_executes_using_a_schema() -> None:
    article: dict[str, Any] = {
        "id": "1",
        "isPublished": True,
        "title": "My Article 1",
        "body": "This is a post",
    }
    expected = {
        "data": {
            "feed": [{"id": f"{n}", "title": f"My Article {n}"} for n in range(1, 11)],
            "article": {
                **article,
                "author": {
                    "id": "123",
                    "name": "John Smith",
                    "pic": {"url": "cdn://123", "width": 640, "height": 480},
                    "recentArticle": {**article, "keywords": ["foo", "bar", "1", "true", None]},
                },
            },
        }
    }
    check(CASE, QUERY, expected)
