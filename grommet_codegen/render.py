"""One renderer per output module: IR → template context → text.

Renderers choose what each module imports and exports and lay every statement out into lines
(`layout`); the templates in ``grommet_codegen/templates/`` (linked as the top-level
``templates/``) hold the shape of each module: what comes in which order, with which spacing.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from .ir import ClassIR, MethodIR, Param, ProtocolIR, PyDefault, PyRef, SchemaIR, TypeRef
from .layout import (
    Ann,
    Lit,
    Sub,
    all_key,
    annotated_lines,
    assignment_lines,
    call,
    class_header,
    docstring_lines,
    import_lines,
    isort_key,
    join,
    lit_lines,
    mapping,
    py_literal,
    seq,
    signature_lines,
    triple_quoted,
)
from .layout import Param as Arg
from .naming import BUNDLE_LOCALS

if TYPE_CHECKING:
    from .federation import FederationIR

_STDLIB = frozenset(sys.stdlib_module_names)
SEQUENCE = "collections.abc.Sequence"
DATACLASS = "grommet.codegen_runtime.dataclass"
# The module whose constructors generated code spells the bundle with.
BUNDLE = "grommet.bundle"


def templates_dir() -> Path:
    """The templates ship inside the package (the top-level ``templates`` links here)."""
    return Path(__file__).resolve().parent / "templates"


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )


def _render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def ref_text(ref: PyRef) -> str:
    """How generated code names a configured object: ``module.qualname``."""
    return ref.qualname if ref.is_builtin else f"{ref.module}.{ref.qualname}"


# -- annotations ----------------------------------------------------------------------------


@lru_cache(maxsize=16384)
def annotation(ref: TypeRef, prefix: str, list_type: str, *, unset: bool = False) -> Ann:
    """``ref`` as a Python annotation; ``prefix`` qualifies generated names (``types.``)."""
    terms: list[str | Sub] = [_term(ref, prefix, list_type)]
    if unset:
        terms.append("grommet.UnsetType")
    if ref.nullable:
        terms.append("None")
    return Ann(terms)


def _term(ref: TypeRef, prefix: str, list_type: str) -> str | Sub:
    if ref.of is not None:
        return Sub(list_type, annotation(ref.of, prefix, list_type))
    assert ref.name is not None
    return ref.name if ref.builtin else prefix + ref.name


def default_text(value: PyDefault, prefix: str) -> str:
    if value.kind == "unset":
        return "grommet.UNSET"
    if value.kind == "enum":
        return f"{prefix}{value.enum}.{value.member}"
    return py_literal(value.value)


def _param(p: Param, prefix: str) -> Arg:
    unset = p.default is not None and p.default.kind == "unset"
    default = None if p.default is None else default_text(p.default, prefix)
    return Arg(p.py_name, annotation(p.type, prefix, "list", unset=unset), default)


def _signature(
    protocol: ProtocolIR, method: MethodIR, prefix: str, *, wrap: str | None, body: str
) -> str:
    parent = Ann(["object"]) if protocol.parent is None else annotation(protocol.parent, prefix, "")
    first = Arg("parent", parent)
    returns = annotation(method.returns, prefix, SEQUENCE)
    if method.batch:
        # One value (or the Exception that is its error) per parent, in the parents' order.
        first = Arg("parents", Ann([Sub(SEQUENCE, parent)]))
        returns = Ann([Sub(SEQUENCE, Ann([*returns.terms, "Exception"]))])
    params = [Arg("self"), first, Arg("info", Ann(["grommet.Info"]))]
    if method.args:
        params += [Arg("*"), *(_param(a, prefix) for a in method.args)]
    if method.subscription:
        returns = Ann([Sub("collections.abc.AsyncIterator", returns)])
    elif wrap is not None:
        returns = Ann([Sub(wrap, returns)])
    return join(signature_lines(method.py_name, params, returns, 4, body))


def _doc(lines: Sequence[str], indent: int) -> str:
    return join(docstring_lines(lines, indent)) if lines else ""


# -- imports --------------------------------------------------------------------------------


def _import_sections(*modules: str) -> list[list[str]]:
    """``import x`` lines grouped as isort does: stdlib, grommet, then the user's modules."""
    stdlib = sorted({m for m in modules if m.split(".")[0] in _STDLIB}, key=_module_key)
    grommet = sorted({m for m in modules if m.split(".")[0] == "grommet"}, key=_module_key)
    other = sorted(set(modules) - set(stdlib) - set(grommet), key=_module_key)
    return [section for section in (stdlib, grommet, other) if section]


def _module_key(module: str) -> tuple[str, str]:
    return (module.lower(), module)


def _modules(refs: Iterable[PyRef | None]) -> list[str]:
    return [r.module for r in refs if r is not None and not r.is_builtin]


def _has_list(ref: TypeRef) -> bool:
    return ref.of is not None


# -- types.py -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    lines: str
    doc: str


@dataclass(frozen=True)
class _Class:
    header: str
    doc: str
    fields: list[_Field]


