"""Type hints and resolver signatures are read once per object (bounded caches)."""

import inspect
import typing
from typing import Any

import pytest

import grommet
from grommet.builder import build_bundle
from grommet.builder.hints import HINT_CACHE_SIZE, class_hints, function_hints
from grommet.builder.resolvers import resolver_signature


@grommet.type
class Leaf:
    value: int


@grommet.type
class Query:
    leaf: Leaf

    @grommet.field
    def all_leaves(self, first: int = 2) -> list[Leaf]:
        return []


def test_a_second_build_reads_no_hints_or_signatures(monkeypatch: pytest.MonkeyPatch) -> None:
    first = build_bundle(Query)
    calls: list[str] = []
    get_type_hints, signature = typing.get_type_hints, inspect.signature

    def counting_hints(obj: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(f"hints {obj.__qualname__}")
        return get_type_hints(obj, *args, **kwargs)

    def counting_signature(obj: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(f"signature {obj.__qualname__}")
        return signature(obj, *args, **kwargs)

    monkeypatch.setattr(typing, "get_type_hints", counting_hints)
    monkeypatch.setattr(inspect, "signature", counting_signature)
    assert build_bundle(Query, auto_camel_case=False)["sdl"] != first["sdl"]
    assert build_bundle(Query) == first
    assert calls == []


def test_caches_are_bounded() -> None:
    for cached in (class_hints, function_hints, resolver_signature):
        assert cached.cache_parameters()["maxsize"] == HINT_CACHE_SIZE
