"""Engine bugs the fuzzer found that the engine does not fix yet (``/work/findings/fuzz.md``).

Each predicate recognises one bug from the request, grommet's failure and graphql-core's
answer, so the fuzzer keeps running past it. When the engine fixes a bug, delete its predicate:
the fuzzer then checks that case like any other.
"""

from __future__ import annotations

from collections.abc import Callable

from .oracle import Outcome, Request

KnownIssue = Callable[[Request, AssertionError, Outcome], bool]


KNOWN_ISSUES: dict[str, KnownIssue] = {}


def explain(request: Request, failure: AssertionError, theirs: Outcome) -> str | None:
    """The name of the known issue that explains ``failure``, if one does."""
    for name, applies in KNOWN_ISSUES.items():
        if applies(request, failure, theirs):
            return name
    return None
