"""A subscription root field cannot be a batch resolver: its resolver returns the event
stream of one subscription, so there are no parents to gather. Every entry point says so."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

import grommet
from grommet.bundle import batch_field, call_field
from grommet_codegen.cli import main

SDL = "type Query { x: Int }\ntype Subscription { ticks: Int }\n"


async def ticks(parents: object, info: grommet.Info) -> AsyncIterator[int]:
    yield 1


def test_the_bundle_is_rejected_with_a_schema_error() -> None:
    bundle = {"sdl": SDL, "types": {"Subscription": {"fields": {"ticks": batch_field(ticks, "")}}}}
    with pytest.raises(
        grommet.SchemaError,
        match=r"^Subscription\.ticks: a subscription root field cannot be a batch resolver "
        r"\(its resolver returns the event stream\)$",
    ):
        grommet.Schema.from_bundle(bundle)


def test_the_same_field_as_a_plain_resolver_builds() -> None:
    bundle = {"sdl": SDL, "types": {"Subscription": {"fields": {"ticks": call_field(ticks, "")}}}}
    assert "ticks: Int" in grommet.Schema.from_bundle(bundle).sdl


def test_the_builder_rejects_a_batch_field_on_the_subscription_root() -> None:
    @grommet.type
    class Query:
        x: int = 1

    @grommet.type
    class Subscription:
        @grommet.field(batch=True)
        async def ticks(roots: list[object]) -> list[int]:
            return [1 for _ in roots]

    with pytest.raises(
        TypeError, match=r"^Subscription\.ticks: a subscription field cannot be a batch resolver$"
    ):
        grommet.Schema(Query, subscription=Subscription)


def test_codegen_rejects_a_subscription_field_in_batch_fields(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "schema.graphql").write_text(SDL)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.grommet-codegen]\nschema = ["schema.graphql"]\noutput = "app/generated"\n'
        'batch-fields = ["Subscription.ticks"]\n'
    )
    monkeypatch.chdir(tmp_path)
    assert main([]) == 2
    assert "batch-fields: 'Subscription.ticks': a subscription field cannot be batched" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "app").exists()
