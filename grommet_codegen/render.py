"""One renderer per output module: IR → template context → text.

Renderers choose what each module imports and exports; the templates in
``grommet_codegen/templates/`` (linked as the top-level ``templates/``) hold the shape of
the code.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from .ir import PyRef, SchemaIR
from .layout import (
    LINE_LENGTH,
    all_key,
    atom,
    doc_escape,
    entry,
    isort_key,
    py_literal,
    seq,
    triple_quoted,
)

_STDLIB = frozenset(sys.stdlib_module_names)


def templates_dir() -> Path:
    """The templates ship inside the package (the top-level ``templates`` links here)."""
    return Path(__file__).resolve().parent / "templates"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        extensions=["jinja2.ext.do"],
    )
    env.globals.update(atom=atom, seq=seq, entry=entry, line_length=LINE_LENGTH)
    env.filters.update(
        doc_escape=doc_escape,
        py_literal=py_literal,
        triple_quoted=triple_quoted,
        ref=ref_text,
    )
    return env


def ref_text(ref: PyRef) -> str:
    """How generated code names a configured object: ``module.qualname``."""
    return ref.qualname if ref.is_builtin else f"{ref.module}.{ref.qualname}"


def _render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


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


def render_types(ir: SchemaIR) -> str:
    uses_unset = any(
        p.default is not None and p.default.kind == "unset" for c in ir.classes for p in c.fields
    )
    modules = [
        *(["dataclasses"] if ir.classes else []),
        *(["enum"] if ir.enums else []),
        *(["typing"] if ir.scalars or ir.unions else []),
        *(["grommet"] if uses_unset else []),
        *_modules(s.type for s in ir.scalars),
    ]
    return _render("types.py.jinja", ir=ir, imports=_import_sections(*modules))


def render_resolvers(ir: SchemaIR) -> str:
    subscribes = any(m.subscription for p in ir.protocols for m in p.methods)
    modules = ["collections.abc", "typing", "grommet"] if ir.protocols else []
    return _render(
        "resolvers.py.jinja",
        ir=ir,
        imports=_import_sections(*modules),
        import_types=bool(ir.protocols),
        maybe_awaitable=any(not m.subscription for p in ir.protocols for m in p.methods),
        subscribes=subscribes,
    )


def render_schema(ir: SchemaIR) -> str:
    functions = _modules(f for s in ir.scalars for f in (s.serialize, s.parse))
    local = sorted(
        [*(["resolvers"] if ir.protocols else []), *(["types"] if _uses_types(ir) else [])]
    )
    return _render(
        "schema.py.jinja",
        ir=ir,
        imports=_import_sections("typing", "grommet", *functions),
        local=local,
    )


def _uses_types(ir: SchemaIR) -> bool:
    return bool(ir.enums or ir.input_bindings or any(b.class_name for b in ir.type_bindings))


def render_init(ir: SchemaIR) -> str:
    types = [
        *(s.py_name for s in ir.scalars),
        *(e.py_name for e in ir.enums),
        *(c.py_name for c in ir.classes),
        *(u.py_name for u in ir.unions),
    ]
    protocols = [p.name for p in ir.protocols]
    if any(not m.subscription for p in ir.protocols for m in p.methods):
        protocols.append("MaybeAwaitable")
    schema = ["SDL", "build_schema"]
    modules = [("resolvers", protocols), ("schema", schema), ("types", types)]
    return _render(
        "__init__.py.jinja",
        modules=[(name, sorted(names, key=isort_key)) for name, names in modules if names],
        exported=sorted([*types, *protocols, *schema], key=all_key),
    )


def render_scaffold(ir: SchemaIR) -> str:
    """The user-owned resolvers file as it is first created (and merged from later)."""
    parent, _, leaf = ir.package.rpartition(".")
    subscribes = any(m.subscription for p in ir.protocols for m in p.methods)
    return _render(
        "scaffold.py.jinja",
        ir=ir,
        imports=_import_sections(*(["collections.abc"] if subscribes else []), "grommet"),
        package_parent=parent,
        package_leaf=leaf,
    )
