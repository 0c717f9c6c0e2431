"""``federation.py`` of a subgraph: `FederationIR` → text (see `grommet_codegen.federation`)."""

from __future__ import annotations

from .federation import EntityIR, FederationIR, KeyClassIR
from .layout import (
    Ann,
    Lit,
    Sub,
    annotated_lines,
    assignment_lines,
    class_header,
    docstring_lines,
    join,
    lit_lines,
    mapping,
    py_literal,
    seq,
    signature_lines,
    triple_quoted,
)
from .layout import Param as Arg
from .render import DATACLASS, SEQUENCE, _import_sections, _render, annotation


def render_federation(fed: FederationIR) -> str:
    classes = []
    for entity in fed.entities:
        for key in entity.keys:
            classes += _key_classes(key)
    aliases = [
        join(
            assignment_lines(
                f"{e.representation}: typing.TypeAlias", Ann([k.py_name for k in e.keys]), 0
            )
        )
        for e in fed.entities
    ]
    methods = [_method(e, "", "types.", wrap=True, body=" ...") for e in fed.entities]
    bindings = mapping(
        (
            (
                py_literal(e.gql_name),
                seq(
                    "grommet.federation.EntityBinding(",
                    ")",
                    [f"entities.{e.method}", seq("(", ")", [_shape(k) for k in e.keys])],
                    call=True,
                ),
            )
            for e in fed.entities
        ),
        explode=True,
    )
    params = [Arg("entities", Ann(["EntityResolvers"]))]
    returns = Ann(["dict[str, grommet.federation.EntityBinding]"])
    return _render(
        "federation.py.jinja",
        imports=_import_sections(
            "collections.abc", "typing", "grommet", "grommet.codegen_runtime", "grommet.federation"
        ),
        service_sdl=triple_quoted(fed.service_sdl),
        classes=classes,
        aliases=aliases,
        methods=methods,
        dataclass=DATACLASS,
        bindings_signature=join(signature_lines("entity_bindings", params, returns, 0)),
        bindings=join(lit_lines(bindings, 4, "return ")),
    )


def _method(entity: EntityIR, local: str, types: str, *, wrap: bool, body: str) -> str:
    """The reference resolver method of ``entity``; ``local`` and ``types`` qualify names."""
    params = [
        Arg("self"),
        Arg("representations", Ann([Sub(SEQUENCE, Ann([local + entity.representation]))])),
        Arg("info", Ann(["grommet.Info"])),
    ]
    returns = Ann([Sub(SEQUENCE, Ann([types + entity.py_name, "None"]))])
    if wrap:
        returns = Ann([Sub("MaybeAwaitable", returns)])
    return join(signature_lines(entity.method, params, returns, 4, body))


def scaffold_class(fed: FederationIR, leaf: str) -> tuple[str, list[str]]:
    """The ``Entities`` class of the user's resolvers file: (header, method signatures)."""
    header = join(class_header("Entities", [f"{leaf}.federation.EntityResolvers"]))
    methods = [
        _method(e, f"{leaf}.federation.", f"{leaf}.", wrap=False, body="") for e in fed.entities
    ]
    return header, methods


def _key_classes(key: KeyClassIR) -> list[dict[str, object]]:
    nested = [c for f in key.fields if f.nested is not None for c in _key_classes(f.nested)]
    fields = [
        join(
            annotated_lines(
                f.py_name, annotation(f.type, "", "list"), None if f.required else "None", 4
            )
        )
        for f in key.fields
    ]
    view: dict[str, object] = {
        "header": join(class_header(key.py_name, [])),
        "doc": join(docstring_lines([key.doc], 4)),
        "fields": fields,
    }
    return [*nested, view]


def _shape(key: KeyClassIR) -> Lit:
    fields = [
        seq(
            "(",
            ")",
            [
                py_literal(f.gql_name),
                py_literal(f.py_name),
                "None" if f.nested is None else _shape(f.nested),
                py_literal(f.required),
            ],
        )
        for f in key.fields
    ]
    return seq("grommet.federation.KeyShape(", ")", [key.py_name, seq("(", ")", fields)], call=True)
