"""grommet._core.encode_json against the encoder it replaces: the same bytes as
``json.dumps(v, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()`` for
every value that encodes, and the same exception class for every value that does not."""

from __future__ import annotations

import enum
import json
import math
import random
import struct
import sys
from collections import OrderedDict
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grommet._core import encode_json

pytestmark = pytest.mark.timeout(120)


def reference(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def outcome(encode: Any, value: Any) -> bytes | type[BaseException]:
    try:
        result: bytes = encode(value)
    except (TypeError, ValueError, RecursionError) as error:
        return type(error)
    return result


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
    | st.text(alphabet=st.characters(max_codepoint=0x7F))
)
keys = st.text() | st.text(alphabet=st.characters(max_codepoint=0x2F), max_size=3)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=6)
        | st.dictionaries(keys, children, max_size=6)
        | st.tuples(children, children)
    ),
    max_leaves=40,
)


@settings(max_examples=1500, deadline=None)
@given(json_values)
def test_same_bytes_as_json_dumps(value: Any) -> None:
    assert encode_json(value) == reference(value)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.text(), json_values, max_size=3),
    st.lists(
        st.fixed_dictionaries(
            {"message": st.text()},
            optional={
                "locations": st.lists(
                    st.fixed_dictionaries(
                        {"line": st.integers(1, 10**6), "column": st.integers(1, 10**6)}
                    ),
                    max_size=2,
                ),
                "path": st.lists(st.text() | st.integers(0, 10**4), max_size=4),
                "extensions": st.dictionaries(st.text(), json_values, max_size=4),
            },
        ),
        max_size=3,
    ),
)
def test_responses_with_errors_and_extensions(data: dict[str, Any], errors: list[Any]) -> None:
    response = {"data": data, "errors": errors, "extensions": {"cost": data}}
    assert encode_json(response) == reference(response)


def test_every_control_character_and_escape() -> None:
    text = "".join(chr(c) for c in range(0x80)) + "\u2028\u2029\ufeff\U0001f600é漢"
    assert encode_json([text, {text: text}]) == reference([text, {text: text}])


def test_escapes_at_every_offset_of_a_word() -> None:
    # The encoder skips runs that need no escape eight bytes at a time: an escape (or a
    # multi-byte character next to one) at each offset of that word, and at its edges.
    specials = ['"', "\\", "\n", "\x00", "\x1f", "\x7f", "é", "\U0001f600", " ", "~"]
    values = [
        "a" * before + special + "b" * after
        for special in specials
        for before in range(18)
        for after in (0, 1, 7, 8, 9)
    ]
    values += ["\x1f" * n for n in range(18)] + ['"' * n for n in range(18)]
    assert encode_json(values) == reference(values)


def test_floats_round_trip_like_repr() -> None:
    rng = random.Random(15)
    values = [
        0.0,
        -0.0,
        1.0,
        -1.5,
        0.1,
        1e-4,
        1e-5,
        9.999e-5,
        1e15,
        1e16,
        1.5e16,
        123456789012345.6,
    ]
    values += [5e-324, sys.float_info.max, sys.float_info.min, 2.0**53, 2.0**53 + 2, 1 / 3]
    values += [10.0**e for e in range(-320, 309)] + [1.7 * 10.0**e for e in range(-300, 300)]
    while len(values) < 60000:
        (x,) = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))
        if math.isfinite(x):
            values.append(x)
            values.append(round(x, rng.randrange(0, 8)) if abs(x) < 1e300 else x)
    values += [
        float(rng.randrange(-(10**9), 10**9)) / 10 ** rng.randrange(0, 12) for _ in range(20000)
    ]
    assert encode_json(values) == reference(values)


def test_big_ints_and_int_and_float_subclasses() -> None:
    class Color(enum.IntEnum):
        RED = 1

    class Ratio(float):
        def __repr__(self) -> str:
            return "ratio"

    class Wide(int):
        def __repr__(self) -> str:
            return "wide"

    values: list[Any] = [2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 10**100, -(10**300), Color.RED]
    values += [Ratio(2.5), Wide(7), Wide(2**80), True, False]
    assert encode_json(values) == reference(values)
    assert encode_json({Color.RED: 1, 2**70: 2, 1.5: 3, True: 4, None: 5, -3: 6}) == reference(
        {Color.RED: 1, 2**70: 2, 1.5: 3, True: 4, None: 5, -3: 6}
    )


def test_str_and_container_subclasses() -> None:
    class Name(str):
        pass

    class Items(list[Any]):
        pass

    value = OrderedDict([("b", Items([Name("x"), (1, 2)])), ("a", {}), ("c", 3)])
    value.move_to_end("b")  # its order is no longer its storage's
    assert encode_json(value) == reference(value) == b'{"a":{},"c":3,"b":["x",[1,2]]}'


@pytest.mark.parametrize(
    "value",
    [
        {"x": object()},
        [b"bytes"],
        {"x": {1, 2}},
        {(1, 2): "tuple key"},
        {"x": float("nan")},
        [float("inf")],
        [-float("inf")],
        {float("nan"): 1},
        "lone \ud800 surrogate",
        {"lone \udfff": 1},
        [1, {"deep": ["\ud83d"]}],
    ],
    ids=repr,
)
def test_refused_values_raise_the_same_class(value: Any) -> None:
    expected = outcome(reference, value)
    assert isinstance(expected, type)
    assert outcome(encode_json, value) is expected


def test_a_surrogate_pair_is_one_character() -> None:
    assert encode_json("\U0001f600") == reference("\U0001f600") == '"\U0001f600"'.encode()


def test_cycles_and_hostile_depth_raise_instead_of_overflowing() -> None:
    cyclic: list[Any] = []
    cyclic.append(cyclic)
    looped: dict[str, Any] = {}
    looped["self"] = {"again": looped}
    for value in (cyclic, looped):
        with pytest.raises(ValueError):
            encode_json(value)
    deep: Any = "leaf"
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(ValueError, match="nested deeper than 1000 levels"):
        encode_json({"extensions": deep})
    shallow: Any = 1
    for _ in range(200):  # 400 levels: deeper than any response, within json.dumps' reach
        shallow = {"a": [shallow]}
    assert encode_json(shallow) == reference(shallow)


class Name(str):
    pass


def test_lists_of_objects_sharing_keys() -> None:
    # A list remembers how it wrote each str key (by identity); every other key is written
    # afresh: the same bytes either way.
    keys = ["id", "name", 'quo"te', "é", "\n", ""] + [f"k{i}" for i in range(20)]
    rows = [{key: i for key in keys[: 3 + i % 24]} for i in range(40)]
    mixed: list[Any] = [
        {1: "a", 2.5: "b", False: "c", None: "d", "e": "f"},
        {Name("sub"): 1, "sub": 2},
        {"x": [{"x": 1}, {"y": 2}, [{"x": 3}]]},
        OrderedDict([("b", 1), ("a", 2)]),
        {},
        "text",
        [],
        {"id": 1},
    ]
    for value in (rows, mixed, [mixed, rows], {"data": {"rows": rows}}):
        assert encode_json(value) == reference(value)
    fresh = [{"".join(["i", "d"]): n} for n in range(3)]  # equal keys, not the same object
    assert encode_json(fresh) == reference(fresh)
