"""`grommet.SelectedField`: one node of `Info.selected_fields`, the look-ahead tree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class SelectedField:
    """A field the client selected below the one being resolved.

    ``name`` is the field's GraphQL name, ``alias`` the response key the client gave it (or
    ``None``), ``arguments`` its coerced arguments by GraphQL name (defaults filled in), and
    ``selections`` its own sub-selection, with fragments and ``@skip``/``@include`` applied.
    """

    name: str
    alias: str | None
    arguments: dict[str, Any]
    selections: list[SelectedField]
