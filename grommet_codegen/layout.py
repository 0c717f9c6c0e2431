"""Line layout of generated code, exactly as ``ruff format`` (at its default 88 columns) keeps it.

Renderers build small expression values here (`Ann` for annotations, `Lit` for literals) and
ask for the lines of a statement; templates only place the lines. The rules are ruff's for
the few statement shapes codegen writes: a bracketed sequence that does not fit is exploded
one item per line with a magic trailing comma (ruff keeps that at any line length); an
annotation that does not fit is split at its outermost ``|`` or hugged inside its last
subscript; an assigned value that does not fit is parenthesized when that makes room.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

LINE_LENGTH = 88

_DIGITS = re.compile(r"(\d+)")
_QUOTE_RUN = re.compile(r'"(?="")')
# Characters written as escapes (the value is the same): controls other than newline and tab,
# and all non-ASCII, which ruff would flag where it looks like ASCII (RUF001, RUF002).
_SUSPECT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\U0010ffff]")
# The ASCII control characters `_SUSPECT` matches, as bytes (for `bytes.translate`).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F])
# Spaces at the end of a line of a string (ruff's W291): the last one is escaped.
_TRAILING_SPACE = re.compile(r"[ \t](?=\n|$)")


def fits(line: str) -> bool:
    return len(line) <= LINE_LENGTH


# -- annotations -----------------------------------------------------------------------------


class Sub:
    """A subscripted annotation term: ``head[inner]``."""

    __slots__ = ("flat", "head", "inner")

    def __init__(self, head: str, inner: Ann) -> None:
        self.head = head
        self.inner = inner
        self.flat: str = f"{head}[{inner.flat}]"


class Ann:
    """An annotation: a union of terms, each a name (str) or a `Sub`."""

    __slots__ = ("flat", "terms")

    def __init__(self, terms: Sequence[str | Sub]) -> None:
        self.terms = tuple(terms)
        self.flat: str = " | ".join(t if isinstance(t, str) else t.flat for t in self.terms)


def ann_lines(ann: Ann, indent: int, prefix: str = "", suffix: str = "") -> list[str]:
    """``ann`` where no parentheses are added: split at ``|``, hugging subscripts."""
    line = " " * indent + prefix + ann.flat + suffix
    if fits(line):
        return [line]
    terms = ann.terms
    if len(terms) == 1:
        return _term_lines(terms[0], indent, prefix, suffix)
    last = len(terms) - 1
    lines: list[str] = []
    for k, term in enumerate(terms):
        lines += _term_lines(term, indent, prefix if k == 0 else "| ", suffix if k == last else "")
    return lines


def _term_lines(term: str | Sub, indent: int, prefix: str, suffix: str) -> list[str]:
    pad = " " * indent
    if isinstance(term, str):
        return [pad + prefix + term + suffix]
    line = pad + prefix + term.flat + suffix
    if fits(line):
        return [line]
    return [
        pad + prefix + term.head + "[",
        *ann_lines(term.inner, indent + 4),
        pad + "]" + suffix,
    ]


def _parenthesized(ann: Ann, indent: int, head: str, tail: str) -> list[str]:
    pad = " " * indent
    return [pad + head + "(", *ann_lines(ann, indent + 4), pad + ")" + tail]


def annotated_lines(name: str, ann: Ann, default: str | None, indent: int) -> list[str]:
    """A class-level ``name: ann [= default]`` (a dataclass field)."""
    pad = " " * indent
    head = f"{name}: "
    tail = "" if default is None else f" = {default}"
    line = pad + head + ann.flat + tail
    if fits(line):
        return [line]
    if default is not None and fits(pad + head + ann.flat + " = ("):
        return [pad + head + ann.flat + " = (", pad + "    " + default, pad + ")"]
    terms = ann.terms
    if len(terms) == 1 and isinstance(terms[0], Sub):
        return _term_lines(terms[0], indent, head, tail)
    if len(terms) == 1 and (default is not None or not fits(pad + "    " + ann.flat)):
        return [line]
    return _parenthesized(ann, indent, head, tail)


def assignment_lines(target: str, value: Ann, indent: int) -> list[str]:
    """``target = value`` (an enum member, a type alias): parenthesized when that helps."""
    pad = " " * indent
    line = f"{pad}{target} = {value.flat}"
    if fits(line) or not fits(f"{pad}{target} = ("):
        return [line]
    if len(value.terms) == 1 and not fits(pad + "    " + value.flat):
        return [line]
    return _parenthesized(value, indent, f"{target} = ", "")


class Param:
    """A parameter of a signature: ``*``, ``self``, or ``name: ann [= default]``."""

    __slots__ = ("ann", "default", "flat", "name")

    def __init__(self, name: str, ann: Ann | None = None, default: str | None = None) -> None:
        self.name = name
        self.ann = ann
        self.default = default
        text = name if ann is None else f"{name}: {ann.flat}"
        self.flat = text if default is None else f"{text} = {default}"


def signature_lines(
    name: str, params: Sequence[Param], returns: Ann, indent: int, body: str = ""
) -> list[str]:
    """``def name(params) -> returns:`` + ``body`` (e.g. `` ...``) on the last line."""
    pad = " " * indent
    flat_params = ", ".join(p.flat for p in params)
    line = f"{pad}def {name}({flat_params}) -> {returns.flat}:{body}"
    if fits(line):
        return [line]
    lines = [f"{pad}def {name}("]
    inner = indent + 4
    for p in params:
        if p.ann is None:
            lines.append(" " * inner + p.name + ",")
        else:
            tail = "," if p.default is None else f" = {p.default},"
            lines += ann_lines(p.ann, inner, f"{p.name}: ", tail)
    lines += returns_lines(returns, indent, ":" + body)
    return lines


def returns_lines(returns: Ann, indent: int, tail: str) -> list[str]:
    """The ``) -> returns:`` line that closes an exploded signature."""
    line = " " * indent + ") -> " + returns.flat + tail
    if fits(line) or len(returns.terms) == 1:
        return ann_lines(returns, indent, ") -> ", tail)
    return _parenthesized(returns, indent, ") -> ", tail)


# -- bracketed literals ----------------------------------------------------------------------


class Lit:
    """An atom of code, or a bracketed sequence of items, each maybe after a prefix written as
    it is (a dict's ``key: ``, a call's ``keyword=``)."""

    __slots__ = ("_flat", "bare", "call", "close", "explode", "items", "open")

    def __init__(
        self,
        open: str,
        close: str,
        items: Sequence[tuple[str | None, Lit | str]],
        *,
        explode: bool = False,
        bare: bool = False,
        call: bool = False,
    ) -> None:
        self.open = open
        self.close = close
        self.items = items
        self.explode = explode
        self.bare = bare
        self.call = call
        self._flat: str | None = None

    @property
    def flat(self) -> str:
        """The one-line text, made on demand: an exploded literal never needs its own."""
        if self._flat is None:
            parts = [v if isinstance(v, str) else v.flat for _, v in self.items]
            text = ", ".join(
                p if k is None else k + p for (k, _), p in zip(self.items, parts, strict=True)
            )
            if self.open == "(" and len(self.items) == 1 and not (self.bare or self.call):
                text += ","  # a one-item tuple
            self._flat = text if self.bare else f"{self.open}{text}{self.close}"
        return self._flat


def seq(open: str, close: str, values: Iterable[Lit | str], **flags: bool) -> Lit:
    return Lit(open, close, [(None, v) for v in values], **flags)


def mapping(entries: Iterable[tuple[str, Lit | str]], *, explode: bool = False) -> Lit:
    return Lit("{", "}", [(f"{key}: ", value) for key, value in entries], explode=explode)


def call(
    func: str,
    args: Iterable[Lit | str],
    kwargs: Iterable[tuple[str, Lit | str]] = (),
    *,
    explode: bool = False,
) -> Lit:
    """``func(*args, **kwargs)``."""
    items: list[tuple[str | None, Lit | str]] = [(None, value) for value in args]
    items += [(f"{key}=", value) for key, value in kwargs]
    return Lit(f"{func}(", ")", items, explode=explode, call=True)


def lit_lines(lit: Lit | str, indent: int, head: str = "", tail: str = "") -> list[str]:
    """``head + lit + tail`` on one line when it fits, else exploded with trailing commas."""
    pad = " " * indent
    if isinstance(lit, str):
        return [pad + head + lit + tail]
    if not lit.items or (
        not lit.explode and _flat_fits(lit, LINE_LENGTH - indent - len(head) - len(tail))
    ):
        return [pad + head + lit.flat + tail]
    lines = [pad + head + lit.open]
    inner = indent + 4
    for key, value in lit.items:
        lines += lit_lines(value, inner, key or "", ",")
    lines.append(pad + lit.close + tail)
    return lines


def _flat_fits(lit: Lit, room: int) -> bool:
    """``len(lit.flat) <= room``, found without making the one-line text of a long literal
    (a type's bindings in a large schema run to thousands of characters)."""
    if lit._flat is not None:
        return len(lit._flat) <= room
    items = lit.items
    used = 2 * (len(items) - 1) if items else 0
    if not lit.bare:
        used += len(lit.open) + len(lit.close)
        if lit.open == "(" and len(items) == 1 and not lit.call:
            used += 1  # a one-item tuple's comma
    for key, value in items:
        if key is not None:
            used += len(key)
        if isinstance(value, str):
            used += len(value)
        elif _flat_fits(value, room - used):
            used += len(value.flat)
        else:
            return False
        if used > room:
            return False
    return used <= room


def class_header(name: str, bases: Sequence[str]) -> list[str]:
    if not bases:
        return [f"class {name}:"]
    return lit_lines(seq("(", ")", bases, call=True), 0, f"class {name}", ":")


def import_lines(module: str, names: Sequence[str]) -> list[str]:
    return lit_lines(
        Lit("(", ")", [(None, n) for n in names], bare=True), 0, f"from {module} import "
    )


# -- text ------------------------------------------------------------------------------------


def join(lines: Iterable[str]) -> str:
    return "\n".join(lines)


def py_literal(value: object) -> str:
    """A literal Python value as ruff formats it (strings in double quotes when possible)."""
    if isinstance(value, str):
        return py_string(value)
    return repr(value)


@lru_cache(maxsize=8192)
def py_string(value: str) -> str:
    text = repr(value)
    if text.startswith('"') or value.count('"') > value.count("'"):
        return text
    return '"' + text[1:-1].replace("\\'", "'").replace('"', '\\"') + '"'


def _escape_invisible(text: str) -> str:
    """Control and non-ASCII characters as escapes (the value is unchanged)."""
    if not text.isascii():
        # The codec writes `\xNN`, `\uNNNN` and `\UNNNNNNNN` exactly as `_escape` does, and
        # much faster than a regex over a wide string (the SDL of a large schema is 1 MB).
        text = text.encode("ascii", "backslashreplace").decode("ascii")
    ascii_text = text.encode("ascii")
    if len(ascii_text.translate(None, _CONTROL_BYTES)) == len(ascii_text):
        return text  # no control characters: the usual case, found without a regex
    return _SUSPECT.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match[0])
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _doc_line(line: str) -> str:
    if line.isascii() and line.isprintable() and "\\" not in line and '"' not in line:
        return line  # most lines: nothing to escape
    return _escape_invisible(_QUOTE_RUN.sub('\\"', line.replace("\\", "\\\\")))


