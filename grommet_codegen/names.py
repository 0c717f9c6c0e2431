"""GraphQL names → Python identifiers, and the namespaces that keep them apart."""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable
from functools import lru_cache

# `IDs`, `URLs`: an acronym in the plural is one word (`artworkIDs` → `artwork_ids`).
_PLURAL_ACRONYM = re.compile(r"([A-Z]{2,})s(?=[A-Z0-9_]|$)")
# `iOS`, `iPadOS` at the start of a word: one lowercase letter glued to an acronym.
_PREFIXED_ACRONYM = re.compile(r"(?<![A-Za-z0-9])([a-z])([A-Z]{2,}?)(?=[A-Z][a-z]|[^A-Za-z]|$)")
_ACRONYM_WORD = re.compile(r"([A-Z]+)([A-Z][a-z])")
_LOWER_UPPER = re.compile(r"([a-z0-9])([A-Z])")
_UPPER_PAIR = re.compile(r"[A-Z]{2}")

# Names ruff (E741-E743) rejects as ambiguous in any position.
_AMBIGUOUS = frozenset({"l", "I", "O"})


def safe_identifier(name: str) -> str:
    """``name`` itself, or ``name_`` when Python (or ruff) cannot take it as a plain name."""
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in _AMBIGUOUS:
        return f"{name}_"
    return name


@lru_cache(maxsize=8192)
def snake_case(name: str) -> str:
    """``firstName`` → ``first_name``, ``userID`` → ``user_id``, ``URLs`` → ``urls``."""
    if _UPPER_PAIR.search(name) is None:
        # No acronym (most names): the other rules all need two capitals in a row.
        return safe_identifier(_LOWER_UPPER.sub(_joined, name).lower())
    text = _PLURAL_ACRONYM.sub(lambda m: m[1].capitalize() + "s", name)
    text = _PREFIXED_ACRONYM.sub(lambda m: m[1] + m[2].lower(), text)
    spaced = _LOWER_UPPER.sub(_joined, _ACRONYM_WORD.sub(_joined, text))
    return safe_identifier(spaced.lower())


def _joined(match: re.Match[str]) -> str:
    # A function, not the template r"\1_\2": Python 3.11 expands templates in Python code.
    return f"{match[1]}_{match[2]}"


class Namespace:
    """Names taken in one Python scope; `claim` escapes a name with ``_`` until it is free."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        # Many scopes share one large reserved set: it is kept, not copied.
        self.reserved = reserved if isinstance(reserved, frozenset) else frozenset(reserved)
        self.taken: set[str] = set()

    def blocked(self, name: str) -> bool:
        return name in self.taken or name in self.reserved

    def claim(self, name: str) -> str:
        name = safe_identifier(name)
        while self.blocked(name):
            name += "_"
        self.taken.add(name)
        return name
