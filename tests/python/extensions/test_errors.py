"""Unexpected exceptions are logged (masked or not) and kept as `original_error`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest

import grommet


class Broken(Exception):
    pass


@grommet.type
class Query:
    @grommet.field
    def boom(self) -> str | None:
        raise Broken("kaput")

    @grommet.field
    async def later_boom(self) -> str | None:
        await asyncio.sleep(0)
        raise Broken("later")

    @grommet.field
    def refused(self) -> str | None:
        raise grommet.GraphQLError("not for you", extensions={"code": "FORBIDDEN"})


@grommet.type
class Subscription:
    @grommet.subscription
    async def fails(self) -> AsyncIterator[int]:
        yield 1
        raise Broken("stream broke")


@pytest.mark.parametrize("masked", [False, True])
def test_an_unexpected_exception_is_logged_with_path_operation_and_traceback(
    masked: bool, caplog: pytest.LogCaptureFixture
) -> None:
    schema = grommet.Schema(Query, mask_errors=masked)
    with caplog.at_level(logging.ERROR, logger="grommet"):
        result = schema.execute_sync("query Q { boom refused }")
    assert result.to_dict()["errors"][0]["message"] == (
        "Internal server error" if masked else "kaput"
    )
    error = result.errors[0]
    assert isinstance(error.original_error, Broken)
    assert result.errors[1].original_error is None  # a GraphQLError is not unexpected
    [record] = caplog.records
    assert record.name == "grommet"
    assert record.levelno == logging.ERROR
    assert record.getMessage() == "Unexpected Broken at boom in operation Q: kaput"
    assert record.exc_info is not None and record.exc_info[1] is error.original_error
    assert 'raise Broken("kaput")' in caplog.text  # the traceback reaches the resolver
    assert record.__dict__["graphql_path"] == ["boom"]
    assert record.__dict__["graphql_operation_name"] == "Q"


async def test_an_async_resolvers_exception_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    schema = grommet.Schema(Query)
    with caplog.at_level(logging.ERROR, logger="grommet"):
        result = await schema.execute("{ a: laterBoom }")
    assert isinstance(result.errors[0].original_error, Broken)
    assert [r.getMessage() for r in caplog.records] == [
        "Unexpected Broken at a in operation (anonymous): later"
    ]


async def test_a_source_streams_exception_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    schema = grommet.Schema(Query, subscription=Subscription, mask_errors=True)
    with caplog.at_level(logging.ERROR, logger="grommet"):
        results = [r async for r in schema.subscribe("subscription { fails }")]
    assert [r.to_dict() for r in results] == [
        {"data": {"fails": 1}},
        {"data": None, "errors": [{"message": "Internal server error"}]},
    ]
    assert isinstance(results[1].errors[0].original_error, Broken)
    assert [r.getMessage() for r in caplog.records] == [
        "Unexpected Broken at (no field) in operation (anonymous): stream broke"
    ]


def test_no_error_no_log(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="grommet"):
        result = grommet.Schema(Query).execute_sync("{ refused }")
    assert result.errors[0].original_error is None
    assert caplog.records == []
