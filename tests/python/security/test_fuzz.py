"""Differential fuzzing: generated documents and variables on grommet and on graphql-core.

Never a crash, a panic or a hang; a spec-shaped response; the same "has errors", the same kind
of error (request error with no ``data`` vs field error) and, where both execute, the same
``data`` (key order included) and the same error paths. Counts come from the hypothesis profile
(``conftest.py``): ``ci`` by default, ``--hypothesis-profile=long`` for the long run.
"""

from __future__ import annotations

import pytest
from hypothesis import given

from .fuzz_defects import defective_cases
from .fuzz_generate import Case, valid_cases
from .oracle import ASYNC, INTROSPECTION_DEPTH, Request, compare, run_graphql_core


@given(valid_cases())
def test_valid_documents_agree(case: Case) -> None:
    request = Request("valid", case.text(), case.variables(), case.operation_name)
    # The generator's promise, checked by the oracle: a valid document is not rejected (but
    # it may nest introspection past graphql-core's limit, a rule outside the spec).
    oracle = run_graphql_core(request.source, request.variables, request.operation_name)
    messages = {error["message"] for error in oracle.response.get("errors", [])}
    assert oracle.kind != "request" or messages == {INTROSPECTION_DEPTH}, (
        f"generator made an invalid document{request.describe()}\n{oracle.response}"
    )
    compare(request)


@given(defective_cases())
def test_documents_with_one_defect_agree(case: Case) -> None:
    assert case.defect is not None
    compare(Request(f"defect {case.defect}", case.text(), case.variables(), case.operation_name))


# Rarely (once in thousands of documents) a suspending resolver's coroutine of a discarded
# subtree is dropped unawaited by one of the two engines (not yet traced to which); the
# warning is not a disagreement in the answers this test compares.
@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")
@given(valid_cases())
def test_valid_documents_agree_with_suspending_resolvers(case: Case) -> None:
    request = Request("valid async", case.text(), case.variables(), case.operation_name)
    compare(request, ASYNC)
