"""The targets of issue 4, checked against one run's medians (ratio = peer time / grommet time)."""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from bench.adapters import GROMMET, PEERS

FLOOR = "rust-floor"
TIMES = "\u00d7"  # the multiplication sign of "10x", spelled out for ruff

# Workload → how many times faster than the fastest Python peer grommet must be.
PEER_SPEEDUPS = {"W1": 10.0, "W2": 8.0, "W3": 10.0, "W4": 30.0, "W5": 8.0}


@dataclass(frozen=True)
class TargetCheck:
    workload: str
    grommet: str
    target: str
    ratio: float | None  # what the target compares, as "times faster" (higher is better)
    required: float
    met: bool | None  # None when a library the target needs did not run

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


Results = Mapping[str, Mapping[str, Mapping[str, Any]]]


def check_targets(results: Results) -> list[TargetCheck]:
    """Every target, grouped by workload."""
    return sorted(_checks(results), key=lambda check: check.workload)


def _checks(results: Results) -> Iterator[TargetCheck]:
    for key, required in PEER_SPEEDUPS.items():
        peer = _fastest_peer(results, key)
        target = f"≥ {required:g}{TIMES} the fastest Python peer" + (f" ({peer})" if peer else "")
        for grommet in GROMMET:
            yield _check(results, key, grommet, peer, target, required)
    for grommet in GROMMET:
        yield _check(
            results, "W4", grommet, "graphql-core-cached",
            "no slower than graphql-core with a document cache", 1.0,
        )  # fmt: skip
        yield _check(results, "W1", grommet, FLOOR, f"within 2{TIMES} of the pure-Rust floor", 0.5)
        yield _check(
            results, "W1", grommet, "graphql-core",
            "peak RSS no higher than graphql-core's", 1.0, measure="peak_rss_mb",
        )  # fmt: skip
    yield _check(
        results, "W6", "grommet-codegen", "graphql-core", f"≥ 20{TIMES} graphql-core", 20.0
    )
    yield _check(results, "W6", "grommet-codegen", "strawberry", f"≥ 20{TIMES} Strawberry", 20.0)
    yield _check(results, "W6", "grommet-builder", "strawberry", f"≥ 2{TIMES} Strawberry", 2.0)
    peer = _fastest_peer(results, "W7")
    named = f" ({peer})" if peer else ""
    for grommet, required in (("grommet-dataloader", 10.0), ("grommet-batch", 30.0)):
        target = f"≥ {required:g}{TIMES} the fastest Python peer{named}"
        yield _check(results, "W7", grommet, peer, target, required)
    yield _check(
        results, "W7", "grommet-batch", "grommet-dataloader",
        f"≥ 3{TIMES} grommet's own DataLoader", 3.0,
    )  # fmt: skip


def _fastest_peer(results: Results, key: str) -> str | None:
    ran = [(results[key][peer]["median_s"], peer) for peer in PEERS if _ran(results, key, peer)]
    return min(ran)[1] if ran else None


def _ran(results: Results, key: str, library: str) -> bool:
    return "median_s" in results.get(key, {}).get(library, {})


def _check(
    results: Results,
    key: str,
    grommet: str,
    other: str | None,
    target: str,
    required: float,
    measure: str = "median_s",
) -> TargetCheck:
    if other is None or not (_ran(results, key, grommet) and _ran(results, key, other)):
        return TargetCheck(key, grommet, target, None, required, None)
    ratio = _ratio(results[key][other], results[key][grommet], measure)
    return TargetCheck(key, grommet, target, ratio, required, ratio >= required)


def _ratio(other: Mapping[str, Any], grommet: Mapping[str, Any], measure: str) -> float:
    """``other / grommet``: for two libraries run in the same rounds, the median of the
    rounds' ratios (each round's libraries ran minutes apart at most, under the same load);
    otherwise the ratio of the medians."""
    rounds = other.get("round_medians_s"), grommet.get("round_medians_s")
    if measure == "median_s" and rounds[0] and rounds[1] and len(rounds[0]) == len(rounds[1]):
        return statistics.median(o / g for o, g in zip(rounds[0], rounds[1], strict=True))
    return float(other[measure]) / float(grommet[measure])
