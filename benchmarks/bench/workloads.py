"""Workloads W1-W7: what each one runs, at which size, and what it is compared against."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Workload:
    key: str
    name: str
    summary: str
    query: str
    full_size: int
    quick_size: int
    # W4 reports time per request: the timed run is ``size`` requests.
    per_request: bool = False
    # The pure-Rust floor runs this workload too.
    floor: bool = False
    # Every library runs this many times in turn, a process each ("rounds"), so load that
    # comes and goes on a shared machine meets every library alike; a target comparing two
    # libraries of the workload takes the median of the ratios of their round medians.
    # ``--reps`` is spread over the rounds.
    rounds: int = 1
    # Each round keeps timing runs (beyond its share of ``--reps``) until this many seconds
    # are timed, so a run of a few milliseconds gets as many samples as the budget allows.
    min_time_s: float = 0.0

    def size(self, quick: bool) -> int:
        return self.quick_size if quick else self.full_size


W1 = Workload(
    key="W1",
    name="list_attrs",
    summary="20,000 rows x (3 ints + 5 cells), every field a plain attribute",
    query="{ rows { a b c cells { value } } }",
    full_size=20_000,
    quick_size=200,
    floor=True,
)
W2 = Workload(
    key="W2",
    name="list_sync_resolvers",
    summary="20,000 rows x 5 cells whose value is a sync resolver",
    query="{ computedRows { a cells { value } } }",
    full_size=20_000,
    quick_size=200,
    floor=True,
)
W3 = Workload(
    key="W3",
    name="list_async_resolvers",
    summary="20,000 rows x 5 cells whose value is an async resolver awaiting asyncio.sleep(0)",
    query="{ asyncRows { a cells { value } } }",
    full_size=20_000,
    quick_size=200,
)
W4 = Workload(
    key="W4",
    name="small_query_many",
    summary="5,000 sequential small queries with a variable over 100 users",
    query=("query Q($id: ID!) { user(id: $id) { id name email friends(first: 3) { id name } } }"),
    full_size=5_000,
    quick_size=50,
    per_request=True,
)
W5 = Workload(
    key="W5",
    name="input_args",
    summary="input-object arguments: filter 10,000 items to 5,000, each with a scaled(factor:)",
    query=(
        '{ items(filter: {min: 10, tags: ["a", "b"]}, first: 5000) '
        "{ id scaled(factor: {amount: 3}) } }"
    ),
    full_size=5_000,
    quick_size=5_000,
)
W6 = Workload(
    key="W6",
    name="schema_build",
    summary="build a 40-type schema (8 fields each, some with arguments) 50 times",
    query="",
    full_size=50,
    quick_size=2,
)

W7 = Workload(
    key="W7",
    name="n_plus_one",
    summary=(
        "5,000 posts x (author + 3 comments x author), authors from an async load function "
        "(one sleep(0) per call): 2 load calls in every library"
    ),
    query=(
        "{ posts(first: 5000) { id title author { id name } comments { id author { id name } } } }"
    ),
    full_size=5_000,
    quick_size=100,
    rounds=5,
    min_time_s=0.5,
)

WORKLOADS: dict[str, Workload] = {w.key: w for w in (W1, W2, W3, W4, W5, W6, W7)}
