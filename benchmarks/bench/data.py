"""The data every library serves: plain objects with ``__slots__``, built the same way for all.

Every library reads fields by attribute, so all of them get the very same objects (the same
memory, the same attribute lookups). Values are deterministic; the Rust floor builds the same
rows from the same formulas (``benchmarks/rust_floor/src/data.rs``).
"""

from __future__ import annotations

from dataclasses import dataclass

CELLS_PER_ROW = 5
USER_COUNT = 100
FRIENDS_PER_USER = 10
ITEM_COUNT = 10_000
ITEM_TAGS = (("a",), ("b",), ("c",), ("a", "b"), ("b", "c"))


@dataclass(slots=True)
class Cell:
    value: str


@dataclass(slots=True)
class Row:
    a: int
    b: int
    c: int
    cells: list[Cell]


@dataclass(slots=True)
class HiddenCell:
    """A cell whose ``value`` field is computed by a resolver from ``j``."""

    j: int


@dataclass(slots=True)
class ComputedRow:
    a: int
    cells: list[HiddenCell]


@dataclass(slots=True)
class User:
    id: str
    name: str
    email: str
    friend_ids: list[int]


@dataclass(slots=True)
class Item:
    id: str
    value: int
    tags: list[str]


def cell_text(j: int) -> str:
    """The value of cell ``j`` (numbered across rows), stored (W1) or computed (W2, W3)."""
    return f"Cell {j}"


def build_rows(count: int) -> list[Row]:
    """W1: ``count`` rows of three ints and five cells with a stored string value."""
    return [
        Row(
            a=i,
            b=2 * i,
            c=3 * i,
            cells=[Cell(cell_text(i * CELLS_PER_ROW + k)) for k in range(CELLS_PER_ROW)],
        )
        for i in range(count)
    ]


def build_computed_rows(count: int) -> list[ComputedRow]:
    """W2 and W3: rows whose cells hold only the int their value is computed from."""
    return [
        ComputedRow(
            a=i,
            cells=[HiddenCell(i * CELLS_PER_ROW + k) for k in range(CELLS_PER_ROW)],
        )
        for i in range(count)
    ]


class Users:
    """W4: ``USER_COUNT`` users by id; user ``i`` befriends the next ``FRIENDS_PER_USER``."""

    def __init__(self) -> None:
        self.by_index = [
            User(
                id=str(i),
                name=f"User {i}",
                email=f"user{i}@example.com",
                friend_ids=[(i + k) % USER_COUNT for k in range(1, FRIENDS_PER_USER + 1)],
            )
            for i in range(USER_COUNT)
        ]
        self.by_id = {user.id: user for user in self.by_index}

    def get(self, user_id: str) -> User | None:
        return self.by_id.get(user_id)

    def friends(self, user: User, first: int) -> list[User]:
        return [self.by_index[i] for i in user.friend_ids[:first]]


def build_items() -> list[Item]:
    """W5: items with a value in 0..99 and one or two tags out of a, b, c."""
    return [
        Item(id=str(i), value=i % 100, tags=list(ITEM_TAGS[i % len(ITEM_TAGS)]))
        for i in range(ITEM_COUNT)
    ]


def filter_items(items: list[Item], minimum: int, tags: list[str], first: int) -> list[Item]:
    """W5's ``items(filter:, first:)``: value at least ``minimum``, sharing a tag, the first N."""
    wanted = set(tags)
    found: list[Item] = []
    for item in items:
        if item.value >= minimum and not wanted.isdisjoint(item.tags):
            found.append(item)
            if len(found) == first:
                break
    return found


def user_ids(count: int) -> list[str]:
    """W4: the ids the sequential requests ask for, cycling through all users."""
    return [str(k % USER_COUNT) for k in range(count)]


@dataclass(slots=True)
class Store:
    """The root value: what the ``Query`` resolvers of every library read from."""

    row_list: list[Row]
    computed_row_list: list[ComputedRow]
    user_table: Users
    item_list: list[Item]


def build_store(key: str, size: int) -> Store:
    """Only the data workload ``key`` reads, so peak RSS is the workload's own."""
    return Store(
        row_list=build_rows(size) if key == "W1" else [],
        computed_row_list=build_computed_rows(size) if key in ("W2", "W3") else [],
        user_table=Users(),
        item_list=build_items() if key == "W5" else [],
    )
