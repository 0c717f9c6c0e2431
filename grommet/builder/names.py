"""GraphQL names: snake_case conversion and validation."""

from __future__ import annotations

import re

_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*\Z")


def camel_case(name: str) -> str:
    """``user_id`` → ``userId``; leading underscores and inner capitals are kept."""
    stripped = name.lstrip("_")
    head, *rest = stripped.split("_")
    return name[: len(name) - len(stripped)] + head + "".join(p[:1].upper() + p[1:] for p in rest)


def graphql_name(py_name: str, explicit: str | None, auto_camel_case: bool) -> str:
    if explicit is not None:
        return explicit
    return camel_case(py_name) if auto_camel_case else py_name


def check_name(name: str, what: str) -> str:
    if not _NAME.match(name):
        raise TypeError(f"{what}: {name!r} is not a valid GraphQL name")
    if name.startswith("__"):
        raise TypeError(f"{what}: {name!r} is reserved (names starting with '__' are)")
    return name
