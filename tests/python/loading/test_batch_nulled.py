"""A batch resolver is not asked for parents whose object was nulled before it ran.

When a sibling field's error nulls an object (null propagation), the fields of that object
that have not run yet never run: graphql-core stops at the error, and grommet's own per-item
async resolvers under a nulled object are closed unstarted. A batch call made later in the
pass leaves those parents out, so the resolver never works for values nobody will see.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import grommet

CALLS: list[tuple[str, list[int]]] = []


@grommet.type
class Item:
    id: int

    @grommet.field
    def check(self, failing: list[int] | None = None) -> int:
        if self.id in (failing if failing is not None else [2]):
            raise ValueError(f"item {self.id} fails")
        return self.id

    @grommet.field
    def me(self) -> Item:
        return self

    @grommet.field(batch=True)
    def label(items: list[Item]) -> list[str]:
        CALLS.append(("label", [i.id for i in items]))
        return [f"label{i.id}" for i in items]

    @grommet.field(batch=True)
    async def later(items: list[Item]) -> list[str]:
        CALLS.append(("later", [i.id for i in items]))
        await asyncio.sleep(0)
        return [f"later{i.id}" for i in items]

    @grommet.field(batch=True)
    def strict(items: list[Item]) -> list[int]:
        CALLS.append(("strict", [i.id for i in items]))
        return [None if i.id == 3 else i.id for i in items]  # type: ignore[misc]

    @grommet.field
    async def slow(self) -> str:
        CALLS.append(("slow", [self.id]))
        await asyncio.sleep(0)
        return f"slow{self.id}"


@grommet.type
class Query:
    @grommet.field
    def items(self) -> list[Item | None]:
        return [Item(1), Item(2), Item(3)]


SCHEMA = grommet.Schema(Query)


@pytest.fixture(autouse=True)
def _reset() -> None:
    CALLS.clear()


def run(query: str) -> dict[str, Any]:
    return asyncio.run(asyncio.wait_for(SCHEMA.execute(query), 10)).to_dict()


def error(message: str, column: int, path: list[str | int]) -> dict[str, Any]:
    return {"message": message, "locations": [{"line": 1, "column": column}], "path": path}


@pytest.mark.parametrize("field", ["label", "later"])
def test_a_sibling_error_after_the_field_drops_its_parent(field: str) -> None:
    result = run(f"{{ items {{ id {field} check }} }}")
    assert result == {
        "data": {
            "items": [
                {"id": 1, field: f"{field}1", "check": 1},
                None,
                {"id": 3, field: f"{field}3", "check": 3},
            ]
        },
        "errors": [error("item 2 fails", 15 + len(field), ["items", 1, "check"])],
    }
    assert [(field, [1, 3])] == CALLS


def test_a_sibling_error_before_the_field_leaves_the_parent_out() -> None:
    result = run("{ items { check label } }")
    assert result["data"] == {
        "items": [{"check": 1, "label": "label1"}, None, {"check": 3, "label": "label3"}]
    }
    assert CALLS == [("label", [1, 3])]


def test_an_error_deeper_in_a_sibling_propagates_to_the_parent() -> None:
    result = run("{ items { label me { check } } }")
    assert result == {
        "data": {
            "items": [
                {"label": "label1", "me": {"check": 1}},
                None,
                {"label": "label3", "me": {"check": 3}},
            ]
        },
        "errors": [error("item 2 fails", 22, ["items", 1, "me", "check"])],
    }
    assert CALLS == [("label", [1, 3])]


def test_an_earlier_batch_nulling_a_parent_drops_it_from_a_later_batch() -> None:
    result = run("{ items { strict label } }")
    assert result == {
        "data": {
            "items": [{"strict": 1, "label": "label1"}, {"strict": 2, "label": "label2"}, None]
        },
        "errors": [
            error(
                "Cannot return null for non-nullable field Item.strict.", 11, ["items", 2, "strict"]
            )
        ],
    }
    assert CALLS == [("strict", [1, 2, 3]), ("label", [1, 2])]
    CALLS.clear()
    # Gathered in selection order: the label batch runs first and sees every parent.
    assert run("{ items { label strict } }")["data"] == {
        "items": [{"label": "label1", "strict": 1}, {"label": "label2", "strict": 2}, None]
    }
    assert CALLS == [("label", [1, 2, 3]), ("strict", [1, 2, 3])]


def test_no_call_when_every_parent_was_nulled() -> None:
    result = run("{ items { label check(failing: [1, 2, 3]) } }")
    assert result == {
        "data": {"items": [None, None, None]},
        "errors": [error(f"item {i + 1} fails", 17, ["items", i, "check"]) for i in range(3)],
    }
    assert CALLS == []


def test_per_item_async_resolvers_under_a_nulled_object_never_run() -> None:
    # The behaviour batch calls match: `slow` is called for item 2 but its body never starts.
    result = run("{ items { slow check } }")
    assert result["data"] == {
        "items": [{"slow": "slow1", "check": 1}, None, {"slow": "slow3", "check": 3}]
    }
    assert CALLS == [("slow", [1]), ("slow", [3])]
