"""The UNSET sentinel."""

import copy
import pickle

from grommet import UNSET, UnsetType


def test_unset_is_a_falsy_singleton_that_survives_copies() -> None:
    assert UnsetType() is UNSET
    assert not UNSET
    assert repr(UNSET) == "UNSET"
    assert copy.copy(UNSET) is UNSET
    assert copy.deepcopy(UNSET) is UNSET
    assert pickle.loads(pickle.dumps(UNSET)) is UNSET
