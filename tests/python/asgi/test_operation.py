"""The token scan that tells a GET mutation or a WebSocket subscription before execution."""

from __future__ import annotations

import pytest

from grommet.asgi.operation import OperationType, operation_type

TRICKY = '''
# mutation M { this is a comment }
query Q($input: In = {text: "} mutation X {", more: """ \\""" } { """}) @tag(name: "{") {
  field(arg: [1, {nested: "]"}])
}
mutation M { bump }
fragment F on Subscription { count }
subscription S { ...F }
'''


@pytest.mark.parametrize(
    ("source", "operation_name", "expected"),
    [
        ("{ a }", None, "query"),
        ("query { a }", None, "query"),
        ("mutation { a }", None, "mutation"),
        ("subscription($x: Int){ a(x: $x) }", None, "subscription"),
        ("mutation@live{ a }", None, "mutation"),
        ("\ufeff mutation\n\tM,{ a }", "M", "mutation"),
        (TRICKY, "Q", "query"),
        (TRICKY, "M", "mutation"),
        (TRICKY, "S", "subscription"),
        (TRICKY, "X", None),
        (TRICKY, "F", None),
        (TRICKY, None, None),  # ambiguous: the engine reports it
        ("query A { a } mutation B { b }", "B", "mutation"),
        ("", None, None),
        ("fragment F on Query { a }", None, None),
    ],
)
def test_operation_type(
    source: str, operation_name: str | None, expected: OperationType | None
) -> None:
    assert operation_type(source, operation_name) == expected


def test_unterminated_strings_do_not_hang() -> None:
    source = 'query { a(s: """' + "\\" * 50_000 + '") }'
    assert operation_type(source, None) == "query"
    assert operation_type('mutation { a(s: "' + "x" * 50_000, None) == "mutation"
