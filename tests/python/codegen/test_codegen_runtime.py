"""Generated types are dataclasses: the deferred decorator behaves as the standard one."""

from __future__ import annotations

import dataclasses
import threading

import pytest

import grommet.codegen_runtime


def make(decorator: str) -> tuple[type, type]:
    """The same two classes (an interface and an implementation) under either decorator."""
    namespace: dict[str, object] = {}
    source = f"""
@{decorator}
class Node:
    '''A node.'''

    id: str


@{decorator}
class User(Node):
    '''A user.'''

    id: str
    name: str | None = None
"""
    exec(source, {"grommet": grommet, "dataclasses": dataclasses}, namespace)
    return namespace["Node"], namespace["User"]  # type: ignore[return-value]


STANDARD = "dataclasses.dataclass(kw_only=True)"
DEFERRED = "grommet.codegen_runtime.dataclass"


def test_fields_are_there_before_the_first_instance() -> None:
    (_, standard), (_, deferred) = make(STANDARD), make(DEFERRED)
    assert "__init__" not in vars(deferred) or vars(deferred)["__init__"].__name__ == "_init"
    assert dataclasses.is_dataclass(deferred)
    assert [(f.name, f.default, f.kw_only) for f in dataclasses.fields(deferred)] == [
        (f.name, f.default, f.kw_only) for f in dataclasses.fields(standard)
    ]


@pytest.mark.parametrize("first", ["init", "repr", "eq", "fields"])
def test_behaves_as_a_standard_dataclass_whatever_is_used_first(first: str) -> None:
    (_, standard), (node, deferred) = make(STANDARD), make(DEFERRED)
    if first == "fields":
        dataclasses.fields(deferred)
    for cls in (standard, deferred):
        user = cls(id="1")
        if first == "repr":
            repr(user)
        assert repr(user) == repr(standard(id="1")).replace(standard.__qualname__, cls.__qualname__)
        assert user == cls(id="1") and user != cls(id="2") and user != object()
        assert cls.__hash__ is None
        assert dataclasses.asdict(dataclasses.replace(user, name="Ada")) == {
            "id": "1",
            "name": "Ada",
        }
        with pytest.raises(TypeError, match="unexpected keyword argument 'idd'"):
            cls(idd="1")
        with pytest.raises(TypeError, match="positional"):
            cls("1")
    assert repr(node(id="n")) == "Node(id='n')"


def test_a_user_subclass_and_many_threads_at_once() -> None:
    _, deferred = make(DEFERRED)

    class Mine(deferred):  # type: ignore[valid-type,misc]
        pass

    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(repr(Mine(id="1")))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert results == [f"{Mine.__qualname__}(id='1', name=None)"] * 8
