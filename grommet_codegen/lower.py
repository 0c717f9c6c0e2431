"""The parsed schema (`grommet._core.parse_schema`'s dict) → `SchemaIR`.

Every decision lives here: Python names, which fields are data fields and which need a
resolver, Python defaults, base classes, the binding tables.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .config import ScalarMapping
from .defaults import python_default
from .errors import codegen_error
from .ir import (
    ClassIR,
    EnumIR,
    EnumMemberIR,
    FieldBindingIR,
    InputBindingIR,
    MethodIR,
    Param,
    ProtocolIR,
    PyRef,
    ScalarIR,
    SchemaIR,
    TypeBindingIR,
    TypeRef,
    UnionIR,
)
from .naming import PythonNames
from .typeref import named_type, type_ref

# A description that needs no dedent, newline or tab handling (most of them).
_ONE_LINE = re.compile(r"[^\n\r\t]*")

_KIND_NAMES = {"OBJECT": "object type", "INTERFACE": "interface", "INPUT_OBJECT": "input type"}


# `scalar Upload` is the file of a multipart request (grommet.asgi) unless the config maps it.
UPLOAD_SCALAR = ScalarMapping(
    type=PyRef("grommet", "UploadFile"),
    serialize=PyRef("grommet.asgi.uploads", "serialize_upload"),
    parse=PyRef("grommet.asgi.uploads", "parse_upload"),
)


@dataclass(frozen=True)
class Options:
    package: str
    resolver_fields: tuple[str, ...] = ()
    scalars: Mapping[str, ScalarMapping] = field(default_factory=dict)
    python_names: Mapping[str, str] = field(default_factory=dict)
    # ``file:line:col`` of a type or of one of its members (fields, arguments, values).
    locate: Callable[[str, str | None], str] = lambda type_name, member: "<schema>"
    batch_fields: tuple[str, ...] = ()


def build_ir(parsed: Mapping[str, Any], options: Options) -> SchemaIR:
    """Lower the parser's output; raises `CodegenError` for config that does not fit the SDL."""
    return _Lowering(parsed, options).run()


def doc_lines(description: str | None, deprecation: str | None = None) -> tuple[str, ...]:
    """Docstring lines: the description, then a deprecation note."""
    if deprecation is None and description is not None and _ONE_LINE.fullmatch(description):
        return (description.strip(),) if description.strip() else ()
    text = "" if description is None else _newlines(description).strip().expandtabs(8)
    lines = _dedent(text) if text else []
    if deprecation is not None:
        lines += ([""] if lines else []) + _dedent(f"Deprecated: {_newlines(deprecation).strip()}")
    return tuple(line.rstrip() for line in lines)


