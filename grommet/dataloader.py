"""`grommet.DataLoader`: batches and caches the loads of one request.

Inside a grommet execution a batch is dispatched when every ready resolver has suspended,
by the execution itself (no extra event-loop iteration); elsewhere it is dispatched on the
next tick of the running event loop.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Generator, Hashable, Iterable, Sequence
from typing import Any, Generic, TypeVar

from grommet._core import WakeCallback, dispatch_in_execution

K = TypeVar("K")
V = TypeVar("V")

_PENDING, _DONE, _FAILED = 0, 1, 2


class LoadFuture(Generic[V]):
    """The awaitable value of one key, compatible with asyncio tasks.

    A grommet execution waiting on it is woken at once when the batch settles; anything else
    (an asyncio task) is woken through the event loop, as by an ``asyncio.Future``.
    """

    __slots__ = ("_asyncio_future_blocking", "_callbacks", "_state", "_value")

    def __init__(self) -> None:
        self._state = _PENDING
        self._value: Any = None
        self._callbacks: list[tuple[Callable[[Any], object], Any]] | None = None
        self._asyncio_future_blocking = False

    def __await__(self) -> Generator[Any, None, V]:
        if self._state == _PENDING:
            self._asyncio_future_blocking = True
            yield self
        return self.result()

    def done(self) -> bool:
        return self._state != _PENDING

    def result(self) -> V:
        if self._state == _DONE:
            return self._value  # type: ignore[no-any-return]
        if self._state == _FAILED:
            raise self._value
        raise asyncio.InvalidStateError("the load has not completed")

    def exception(self) -> BaseException | None:
        return self._value if self._state == _FAILED else None

    def cancelled(self) -> bool:
        return self._state == _FAILED and isinstance(self._value, asyncio.CancelledError)

    def get_loop(self) -> asyncio.AbstractEventLoop:
        return asyncio.get_running_loop()

    def cancel(self, msg: object = None) -> bool:
        # The batch is shared: one waiter giving up does not cancel the others' load.
        return False

    def add_done_callback(self, fn: Callable[[Any], object], *, context: Any = None) -> None:
        if self._state != _PENDING:
            self._call(fn, context)
            return
        if self._callbacks is None:
            self._callbacks = []
        self._callbacks.append((fn, context))

    def remove_done_callback(self, fn: Callable[[Any], object]) -> int:
        if not self._callbacks:
            return 0
        kept = [(f, c) for f, c in self._callbacks if f != fn]
        removed = len(self._callbacks) - len(kept)
        self._callbacks = kept
        return removed

    def _settle(self, state: int, value: Any) -> None:
        if self._state != _PENDING:
            return
        self._state = state
        self._value = value
        callbacks = self._callbacks
        if callbacks:
            self._callbacks = None
            for fn, context in callbacks:
                self._call(fn, context)

    def _call(self, fn: Callable[[Any], object], context: Any) -> None:
        if type(fn) is WakeCallback:
            fn(self)  # a grommet execution: wakes it now, with no loop iteration
        else:
            asyncio.get_running_loop().call_soon(fn, self, context=context)


class _Batch(Generic[K, V]):
    __slots__ = ("futures", "keys")

    def __init__(self) -> None:
        self.keys: list[K] = []
        self.futures: list[LoadFuture[V]] = []

    def resolve(self, values: object) -> None:
        if not isinstance(values, Sequence) or isinstance(values, str | bytes):
            self.fail(
                TypeError(
                    "DataLoader load function must return a sequence with one value per key, "
                    f"got {type(values).__name__}"
                )
            )
            return
        if len(values) != len(self.keys):
            self.fail(
                TypeError(
                    f"DataLoader load function returned {len(values)} values "
                    f"for {len(self.keys)} keys"
                )
            )
            return
        for future, value in zip(self.futures, values, strict=True):
            if isinstance(value, BaseException):
                future._settle(_FAILED, value)
            else:
                future._settle(_DONE, value)

    def fail(self, error: BaseException) -> None:
        for future in self.futures:
            future._settle(_FAILED, error)


class DataLoader(Generic[K, V]):
    """Batches the keys loaded in one pass into one call of ``load_fn`` and caches the values.

    ``load_fn(keys)`` returns (an awaitable of) a sequence with one value per key, in key
    order; an ``Exception`` in it is that key's error. Build loaders per request (for example
    in the ASGI app's ``context_getter``) so one user's cache never answers another.
    ``max_batch_size`` splits large batches; ``cache=False`` loads every key every time;
    ``cache_key_fn`` maps a key to its cache key (for unhashable keys).
    """

    __slots__ = ("_batch", "_cache", "_cache_key_fn", "_load_fn", "_max_batch_size")

    def __init__(
        self,
        load_fn: Callable[[list[K]], Awaitable[Sequence[V | BaseException]]]
        | Callable[[list[K]], Sequence[V | BaseException]],
        *,
        max_batch_size: int | None = None,
        cache: bool = True,
        cache_key_fn: Callable[[K], Hashable] | None = None,
    ) -> None:
        if max_batch_size is not None and max_batch_size < 1:
            raise ValueError("max_batch_size must be at least 1")
        self._load_fn = load_fn
        self._max_batch_size = max_batch_size
        self._cache: dict[Hashable, LoadFuture[V]] | None = {} if cache else None
        self._cache_key_fn = cache_key_fn
        self._batch: _Batch[K, V] | None = None

    def load(self, key: K) -> LoadFuture[V]:
        """The value of ``key``, loaded in the current batch unless it is cached."""
        cache = self._cache
        if cache is not None:
            cache_key = key if self._cache_key_fn is None else self._cache_key_fn(key)
            found = cache.get(cache_key)
            if found is not None:
                return found
        future: LoadFuture[V] = LoadFuture()
        batch = self._batch
        if batch is None:
            batch = _Batch()
            self._schedule(batch)
            self._batch = batch
        batch.keys.append(key)
        batch.futures.append(future)
        if self._max_batch_size is not None and len(batch.keys) >= self._max_batch_size:
            self._batch = None
        if cache is not None:
            cache[cache_key] = future
        return future

    async def load_many(self, keys: Iterable[K]) -> list[V]:
        """The values of ``keys``, in order; the first failing key raises its error."""
        futures = [self.load(key) for key in keys]
        return [await future for future in futures]

    def prime(self, key: K, value: V | BaseException) -> None:
        """Caches ``value`` (or an error) for ``key`` unless the key is cached already."""
        if self._cache is None:
            return
        cache_key = self._key(key)
        if cache_key in self._cache:
            return
        future: LoadFuture[V] = LoadFuture()
        if isinstance(value, BaseException):
            future._settle(_FAILED, value)
        else:
            future._settle(_DONE, value)
        self._cache[cache_key] = future

    def clear(self, key: K) -> None:
        """Forgets the cached value of ``key``: the next load loads it again."""
        if self._cache is not None:
            self._cache.pop(self._key(key), None)

    def clear_all(self) -> None:
        """Forgets every cached value."""
        if self._cache is not None:
            self._cache.clear()

    def _key(self, key: K) -> Hashable:
        return key if self._cache_key_fn is None else self._cache_key_fn(key)

    def _schedule(self, batch: _Batch[K, V]) -> None:
        def dispatch(driven: bool) -> Awaitable[None] | None:
            return self._dispatch(batch, driven)

        if dispatch_in_execution(dispatch):
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            raise RuntimeError(
                "DataLoader.load needs a running event loop or a grommet execution"
            ) from None
        loop.call_soon(dispatch, False)

    def _dispatch(self, batch: _Batch[K, V], driven: bool) -> Awaitable[None] | None:
        if self._batch is batch:
            self._batch = None  # later loads start a new batch
        try:
            values = self._load_fn(batch.keys)
        except Exception as error:
            batch.fail(error)
            return None
        if not inspect.isawaitable(values):
            batch.resolve(values)
            return None
        settle = _settle_batch(batch, values)
        if driven:
            return settle
        try:
            asyncio.get_running_loop().create_task(settle)
        except RuntimeError:
            settle.close()
            batch.fail(RuntimeError("a DataLoader batch needs a running event loop"))
        return None


async def _settle_batch(batch: _Batch[Any, Any], values: Awaitable[Any]) -> None:
    try:
        result = await values
    except Exception as error:
        batch.fail(error)
        return
    except BaseException:
        # The execution driving the batch was cancelled; others waiting on it (sharing the
        # loader) get an error for their fields, not a cancellation of their own.
        batch.fail(RuntimeError("the DataLoader batch was cancelled"))
        raise
    batch.resolve(result)


__all__ = ["DataLoader", "LoadFuture"]
