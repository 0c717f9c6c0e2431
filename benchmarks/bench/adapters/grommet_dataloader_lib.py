"""grommet with `grommet.DataLoader` (W7 only)."""

from __future__ import annotations

from bench.adapters.common import Prepared
from bench.adapters.grommet_loading import prepare_dataloader


def prepare(key: str, size: int) -> Prepared:
    assert key == "W7"
    return prepare_dataloader(size)
