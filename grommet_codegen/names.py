"""GraphQL names → Python identifiers."""

from __future__ import annotations

import keyword
import re

_ACRONYM_WORD = re.compile(r"([A-Z]+)([A-Z][a-z])")
_LOWER_UPPER = re.compile(r"([a-z0-9])([A-Z])")

# Names a resolver method already uses for its own parameters.
_METHOD_PARAMS = frozenset({"self", "parent", "info"})


def safe_identifier(name: str) -> str:
    """``name`` itself, or ``name_`` when it is a Python keyword."""
    return f"{name}_" if keyword.iskeyword(name) or keyword.issoftkeyword(name) else name


def snake_case(name: str) -> str:
    """``firstName`` → ``first_name``, ``userID`` → ``user_id``, ``HTMLPage`` → ``html_page``."""
    spaced = _LOWER_UPPER.sub(r"\1_\2", _ACRONYM_WORD.sub(r"\1_\2", name))
    return safe_identifier(spaced.lower())


def field_name(name: str) -> str:
    """Python name of a data field or input field (``self`` would clash with ``__init__``)."""
    py_name = snake_case(name)
    return f"{py_name}_" if py_name == "self" else py_name


def argument_name(name: str) -> str:
    """Python keyword of a resolver argument, clear of ``self`` / ``parent`` / ``info``."""
    py_name = snake_case(name)
    return f"{py_name}_" if py_name in _METHOD_PARAMS else py_name
