"""Every Python name a schema gets: types, protocols, keywords, fields, arguments, enum members.

Generated code must work whatever the schema calls things, so each name is claimed in the
Python scope it lives in (`Namespace`): a name the generated modules already use there gets a
trailing ``_``; two GraphQL names that would become the same identifier in one scope are an
error pointing at both definitions, unless ``python-names`` in the config renames one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .errors import CodegenError
from .names import Namespace, safe_identifier, snake_case

# Builtins the generated annotations and tables name.
_BUILTINS = frozenset({"bool", "dict", "float", "int", "list", "object", "str"})
# Module-level names of the generated package (its modules, imports and definitions).
MODULE_RESERVED = _BUILTINS | {
    "annotations",
    "collections",
    "dataclasses",
    "enum",
    "grommet",
    "typing",
    "types",
    "resolvers",
    "schema",
    "SDL",
    "INPUTS",
    "ENUMS",
    "SCALARS",
    "MaybeAwaitable",
    "build_schema",
    "_T",
}
# Names a class body of the generated modules or of the scaffold refers to: a field or
# resolver method named like one would shadow it there.
MEMBER_RESERVED = _BUILTINS | {
    "collections",
    "grommet",
    "self",
    "typing",
    "types",
    "MaybeAwaitable",
}
# The `grommet.bundle` constructors `build_schema` binds to local names (called once per field).
BUNDLE_LOCALS = ("attr_field", "batch_field", "call_field", "type_binding")
# Names used inside `build_schema`: its keywords (one per resolver protocol) must not shadow them.
KEYWORD_RESERVED = frozenset(
    {"annotations", "bundle", "options", "grommet", "typing", "types", "resolvers"}
    | {"SDL", "INPUTS", "ENUMS", "SCALARS"}
    | set(BUNDLE_LOCALS)
)
# Parameters every resolver method has before the GraphQL arguments.
METHOD_PARAMS = frozenset({"self", "parent", "info"})
_ENUM_RESERVED = frozenset({"mro"})

Locate = Callable[[str, str | None], str]


class PythonNames:
    """The Python names of one schema, computed once; look-ups by GraphQL name."""

    def __init__(
        self,
        types: Mapping[str, Mapping[str, Any]],
        protocol_types: Iterable[str],
        *,
        package_leaf: str,
        overrides: Mapping[str, str],
        reserved_modules: Iterable[str],
        locate: Locate,
    ) -> None:
        self._locate = locate
        self._overrides = dict(overrides)
        self._errors: list[str] = []
        self._check_override_keys(types)
        module = Namespace(MODULE_RESERVED | set(reserved_modules))
        self.types = self._claim_all(module, [(t, None, t) for t in types], "type")
        protocols = list(protocol_types)
        self.protocols = {t: module.claim(f"{self.types[t]}Resolvers") for t in protocols}
        keywords = Namespace(KEYWORD_RESERVED)
        self.keywords = {t: keywords.claim(snake_case(t)) for t in protocols}
        scaffold = Namespace({"annotations", "collections", "grommet", package_leaf})
        self.scaffold = {t: scaffold.claim(self.types[t]) for t in protocols}
        member_reserved = MEMBER_RESERVED | set(self.types.values()) | {package_leaf}
        self.members: dict[tuple[str, str], str] = {}
        self.args: dict[tuple[str, str, str], str] = {}
        for name, t in types.items():
            if t["kind"] == "ENUM":
                self._enum_values(name, t)
            elif t["kind"] in ("OBJECT", "INTERFACE", "INPUT_OBJECT"):
                self._fields(name, t, member_reserved)
        if self._errors:
            raise CodegenError(self._errors)

    def _check_override_keys(self, types: Mapping[str, Mapping[str, Any]]) -> None:
        for key, value in self._overrides.items():
            type_name, *rest = key.split(".")
            t = types.get(type_name)
            members = {m["name"]: m for m in _members(t)} if t is not None else {}
            known = t is not None and (
                not rest
                or (len(rest) == 1 and rest[0] in members)
                or (
                    len(rest) == 2
                    and rest[0] in members
                    and rest[1] in {a["name"] for a in members[rest[0]].get("args", [])}
                )
            )
            if not known:
                self._errors.append(f"python-names: {key!r}: no such type, field or argument")
            elif not value.isidentifier() or safe_identifier(value) != value:
                self._errors.append(f"python-names: {key!r}: {value!r} is not a usable identifier")
        if self._errors:
            raise CodegenError(self._errors)

    def _claim_all(
        self,
        namespace: Namespace,
        items: list[tuple[str, str | None, str]],
        what: str,
        convert: Callable[[str], str] = safe_identifier,
    ) -> dict[str, str]:
        """A name for each (type, member, GraphQL name) in ``namespace``.

        Two that want the same name are an error; one whose name the scope reserves is
        escaped with ``_``, unless python-names chose it (an error too).
        """
        wanted: dict[str, str] = {}
        owners: dict[str, tuple[str, str | None]] = {}
        chosen: set[str] = set()
        overrides = self._overrides
        for type_name, member, gql in items:
            if overrides:
                key = type_name if member is None else f"{type_name}.{member}"
                override = overrides.get(key)
            else:
                key, override = "", None  # no config: no key to look up (the usual case)
            name = override if override is not None else convert(gql)
            if name in owners:
                self._collision(owners[name], (type_name, member), name, what)
            elif override is not None and namespace.blocked(name):
                self._errors.append(
                    f"{self._where((type_name, member))}: python-names gives {key} the name"
                    f" {name!r}, which the generated code already uses there"
                )
            owners[name] = (type_name, member)
            wanted[gql] = name
            if override is not None:
                chosen.add(gql)
        names: dict[str, str] = {}
        for gql, name in wanted.items():
            if gql not in chosen and namespace.blocked(name):
                name += "_"
                while namespace.blocked(name) or name in owners:
                    name += "_"
            names[gql] = name
            namespace.taken.add(name)
        return names

    def _where(self, owner: tuple[str, str | None]) -> str:
        """``file:line:col`` of a definition; of its field, for an argument."""
        type_name, member = owner
        if "." in type_name:  # an argument: ("Type.field", "arg")
            type_name, field = type_name.split(".", 1)
            member = f"{field}.{member}"
        return self._locate(type_name, member)

    def _collision(
        self, first: tuple[str, str | None], second: tuple[str, str | None], name: str, what: str
    ) -> None:
        key = _dotted(second)
        self._errors += [
            f"{self._where(second)}: {what} {key} and {_dotted(first)} both become the Python"
            f" name {name!r}",
            f"{self._where(first)}: {_dotted(first)} is defined here",
            f'  rename one in pyproject.toml: [tool.grommet-codegen] python-names = {{ "{key}" ='
            f' "{name}_2" }}',
        ]

    def _fields(self, type_name: str, t: Mapping[str, Any], reserved: frozenset[str]) -> None:
        fields = t["input_fields"] if t["kind"] == "INPUT_OBJECT" else t["fields"]
        names = self._claim_all(
            Namespace(reserved),
            [(type_name, f["name"], f["name"]) for f in fields],
            "field",
            snake_case,
        )
        for f in fields:
            self.members[(type_name, f["name"])] = names[f["name"]]
            if f.get("args"):
                path = f"{type_name}.{f['name']}"
                args = self._claim_all(
                    Namespace(METHOD_PARAMS),
                    [(path, a["name"], a["name"]) for a in f["args"]],
                    "argument",
                    snake_case,
                )
                for arg_name, py_name in args.items():
                    self.args[(type_name, f["name"], arg_name)] = py_name

    def _enum_values(self, type_name: str, t: Mapping[str, Any]) -> None:
        values = self._claim_all(
            _EnumNamespace(self.types[type_name]),
            [(type_name, v["name"], v["name"]) for v in t["values"]],
            "enum value",
        )
        for gql, py_name in values.items():
            self.members[(type_name, gql)] = py_name


class _EnumNamespace(Namespace):
    """Enum member names: besides keywords, `enum.Enum` reserves ``mro`` and ``_sunder_`` names."""

    def __init__(self, class_name: str) -> None:
        super().__init__(_ENUM_RESERVED)
        self.private = f"_{class_name.lstrip('_')}__"

    def blocked(self, name: str) -> bool:
        return super().blocked(name) or _is_sunder(name) or name.startswith(self.private)


def _is_sunder(name: str) -> bool:
    return len(name) > 2 and name[0] == name[-1] == "_" and name[1] != "_" and name[-2] != "_"


def _members(t: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [*t.get("fields", []), *t.get("input_fields", []), *t.get("values", [])]


def _dotted(owner: tuple[str, str | None]) -> str:
    type_name, member = owner
    return type_name if member is None else f"{type_name}.{member}"
