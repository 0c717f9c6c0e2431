"""Type hints and resolver signatures are read once per object (caches kept on the object)."""

import inspect
import typing
from typing import Any

import pytest

import grommet
from grommet.builder import build_bundle
from grommet.builder.fields import object_fields
from grommet.builder.object_cache import PER_OBJECT_LIMIT


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


def test_caches_are_bounded_per_object() -> None:
    @grommet.type
    class Fresh:
        value: int

    for index in range(3 * PER_OBJECT_LIMIT):
        object_fields(Fresh, f"Fresh{index}", camel=True, root=False, subscription=False)
        assert len(vars(Fresh)["__grommet_object_fields__"]) <= PER_OBJECT_LIMIT


def test_a_subclass_does_not_read_its_base_class_cache() -> None:
    @grommet.type
    class Base:
        value: int

    @grommet.type
    class Derived(Base):
        extra: str

    assert [
        f.name for f in object_fields(Base, "Base", camel=True, root=False, subscription=False)
    ] == ["value"]
    derived = object_fields(Derived, "Derived", camel=True, root=False, subscription=False)
    assert [f.name for f in derived] == ["value", "extra"]
