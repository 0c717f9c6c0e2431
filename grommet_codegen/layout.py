"""Values the templates build literals from, and the text filters they use."""

from __future__ import annotations

import re
from dataclasses import dataclass

LINE_LENGTH = 88  # ruff's default; output laid out for it is also stable at longer lengths

_DIGITS = re.compile(r"(\d+)")
_QUOTE_RUN = re.compile(r'"(?="")')


@dataclass(frozen=True)
class Entry:
    key: str | None
    value: Lit


@dataclass(frozen=True)
class Lit:
    """An atom of code, or a bracketed sequence the `layout` macro puts on one or many lines."""

    atom: str | None = None
    open: str = ""
    close: str = ""
    items: tuple[Entry, ...] = ()
    one_tuple: bool = False  # `(x,)`: the comma of a one-item tuple is not a magic one
    explode: bool = False  # one item per line even when it would fit
    flat_open: str = ""
    flat_close: str = ""


def atom(text: str) -> Lit:
    return Lit(atom=text)


def seq(
    open: str,
    close: str,
    items: list[Lit | Entry] | tuple[Entry, ...],
    *,
    explode: bool = False,
    bare: bool = False,
) -> Lit:
    """A sequence; ``bare`` drops the brackets on one line (``from x import a, b``)."""
    entries = tuple(item if isinstance(item, Entry) else Entry(None, item) for item in items)
    return Lit(
        open=open,
        close=close,
        items=entries,
        one_tuple=open == "(" and len(entries) == 1 and not bare and close == ")",
        explode=explode,
        flat_open="" if bare else open,
        flat_close="" if bare else close,
    )


def entry(key: str, value: Lit) -> Entry:
    return Entry(key, value)


def py_literal(value: object) -> str:
    """A literal Python value as ruff formats it (strings in double quotes when possible)."""
    if isinstance(value, str):
        return py_string(value)
    return repr(value)


def py_string(value: str) -> str:
    text = repr(value)
    if text.startswith('"') or value.count('"') > value.count("'"):
        return text
    return '"' + text[1:-1].replace("\\'", "'").replace('"', '\\"') + '"'


def doc_escape(line: str) -> str:
    """A docstring line with backslashes, runs of three quotes and a final quote escaped."""
    escaped = _QUOTE_RUN.sub('\\"', line.replace("\\", "\\\\"))
    return escaped[:-1] + '\\"' if escaped.endswith('"') else escaped


def triple_quoted(text: str) -> str:
    """A triple-quoted literal of ``text`` (starting with a line continuation), as ruff keeps it.

    ``'''`` when the text holds ``\"\"\"`` (so SDL descriptions need no escapes), else ``\"\"\"``
    with every run of three quotes and a final quote escaped.
    """
    escaped = text.replace("\\", "\\\\")
    if '"""' in text and "'''" not in text and not text.endswith("'"):
        return "'''\\\n" + escaped + "'''"
    escaped = _QUOTE_RUN.sub('\\"', escaped)
    # Backslashes are doubled above, so a final quote is always a bare one.
    if escaped.endswith('"'):
        escaped = escaped[:-1] + '\\"'
    return '"""\\\n' + escaped + '"""'


def isort_key(name: str) -> tuple[int, list[object]]:
    """Order of names in ``from x import ...`` as ruff's isort has it."""
    return (_kind(name), _natural(name.lower()))


def all_key(name: str) -> tuple[int, list[object]]:
    """Order of ``__all__`` as ruff's RUF022 has it."""
    return (_kind(name), _natural(name))


def _kind(name: str) -> int:
    stripped = name.lstrip("_")
    if len(name) > 1 and name.isupper():
        return 0
    return 1 if stripped[:1].isupper() else 2


def _natural(text: str) -> list[object]:
    return [int(part) if part.isdigit() else part for part in _DIGITS.split(text)]
