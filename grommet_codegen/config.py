"""``[tool.grommet-codegen]`` in ``pyproject.toml``, found from the working directory upwards."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import codegen_error
from .ir import PyRef

SECTION = "grommet-codegen"
_KEYS = frozenset(
    {
        "schema",
        "output",
        "resolvers",
        "package",
        "resolver-fields",
        "batch-fields",
        "scalars",
        "python-names",
    }
)
_SCALAR_KEYS = frozenset({"type", "serialize", "parse"})


@dataclass(frozen=True)
class ScalarMapping:
    """A custom scalar's Python type and its serialize / parse functions."""

    type: PyRef | None = None
    serialize: PyRef | None = None
    parse: PyRef | None = None


@dataclass(frozen=True)
class Config:
    """Settings from the config file; paths are already resolved against its directory."""

    root: Path  # directory of the pyproject.toml, or the working directory without one
    source: Path | None = None
    schema: tuple[Path, ...] = ()
    output: Path | None = None
    resolvers: Path | None = None
    package: str | None = None
    resolver_fields: tuple[str, ...] = ()
    batch_fields: tuple[str, ...] = ()  # "Type.field" resolved by one call per batch of parents
    scalars: Mapping[str, ScalarMapping] = field(default_factory=dict)
    python_names: Mapping[str, str] = field(default_factory=dict)  # "Type.field" → Python name


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` that has our section."""
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and SECTION in _read(candidate).get("tool", {}):
            return candidate
    return None


def load_config(cwd: Path, explicit: Path | None = None) -> Config:
    """Read the config from ``explicit`` or the nearest pyproject.toml; empty when there is none."""
    path = explicit if explicit is not None else find_pyproject(cwd)
    if path is None:
        return Config(root=cwd)
    if not path.is_file():
        raise codegen_error(f"{path}: config file not found")
    table = _read(path).get("tool", {}).get(SECTION, {})
    return _parse_table(table, path)


def _read(path: Path) -> dict[str, Any]:
    import tomllib  # only a project with a pyproject.toml pays for the parser's import

    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise codegen_error(f"{path}: {error}") from error


def _parse_table(table: Mapping[str, Any], path: Path) -> Config:
    where = f"{path}: [tool.{SECTION}]"
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        known = ", ".join(sorted(_KEYS))
        raise codegen_error(f"{where}: unknown key {unknown[0]!r} (known: {known})")
    root = path.parent
    schema = table.get("schema", [])
    schema_list = [schema] if isinstance(schema, str) else schema
    return Config(
        root=root,
        source=path,
        schema=tuple(root / item for item in _strings(schema_list, f"{where} schema")),
        output=_path(table, "output", root, where),
        resolvers=_path(table, "resolvers", root, where),
        package=_string(table, "package", where),
        resolver_fields=tuple(
            _strings(table.get("resolver-fields", []), f"{where} resolver-fields")
        ),
        batch_fields=tuple(_strings(table.get("batch-fields", []), f"{where} batch-fields")),
        scalars={
            name: _scalar(value, f"{where} scalars.{name}")
            for name, value in _table(table.get("scalars", {}), f"{where} scalars").items()
        },
        python_names=_python_names(table.get("python-names", {}), f"{where} python-names"),
    )


def _python_names(value: object, where: str) -> dict[str, str]:
    names = _table(value, where)
    for key, name in names.items():
        if not isinstance(name, str):
            raise codegen_error(f"{where}: {key!r} must map to a string")
    return names


def _scalar(value: object, where: str) -> ScalarMapping:
    if isinstance(value, str):
        return ScalarMapping(type=parse_ref(value, where))
    table = _table(value, where)
    unknown = sorted(set(table) - _SCALAR_KEYS)
    if unknown:
        raise codegen_error(f"{where}: unknown key {unknown[0]!r} (known: parse, serialize, type)")
    refs = {key: parse_ref(_string(table, key, where) or "", f"{where}.{key}") for key in table}
    return ScalarMapping(
        type=refs.get("type"), serialize=refs.get("serialize"), parse=refs.get("parse")
    )


def parse_ref(text: str, where: str) -> PyRef:
    """``"module.path:Qual.name"`` → `PyRef`."""
    module, sep, qualname = text.partition(":")
    if not sep or not _dotted(module) or not _dotted(qualname):
        raise codegen_error(f'{where}: expected "module:name", got {text!r}')
    return PyRef(module=module, qualname=qualname)


def _dotted(text: str) -> bool:
    return bool(text) and all(part.isidentifier() for part in text.split("."))


def _path(table: Mapping[str, Any], key: str, root: Path, where: str) -> Path | None:
    value = _string(table, key, where)
    return None if value is None else root / value


def _string(table: Mapping[str, Any], key: str, where: str) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise codegen_error(f"{where}: {key} must be a string")
    return value


def _strings(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise codegen_error(f"{where}: expected a list of strings")
    return value


def _table(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise codegen_error(f"{where}: expected a table")
    return value
