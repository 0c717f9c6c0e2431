"""Schema extensions: the one seam features plug into (``docs/core-contract.md``).

`SchemaExtension` is the base class; `Timing` and `OpenTelemetry` are built on it
(`OpenTelemetry` needs the ``grommet[otel]`` extra and is imported only when used).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from grommet.extensions.base import Operation, SchemaExtension
from grommet.extensions.timing import Timing

if TYPE_CHECKING:
    from grommet.extensions.otel import OpenTelemetry

__all__ = ["OpenTelemetry", "Operation", "SchemaExtension", "Timing"]


def __getattr__(name: str) -> Any:
    if name == "OpenTelemetry":
        from grommet.extensions.otel import OpenTelemetry

        return OpenTelemetry
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
