"""Errors the CLI reports on stderr with exit status 2 (nothing is written)."""

from __future__ import annotations


class CodegenError(Exception):
    """A problem with the input: bad SDL, config, or a user file that cannot be merged."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


def codegen_error(message: str) -> CodegenError:
    return CodegenError([message])
