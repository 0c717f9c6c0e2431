"""graphql-core tests/execution/test_directives.py (@skip / @include), on both engines."""

from __future__ import annotations

import pytest

from .harness import Case, Request, check

CASE = Case("type TestType { a: String b: String } schema { query: TestType }")
ROOT = {"a": "a", "b": "b"}


def _check(query: str, data: dict[str, str]) -> None:
    check(CASE, Request(query, root=ROOT), {"data": data})


def test_basic_query_works() -> None:
    _check("{ a, b }", {"a": "a", "b": "b"})


@pytest.mark.parametrize(
    ("directive", "included"),
    [
        ("@include(if: true)", True),
        ("@include(if: false)", False),
        ("@skip(if: false)", True),
        ("@skip(if: true)", False),
    ],
)
def test_works_on_scalars(directive: str, included: bool) -> None:
    _check(f"{{ a, b {directive} }}", {"a": "a", "b": "b"} if included else {"a": "a"})


@pytest.mark.parametrize(
    ("directive", "included"),
    [
        ("@include(if: true)", True),
        ("@include(if: false)", False),
        ("@skip(if: false)", True),
        ("@skip(if: true)", False),
    ],
)
def test_works_on_fragment_spreads_inline_fragments_and_anonymous_fragments(
    directive: str, included: bool
) -> None:
    expected = {"a": "a", "b": "b"} if included else {"a": "a"}
    _check(f"{{ a ...Frag {directive} }} fragment Frag on TestType {{ b }}", expected)
    _check(f"{{ a ... on TestType {directive} {{ b }} }}", expected)
    _check(f"{{ a ... {directive} {{ b }} }}", expected)


@pytest.mark.parametrize(
    ("directives", "included"),
    [
        ("@include(if: true) @skip(if: false)", True),
        ("@include(if: true) @skip(if: true)", False),
        ("@skip(if: true) @include(if: true)", False),
        ("@include(if: false) @skip(if: false)", False),
    ],
)
def test_works_with_skip_and_include_directives(directives: str, included: bool) -> None:
    _check(f"{{ a b {directives} }}", {"a": "a", "b": "b"} if included else {"a": "a"})


@pytest.mark.parametrize(("value", "included"), [(True, False), (False, True)])
def test_directive_argument_from_a_variable(value: bool, included: bool) -> None:
    query = "query ($skip: Boolean!) { a b @skip(if: $skip) }"
    check(
        CASE,
        Request(query, {"skip": value}, root=ROOT),
        {"data": {"a": "a", "b": "b"} if included else {"a": "a"}},
    )
