"""``grommet.Schema``: a schema built from decorated classes or from a ready bundle."""

from __future__ import annotations

from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Iterable,
    Mapping,
    Sequence,
)
from contextlib import aclosing
from typing import TYPE_CHECKING, Any, Literal, TypedDict, Unpack, cast

from grommet._core import CoreSchema
from grommet.builder import build_bundle
from grommet.bundle import Bundle
from grommet.errors import GraphQLError
from grommet.extensions.fields import wrap_bindings
from grommet.extensions.hooks import HookFailed, OperationHooks, finish_sync, overrides
from grommet.result import ExecutionResult

if TYPE_CHECKING:
    from grommet.extensions.base import SchemaExtension
    from grommet.extensions.hooks import SubscribeOutcome

DEFAULT_MASKED_MESSAGE = "Internal server error"

# Limits every schema starts with (SECURITY.md explains each); `None` turns one off.
DEFAULT_MAX_DEPTH = 64
DEFAULT_MAX_COMPLEXITY = 10_000
DEFAULT_MAX_ALIASES = 1_000
DEFAULT_MAX_DIRECTIVES = 50
DEFAULT_MAX_INPUT_DEPTH = 64


class SchemaOptions(TypedDict, total=False):
    """The options `Schema` and `Schema.from_bundle` accept (each documented on `Schema`)."""

    mask_errors: bool
    masked_message: str
    introspection: bool
    max_depth: int | None
    max_complexity: int | None
    max_aliases: int | None
    max_directives: int | None
    max_input_depth: int | None
    document_cache_size: int
    extensions: Sequence[SchemaExtension]


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
    ``document_cache_size`` (512) bounds the cache of parsed and validated documents;
    ``extensions`` (:class:`grommet.SchemaExtension` objects) transform the bundle and hook
    into every execution, in list order.
    """

    __slots__ = ("_core", "_hooks", "_mask_errors", "_masked_message")

    _core: CoreSchema[ExecutionResult]
    _hooks: OperationHooks | None
    _mask_errors: bool
    _masked_message: str

    def __init__(
        self,
        query: type,
        mutation: type | None = None,
        subscription: type | None = None,
        *,
        types: Iterable[object] = (),
        auto_camel_case: bool = True,
        **options: Unpack[SchemaOptions],
    ) -> None:
        bundle = build_bundle(
            query, mutation, subscription, types=types, auto_camel_case=auto_camel_case
        )
        self._load(bundle, options)

    @classmethod
    def from_bundle(
        cls, bundle: Bundle | Mapping[str, Any], **options: Unpack[SchemaOptions]
    ) -> Schema:
        """A schema from a ready bundle (SDL + binding tables), as generated code builds it."""
        schema = cls.__new__(cls)
        schema._load(cast("Bundle", bundle), options)
        return schema

    def _load(self, bundle: Bundle, options: SchemaOptions) -> None:
        unknown = options.keys() - SchemaOptions.__annotations__.keys()
        if unknown:
            raise TypeError(f"got an unexpected keyword argument {sorted(unknown)[0]!r}")
        extensions = list(options.get("extensions", ()))
        for extension in extensions:
            bundle = extension.transform_bundle(bundle)
        field_wrappers = [e for e in extensions if e.wrap_fields and overrides(e, "resolve")]
        if field_wrappers:
            bundle = wrap_bindings(bundle, field_wrappers)
        self._mask_errors = options.get("mask_errors", False)
        self._masked_message = options.get("masked_message", DEFAULT_MASKED_MESSAGE)
        self._hooks = OperationHooks.of(
            extensions, self._masked_message if self._mask_errors else None
        )
        self._core = CoreSchema(
            bundle,
            error_class=GraphQLError,
            result_factory=ExecutionResult,
            error_factory=GraphQLError.from_core,
            request_error_factory=ExecutionResult.from_request_errors,
            mask_errors=self._mask_errors,
            masked_message=self._masked_message,
            introspection=options.get("introspection", True),
            max_depth=options.get("max_depth", DEFAULT_MAX_DEPTH),
            max_complexity=options.get("max_complexity", DEFAULT_MAX_COMPLEXITY),
            max_aliases=options.get("max_aliases", DEFAULT_MAX_ALIASES),
            max_directives=options.get("max_directives", DEFAULT_MAX_DIRECTIVES),
            max_input_depth=options.get("max_input_depth", DEFAULT_MAX_INPUT_DEPTH),
            document_cache_size=options.get("document_cache_size", 512),
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
    ) -> Awaitable[ExecutionResult]:
        """Execute an operation; await the returned object for the :class:`ExecutionResult`.

        Synchronous work (parsing, validation, every resolver that does not suspend) runs
        before this returns; awaiting drives only resolvers that suspended. (With extensions
        that hook into executions, all of it runs when awaited.)
        """
        if self._hooks is not None:
            return self._hooks.run(self._core, source, variables, context, root, operation_name)
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
        if self._hooks is not None:
            return self._hooks.run_sync(
                self._core, source, variables, context, root, operation_name
            )
        return finish_sync(
            self._core.execute(source, variables, context, root, operation_name, offload=False)
        )

    def subscribe(
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
        if self._hooks is not None:
            return self._hooks.subscribe(
                self._core, self._results, source, variables, context, root, operation_name
            )
        return self._subscribe(source, variables, context, root, operation_name)

    async def _subscribe(
        self,
        source: str,
        variables: Mapping[str, Any] | None,
        context: Any,
        root: Any,
        operation_name: str | None,
    ) -> AsyncGenerator[ExecutionResult, None]:
        outcome = self._core.subscribe(source, variables, context, root, operation_name)
        # Closed with this generator, so the stream is closed when the client leaves.
        async with aclosing(self._results(outcome)) as results:
            async for result in results:
                yield result

    async def _results(self, outcome: SubscribeOutcome) -> AsyncGenerator[ExecutionResult, None]:
        """The results of a subscription the engine started: its one result when it failed
        to start, else one per event of its stream (the stream's failure becomes a last one)."""
        if isinstance(outcome, ExecutionResult):
            yield outcome
            return
        stream, run_event = outcome
        try:
            async for event in stream:
                yield await run_event(event)
        except HookFailed:
            raise  # an extension's failure, answered by the hooks
        except Exception as exc:
            yield ExecutionResult(None, [self._stream_error(exc)])
        finally:
            aclose = getattr(stream, "aclose", None)
            if aclose is not None:
                await aclose()

    def _stream_error(self, exc: Exception) -> GraphQLError:
        # The engine's masking policy, the one resolver errors get (an unexpected exception
        # is logged and kept as `original_error`, as for resolvers).
        error: GraphQLError = self._core.stream_error(exc)
        return error
