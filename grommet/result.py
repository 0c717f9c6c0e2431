"""The outcome of executing one GraphQL operation."""

from __future__ import annotations

from typing import Any

from grommet.errors import GraphQLError


class ExecutionResult:
    """``data``, ``errors`` and ``extensions`` of one operation.

    A request that fails before execution starts (syntax, validation, variables, limits) has
    no ``data`` entry in :meth:`to_dict`, as the spec asks; ``.data`` is then ``None``.
    """

    __slots__ = ("_executed", "data", "errors", "extensions")

    data: dict[str, Any] | None
    errors: list[GraphQLError]
    extensions: dict[str, Any] | None

    def __init__(
        self,
        data: dict[str, Any] | None,
        errors: list[GraphQLError] | None = None,
        extensions: dict[str, Any] | None = None,
    ) -> None:
        # Stored as given: the engine builds these objects fresh for every execution.
        self.data = data
        self.errors = [] if errors is None else errors
        self.extensions = extensions
        self._executed = True

    @classmethod
    def from_request_errors(cls, errors: list[GraphQLError]) -> ExecutionResult:
        """The result of a request that failed before execution started."""
        result = cls(None, errors)
        result._executed = False
        return result

    def to_dict(self) -> dict[str, Any]:
        """The spec response shape: ``data``, then ``errors`` and ``extensions`` when present."""
        out: dict[str, Any] = {"data": self.data} if self._executed else {}
        if self.errors:
            out["errors"] = [error.to_dict() for error in self.errors]
        if self.extensions:
            out["extensions"] = self.extensions
        return out

    def __repr__(self) -> str:
        return (
            f"ExecutionResult(data={self.data!r}, errors={self.errors!r}, "
            f"extensions={self.extensions!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExecutionResult):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]
