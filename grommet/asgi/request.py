"""What a context getter (and the WebSocket ``on_connect`` hook) learns about a request."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from grommet._core import parse_query_string
from grommet.asgi._asgi import Scope
from grommet.asgi.response import Response


class Headers(Mapping[str, str]):
    """Request headers with case-insensitive names.

    ``headers["accept"]`` joins repeated headers with ``", "`` (as HTTP folds them);
    :meth:`getlist` gives each value separately. The raw ASGI pairs are decoded on first
    use: most requests never read them.
    """

    __slots__ = ("_decoded", "_raw")

    _raw: Iterable[tuple[bytes, bytes]]
    _decoded: dict[str, list[str]] | None

    def __init__(self, raw: Iterable[tuple[bytes, bytes]] = ()) -> None:
        kind = type(raw)
        self._raw = (
            raw if kind is list or kind is tuple or isinstance(raw, list | tuple) else list(raw)
        )
        self._decoded = None

    @property
    def _values(self) -> dict[str, list[str]]:
        values = self._decoded
        if values is None:
            values = {}
            for name, value in self._raw:
                values.setdefault(name.decode("latin-1").lower(), []).append(
                    value.decode("latin-1")
                )
            self._decoded = values
        return values

    def __getitem__(self, name: str) -> str:
        return ", ".join(self._values[name.lower()])

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def getlist(self, name: str) -> list[str]:
        """Every value sent for ``name``, in order (empty when absent)."""
        return list(self._values.get(name.lower(), ()))

    def __repr__(self) -> str:
        return f"Headers({self._values!r})"


@dataclass(frozen=True, slots=True)
class Request:
    """An HTTP request or WebSocket connection, as the ASGI server described it.

    ``query_params`` keeps the last value of a repeated parameter. ``connection_params`` is
    the payload of the WebSocket ``connection_init`` message (``None`` over HTTP).
    ``scope`` is the raw ASGI scope, for anything else (e.g. ``scope["state"]``).
    ``response`` is the :class:`~grommet.asgi.Response` of an HTTP request, for resolvers that
    set its status, headers or cookies (made on first use: a request that never asks pays
    nothing).
    """

    method: str
    path: str
    headers: Headers
    query_params: Mapping[str, str]
    client: tuple[str, int] | None
    scope: Scope
    connection_params: Mapping[str, Any] | None = None
    _response: Response | None = field(default=None, repr=False, compare=False)

    @property
    def response(self) -> Response:
        """The response resolvers may shape (status, headers, cookies)."""
        response = self._response
        if response is None:
            response = Response()
            object.__setattr__(self, "_response", response)  # frozen: set once, on first use
        return response

    @classmethod
    def from_scope(cls, scope: Scope) -> Request:
        """Read an ``http`` or ``websocket`` scope."""
        query_string: bytes = scope.get("query_string", b"")
        client = scope.get("client")
        # Every HTTP request makes one: the slots' own setters instead of the frozen
        # dataclass's __init__ (which calls object.__setattr__ per field), twice as fast.
        request = _new(cls)
        (
            set_method,
            set_path,
            set_headers,
            set_query,
            set_client,
            set_scope,
            set_params,
            set_response,
        ) = _SETTERS
        # A WebSocket connection starts as an HTTP GET (the upgrade request).
        set_method(request, scope.get("method", "GET"))
        set_path(request, scope.get("path", ""))
        set_headers(request, Headers(scope.get("headers", ())))
        # In Rust: dict(parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)).
        set_query(request, parse_query_string(query_string) if query_string else {})
        set_client(request, None if client is None else (client[0], client[1]))
        set_scope(request, scope)
        set_params(request, None)
        set_response(request, None)
        return request

    @property
    def is_websocket(self) -> bool:
        """True for a WebSocket connection, False for an HTTP request."""
        return bool(self.scope.get("type") == "websocket")


_new = object.__new__
# Every field's slot setter, in field order: a field added to `Request` and not set in
# `from_scope` fails its unpacking at once.
_SETTERS = tuple(Request.__dict__[f.name].__set__ for f in fields(Request))
