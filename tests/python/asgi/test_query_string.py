"""``Request.query_params`` is parsed in Rust (``grommet._core.parse_query_string``): the same
dict as ``dict(parse_qsl(raw.decode("latin-1"), keep_blank_values=True))``, for a corpus of
query strings and for random bytes built from the characters that matter."""

from __future__ import annotations

from urllib.parse import parse_qsl

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grommet._core import parse_query_string
from grommet.asgi import Request

pytestmark = pytest.mark.timeout(60)


def reference(raw: bytes) -> dict[str, str]:
    return dict(parse_qsl(raw.decode("latin-1"), keep_blank_values=True))


CORPUS = [
    b"",
    b"a=1",
    b"a=1&b=2&a=3",
    b"&&a=1&&",
    b"a",
    b"a=",
    b"=1",
    b"=",
    b"a==b=c",
    b"q=%7B+hello+%7D&variables=%7B%22id%22%3A+%227%22%7D&operationName=User",
    b"a+b=c+d",
    b"a%2Bb=%2B",
    b"x=%C3%A9%E6%BC%A2%F0%9F%98%80",
    b"x=%c3%a9",
    b"x=%",
    b"x=%4",
    b"x=%zz%4g%%41",
    b"x=%ff%fe",
    b"x=%C3",
    b"x=%C3%28",
    b"x=%E2%82",
    b"x=%F0%9F%98",
    b"x=%ED%A0%80",
    b"x=\xe9",
    b"x=\xe9%41",
    b"x=%C3\xa9",
    b"x=a\xff%20b\xfe%C3%A9",
    b"x=%00%0a%0D",
    b"x=1;y=2",
    b"\xe9=\xe8",
    b"%41%42=%43",
    b"x=%2526",
]


@pytest.mark.parametrize("raw", CORPUS)
def test_the_corpus_parses_as_parse_qsl(raw: bytes) -> None:
    parsed = parse_query_string(raw)
    assert parsed == reference(raw)
    assert list(parsed) == list(reference(raw))  # the same order


PIECES = st.sampled_from(
    [
        *(b"&", b"=", b"+", b"%", b"a", b"B", b"0", b"f", b"%41", b"%C3", b"%A9", b"%e2%82%ac"),
        *(b"%F0", b"%9F", b"%ff", b"\xe9", b"\x80", b"\x00", b" ", b";", b"%2", b"%g"),
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(PIECES, st.binary(max_size=3)), max_size=24).map(b"".join))
def test_random_query_strings_parse_as_parse_qsl(raw: bytes) -> None:
    parsed = parse_query_string(raw)
    expected = reference(raw)
    assert parsed == expected
    assert list(parsed) == list(expected)


def test_a_request_reads_its_query_params_through_it() -> None:
    scope = {"type": "http", "method": "GET", "query_string": b"a=1&b=%C3%A9&a=2", "headers": []}
    assert Request.from_scope(scope).query_params == {"a": "2", "b": "é"}
