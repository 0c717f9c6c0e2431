"""Comparing execution results with the spec's response shape."""

from __future__ import annotations

import json
from typing import Any

import grommet


def _in_any_order(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # The spec does not order `errors`; everything else is compared exactly.
    return sorted(errors, key=lambda error: json.dumps(error, sort_keys=True))


def response(result: grommet.ExecutionResult) -> dict[str, Any]:
    """The response map of `result`, errors in a canonical order."""
    out = result.to_dict()
    if "errors" in out:
        out["errors"] = _in_any_order(out["errors"])
    return out


def expect(result: grommet.ExecutionResult, expected: dict[str, Any]) -> None:
    """Assert `result` is exactly `expected` (a spec response map; errors in any order)."""
    canonical = dict(expected)
    if "errors" in canonical:
        canonical["errors"] = _in_any_order(canonical["errors"])
    assert response(result) == canonical


def expect_rejected(result: grommet.ExecutionResult, errors: list[dict[str, Any]]) -> None:
    """Assert `result` is a request error (nothing executed) with exactly these errors.

    Whether the response map then leaves out `data`, as the spec asks, is tested on its own
    (test_bad_input.py), so that one defect fails one test.
    """
    assert result.data is None
    assert _in_any_order(result.to_dict().get("errors", [])) == _in_any_order(errors)


def located(message: str, line: int, column: int, *path: str | int) -> dict[str, Any]:
    """A field error as the spec shapes it: message, one location, and the path when given."""
    error: dict[str, Any] = {"message": message, "locations": [{"line": line, "column": column}]}
    if path:
        error["path"] = list(path)
    return error
