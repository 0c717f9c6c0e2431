"""The deliberate differences from graphql-core that no ported case pins: each test shows
both engines' answers (docs/compatibility.md explains why grommet answers as it does)."""

from __future__ import annotations

import enum
from typing import Any

from .harness import Case, Request, err, run


class _Plain:
    def __init__(self) -> None:
        self.present = "here"

    def method(self, _info: Any) -> str:
        return "called"


def test_default_resolver_reads_data_and_does_not_call_methods() -> None:
    case = Case("type Query { present: String method: String missing: String }")
    core, ours = run(case, Request("{ present method missing }", root=_Plain()))
    assert core == {"data": {"present": "here", "method": "called", "missing": None}}
    assert ours["data"] == {"present": "here", "method": None, "missing": None}
    assert [e["path"] for e in ours["errors"]] == [["method"], ["missing"]]
    # (The harness shows every message with graphql-js's double quotes.)
    assert ours["errors"][0]["message"].startswith(
        "String cannot represent value: <bound method _Plain.method of"
    )
    assert ours["errors"][1]["message"] == '"_Plain" object has no attribute "missing"'


class Color(enum.Enum):
    RED = 1


def test_enum_member_in_a_string_position_is_its_name() -> None:
    core, ours = run(Case("type Query { s: String }"), Request("{ s }", root={"s": Color.RED}))
    assert core == {"data": {"s": "Color.RED"}}
    assert ours == {"data": {"s": "RED"}}


def test_execute_refuses_a_subscription_operation() -> None:
    case = Case(
        "type Query { s: String } type S { s: String } schema { query: Query subscription: S }"
    )
    core, ours = run(case, Request("subscription { s }", root={"s": "x"}))
    assert core == {"data": {"s": "x"}}
    message = "execute() cannot run a subscription operation; use subscribe()"
    assert ours == {"data": None, "errors": [err(message, (1, 1))]}


class _Dog:
    __typename = "Dog"  # mangled as Python does: `_Dog__typename`

    def __init__(self) -> None:
        self.name = "Rex"


def test_typename_of_a_class_with_a_leading_underscore() -> None:
    case = Case(
        "interface Pet { name: String } type Dog implements Pet { name: String }"
        " type Query { pet: Pet }",
        resolvers={"Query": {"pet": lambda _p, _i: _Dog()}},
    )
    core, ours = run(case, "{ pet { name } }")
    assert core["data"] == {"pet": None}  # graphql-core looks for `__Dog__typename`
    assert ours == {"data": {"pet": {"name": "Rex"}}}


class _Lookup(dict[str, Any]):
    def __getitem__(self, key: str) -> Any:
        return f"looked up {key}"


def test_dict_subclass_parent_is_read_by_its_getitem() -> None:
    core, ours = run(Case("type Query { a: String }"), Request("{ a }", root=_Lookup()))
    assert core == {"data": {"a": None}}  # dict.get bypasses the override
    assert ours == {"data": {"a": "looked up a"}}


class _Other:
    def __init__(self) -> None:
        self.value = "v"


class _Special:
    pass


def test_no_class_check_in_concrete_object_positions() -> None:
    case = Case(
        "type Special { value: String } type Query { special: Special }",
        resolvers={"Query": {"special": lambda _p, _i: _Other()}},
        classes={"Special": (_Special,)},
    )
    core, ours = run(case, "{ special { value } }")
    assert core["data"] == {"special": None}  # graphql-core's is_type_of refuses it
    assert ours == {"data": {"special": {"value": "v"}}}


def test_variable_coercion_reports_the_first_problem_of_each_variable() -> None:
    case = Case(
        "input I { foo: Int! bar: Int } type Query { f(v: I): String }",
        resolvers={"Query": {"f": lambda _p, _i, v=None: "ran"}},
    )
    request = Request("query ($v: I) { f(v: $v) }", {"v": {"foo": "abc", "bar": "def"}})
    core, ours = run(case, request)
    assert len(core["errors"]) == 2
    assert ours == {
        "data": None,
        "errors": [
            err(
                'Variable "$v" got invalid value {"foo": "abc", "bar": "def"} at "v.foo";'
                ' Int cannot represent non-integer value: "abc"',
                (1, 8),
            )
        ],
    }
