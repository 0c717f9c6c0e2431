"""One module per library, each with ``prepare(workload_key, size) -> Prepared``."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

ALL = ("W1", "W2", "W3", "W4", "W5", "W6")
WITH_W7 = (*ALL, "W7")


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
    # W7's two grommet answers to N+1; the batch resolver is W7's reference.
    "grommet-batch": Adapter("bench.adapters.grommet_batch_lib", ("W7",)),
    "grommet-dataloader": Adapter("bench.adapters.grommet_dataloader_lib", ("W7",)),
    "graphql-core": Adapter("bench.adapters.graphql_core_lib", WITH_W7),
    "graphql-core-cached": Adapter("bench.adapters.graphql_core_cached_lib", ("W4",)),
    "strawberry": Adapter("bench.adapters.strawberry_lib", WITH_W7),
    "ariadne": Adapter("bench.adapters.ariadne_lib", WITH_W7),
}
REFERENCE = "grommet-codegen"
GROMMET = ("grommet-codegen", "grommet-builder")
LOADING = ("grommet-batch", "grommet-dataloader")
PEERS = ("graphql-core", "strawberry", "ariadne")