class _Lowering:
    def __init__(self, parsed: Mapping[str, Any], options: Options) -> None:
        self.parsed = parsed
        self.options = options
        self.types: dict[str, Mapping[str, Any]] = {t["name"]: t for t in parsed["types"]}
        self.roots = {
            parsed.get(op): op for op in ("query", "mutation", "subscription") if parsed.get(op)
        }
        self.batched = self._configured("batch-fields", self.options.batch_fields)
        self.configured = self._configured_resolver_fields() | self.batched
        self.resolved = self._resolver_fields()
        self.names = PythonNames(
            self.types,
            [t["name"] for t in self._of_kind("OBJECT") if self._methods(t)],
            package_leaf=options.package.rpartition(".")[2],
            overrides=options.python_names,
            reserved_modules=_scalar_modules(options.scalars),
            locate=options.locate,
        )
        self.py_names = self.names.types
        self._types: dict[str, TypeRef] = {}
        self.enum_members = {
            self.py_names[t["name"]]: {
                v["name"]: self.names.members[(t["name"], v["name"])] for v in t["values"]
            }
            for t in self._of_kind("ENUM")
        }

    def run(self) -> SchemaIR:
        protocols = tuple(self._protocol(t) for t in self._of_kind("OBJECT") if self._methods(t))
        keywords = {p.gql_name: p.keyword for p in protocols}
        return SchemaIR(
            sdl=self.parsed["sdl"],
            package=self.options.package,
            scalars=tuple(self._scalar(t) for t in self._of_kind("SCALAR")),
            enums=tuple(self._enum(t) for t in self._of_kind("ENUM")),
            classes=tuple(self._class(t) for t in self._class_order()),
            unions=tuple(self._union(t) for t in self._of_kind("UNION")),
            protocols=protocols,
            type_bindings=tuple(self._type_binding(t, keywords) for t in self._of_kind("OBJECT")),
            input_bindings=tuple(self._input_binding(t) for t in self._of_kind("INPUT_OBJECT")),
        )

    # -- which fields need a resolver -------------------------------------------------------

    def _configured_resolver_fields(self) -> set[tuple[str, str]]:
        return self._configured("resolver-fields", self.options.resolver_fields)

    def _configured(self, key: str, entries: tuple[str, ...]) -> set[tuple[str, str]]:
        configured = set()
        for entry in entries:
            type_name, _, name = entry.partition(".")
            definition = self.types.get(type_name)
            if definition is None or definition["kind"] not in ("OBJECT", "INTERFACE"):
                raise codegen_error(f"{key}: {entry!r}: no object or interface type")
            if name not in {f["name"] for f in definition["fields"]}:
                raise codegen_error(f"{key}: {entry!r}: {type_name} has no such field")
            if key == "batch-fields" and self.roots.get(type_name) == "subscription":
                raise codegen_error(f"{key}: {entry!r}: a subscription field cannot be batched")
            configured.add((type_name, name))
        return configured

    def _resolver_fields(self) -> set[tuple[str, str]]:
        """(type, field) pairs resolved by a call; an interface's, when any implementor's is."""
        resolved = {
            (t["name"], f["name"])
            for t in self.types.values()
            if t["kind"] in ("OBJECT", "INTERFACE")
            for f in t["fields"]
            if t["name"] in self.roots or f["args"] or (t["name"], f["name"]) in self.configured
        }
        for t in self._of_kind("OBJECT", "INTERFACE"):
            own = {f["name"] for f in t["fields"] if (t["name"], f["name"]) in resolved}
            for interface in self._ancestors(t):
                resolved |= {(interface, name) for name in own}
        return resolved

    def _ancestors(self, definition: Mapping[str, Any]) -> list[str]:
        """Every interface ``definition`` implements, directly or through another interface."""
        seen: list[str] = []
        pending = list(definition["interfaces"])
        while pending:
            name = pending.pop(0)
            if name not in seen:
                seen.append(name)
                pending += self.types[name]["interfaces"]
        return seen

    def _methods(self, definition: Mapping[str, Any]) -> list[Mapping[str, Any]]:
        name = definition["name"]
        return [f for f in definition["fields"] if (name, f["name"]) in self.resolved]

    # -- types.py ---------------------------------------------------------------------------

    def _scalar(self, t: Mapping[str, Any]) -> ScalarIR:
        default = UPLOAD_SCALAR if t["name"] == "Upload" else ScalarMapping()
        mapping = self.options.scalars.get(t["name"], default)
        return ScalarIR(
            gql_name=t["name"],
            py_name=self.py_names[t["name"]],
            type=mapping.type,
            serialize=mapping.serialize,
            parse=mapping.parse,
            doc=doc_lines(t["description"]),
        )

    def _enum(self, t: Mapping[str, Any]) -> EnumIR:
        members = self.enum_members[self.py_names[t["name"]]]
        return EnumIR(
            gql_name=t["name"],
            py_name=self.py_names[t["name"]],
            members=tuple(
                EnumMemberIR(
                    v["name"], members[v["name"]], doc_lines(v["description"], v["deprecation"])
                )
                for v in t["values"]
            ),
            doc=doc_lines(t["description"]),
        )

    def _class_order(self) -> list[Mapping[str, Any]]:
        """Interfaces first (each after the interfaces it implements), then the rest in order."""
        ordered: list[Mapping[str, Any]] = []

        seen: set[str] = set()

        def visit(t: Mapping[str, Any]) -> None:
            if t["name"] not in seen:
                seen.add(t["name"])
                for name in t["interfaces"]:
                    visit(self.types[name])
                ordered.append(t)

        for t in self._of_kind("INTERFACE"):
            visit(t)
        # A root type gets a dataclass only when a field returns it: its fields are all resolvers.
        used = {named_type(f["type"]) for t in self.types.values() for f in t.get("fields", [])}
        rest = [
            t
            for t in self._of_kind("OBJECT", "INPUT_OBJECT")
            if t["name"] not in self.roots or t["name"] in used
        ]
        return ordered + rest

    def _class(self, t: Mapping[str, Any]) -> ClassIR:
        # Never empty: @dataclass would otherwise call inspect.signature to make one.
        doc = doc_lines(t["description"]) or (
            f"The GraphQL {_KIND_NAMES[t['kind']]} `{t['name']}`.",
        )
        if t["kind"] == "INPUT_OBJECT":
            fields = tuple(self._param(f, self._member(t, f)) for f in t["input_fields"])
            if t.get("one_of"):
                doc += (("",) if doc else ()) + ("Exactly one field must be set (@oneOf).",)
        else:
            fields = tuple(
                Param(
                    gql_name=f["name"],
                    py_name=self._member(t, f),
                    type=self._type(f["type"]),
                    default=None,
                    doc=doc_lines(f["description"], f["deprecation"]),
                )
                for f in t["fields"]
                if (t["name"], f["name"]) not in self.resolved
            )
        return ClassIR(
            gql_name=t["name"],
            py_name=self.py_names[t["name"]],
            kind=t["kind"],
            bases=self._bases(t),
            fields=fields,
            doc=doc,
        )

    def _bases(self, t: Mapping[str, Any]) -> tuple[str, ...]:
        """The most specific interfaces only: a base implied by another base would break the MRO."""
        direct = t.get("interfaces", [])
        implied = {a for name in direct for a in self._ancestors(self.types[name])}
        return tuple(self.py_names[name] for name in direct if name not in implied)

    def _union(self, t: Mapping[str, Any]) -> UnionIR:
        return UnionIR(
            gql_name=t["name"],
            py_name=self.py_names[t["name"]],
            members=tuple(self.py_names[m] for m in t["members"]),
            doc=doc_lines(t["description"]),
        )

    def _param(self, f: Mapping[str, Any], py_name: str) -> Param:
        ref = self._type(f["type"])
        return Param(
            gql_name=f["name"],
            py_name=py_name,
            type=ref,
            default=python_default(f["default"], ref, self.enum_members),
            doc=doc_lines(f["description"], f["deprecation"]),
        )

    # -- resolvers.py and schema.py ---------------------------------------------------------

    def _protocol(self, t: Mapping[str, Any]) -> ProtocolIR:
        name = t["name"]
        methods = tuple(self._method(t, f) for f in self._methods(t))
        return ProtocolIR(
            gql_name=name,
            name=self.names.protocols[name],
            scaffold_name=self.names.scaffold[name],
            keyword=self.names.keywords[name],
            parent=None if name in self.roots else self._type(f"{name}!"),
            methods=methods,
        )

    def _method(self, t: Mapping[str, Any], f: Mapping[str, Any]) -> MethodIR:
        args = tuple(self._param(a, self._arg(t, f, a)) for a in f["args"])
        described = [a for a in args if a.doc]
        doc = doc_lines(f["description"], f["deprecation"])
        if described:
            summary = () if doc else (f"Resolve `{t['name']}.{f['name']}`.",)
            doc += (*summary, "", "Args:")
            doc += tuple(line for a in described for line in _arg_doc(a))
        return MethodIR(
            gql_name=f["name"],
            py_name=self._member(t, f),
            args=args,
            returns=self._type(f["type"]),
            subscription=self.roots.get(t["name"]) == "subscription",
            doc=doc,
            batch=(t["name"], f["name"]) in self.batched,
        )

    def _type_binding(self, t: Mapping[str, Any], keywords: Mapping[str, str]) -> TypeBindingIR:
        fields = []
        for f in t["fields"]:
            if (t["name"], f["name"]) in self.resolved:
                args = tuple((a["name"], self._arg(t, f, a)) for a in f["args"])
                batch = (t["name"], f["name"]) in self.batched
                fields.append(
                    FieldBindingIR(
                        f["name"], self._member(t, f), keywords[t["name"]], args, batch=batch
                    )
                )
            else:
                fields.append(FieldBindingIR(f["name"], self._member(t, f), None, ()))
        class_name = None if t["name"] in self.roots else self.py_names[t["name"]]
        return TypeBindingIR(gql_name=t["name"], fields=tuple(fields), class_name=class_name)

    def _input_binding(self, t: Mapping[str, Any]) -> InputBindingIR:
        return InputBindingIR(
            gql_name=t["name"],
            py_name=self.py_names[t["name"]],
            fields=tuple((f["name"], self._member(t, f)) for f in t["input_fields"]),
        )

    # -- helpers ----------------------------------------------------------------------------

    def _of_kind(self, *kinds: str) -> Iterable[Mapping[str, Any]]:
        return [t for t in self.parsed["types"] if t["kind"] in kinds]

    def _type(self, text: str) -> TypeRef:
        ref = self._types.get(text)
        if ref is None:
            ref = self._types[text] = type_ref(text, self.py_names)
        return ref

    def _member(self, t: Mapping[str, Any], f: Mapping[str, Any]) -> str:
        return self.names.members[(t["name"], f["name"])]

    def _arg(self, t: Mapping[str, Any], f: Mapping[str, Any], a: Mapping[str, Any]) -> str:
        return self.names.args[(t["name"], f["name"], a["name"])]


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _dedent(text: str) -> list[str]:
    first, *rest = text.split("\n")
    return [first, *textwrap.dedent("\n".join(rest)).split("\n")] if rest else [first]


def _arg_doc(arg: Param) -> list[str]:
    first, *rest = arg.doc
    return [f"    {arg.py_name}: {first}".rstrip(), *(f"        {line}".rstrip() for line in rest)]


def _scalar_modules(scalars: Mapping[str, ScalarMapping]) -> set[str]:
    refs = [r for m in scalars.values() for r in (m.type, m.serialize, m.parse) if r is not None]
    return {r.module.split(".")[0] for r in refs if not r.is_builtin}
