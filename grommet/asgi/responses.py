"""Writing HTTP responses, and the errors that end a request before execution."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from grommet.asgi._asgi import Send
from grommet.asgi.wire import encode_json

logger = logging.getLogger("grommet.asgi")

INTERNAL_ERROR = {"errors": [{"message": "Internal server error"}]}


class HTTPError(Exception):
    """A request answered with an error status before (or instead of) execution."""

    def __init__(self, status: int, message: str, *, allow: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.allow = allow

    def payload(self) -> dict[str, Any]:
        return {"errors": [{"message": self.message}]}

    def headers(self) -> list[tuple[bytes, bytes]]:
        return [] if self.allow is None else [(b"allow", self.allow.encode("latin-1"))]


class RequestError(Exception):
    """A well-formed request refused before execution with a GraphQL error (a persisted
    query not found, ...): answered with the status a validation error gets."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def payload(self) -> dict[str, Any]:
        return {"errors": [{"message": self.message, "extensions": {"code": self.code}}]}


class ClientDisconnected(Exception):
    """The client went away while its request body was being read."""


async def respond_json(
    send: Send,
    status: int,
    payload: Mapping[str, Any] | list[Any],
    media_type: str,
    headers: Sequence[tuple[bytes, bytes]] = (),
) -> None:
    try:
        body = encode_json(payload)
    except (TypeError, ValueError, RecursionError):
        logger.exception("a GraphQL response could not be encoded as JSON")
        status, headers = 500, ()
        body = encode_json(INTERNAL_ERROR)
    content_type = _JSON_CONTENT_TYPES.get(media_type)
    if content_type is None:
        content_type = f"{media_type}; charset=utf-8".encode("latin-1")
    start_headers = [(b"content-type", content_type), (b"content-length", b"%d" % len(body))]
    if headers:
        start_headers.extend(headers)
    await send({"type": "http.response.start", "status": status, "headers": start_headers})
    await send({"type": "http.response.body", "body": body})


# The Content-Type values of JSON answers, encoded once.
_JSON_CONTENT_TYPES = {
    media_type: f"{media_type}; charset=utf-8".encode("latin-1")
    for media_type in ("application/json", "application/graphql-response+json")
}


async def respond(
    send: Send,
    status: int,
    body: bytes,
    content_type: str,
    headers: Sequence[tuple[bytes, bytes]] = (),
) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type.encode("latin-1")),
                (b"content-length", str(len(body)).encode("latin-1")),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