def docstring_lines(lines: Sequence[str], indent: int) -> list[str]:
    """A docstring at ``indent``; ``lines`` are its text lines, without indentation."""
    pad = " " * indent
    escaped = [_doc_line(line) for line in lines]
    if escaped[0].startswith('"'):
        escaped[0] = "\\" + escaped[0]
    if escaped[-1].endswith('"'):
        escaped[-1] = escaped[-1][:-1] + '\\"'
    if len(escaped) == 1:
        return [f'{pad}"""{escaped[0]}"""']
    body = [pad + line if line else "" for line in escaped[1:]]
    return [f'{pad}"""{escaped[0]}', *body, f'{pad}"""']


def triple_quoted(text: str) -> str:
    """A triple-quoted literal of ``text`` (starting with a line continuation), as ruff keeps it.

    ``'''`` when the text holds ``\"\"\"`` (so SDL descriptions need no escapes), else ``\"\"\"``
    with every run of three quotes and a final quote escaped.
    """
    escaped = _escape_invisible(text.replace("\\", "\\\\"))
    if " \n" in escaped or "\t\n" in escaped or escaped.endswith((" ", "\t")):
        escaped = _TRAILING_SPACE.sub(_escape, escaped)
    if '"""' in text and "'''" not in text and not text.endswith("'"):
        return "'''\\\n" + escaped + "'''"
    if '""' in escaped:
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
    if len(name) > 1 and name.isupper():
        return 0
    return 1 if name[:1].isupper() else 2


def _natural(text: str) -> list[object]:
    return [int(part) if part.isdigit() else part for part in _DIGITS.split(text)]
