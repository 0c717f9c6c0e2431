"""GraphQL errors as resolvers raise them and as results carry them."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

logger = logging.getLogger("grommet")


class Location(NamedTuple):
    """A position in the GraphQL document: 1-based ``line`` and ``column``."""

    line: int
    column: int

    def to_dict(self) -> dict[str, int]:
        """The spec response shape: ``{"line": ..., "column": ...}``."""
        return {"line": self.line, "column": self.column}


class GraphQLError(Exception):
    """An error in a GraphQL response, and the exception resolvers raise to control it.

    Raise ``GraphQLError(message, extensions={...})`` from a resolver to send exactly that
    message and those extensions (masking never hides it). Errors in an
    :class:`~grommet.ExecutionResult` also carry ``locations`` (a list of :class:`Location`)
    and ``path`` (field names and list indices from the root to the failed field).
    ``original_error`` is the exception a resolver raised when it was not a
    ``GraphQLError`` (the one behind a masked message, say), else ``None``.
    """

    message: str
    locations: list[Location] | None
    path: list[str | int] | None
    extensions: dict[str, Any] | None
    original_error: BaseException | None

    def __init__(
        self,
        message: str,
        *,
        locations: Sequence[tuple[int, int]] | None = None,
        path: Sequence[str | int] | None = None,
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.locations = (
            None if locations is None else [Location(line, col) for line, col in locations]
        )
        self.path = None if path is None else list(path)
        self.extensions = None if extensions is None else dict(extensions)
        self.original_error = None

    @classmethod
    def from_core(
        cls,
        message: str,
        locations: Sequence[tuple[int, int]] | None,
        path: Sequence[str | int] | None,
        extensions: Mapping[str, Any] | None,
        original_error: BaseException | None = None,
        operation_name: str | None = None,
    ) -> GraphQLError:
        """Build an error from the engine's positional form (the core's ``error_factory``).

        The engine passes ``original_error`` (and the operation's name) only for an
        exception of user code that is not a ``GraphQLError``: it is logged here, once.
        """
        error = cls(message, locations=locations, path=path, extensions=extensions)
        if original_error is not None:
            error.original_error = original_error
            report_unexpected(original_error, error.path, operation_name)
        return error

    def to_dict(self) -> dict[str, Any]:
        """The spec response shape; absent ``locations``/``path``/``extensions`` are omitted."""
        out: dict[str, Any] = {"message": self.message}
        if self.locations:
            out["locations"] = [loc.to_dict() for loc in self.locations]
        if self.path is not None:
            out["path"] = list(self.path)
        if self.extensions:
            out["extensions"] = dict(self.extensions)
        return out

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        parts = [repr(self.message)]
        for key in ("locations", "path", "extensions"):
            value = getattr(self, key)
            if value is not None:
                parts.append(f"{key}={value!r}")
        return f"GraphQLError({', '.join(parts)})"


def report_unexpected(
    error: BaseException, path: Sequence[str | int] | None, operation_name: str | None
) -> None:
    """Log an unexpected exception of user code on the ``grommet`` logger, masked or not."""
    where = ".".join(str(segment) for segment in path) if path else "(no field)"
    logger.error(
        "Unexpected %s at %s in operation %s: %s",
        type(error).__name__,
        where,
        operation_name or "(anonymous)",
        error,
        exc_info=(type(error), error, error.__traceback__),
        extra={
            "graphql_path": None if path is None else list(path),
            "graphql_operation_name": operation_name,
        },
    )
