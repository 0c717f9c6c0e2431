"""The ``UNSET`` sentinel: a value the client did not send."""

from __future__ import annotations

from typing import Any, Final


class UnsetType:
    """Type of :data:`UNSET`, the default of an argument or input field the client may omit.

    A resolver sees ``UNSET`` when the client left the value out and ``None`` when it sent an
    explicit ``null``. ``UNSET`` is falsy and a singleton, so test it with ``is UNSET``.
    """

    __slots__ = ()
    _instance: UnsetType | None = None

    def __new__(cls) -> UnsetType:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "UNSET"


# Typed as Any so that `arg: int | None = UNSET` type-checks, as well as `int | None | UnsetType`.
UNSET: Final[Any] = UnsetType()
