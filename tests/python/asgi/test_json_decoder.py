"""grommet._core.decode_json_fast against the strict Python decoder it speeds up: for every
text it either gives the same value (same types, same key order, same -0.0) or declines,
and it declines every text the Python decoder refuses, so error messages stay the same."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grommet._core import decode_json_fast, encode_json
from grommet.asgi.wire import DECLINED, InvalidJSON, _decode_json_slowly, decode_json

pytestmark = pytest.mark.timeout(120)


def slow(text: str) -> Any:
    try:
        return _decode_json_slowly(text)
    except InvalidJSON:
        return InvalidJSON


def check(text: str) -> Any:
    """The fast answer of ``text`` (as str and as UTF-8 bytes), checked against the slow one."""
    expected = slow(text)
    for data in (text, text.encode("utf-8", "surrogatepass")):
        fast = decode_json_fast(data, DECLINED)
        if expected is InvalidJSON:
            assert fast is DECLINED, (text, fast)
        elif fast is not DECLINED:
            assert fast == expected
            # == says 1 == 1.0 and 0.0 == -0.0: the encoded bytes tell types and signs apart.
            assert encode_json(fast) == encode_json(expected)
            assert type(fast) is type(expected)
    return decode_json_fast(text, DECLINED)


scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(), children),
    max_leaves=30,
)


@settings(max_examples=1500, deadline=None)
@given(values, st.booleans(), st.sampled_from([None, 0, 2]))
def test_valid_json_decodes_to_the_same_value(value: Any, ascii: bool, indent: int | None) -> None:
    text = json.dumps(value, ensure_ascii=ascii, indent=indent)
    check(text)


def test_a_request_body_takes_the_fast_path() -> None:
    body = '{"query": "query User($id: ID!) { user(id: $id) { id } }", "variables": {"id": "7"}}'
    assert check(body) == {
        "query": "query User($id: ID!) { user(id: $id) { id } }",
        "variables": {"id": "7"},
    }
    assert check(' [1, -0, -0.0, 1.5e3, 2E-2, true, false, null, "\\u00e9\\/\\ud83d\\ude00"] ') == [
        1,
        0,
        -0.0,
        1500.0,
        0.02,
        True,
        False,
        None,
        "é/\U0001f600",
    ]


HOSTILE = [
    "",
    " ",
    "\x0c{}",
    "\ufeff{}",
    "NaN",
    "[NaN]",
    "Infinity",
    "-Infinity",
    "[1e400]",
    "-1e400",
    "1e-400",
    '{"a": 1, "a": 2}',
    '{"a": {"b": 1, "b": 1}}',
    '"\\ud800"',
    '"\\udc00"',
    '"\\ud800\\u0041"',
    '"\\ud83d\\ude00"',
    '"\\uD83D\\uDE00"',
    '"\\u00E9"',
    '"\\x"',
    '"\\u12"',
    '"\\u12g4"',
    '"a\tb"',
    '"a\nb"',
    '"\x7f"',
    '"\x1f"',
    "01",
    "-01",
    "1.",
    ".5",
    "1.e5",
    "1e",
    "1e+",
    "-",
    "+1",
    "[1,]",
    "[,1]",
    "{,}",
    '{"a"}',
    '{"a":}',
    '{"a":1,}',
    "{1: 2}",
    "[1 2]",
    "{} {}",
    "[] x",
    "tru",
    "nul",
    "True",
    str(2**63 - 1),
    str(2**63),
    str(-(2**63)),
    "9" * 18,
    "9" * 19,
    "-" + "9" * 18,
    "9" * 5000,
    "[" * 199 + "]" * 199,
    "[" * 201 + "]" * 201,
    "[" * 5000 + "]" * 5000,
    '{"a":' * 300 + "1" + "}" * 300,
    '"unterminated',
    "[1, 2",
    "\u2028[]",
    "[\r\n\t 1 \r\n\t]",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_texts_decline_or_agree(text: str) -> None:
    check(text)


def test_invalid_utf8_and_other_types_decline() -> None:
    assert decode_json_fast(b'"\xff"', DECLINED) is DECLINED
    assert decode_json_fast(b'"\xed\xa0\x80"', DECLINED) is DECLINED  # a UTF-8 surrogate
    assert decode_json_fast("\ud800", DECLINED) is DECLINED
    assert decode_json_fast(bytearray(b"{}"), DECLINED) is DECLINED  # type: ignore[arg-type]
    assert decode_json('{"a": [1, "b"]}') == {"a": [1, "b"]}


def test_mutated_texts_decline_or_agree() -> None:
    rng = random.Random(15)
    seeds = [
        '{"query": "{ a }", "variables": {"x": [1, 2.5, -3e-2, "\\u00e9\\n", null]}}',
        '[{"a": true}, {"b": false}, [], {}, "\\ud83d\\ude00"]',
    ]
    alphabet = '{}[]",:.-+eE0123456789 \t\n\\u/aNI\x00\x1f\ud800é'
    for _ in range(4000):
        chars = list(rng.choice(seeds))
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(chars) + 1)
            op = rng.random()
            if op < 0.4 and at < len(chars):
                del chars[at]
            elif op < 0.8:
                chars.insert(at, rng.choice(alphabet))
            elif at < len(chars):
                chars[at] = rng.choice(alphabet)
        check("".join(chars))
