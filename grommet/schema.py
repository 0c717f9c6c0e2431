"""``grommet.Schema``: a schema built from decorated classes or from a ready bundle."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from grommet._core import CoreSchema
from grommet.builder import build_bundle
from grommet.bundle import Bundle
from grommet.errors import GraphQLError
from grommet.result import ExecutionResult

if TYPE_CHECKING:
    from grommet._core import Execution

_R = TypeVar("_R")

DEFAULT_MASKED_MESSAGE = "Internal server error"

# Limits every schema starts with (SECURITY.md explains each); `None` turns one off.
DEFAULT_MAX_DEPTH = 64
DEFAULT_MAX_COMPLEXITY = 10_000
DEFAULT_MAX_ALIASES = 1_000
DEFAULT_MAX_DIRECTIVES = 50
DEFAULT_MAX_INPUT_DEPTH = 64


class Schema:
    """A GraphQL schema, ready to execute operations.

    ``Schema(Query, Mutation, Subscription, types=[...])`` builds it from ``@grommet.type``
    classes (``types`` adds definitions not reachable from the roots). Options:
    ``mask_errors`` replaces the message of unexpected exceptions by ``masked_message``
    (a raised :class:`~grommet.GraphQLError` is always sent as is); ``introspection=False``
    rejects introspection queries; operations over a limit are rejected before any resolver
    runs: ``max_depth`` (64: field nesting), ``max_complexity`` (10,000: field selections
    once fragments are expanded), ``max_aliases`` (1,000), ``max_directives`` (50 on one
    selection) and ``max_input_depth`` (64: nesting of lists and input objects in a variable;
    ``None`` lifts it to the engine's ceiling of 200); ``None`` turns a limit off.
    ``auto_camel_case=False`` keeps Python names as GraphQL names;
    ``document_cache_size`` bounds the cache of parsed and validated documents.
    """

    __slots__ = ("_core", "_mask_errors", "_masked_message")

    _core: CoreSchema[ExecutionResult]
    _mask_errors: bool
    _masked_message: str

    def __init__(
        self,
        query: type,
        mutation: type | None = None,
        subscription: type | None = None,
        *,
        types: Iterable[object] = (),
        mask_errors: bool = False,
        masked_message: str = DEFAULT_MASKED_MESSAGE,
        introspection: bool = True,
        max_depth: int | None = DEFAULT_MAX_DEPTH,
        max_complexity: int | None = DEFAULT_MAX_COMPLEXITY,
        max_aliases: int | None = DEFAULT_MAX_ALIASES,
        max_directives: int | None = DEFAULT_MAX_DIRECTIVES,
        max_input_depth: int | None = DEFAULT_MAX_INPUT_DEPTH,
        auto_camel_case: bool = True,
        document_cache_size: int = 512,
    ) -> None:
        bundle = build_bundle(
            query, mutation, subscription, types=types, auto_camel_case=auto_camel_case
        )
        self._load(
            bundle,
            mask_errors=mask_errors,
            masked_message=masked_message,
            introspection=introspection,
            max_depth=max_depth,
            max_complexity=max_complexity,
            max_aliases=max_aliases,
            max_directives=max_directives,
            max_input_depth=max_input_depth,
            document_cache_size=document_cache_size,
        )

    @classmethod
    def from_bundle(
        cls,
        bundle: Bundle | Mapping[str, Any],
        *,
        mask_errors: bool = False,
        masked_message: str = DEFAULT_MASKED_MESSAGE,
        introspection: bool = True,
        max_depth: int | None = DEFAULT_MAX_DEPTH,
        max_complexity: int | None = DEFAULT_MAX_COMPLEXITY,
        max_aliases: int | None = DEFAULT_MAX_ALIASES,
        max_directives: int | None = DEFAULT_MAX_DIRECTIVES,
        max_input_depth: int | None = DEFAULT_MAX_INPUT_DEPTH,
        document_cache_size: int = 512,
    ) -> Schema:
        """A schema from a ready bundle (SDL + binding tables), as generated code builds it."""
        schema = cls.__new__(cls)
        schema._load(
            bundle,
            mask_errors=mask_errors,
            masked_message=masked_message,
            introspection=introspection,
            max_depth=max_depth,
            max_complexity=max_complexity,
            max_aliases=max_aliases,
            max_directives=max_directives,
            max_input_depth=max_input_depth,
            document_cache_size=document_cache_size,
        )
        return schema

    def _load(
        self,
        bundle: Mapping[str, Any],
        *,
        mask_errors: bool,
        masked_message: str,
        introspection: bool,
        max_depth: int | None,
        max_complexity: int | None,
        max_aliases: int | None,
        max_directives: int | None,
        max_input_depth: int | None,
        document_cache_size: int,
    ) -> None:
        self._mask_errors = mask_errors
        self._masked_message = masked_message
        self._core = CoreSchema(
            bundle,
            error_class=GraphQLError,
            result_factory=ExecutionResult,
            error_factory=GraphQLError.from_core,
            request_error_factory=ExecutionResult.from_request_errors,
            mask_errors=mask_errors,
            masked_message=masked_message,
            introspection=introspection,
            max_depth=max_depth,
            max_complexity=max_complexity,
            max_aliases=max_aliases,
            max_directives=max_directives,
            max_input_depth=max_input_depth,
            document_cache_size=document_cache_size,
        )

    def operation_type(
        self, source: str, operation_name: str | None = None
    ) -> Literal["query", "mutation", "subscription"] | None:
        """The type of the operation ``source`` selects, or None when the document is invalid.

        Validation is cached, so executing the same source afterwards costs no second parse.
        """
        return self._core.operation_type(source, operation_name)

    @property
    def sdl(self) -> str:
        """The printed SDL of the schema."""
        return self._core.sdl

    def execute(
        self,
        source: str,
        variables: Mapping[str, Any] | None = None,
        *,
        context: Any = None,
        root: Any = None,
        operation_name: str | None = None,
    ) -> Execution[ExecutionResult]:
        """Execute an operation; await the returned object for the :class:`ExecutionResult`.

        Synchronous work (parsing, validation, every resolver that does not suspend) runs
        before this returns; awaiting drives only resolvers that suspended.
        """
        return self._core.execute(source, variables, context, root, operation_name)

    def execute_sync(
        self,
        source: str,
        variables: Mapping[str, Any] | None = None,
        *,
        context: Any = None,
        root: Any = None,
        operation_name: str | None = None,
    ) -> ExecutionResult:
        """Execute an operation from code with no running event loop.

        When a resolver suspends, the rest runs in a new event loop (``asyncio.run``).
        """
        execution = self._core.execute(
            source, variables, context, root, operation_name, offload=False
        )
        if execution.done:
            return execution.result()
        if _loop_is_running():
            raise RuntimeError(
                "execute_sync() cannot finish a suspended resolver inside a running event loop; "
                "use `await schema.execute(...)`"
            )
        return asyncio.run(_finish(execution))

    async def subscribe(
        self,
        source: str,
        variables: Mapping[str, Any] | None = None,
        *,
        context: Any = None,
        root: Any = None,
        operation_name: str | None = None,
    ) -> AsyncIterator[ExecutionResult]:
        """Run a subscription: an :class:`ExecutionResult` per event of its source stream.

        A request that fails before the stream starts (e.g. validation) gives one result
        with errors. An exception raised by the source stream ends it with one last result
        carrying that error (masked like resolver errors).
        """
        outcome = self._core.subscribe(source, variables, context, root, operation_name)
        if isinstance(outcome, ExecutionResult):
            yield outcome
            return
        stream, run_event = outcome
        try:
            async for event in stream:
                yield await run_event(event)
        except Exception as exc:  # the stream's failure becomes a last result
            yield ExecutionResult(None, [self._stream_error(exc)])
        finally:
            aclose = getattr(stream, "aclose", None)
            if aclose is not None:
                await aclose()

    def _stream_error(self, exc: Exception) -> GraphQLError:
        # The engine's masking policy, the one resolver errors get.
        error: GraphQLError = self._core.stream_error(exc)
        return error


async def _finish(execution: Execution[_R]) -> _R:
    return await execution


def _loop_is_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