def _class_view(c: ClassIR) -> _Class:
    list_type = "list" if c.kind == "INPUT_OBJECT" else SEQUENCE
    fields = []
    for p in c.fields:
        unset = p.default is not None and p.default.kind == "unset"
        ann = annotation(p.type, "", list_type, unset=unset)
        default = None if p.default is None else default_text(p.default, "")
        fields.append(_Field(join(annotated_lines(p.py_name, ann, default, 4)), _doc(p.doc, 4)))
    return _Class(join(class_header(c.py_name, c.bases)), _doc(c.doc, 4), fields)


def render_types(ir: SchemaIR) -> str:
    output_lists = any(
        _has_list(p.type) for c in ir.classes if c.kind != "INPUT_OBJECT" for p in c.fields
    )
    modules = [
        *(["collections.abc"] if output_lists else []),
        *(["enum"] if ir.enums else []),
        *(["grommet.codegen_runtime"] if ir.classes else []),
        *_modules(s.type for s in ir.scalars),
    ]
    scalars = [
        (
            join(assignment_lines(s.py_name, Ann([ref_text(s.type) if s.type else "object"]), 0)),
            _doc(s.doc, 0),
        )
        for s in ir.scalars
    ]
    enums = [
        (
            e.py_name,
            _doc(e.doc, 4),
            [
                (
                    join(assignment_lines(m.py_name, Ann([py_literal(m.gql_name)]), 4)),
                    _doc(m.doc, 4),
                )
                for m in e.members
            ],
        )
        for e in ir.enums
    ]
    unions = [
        (join(assignment_lines(u.py_name, Ann(u.members), 0)), _doc(u.doc, 0)) for u in ir.unions
    ]
    return _render(
        "types.py.jinja",
        imports=_import_sections(*modules),
        scalars=scalars,
        enums=enums,
        classes=[_class_view(c) for c in ir.classes],
        unions=unions,
        dataclass=DATACLASS,
    )


# -- resolvers.py ---------------------------------------------------------------------------


def render_resolvers(ir: SchemaIR) -> str:
    protocols = [
        (
            p,
            [
                (
                    _signature(p, m, "types.", wrap="MaybeAwaitable", body="" if m.doc else " ..."),
                    _doc(m.doc, 8),
                )
                for m in p.methods
            ],
        )
        for p in ir.protocols
    ]
    return _render(
        "resolvers.py.jinja",
        imports=_import_sections(
            *(["collections.abc", "typing", "grommet"] if ir.protocols else [])
        ),
        import_types=any(_names_types(p) for p in ir.protocols),
        maybe_awaitable=_maybe_awaitable(ir),
        protocols=protocols,
    )


def _names_types(protocol: ProtocolIR) -> bool:
    """Whether the protocol's annotations or defaults name a generated type."""
    refs = [m.returns for m in protocol.methods] + [
        a.type for m in protocol.methods for a in m.args
    ]
    enum_default = any(
        a.default is not None and a.default.kind == "enum" for m in protocol.methods for a in m.args
    )
    return protocol.parent is not None or enum_default or any(_named(r) for r in refs)


def _named(ref: TypeRef) -> bool:
    return _named(ref.of) if ref.of is not None else not ref.builtin


def _maybe_awaitable(ir: SchemaIR) -> bool:
    return any(not m.subscription for p in ir.protocols for m in p.methods)


# -- schema.py ------------------------------------------------------------------------------


def render_schema(ir: SchemaIR, federation: FederationIR | None = None) -> str:
    functions = _modules(f for s in ir.scalars for f in (s.serialize, s.parse))
    local = sorted(
        [
            *(["resolvers"] if ir.protocols else []),
            *(["types"] if _uses_types(ir) else []),
            *(["federation"] if federation else []),
        ]
    )
    inputs = mapping(
        (
            (
                py_literal(i.gql_name),
                call(
                    f"{BUNDLE}.input_binding",
                    [
                        f"types.{i.py_name}",
                        mapping((py_literal(g), py_literal(p)) for g, p in i.fields),
                    ],
                ),
            )
            for i in ir.input_bindings
        ),
        explode=True,
    )
    enums = mapping(
        (
            (
                py_literal(e.gql_name),
                mapping(
                    (py_literal(m.gql_name), f"types.{e.py_name}.{m.py_name}") for m in e.members
                ),
            )
            for e in ir.enums
        ),
        explode=True,
    )
    scalars = mapping(
        (
            (
                py_literal(s.gql_name),
                call(
                    f"{BUNDLE}.scalar_binding",
                    [ref_text(f) if f is not None else "None" for f in (s.serialize, s.parse)],
                ),
            )
            for s in ir.scalars
        ),
        explode=True,
    )
    params = [Arg("*")] if ir.protocols or federation else []
    params += [Arg(p.keyword, Ann([f"resolvers.{p.name}"])) for p in ir.protocols]
    if federation is not None:
        params.append(Arg("entities", Ann(["federation.EntityResolvers"])))
    params.append(Arg("**options", Ann(["typing.Any"])))
    subgraph = ["grommet.federation"] if federation else []
    constructors, bundle = _bundle(ir)
    return _render(
        "schema.py.jinja",
        imports=_import_sections("typing", "grommet", BUNDLE, *subgraph, *functions),
        subgraph=federation is not None,
        local=local,
        sdl=triple_quoted(ir.sdl),
        inputs=join(lit_lines(inputs, 0, f"INPUTS: dict[str, {BUNDLE}.InputBinding] = ")),
        enums=join(lit_lines(enums, 0, f"ENUMS: dict[str, {BUNDLE}.EnumBinding] = ")),
        scalars=join(lit_lines(scalars, 0, f"SCALARS: dict[str, {BUNDLE}.ScalarBinding] = ")),
        signature=join(signature_lines("build_schema", params, Ann(["grommet.Schema"]), 0)),
        constructors=join(constructors),
        bundle=join(lit_lines(bundle, 4, f"bundle: {BUNDLE}.Bundle = ")),
    )


