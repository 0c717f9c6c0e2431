"""The seam features plug into: `SchemaExtension` and the `Operation` its hooks see."""

from __future__ import annotations

import functools
from collections.abc import Callable, Generator, Mapping
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from grommet._core import CoreSchema, Info
    from grommet.bundle import Bundle
    from grommet.errors import GraphQLError
    from grommet.result import ExecutionResult

OperationType = Literal["query", "mutation", "subscription"]

Hook = Generator[None, None, None]
"""An execution hook: a generator that runs up to its ``yield`` before the phase and the
rest after it (a plain function returning ``None`` runs only before)."""

Resolve = Callable[..., Any]
"""``next_(parent, info, **args)``: the rest of a field's resolution chain."""


class Operation:
    """One operation as the hooks of every extension see it, fresh for each request.

    ``query``, ``operation_name``, ``variables``, ``context`` and ``root`` are the request's;
    ``operation_type`` is ``"query"``, ``"mutation"``, ``"subscription"`` or ``None`` for a
    document that is invalid (reading it validates the document, which the engine caches);
    ``result`` is the :class:`~grommet.ExecutionResult` once the operation has executed.
    Entries put in ``extensions`` are added to the response's ``extensions``.
    """

    # Built for every request of a hooked schema: slots, and `extensions` made on first use.
    __slots__ = (
        "_core",
        "_extensions",
        "_operation_type",
        "context",
        "operation_name",
        "query",
        "result",
        "root",
        "variables",
    )

    def __init__(
        self,
        core: CoreSchema[ExecutionResult],
        query: str,
        variables: Mapping[str, Any] | None,
        context: Any,
        root: Any,
        operation_name: str | None,
    ) -> None:
        self._core = core
        self.query = query
        self.variables = variables
        self.context = context
        self.root = root
        self.operation_name = operation_name
        self._operation_type: OperationType | _Unknown | None = _UNKNOWN
        self.result: ExecutionResult | None = None
        self._extensions: dict[str, Any] | None = None

    @property
    def extensions(self) -> dict[str, Any]:
        """Entries added to the response's ``extensions``."""
        entries = self._extensions
        if entries is None:
            entries = self._extensions = {}
        return entries

    @extensions.setter
    def extensions(self, entries: dict[str, Any]) -> None:
        self._extensions = entries

    @property
    def operation_type(self) -> OperationType | None:
        """The type of the operation, or None when the document is invalid."""
        kind = self._operation_type
        if isinstance(kind, _Unknown):
            kind = self._operation_type = self._core.operation_type(self.query, self.operation_name)
        return kind

    def __repr__(self) -> str:
        return f"Operation(operation_name={self.operation_name!r})"


class _Unknown:
    """The operation type before anyone asked for it."""


_UNKNOWN = _Unknown()


class SchemaExtension:
    """Base class of schema extensions; override only the methods you need.

    ``grommet.Schema(..., extensions=[...])`` (and ``Schema.from_bundle``, and generated
    ``build_schema``) apply extensions in list order:

    - ``transform_bundle(bundle)`` runs once, when the schema is built, before the engine
      sees the bundle: it may add SDL and bindings (return a new bundle; do not mutate the one
      given, it may be a generated module's literal).
    - ``on_operation``, ``on_validate`` (parse and validation) and ``on_execute`` are
      generators around a phase of each request: the code before ``yield`` runs before it,
      the code after runs after it. Hooks of several extensions nest in list order (the
      first extension's hook starts first and ends last).
    - ``resolve(next_, parent, info, **args)`` wraps every field's resolution: call
      ``next_(parent, info, **args)`` for the value (it may be an awaitable when the resolver
      is async), return it or another value, or raise. A batch field
      (``@grommet.field(batch=True)``) is one call per batch: ``parent`` is the list of
      parents, ``info`` the first parent's, and the value one item per parent. A schema with
      no extension that overrides ``resolve`` runs its fields with no wrapper at all.
    - ``on_error(error, operation)`` sees every error of a response before it is sent and
      returns the error to send (the same one, changed, or a new one).

    Per-request state belongs in the generator's locals or in ``operation``: one extension
    object serves every request.
    """

    wrap_fields: bool = True
    """Whether an overridden ``resolve`` wraps the fields; an extension whose field wrapper is
    optional sets it to False when off, so the schema's fields keep running unwrapped."""

    wrap_data_fields: bool = True
    """Whether ``resolve`` also wraps data fields (read off the parent, no resolver); False
    leaves them unwrapped (and at the engine's speed) unless another extension wraps them."""

    def transform_bundle(self, bundle: Bundle) -> Bundle:
        """The bundle the engine builds the schema from."""
        return bundle

    def on_operation(self, operation: Operation) -> Hook | None:
        """Around the whole operation; ``operation.result`` is set after the ``yield``."""
        return None

    def on_validate(self, operation: Operation) -> Hook | None:
        """Around parsing and validating the document."""
        return None

    def on_execute(self, operation: Operation) -> Hook | None:
        """Around executing the validated operation (each event's, for a subscription)."""
        return None

    def resolve(self, next_: Resolve, parent: Any, info: Info, **args: Any) -> Any:
        """Resolve one field: by default, exactly as without the extension."""
        return next_(parent, info, **args)

    def _field_resolver(
        self, parent_type: str, field_name: str, next_: Resolve, batch: bool
    ) -> Resolve:
        """What runs this extension's ``resolve`` around ``next_`` for one field, made once
        when the schema is built (an extension may return a faster equivalent)."""
        return functools.partial(self.resolve, next_)

    def on_error(self, error: GraphQLError, operation: Operation) -> GraphQLError:
        """The error to send in place of ``error``."""
        return error
