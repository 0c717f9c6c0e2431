"""Running the execution hooks of a schema's extensions around each request.

A schema whose extensions override no execution hook never builds an `OperationHooks`:
its requests go straight to the engine.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Mapping,
    Sequence,
)
from contextlib import AbstractContextManager, aclosing, nullcontext
from typing import TYPE_CHECKING, Any, NoReturn

from grommet.errors import GraphQLError
from grommet.extensions.base import _UNKNOWN, Hook, Operation, SchemaExtension
from grommet.result import ExecutionResult

if TYPE_CHECKING:
    from grommet._core import CoreSchema

logger = logging.getLogger("grommet")

PhaseHook = Callable[[Operation], "Hook | None"]
RunEvent = Callable[[Any], Awaitable[ExecutionResult]]
SubscribeOutcome = ExecutionResult | tuple[AsyncIterator[Any], RunEvent]
"""What the engine's ``subscribe`` answers: a result when it failed to start, else its
source stream and how to execute one event."""


def overrides(extension: SchemaExtension, method: str) -> bool:
    """Whether ``extension``'s class defines its own ``method``."""
    return getattr(type(extension), method) is not getattr(SchemaExtension, method)


class HookFailed(Exception):
    """An extension's hook raised ``error``."""

    def __init__(self, hook: Callable[..., Any], error: BaseException) -> None:
        owner = getattr(hook, "__self__", None)
        name = f"{type(owner).__name__}.{hook.__name__}" if owner is not None else hook.__qualname__
        super().__init__(f"{name} failed: {error}")
        self.error = error


