"""`Response`: what resolvers and context getters set on the HTTP response of their request."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from email.utils import format_datetime
from http.cookies import SimpleCookie
from typing import Literal

# Headers the transport writes itself (the body's type and length).
_TRANSPORT_HEADERS = frozenset({"content-type", "content-length"})


class Response:
    """The HTTP response of one request, as resolvers may shape it.

    Reach it as ``request.response`` (the default context is the request: ``info.context
    .response``; a ``context_getter`` receives the request and may hand it on). A
    ``status_code`` set here replaces the status grommet would send; ``headers`` (lower-case
    names) are added to the response, ``Content-Type`` and ``Content-Length`` excepted;
    cookies go out as ``Set-Cookie`` headers. Over SSE and WebSocket nothing is sent from it.
    """

    __slots__ = ("_cookies", "headers", "status_code")

    def __init__(self) -> None:
        self.status_code: int | None = None
        self.headers: dict[str, str] = {}
        self._cookies: list[str] = []

    def set_cookie(
        self,
        key: str,
        value: str = "",
        *,
        max_age: int | None = None,
        expires: datetime | str | None = None,
        path: str | None = "/",
        domain: str | None = None,
        secure: bool = False,
        httponly: bool = False,
        samesite: Literal["lax", "strict", "none"] | None = "lax",
    ) -> None:
        """Send ``Set-Cookie: key=value`` with the given attributes."""
        cookie: SimpleCookie = SimpleCookie()
        cookie[key] = value
        morsel = cookie[key]
        if max_age is not None:
            morsel["max-age"] = str(max_age)
        if expires is not None:
            morsel["expires"] = (
                format_datetime(expires, usegmt=True) if isinstance(expires, datetime) else expires
            )
        if path is not None:
            morsel["path"] = path
        if domain is not None:
            morsel["domain"] = domain
        if secure:
            morsel["secure"] = True
        if httponly:
            morsel["httponly"] = True
        if samesite is not None:
            morsel["samesite"] = samesite
        self._cookies.append(morsel.OutputString())

    def delete_cookie(self, key: str, *, path: str | None = "/", domain: str | None = None) -> None:
        """Ask the client to drop cookie ``key`` (set with the same ``path`` and ``domain``)."""
        self.set_cookie(
            key,
            max_age=0,
            expires="Thu, 01 Jan 1970 00:00:00 GMT",
            path=path,
            domain=domain,
            samesite=None,
        )

    def applied(
        self, status: int, headers: Sequence[tuple[bytes, bytes]]
    ) -> tuple[int, list[tuple[bytes, bytes]]]:
        """``status`` and ``headers`` of the answer with what was set here; ValueError when a
        header cannot be sent (a line break, a non-Latin-1 character)."""
        out = list(headers)
        for name, value in self.headers.items():
            lower = name.lower()
            if lower not in _TRANSPORT_HEADERS:
                out.append((_header_bytes(lower), _header_bytes(value)))
        out.extend((b"set-cookie", _header_bytes(cookie)) for cookie in self._cookies)
        return (status if self.status_code is None else self.status_code), out

    def __repr__(self) -> str:
        return (
            f"Response(status_code={self.status_code!r}, headers={self.headers!r}, "
            f"cookies={self._cookies!r})"
        )


def _header_bytes(text: str) -> bytes:
    if "\r" in text or "\n" in text or "\0" in text:
        raise ValueError(f"a response header may not contain a line break: {text!r}")
    return text.encode("latin-1")
