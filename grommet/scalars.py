"""Scalars: the ``ID`` type and custom scalars."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NewType

from grommet.meta import ScalarType

ID = NewType("ID", str)
"""The GraphQL ``ID`` scalar; values are strings."""


def scalar(
    name: str | None = None,
    *,
    serialize: Callable[[Any], Any] | None = None,
    parse_value: Callable[[Any], Any] | None = None,
    description: str | None = None,
    specified_by_url: str | None = None,
) -> ScalarType:
    """Define a custom scalar.

    As an annotation: ``Date = Annotated[date, grommet.scalar(name="Date", serialize=...,
    parse_value=...)]`` (``name`` is then required). As a class decorator,
    ``@grommet.scalar(serialize=..., parse_value=...)`` makes the class itself the scalar,
    named after it unless ``name=`` is given.
    """
    return ScalarType(name, serialize, parse_value, description, specified_by_url)
