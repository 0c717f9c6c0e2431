"""Engine bugs the fuzzer found that the engine does not fix yet (``/work/findings/fuzz.md``).

Each predicate recognises one bug from the request, grommet's failure and graphql-core's
answer, so the fuzzer keeps running past it. When the engine fixes a bug, delete its predicate:
the fuzzer then checks that case like any other.
"""

from __future__ import annotations

from collections.abc import Callable

from .oracle import INTROSPECTION_DEPTH, Outcome, Request

KnownIssue = Callable[[Request, AssertionError, Outcome], bool]


def _rejected_only_for(theirs: Outcome, failure: AssertionError, marker: str) -> bool:
    """graphql-core rejected the request for this one reason, and grommet did not."""
    messages = [error["message"] for error in theirs.response.get("errors", [])]
    return (
        "request/field error disagreement" in str(failure)
        and theirs.kind == "request"
        and bool(messages)
        and all(marker in message for message in messages)
    )


def mutation_root_all_skipped(request: Request, failure: AssertionError, theirs: Outcome) -> bool:
    # issue 7 item 2: a mutation whose every root field is skipped panics (index out of bounds).
    return (
        "PanicException: index out of bounds" in str(failure)
        and theirs.kind == "ok"
        and theirs.data == {}
    )


def one_of_not_validated(request: Request, failure: AssertionError, theirs: Outcome) -> bool:
    # A @oneOf literal with zero or several fields, or a nullable variable in a @oneOf field,
    # passes grommet's validation (it fails later, as a field error, if it is executed).
    return _rejected_only_for(theirs, failure, "OneOf Input Object")


def duplicate_input_field(request: Request, failure: AssertionError, theirs: Outcome) -> bool:
    # `{hi: 1, hi: 2}` passes grommet's validation; the first value wins.
    return _rejected_only_for(theirs, failure, "There can be only one input field named")


def introspection_depth_fragment_order(
    request: Request, failure: AssertionError, theirs: Outcome
) -> bool:
    # `__type { ...F interfaces { ...F } }`: a fragment first spread at a shallow level is not
    # measured again where it is spread deeper, so the introspection depth limit is bypassed.
    return "..." in request.source and _rejected_only_for(theirs, failure, INTROSPECTION_DEPTH)


KNOWN_ISSUES: dict[str, KnownIssue] = {
    "mutation-skip-panic": mutation_root_all_skipped,
    "oneof-not-validated": one_of_not_validated,
    "duplicate-input-field": duplicate_input_field,
    "introspection-depth-fragment-order": introspection_depth_fragment_order,
}


def explain(request: Request, failure: AssertionError, theirs: Outcome) -> str | None:
    """The name of the known issue that explains ``failure``, if one does."""
    for name, applies in KNOWN_ISSUES.items():
        if applies(request, failure, theirs):
            return name
    return None
