"""Data fields on `__slots__` classes, which the engine reads directly once a field has read
four rows of one class (src/execute/slot_attr.rs): every read must give what `getattr` gives
at that moment, whatever the rows are, and whatever happens to their classes meanwhile."""

from __future__ import annotations

from typing import Any

import pytest

import grommet


class Slotted:
    __slots__ = ("name", "rank")

    def __init__(self, name: str, rank: int | None = None) -> None:
        self.name = name
        if rank is not None:
            self.rank = rank


class SlottedChild(Slotted):
    """Inherits the slots (same offsets) and adds one before nothing else changes."""

    __slots__ = ("extra",)


class Elsewhere:
    """The same attribute names at other offsets (CPython lays slots out in name order)."""

    __slots__ = ("a_padding", "name", "rank")

    def __init__(self, name: str, rank: int) -> None:
        self.a_padding = "x"
        self.name = name
        self.rank = rank


class Computed(Slotted):
    """A subclass that computes `name`: a property found before the inherited slot."""

    __slots__ = ()

    def __init__(self, name: str, rank: int) -> None:
        self.rank = rank

    @property
    def name(self) -> str:  # type: ignore[override]
        return "computed"


class Renamed(Slotted):
    """The same layout as `Slotted` (an object can be given this class), `name` computed."""

    __slots__ = ()

    @property
    def name(self) -> str:  # type: ignore[override]
        return "renamed"


class WithGetattr:
    __slots__ = ("name", "rank")

    def __init__(self, name: str) -> None:
        self.name = name

    def __getattr__(self, attr: str) -> Any:
        return 7 if attr == "rank" else None


class Plain:
    def __init__(self, name: str, rank: int) -> None:
        self.name = name
        self.rank = rank


ROWS: list[Any] = []


@grommet.type
class Row:
    name: str
    rank: int | None

    @grommet.field
    def patch(self) -> str:
        """At the fourth row (four rows' `name` read: the engine reads the slot directly from
        now on), replaces `Slotted.name` with a property."""
        if self is ROWS[3]:
            type.__setattr__(Slotted, "name", property(lambda row: "patched"))
        return "done"

    @grommet.field
    def swap(self) -> str:
        """Turns the fifth row into another class (same layout) before its fields are read."""
        ROWS[4].__class__ = Renamed
        return "swapped"


@grommet.type
class Query:
    @grommet.field
    def rows(self) -> list[Row]:
        return ROWS


SCHEMA = grommet.Schema(Query)


def _run(query: str, rows: list[Any]) -> dict[str, Any]:
    ROWS[:] = rows
    return SCHEMA.execute_sync(query).to_dict()


def test_rows_of_several_classes_read_their_own_attributes() -> None:
    rows = [
        Slotted("a", 1),
        Slotted("b", 2),
        SlottedChild("c", 3),
        Elsewhere("d", 4),
        Computed("e", 5),
        WithGetattr("f"),
        Plain("g", 7),
        {"name": "h", "rank": 8},
        Slotted("i", 9),
    ]
    assert _run("{ rows { name rank } }", rows) == {
        "data": {
            "rows": [
                {"name": "a", "rank": 1},
                {"name": "b", "rank": 2},
                {"name": "c", "rank": 3},
                {"name": "d", "rank": 4},
                {"name": "computed", "rank": 5},
                {"name": "f", "rank": 7},
                {"name": "g", "rank": 7},
                {"name": "h", "rank": 8},
                {"name": "i", "rank": 9},
            ]
        }
    }


def test_an_empty_slot_is_the_error_getattr_raises() -> None:
    rows = [Slotted(name, rank) for rank, name in enumerate("abcd", 1)]
    rows += [Slotted("e"), Slotted("f", 6)]
    assert _run("{ rows { name rank } }", rows) == {
        "data": {
            "rows": [
                {"name": "a", "rank": 1},
                {"name": "b", "rank": 2},
                {"name": "c", "rank": 3},
                {"name": "d", "rank": 4},
                {"name": "e", "rank": None},
                {"name": "f", "rank": 6},
            ]
        },
        "errors": [
            {
                "message": "'Slotted' object has no attribute 'rank'",
                "locations": [{"line": 1, "column": 15}],
                "path": ["rows", 4, "rank"],
            }
        ],
    }


@pytest.fixture
def restore_slotted() -> Any:
    descriptor = Slotted.__dict__["name"]
    yield
    type.__setattr__(Slotted, "name", descriptor)


def test_a_class_changed_during_the_execution_is_read_anew(restore_slotted: Any) -> None:
    rows = [Slotted(name, rank) for rank, name in enumerate("abcdef", 1)]
    assert _run("{ rows { name patch } }", rows) == {
        "data": {
            "rows": [
                {"name": "a", "patch": "done"},
                {"name": "b", "patch": "done"},
                {"name": "c", "patch": "done"},
                {"name": "d", "patch": "done"},
                {"name": "patched", "patch": "done"},
                {"name": "patched", "patch": "done"},
            ]
        }
    }


def test_an_object_whose_class_changes_is_read_by_its_new_class() -> None:
    rows: list[Slotted] = [Slotted(name, rank) for rank, name in enumerate("abcdef", 1)]
    rows.append(Computed("g", 7))
    assert _run("{ rows { swap name rank } }", rows) == {
        "data": {
            "rows": [
                {"swap": "swapped", "name": "a", "rank": 1},
                {"swap": "swapped", "name": "b", "rank": 2},
                {"swap": "swapped", "name": "c", "rank": 3},
                {"swap": "swapped", "name": "d", "rank": 4},
                {"swap": "swapped", "name": "renamed", "rank": 5},
                {"swap": "swapped", "name": "f", "rank": 6},
                {"swap": "swapped", "name": "computed", "rank": 7},
            ]
        }
    }
    assert type(rows[4]) is Renamed


def test_an_instance_change_is_seen_by_the_next_execution() -> None:
    rows = [Slotted(name, rank) for rank, name in enumerate("abcdef", 1)]
    assert _run("{ rows { name } }", rows) == {"data": {"rows": [{"name": n} for n in "abcdef"]}}
    rows[1].name = "changed"
    del rows[0].name
    assert _run("{ rows { name } }", rows) == {
        "data": None,
        "errors": [
            {
                "message": "'Slotted' object has no attribute 'name'",
                "locations": [{"line": 1, "column": 10}],
                "path": ["rows", 0, "name"],
            }
        ],
    }