def _bundle(ir: SchemaIR) -> tuple[list[str], Lit]:
    """The `grommet.bundle.make_bundle` call, each binding made by its constructor, and the
    lines that bind the constructors it uses to local names first (they are called once per
    field, thousands of times in a large schema: a local is the cheapest name to call)."""
    used: set[str] = set()

    def constructor(name: str, args: list[Lit | str]) -> Lit:
        used.add(name)
        return call(name, args)

    types = []
    for binding in ir.type_bindings:
        fields = []
        for f in binding.fields:
            if f.keyword is None:
                spec = constructor("attr_field", [py_literal(f.py_name)])
            else:
                # Generated protocols take `info` positionally, right after the parent.
                args: list[Lit | str] = [f"{f.keyword}.{f.py_name}", '""']
                if f.args:
                    args.append(mapping((py_literal(g), py_literal(p)) for g, p in f.args))
                spec = constructor("batch_field" if f.batch else "call_field", args)
            fields.append((py_literal(f.gql_name), spec))
        type_args: list[Lit | str] = [mapping(fields, explode=True)]
        if binding.class_name is not None:
            type_args.append(seq("(", ")", [f"types.{binding.class_name}"]))
        types.append((py_literal(binding.gql_name), constructor("type_binding", type_args)))
    bundle = call(
        f"{BUNDLE}.make_bundle",
        ["SDL"],
        [
            ("types", mapping(types, explode=True)),
            ("inputs", "INPUTS"),
            ("enums", "ENUMS"),
            ("scalars", "SCALARS"),
        ],
        explode=True,
    )
    aliases = [f"    {name} = {BUNDLE}.{name}" for name in BUNDLE_LOCALS if name in used]
    return aliases, bundle


def _uses_types(ir: SchemaIR) -> bool:
    return bool(ir.enums or ir.input_bindings or any(b.class_name for b in ir.type_bindings))


# -- __init__.py and the scaffold -----------------------------------------------------------


def render_init(ir: SchemaIR) -> str:
    types = [
        *(s.py_name for s in ir.scalars),
        *(e.py_name for e in ir.enums),
        *(c.py_name for c in ir.classes),
        *(u.py_name for u in ir.unions),
    ]
    protocols = [p.name for p in ir.protocols]
    if _maybe_awaitable(ir):
        protocols.append("MaybeAwaitable")
    schema = ["SDL", "build_schema"]
    modules = [("resolvers", protocols), ("schema", schema), ("types", types)]
    exported = sorted([*types, *protocols, *schema], key=all_key)
    return _render(
        "__init__.py.jinja",
        imports=[
            join(import_lines(f".{name}", sorted(names, key=isort_key)))
            for name, names in modules
            if names
        ],
        exported=join(lit_lines(seq("[", "]", [py_literal(n) for n in exported]), 0, "__all__ = ")),
    )


def render_scaffold(ir: SchemaIR, federation: FederationIR | None = None) -> str:
    """The user-owned resolvers file as it is first created (and merged from later)."""
    parent, _, leaf = ir.package.rpartition(".")
    abc = any(
        m.subscription or m.batch or _has_list(m.returns) for p in ir.protocols for m in p.methods
    )
    abc = abc or bool(federation and federation.entities)
    classes = [
        (
            join(class_header(p.scaffold_name, [f"{leaf}.{p.name}"])),
            [_signature(p, m, f"{leaf}.", wrap=None, body="") for m in p.methods],
        )
        for p in ir.protocols
    ]
    if federation is not None and federation.entities:
        from .render_federation import scaffold_class

        classes.append(scaffold_class(federation, leaf))
    return _render(
        "scaffold.py.jinja",
        imports=_import_sections(*(["collections.abc"] if abc else []), "grommet"),
        package_import=f"from {parent} import {leaf}" if parent else f"import {leaf}",
        classes=classes,
    )
