"""Descriptions taken from docstrings."""

from __future__ import annotations

import inspect


def class_description(cls: type) -> str | None:
    """The cleaned docstring written on ``cls`` itself, ignoring generated ones."""
    doc = cls.__dict__.get("__doc__")
    if not isinstance(doc, str) or not doc.strip() or _is_generated(cls, doc):
        return None
    return inspect.cleandoc(doc)


def function_description(func: object) -> str | None:
    doc = getattr(func, "__doc__", None)
    if not isinstance(doc, str) or not doc.strip():
        return None
    return inspect.cleandoc(doc)


def _is_generated(cls: type, doc: str) -> bool:
    # @dataclass writes "Name(field: type, ...)" on classes without a docstring; Python 3.11's
    # Enum once wrote "An enumeration.".
    if doc == "An enumeration.":
        return True
    if "__dataclass_fields__" not in cls.__dict__:
        return False
    try:
        signature = str(inspect.signature(cls)).replace(" -> None", "")
    except (TypeError, ValueError):
        signature = ""
    return doc == cls.__name__ + signature
