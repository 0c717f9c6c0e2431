from __future__ import annotations

import pytest

import grommet

from .starwars import build_schema


@pytest.fixture(scope="module")
def starwars() -> grommet.Schema:
    return build_schema()