class OperationHooks:
    """The hooks a schema's extensions override, each phase's in list order."""

    __slots__ = ("_masked_message", "_only", "errors", "execute", "operation", "run", "validate")

    def __init__(self, extensions: Sequence[SchemaExtension], masked_message: str | None) -> None:
        def chosen(method: str) -> list[Any]:
            hooks = [getattr(e, method) for e in extensions if overrides(e, method)]
            for hook in hooks:
                if inspect.iscoroutinefunction(hook) or inspect.isasyncgenfunction(hook):
                    raise TypeError(
                        f"{type(hook.__self__).__name__}.{method} is async: execution hooks "
                        "are plain generators (or functions), run on every request without "
                        "awaiting; hand slow work to a background exporter or thread"
                    )
            return hooks

        self.operation: list[PhaseHook] = chosen("on_operation")
        self.validate: list[PhaseHook] = chosen("on_validate")
        self.execute: list[PhaseHook] = chosen("on_execute")
        self.errors: list[Callable[[GraphQLError, Operation], GraphQLError]] = chosen("on_error")
        self._masked_message = masked_message
        # The common case (one operation hook, or only `on_error`) runs on its own path: no
        # phase objects, no per-request lists.
        simple = len(self.operation) <= 1 and not self.validate and not self.execute
        self._only: PhaseHook | None = self.operation[0] if simple and self.operation else None
        self.run: Callable[..., Awaitable[ExecutionResult]] = (
            self._run_simple if simple else self._run_phases
        )

    @classmethod
    def of(
        cls, extensions: Sequence[SchemaExtension], masked_message: str | None
    ) -> OperationHooks | None:
        """The hooks to run, or None when no extension has any."""
        hooks = cls(extensions, masked_message)
        if hooks.operation or hooks.validate or hooks.execute or hooks.errors:
            return hooks
        return None

    async def _run_simple(
        self,
        core: CoreSchema[ExecutionResult],
        source: str,
        variables: Mapping[str, Any] | None,
        context: Any,
        root: Any,
        operation_name: str | None,
    ) -> ExecutionResult:
        """`run` with at most one hook, around the whole operation (the phases of
        `_run_phases`, spelled out for one generator)."""
        # `Operation.__init__`, inlined: a Python call fewer on every request.
        op = _new_operation(Operation)
        op._core = core
        op.query = source
        op.variables = variables
        op.context = context
        op.root = root
        op.operation_name = operation_name
        op._operation_type = _UNKNOWN
        op.result = None
        op._extensions = None
        hook = self._only
        gen: Hook | None = None
        if hook is not None:
            try:
                gen = hook(op)
                if gen is not None and next(gen, _DONE) is _DONE:
                    gen = None
            except Exception as exc:
                op.result = self._failed(HookFailed(hook, exc), op)
                return self._response(op)
        try:
            execution = core.execute(source, variables, context, root, operation_name)
            # A finished execution hands its result over without the await protocol.
            op.result = execution.result() if execution.done else await execution
            if self.errors:
                self._rewrite_errors(op)
        except HookFailed as failure:  # an `on_error` hook failed
            if gen is not None:
                _throw(gen, failure)
            op.result = self._failed(failure, op)
            return self._response(op)
        except BaseException as error:
            if gen is not None:
                _throw(gen, error)
            raise
        if gen is not None:
            assert hook is not None
            try:
                ended = next(gen, _DONE) is _DONE
            except Exception as exc:
                op.result = self._failed(HookFailed(hook, exc), op)
                return self._response(op)
            if not ended:
                gen.close()
                op.result = self._failed(HookFailed(hook, _yielded_twice()), op)
                return self._response(op)
        result = op.result
        if op._extensions:
            result.extensions = {**(result.extensions or {}), **op._extensions}
        return result

    async def _run_phases(
        self,
        core: CoreSchema[ExecutionResult],
        source: str,
        variables: Mapping[str, Any] | None,
        context: Any,
        root: Any,
        operation_name: str | None,
    ) -> ExecutionResult:
        op = Operation(core, source, variables, context, root, operation_name)
        try:
            with phase(self.operation, op):
                if self.validate:
                    self._validate(op)
                with phase(self.execute, op):
                    execution = core.execute(source, variables, context, root, operation_name)
                    op.result = execution.result() if execution.done else await execution
                if self.errors:
                    self._rewrite_errors(op)
        except HookFailed as failure:
            op.result = self._failed(failure, op)
        return self._response(op)

    def run_sync(
        self,
        core: CoreSchema[ExecutionResult],
        source: str,
        variables: Mapping[str, Any] | None,
        context: Any,
        root: Any,
        operation_name: str | None,
    ) -> ExecutionResult:
        op = Operation(core, source, variables, context, root, operation_name)
        try:
            with phase(self.operation, op):
                if self.validate:
                    self._validate(op)
                with phase(self.execute, op):
                    execution = core.execute(
                        source, variables, context, root, operation_name, offload=False
                    )
                    op.result = finish_sync(execution)
                if self.errors:
                    self._rewrite_errors(op)
        except HookFailed as failure:
            op.result = self._failed(failure, op)
        return self._response(op)

    async def subscribe(
        self,
        core: CoreSchema[ExecutionResult],
        results_of: Callable[[SubscribeOutcome], AsyncGenerator[ExecutionResult, None]],
        source: str,
        variables: Mapping[str, Any] | None,
        context: Any,
        root: Any,
        operation_name: str | None,
    ) -> AsyncGenerator[ExecutionResult, None]:
        """A subscription: ``on_operation`` spans the whole stream, ``on_execute`` each event."""
        op = Operation(core, source, variables, context, root, operation_name)
        try:
            with phase(self.operation, op):
                if self.validate:
                    self._validate(op)
                outcome: SubscribeOutcome = core.subscribe(
                    source, variables, context, root, operation_name
                )
                if not isinstance(outcome, ExecutionResult):
                    outcome = (outcome[0], self._hooked_runner(outcome[1], op))
                # Closed with this generator, so the stream is closed when the client leaves.
                async with aclosing(results_of(outcome)) as results:
                    async for result in results:
                        op.result = result
                        if self.errors:
                            self._rewrite_errors(op)
                        yield self._response(op)
        except HookFailed as failure:
            op.result = self._failed(failure, op)
            yield self._response(op)

    def _hooked_runner(self, run_event: RunEvent, op: Operation) -> RunEvent:
        async def run(event: Any) -> ExecutionResult:
            with phase(self.execute, op):
                return await run_event(event)

        return run

    def _validate(self, op: Operation) -> None:
        # Validated here only for hooks that time it; the engine caches the validated
        # document, so executing it next parses nothing again.
        with phase(self.validate, op):
            op.operation_type  # noqa: B018 - reading it validates the document

    def _rewrite_errors(self, op: Operation) -> None:
        result = op.result
        if result is None or not result.errors:
            return
        for rewrite in self.errors:
            try:
                errors = [rewrite(error, op) for error in result.errors]
                for error in errors:
                    if not isinstance(error, GraphQLError):
                        kind = type(error).__name__
                        raise TypeError(f"on_error must return a grommet.GraphQLError, got {kind}")
            except Exception as exc:
                raise HookFailed(rewrite, exc) from exc
            result.errors = errors

    def _failed(self, failure: HookFailed, op: Operation) -> ExecutionResult:
        logger.error(
            "grommet extension hook failed in operation %s: %s",
            op.operation_name,
            failure,
            exc_info=failure.error,
        )
        message = self._masked_message if self._masked_message is not None else str(failure)
        error = GraphQLError(message)
        error.original_error = failure.error
        return ExecutionResult.from_request_errors([error])

    @staticmethod
    def _response(op: Operation) -> ExecutionResult:
        result = op.result
        assert result is not None
        entries = op._extensions
        if entries:
            result.extensions = {**(result.extensions or {}), **entries}
        return result


