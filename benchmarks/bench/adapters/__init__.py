"""One module per library, each with ``prepare(workload_key, size) -> Prepared``."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

ALL = ("W1", "W2", "W3", "W4", "W5", "W6")


@dataclass(frozen=True)
class Adapter:
    module: str
    workloads: tuple[str, ...]

    def load(self) -> ModuleType:
        return importlib.import_module(self.module)


# In the order tables and charts list them; grommet-codegen is the reference of every ratio.
ADAPTERS: dict[str, Adapter] = {
    "grommet-codegen": Adapter("bench.adapters.grommet_codegen_lib", ALL),
    "grommet-builder": Adapter("bench.adapters.grommet_builder_lib", ALL),
    "graphql-core": Adapter("bench.adapters.graphql_core_lib", ALL),
    "graphql-core-cached": Adapter("bench.adapters.graphql_core_cached_lib", ("W4",)),
    "strawberry": Adapter("bench.adapters.strawberry_lib", ALL),
    "ariadne": Adapter("bench.adapters.ariadne_lib", ALL),
}
REFERENCE = "grommet-codegen"
GROMMET = ("grommet-codegen", "grommet-builder")
PEERS = ("graphql-core", "strawberry", "ariadne")
