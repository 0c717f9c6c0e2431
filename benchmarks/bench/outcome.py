"""Results as canonical JSON, so libraries (and the Rust floor) can be compared by digest."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical(outcome: Any) -> str:
    return json.dumps(outcome, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(outcome: Any) -> str:
    return hashlib.sha256(canonical(outcome).encode()).hexdigest()


def first_difference(left: Any, right: Any, path: str = "$") -> str | None:
    """Where two outcomes first differ, for the error message of a failed comparison."""
    if type(left) is not type(right):
        return f"{path}: {type(left).__name__} != {type(right).__name__}"
    if isinstance(left, dict):
        if left.keys() != right.keys():
            return f"{path}: keys {sorted(left)} != {sorted(right)}"
        for key in left:
            found = first_difference(left[key], right[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(left, list):
        if len(left) != len(right):
            return f"{path}: {len(left)} items != {len(right)}"
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            found = first_difference(a, b, f"{path}[{index}]")
            if found:
                return found
        return None
    return None if left == right else f"{path}: {left!r:.200} != {right!r:.200}"
