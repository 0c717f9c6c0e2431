"""JSON on the wire: strict decoding of what clients send, compact encoding of answers.

Clients' JSON is checked beyond the standard library's defaults, so that anything the
engine or the encoder would choke on later is a client error now: ``NaN`` and
``Infinity`` (not JSON), numbers that overflow to infinity, duplicate keys (parsers
disagree on which one wins), lone surrogate escapes (not encodable as UTF-8) and nesting
deeper than the interpreter's recursion limit. A Rust parser (``decode_json_fast``) reads the
common case straight into Python objects and leaves everything unusual, and every error, to
the standard library's decoder, so the messages are its.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any, NoReturn

from grommet._core import decode_json_fast as _decode_json_fast
from grommet._core import encode_json as _encode_json

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class InvalidJSON(ValueError):
    """A client's text that is not acceptable JSON; the message says why."""


def _reject_constant(name: str) -> NoReturn:
    raise InvalidJSON(f"{name} is not a JSON value")


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise InvalidJSON(f"the number {text[:40]} is out of range")
    return value


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise InvalidJSON(f"the key {json.dumps(key)[:60]} appears twice in an object")
            seen.add(key)
    return obj


_DECODER = json.JSONDecoder(
    parse_float=_finite_float,
    parse_constant=_reject_constant,
    object_pairs_hook=_unique_object,
)


DECLINED = object()
"""What :func:`decode_json_bytes` returns for a body it leaves to :func:`decode_json`."""


def decode_json(text: str) -> Any:
    """The value of ``text``, or :class:`InvalidJSON` saying what is wrong with it."""
    value = _decode_json_fast(text, DECLINED)
    if value is not DECLINED:
        return value
    return _decode_json_slowly(text)


def decode_json_bytes(body: bytes) -> Any:
    """:func:`decode_json` of UTF-8 bytes, or :data:`DECLINED` when they need the careful
    path (the caller decodes them and says what is wrong)."""
    return _decode_json_fast(body, DECLINED)


def _decode_json_slowly(text: str) -> Any:
    # The Rust parser declines anything unusual (errors, big ints, duplicate keys, lone
    # surrogates, deep nesting): the standard library's decoder says what it is.
    try:
        value = _DECODER.decode(text)
    except InvalidJSON:
        raise
    except RecursionError:
        raise InvalidJSON("it is nested too deeply") from None
    except json.JSONDecodeError as error:
        raise InvalidJSON(str(error)) from None
    except ValueError:  # int() past sys.get_int_max_str_digits()
        raise InvalidJSON("a number has too many digits") from None
    # A lone surrogate can only come from an escape; a pair is fine, so check the strings.
    if "\\u" in text and _SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(value):
        raise InvalidJSON("a string holds a lone surrogate escape (not Unicode text)")
    return value


def _has_lone_surrogate(value: Any) -> bool:
    # Iterative: the value may be as deep as the decoder allowed.
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def encode_json(payload: Mapping[str, Any] | list[Any]) -> bytes:
    """Compact UTF-8 JSON; NaN and infinities are errors, not invalid JSON.

    Encoded in Rust, byte for byte what ``json.dumps(payload, ensure_ascii=False,
    separators=(",", ":"), allow_nan=False).encode()`` gives, and refusing what it refuses
    with the same exception classes (TypeError, ValueError, UnicodeEncodeError).
    """
    return _encode_json(payload)


def encode_json_text(payload: Mapping[str, Any]) -> str:
    """:func:`encode_json` as text, for WebSocket frames and SSE events."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
