"""`Timing`: per-phase durations in the response's ``extensions``."""

from __future__ import annotations

from time import perf_counter_ns

from grommet.extensions.base import Hook, Operation, SchemaExtension


class Timing(SchemaExtension):
    """Adds ``{"timing": {"validation": ms, "execution": ms, "total": ms}}`` to responses.

    Durations are milliseconds as floats; ``key`` names the entry. For a subscription,
    ``execution`` is that of the event the response belongs to.
    """

    def __init__(self, key: str = "timing") -> None:
        self.key = key

    def on_operation(self, operation: Operation) -> Hook:
        start = perf_counter_ns()
        yield
        self._entry(operation)["total"] = _ms_since(start)

    def on_validate(self, operation: Operation) -> Hook:
        start = perf_counter_ns()
        yield
        self._entry(operation)["validation"] = _ms_since(start)

    def on_execute(self, operation: Operation) -> Hook:
        start = perf_counter_ns()
        yield
        self._entry(operation)["execution"] = _ms_since(start)

    def _entry(self, operation: Operation) -> dict[str, float]:
        entry: dict[str, float] = operation.extensions.setdefault(self.key, {})
        return entry


def _ms_since(start: int) -> float:
    return (perf_counter_ns() - start) / 1e6
