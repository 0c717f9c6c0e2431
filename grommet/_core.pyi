"""Type stubs of the Rust extension ``grommet._core`` (see ``docs/core-contract.md``)."""

from collections.abc import AsyncIterator, Callable, Generator, Mapping
from typing import Any, Generic, Literal, TypeVar, final

from grommet.selected import SelectedField

__all__ = [
    "CoreSchema",
    "EventRunner",
    "Execution",
    "HttpPost",
    "Info",
    "SchemaError",
    "Serving",
    "parse_schema",
]

_R = TypeVar("_R")
_E = TypeVar("_E")

@final
class Execution(Generic[_R]):
    """An operation in flight; all synchronous work has run by the time it exists."""

    @property
    def done(self) -> bool: ...
    def result(self) -> _R: ...
    def __await__(self) -> Generator[Any, None, _R]: ...
    def __iter__(self) -> Execution[_R]: ...
    def __next__(self) -> Any: ...
    def send(self, _value: Any) -> Any: ...
    def throw(self, typ: Any, val: Any = None, _tb: Any = None) -> Any: ...
    def close(self) -> None: ...

@final
class EventRunner(Generic[_R]):
    """Executes a subscription's selection set for one event of its source stream."""

    def __call__(self, event: Any, /) -> Execution[_R]: ...

@final
class CoreSchema(Generic[_R]):
    def __new__(
        cls,
        bundle: Mapping[str, Any],
        *,
        error_class: type[Exception],
        result_factory: Callable[[dict[str, Any] | None, list[_E], dict[str, Any] | None], _R],
        # (message, locations, path, extensions), and for an unexpected exception of user
        # code two more: (..., original_error, operation_name).
        error_factory: Callable[..., _E],
        request_error_factory: Callable[[list[_E]], _R] | None = None,
        mask_errors: bool = False,
        masked_message: str = ...,  # "Internal server error"
        introspection: bool = True,
        max_depth: int | None = None,
        max_complexity: int | None = None,
        max_aliases: int | None = None,
        max_directives: int | None = None,
        max_input_depth: int | None = None,
        document_cache_size: int = 512,
    ) -> CoreSchema[_R]: ...
    @property
    def sdl(self) -> str: ...
    def execute(
        self,
        source: str,
        variables: Mapping[str, Any] | None = None,
        context: Any = None,
        root: Any = None,
        operation_name: str | None = None,
        *,
        offload: bool = True,
    ) -> Execution[_R]: ...
    def subscribe(
        self,
        source: str,
        variables: Mapping[str, Any] | None = None,
        context: Any = None,
        root: Any = None,
        operation_name: str | None = None,
    ) -> _R | tuple[AsyncIterator[Any], EventRunner[_R]]: ...
    def operation_type(
        self, source: str, operation_name: str | None = None
    ) -> Literal["query", "mutation", "subscription"] | None: ...
    def stream_error(self, exc: BaseException, /) -> Any: ...

@final
class Info:
    """What a resolver knows about the field it resolves."""

    @property
    def field_name(self) -> str: ...
    @property
    def parent_type(self) -> str: ...
    @property
    def path(self) -> list[str | int]: ...
    @property
    def context(self) -> Any: ...
    @property
    def root(self) -> Any: ...
    @property
    def variables(self) -> dict[str, Any]: ...
    @property
    def operation_name(self) -> str | None: ...
    @property
    def operation_type(self) -> Literal["query", "mutation", "subscription"]: ...
    @property
    def return_type(self) -> str: ...
    @property
    def selected_fields(self) -> list[SelectedField]: ...

class SchemaError(ValueError):
    diagnostics: list[tuple[str, int, int, str]]

def parse_schema(sources: list[tuple[str, str]]) -> dict[str, Any]: ...
def encode_json(value: object) -> bytes: ...
def decode_json_fast(data: bytes | str, fallback: object) -> Any: ...
def parse_query_string(raw: bytes) -> dict[str, str]: ...
def _panic_inside_guard(schema: CoreSchema[_R]) -> _R: ...

@final
class WakeCallback:
    """Wakes a grommet execution whose resolver waits on a future."""

    def __call__(self, future: object, /) -> None: ...

def dispatch_in_execution(callback: Callable[[bool], object], /) -> bool: ...

@final
class HttpPost:
    """The common JSON POST answered in one call (``grommet.asgi``'s fast path)."""

    def __init__(
        self,
        schema: CoreSchema[Any],
        *,
        root: object,
        max_body: int | None,
        classify: Callable[[str | None, str], str | None],
        request_of: Callable[[Any], Any],
    ) -> None: ...
    def serve(self, scope: Any, receive: Any, send: Any) -> Serving | None: ...

@final
class Serving:
    """One POST being served by :meth:`HttpPost.serve` (an awaitable)."""

    def __await__(self) -> Generator[Any, None, tuple[Any, ...] | None]: ...
    def __iter__(self) -> Serving: ...
    def __next__(self) -> Any: ...
    def send(self, _value: Any) -> Any: ...
    def throw(self, typ: Any, val: Any = None, _tb: Any = None) -> Any: ...
    def close(self) -> None: ...
