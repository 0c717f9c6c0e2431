"""Content negotiation: which JSON media type a client accepts, whether it is a browser,
and what a Content-Type header says."""

from __future__ import annotations

from collections.abc import Sequence

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
HTML = "text/html"
EVENT_STREAM = "text/event-stream"
MULTIPART = "multipart/form-data"


def content_type(header: str) -> tuple[str, str | None]:
    """(media type, charset) of a Content-Type header, lower-cased."""
    media, *params = header.split(";")
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


def negotiate(accept: str | None) -> str | None:
    """The JSON media type to answer with, or ``None`` when the client accepts neither.

    No Accept header means ``application/json``. With equal preference the
    graphql-response type wins only when the client names it; ``*/*`` gets plain JSON.
    """
    if accept is None or not accept.strip():
        return JSON
    ranges = _media_ranges(accept)
    response_q, response_exact = _quality(GRAPHQL_RESPONSE_JSON, ranges)
    json_q, _ = _quality(JSON, ranges)
    if response_q <= 0 and json_q <= 0:
        return None
    if response_q > json_q or (response_q == json_q and response_exact):
        return GRAPHQL_RESPONSE_JSON
    return JSON


def prefers_html(accept: str | None) -> bool:
    """Whether a GET names ``text/html`` at least as high as any JSON type (a browser)."""
    if not accept:
        return False
    ranges = _media_ranges(accept)
    html_q = max((q for kind, sub, q in ranges if (kind, sub) == ("text", "html")), default=0.0)
    json_q = max(_quality(GRAPHQL_RESPONSE_JSON, ranges)[0], _quality(JSON, ranges)[0])
    return html_q > 0 and html_q >= json_q


def _media_ranges(accept: str) -> list[tuple[str, str, float]]:
    ranges: list[tuple[str, str, float]] = []
    for item in accept.split(","):
        media, *params = item.split(";")
        kind, slash, subtype = media.strip().lower().partition("/")
        if not slash:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
                if not 0.0 <= q <= 1.0:  # also NaN
                    q = 0.0
        ranges.append((kind.strip(), subtype.strip(), q))
    return ranges


def _quality(media_type: str, ranges: Sequence[tuple[str, str, float]]) -> tuple[float, bool]:
    """(q of the most specific range matching ``media_type``, whether it names it exactly)."""
    kind, _, subtype = media_type.partition("/")
    best_q, best_rank = 0.0, -1
    for range_kind, range_subtype, q in ranges:
        if (range_kind, range_subtype) == (kind, subtype):
            rank = 2
        elif (range_kind, range_subtype) == (kind, "*"):
            rank = 1
        elif (range_kind, range_subtype) == ("*", "*"):
            rank = 0
        else:
            continue
        if rank > best_rank:
            best_q, best_rank = q, rank
    return best_q, best_rank == 2


def wants_event_stream(accept: str | None) -> bool:
    """Whether the client names ``text/event-stream`` above the JSON types (a GraphQL-over-SSE
    client); on a tie, only a JSON type named outright wins."""
    if accept is None or EVENT_STREAM not in accept.lower():
        return False
    ranges = _media_ranges(accept)
    stream_q = max(
        (q for kind, sub, q in ranges if (kind, sub) == ("text", "event-stream")), default=0.0
    )
    json_q, json_exact = max(_quality(GRAPHQL_RESPONSE_JSON, ranges), _quality(JSON, ranges))
    return stream_q > 0 and (stream_q > json_q or (stream_q == json_q and not json_exact))