class _Phase:
    """Runs a phase's hooks around a ``with`` body: started in list order, ended in reverse."""

    __slots__ = ("_hooks", "_op", "_started")

    def __init__(self, hooks: Sequence[PhaseHook], op: Operation) -> None:
        self._hooks = hooks
        self._op = op
        self._started: list[tuple[PhaseHook, Hook]] = []

    def __enter__(self) -> None:
        started = self._started
        for hook in self._hooks:
            try:
                gen = hook(self._op)
                # A plain function, or a generator that returned before its yield: done.
                if gen is None or next(gen, _DONE) is _DONE:
                    continue
            except Exception as exc:
                _fail(started, hook, exc)
            started.append((hook, gen))

    def __exit__(self, kind: object, error: BaseException | None, tb: object) -> None:
        started = self._started
        if error is not None:
            _unwind(started, error)
            return
        while started:
            hook, gen = started.pop()
            try:
                if next(gen, _DONE) is _DONE:
                    continue
            except Exception as exc:
                _fail(started, hook, exc)
            gen.close()
            _fail(started, hook, _yielded_twice())


_NO_HOOKS = nullcontext()
_new_operation = Operation.__new__
_DONE = object()  # what `next` gives once a hook's generator has returned


def _yielded_twice() -> RuntimeError:
    return RuntimeError("the hook yielded more than once")


def phase(hooks: Sequence[PhaseHook], op: Operation) -> AbstractContextManager[None]:
    """A context manager running ``hooks`` around its body (nothing at all when there are none)."""
    return _Phase(hooks, op) if hooks else _NO_HOOKS


def _fail(started: list[tuple[PhaseHook, Hook]], hook: PhaseHook, error: Exception) -> NoReturn:
    """``hook`` raised ``error``: the hooks around it see the failure at their ``yield``."""
    failure = HookFailed(hook, error)
    _unwind(started, failure)
    raise failure from error


def _unwind(started: list[tuple[PhaseHook, Hook]], error: BaseException) -> None:
    """Ends started hooks, innermost first, with ``error`` raised at their ``yield``."""
    while started:
        _throw(started.pop()[1], error)


def _throw(gen: Hook, error: BaseException) -> None:
    """Ends a started hook with ``error`` raised at its ``yield``."""
    try:
        gen.throw(error)
    except BaseException:  # the hook has seen the error, which propagates anyway
        pass
    else:
        gen.close()


def finish_sync(execution: Any) -> ExecutionResult:
    """The result of an engine execution, from code with no running event loop."""
    if execution.done:
        return execution.result()  # type: ignore[no-any-return]
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_await(execution))
    raise RuntimeError(
        "execute_sync() cannot finish a suspended resolver inside a running event loop; "
        "use `await schema.execute(...)`"
    )


async def _await(execution: Any) -> ExecutionResult:
    return await execution  # type: ignore[no-any-return]
