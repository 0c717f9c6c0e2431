"""Exactly one defect injected into a valid document: what a careless or hostile client sends.

Each defect edits the document tree (or, for syntax defects, its text) at a drawn site and
returns False when the document has no such site; the strategy then tries the next one.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import graphql
from hypothesis import strategies as st

from .fuzz_ast import (
    Field,
    Fragment,
    InlineFragment,
    Operation,
    Selection,
    Spread,
    Variable,
    print_document,
)
from .fuzz_generate import MODEL, Case, DocumentBuilder, Site, draw_valid_case
from .fuzz_values import Draw

Defect = Callable[[Draw, Case, DocumentBuilder], bool]
DEFECTS: dict[str, Defect] = {}


def defect(function: Defect) -> Defect:
    DEFECTS[function.__name__] = function
    return function


def _field_sites(builder: DocumentBuilder) -> list[tuple[str, Field]]:
    return [
        (site.parent, selection)
        for site in builder.sites
        for selection in site.selections
        # Meta-fields (__typename, __schema, __type) are not in the type's field map.
        if isinstance(selection, Field) and selection.name in MODEL.fields(site.parent)
    ]


def _pick_site(draw: Draw, builder: DocumentBuilder) -> Site:
    # Every operation's root selection set is a site, so there always is one.
    site: Site = draw(st.sampled_from(builder.sites))
    return site


@defect
def unknown_field(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    site = _pick_site(draw, builder)
    site.selections.append(Field(draw(st.sampled_from(["nope", "Id", "name_", "__type"]))))
    return True


@defect
def unknown_argument(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    sites = _field_sites(builder)
    if not sites:
        return False
    _, field = draw(st.sampled_from(sites))
    field.arguments.append(("bogus", "1"))
    return True


@defect
def duplicate_argument(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    sites = [(p, f) for p, f in _field_sites(builder) if f.arguments]
    if not sites:
        return False
    _, field = draw(st.sampled_from(sites))
    field.arguments.append(field.arguments[0])
    return True


@defect
def missing_required_argument(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    for parent, field in _field_sites(builder):
        args = MODEL.fields(parent)[field.name].args
        required = [name for name, arg in args.items() if graphql.is_required_argument(arg)]
        if required:
            field.arguments = [(n, v) for n, v in field.arguments if n not in required]
            return True
    root = next((op for op in case.document.operations if op.kind == "query"), None)
    if root is None:
        return False
    root.selections.append(Field("need", "needy", [("opt", '"y"')]))
    return True


WRONG_LITERALS = {
    "Int": ['"1"', "1.5", "2147483648", "true", "RED", "[1, 2]"],
    "Float": ['"1.5"', "true", "RED"],
    "String": ["1", "true", "RED", "[1]"],
    "Boolean": ["1", '"true"', "TRUE"],
    "ID": ["1.5", "true", "RED", "{a: 1}"],
    "Color": ['"RED"', "PURPLE", "1", "red", "true"],
    "Range": ["{}", "{hi: 1, zz: 2}", "{hi: 1, hi: 2}", "3", '{hi: "x"}'],
    "Filter": ["{limit: null}", "{nested: 1}", "{tags: [null]}", "{color: GREEN, color: RED}"],
    "Pick": ["{}", '{id: 1, name: "a"}', "{id: null}", "{range: {hi: 1}, id: 2}"],
    "Date": ["$__undefined"],
}


@defect
def wrong_argument_type(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    sites = []
    for parent, field in _field_sites(builder):
        if parent.startswith("__"):
            continue  # meta-type arguments differ by spec edition (SECURITY.md)
        for name, arg in MODEL.fields(parent)[field.name].args.items():
            sites.append((field, name, arg.type))
    if not sites:
        return False
    field, name, type_ = draw(st.sampled_from(sites))
    named = graphql.get_named_type(type_).name
    options = list(WRONG_LITERALS[named])
    if isinstance(type_, graphql.GraphQLNonNull):
        options.append("null")
    if isinstance(graphql.get_nullable_type(type_), graphql.GraphQLList):
        options.append("[[[1]]]")
    value = draw(st.sampled_from(options))
    field.arguments = [(n, v) for n, v in field.arguments if n != name] + [(name, value)]
    return True


@defect
def fragment_on_wrong_type(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    site = _pick_site(draw, builder)
    choices = [*MODEL.disjoint(site.parent), "String", "Color", "Missing", "Filter"]
    condition = draw(st.sampled_from(choices))
    inner: list[Selection] = [Field("__typename")]
    if draw(st.booleans()):
        site.selections.append(InlineFragment(condition, inner))
    else:
        case.document.fragments.append(Fragment("Wrong", condition, inner))
        site.selections.append(Spread("Wrong"))
    return True


@defect
def overlapping_fields(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    sites = [site for site in builder.sites if len(MODEL.fields(site.parent)) > 1]
    if not sites:
        return False
    site = draw(st.sampled_from(sites))
    fields = sorted(MODEL.fields(site.parent))
    if site.parent == "Query" and draw(st.booleans()):
        site.selections += [Field("echo", None, [("i", "1")]), Field("echo", None, [("i", "2")])]
        return True
    first, second = draw(st.permutations(fields))[:2]
    for name in (first, second):
        named = graphql.get_named_type(MODEL.fields(site.parent)[name].type)
        sub: list[Selection] | None = (
            [Field("__typename")] if graphql.is_composite_type(named) else None
        )
        required = [
            (arg_name, "1")
            for arg_name, arg in MODEL.fields(site.parent)[name].args.items()
            if graphql.is_required_argument(arg)
        ]
        site.selections.append(Field(name, "same", required, selections=sub))
    return True


@defect
def unused_variable(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    operation = case.chosen()
    case.document.variables["lonely"] = Variable("lonely", "Int")
    operation.extra_variables.append("lonely")
    return True


@defect
def undefined_variable(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    site = _pick_site(draw, builder)
    site.selections.append(Field("__typename", "u", directives=["@skip(if: $nowhere)"]))
    return True


@defect
def variable_of_wrong_type(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    variables = list(case.document.variables.values())
    if not variables:
        return False
    variable = draw(st.sampled_from(variables))
    variable.type = draw(st.sampled_from(["Person", "Thing", "Strin", "[Range]", "Color", "Date"]))
    variable.default = None
    return True


WRONG_VALUES: list[object] = ["1", 1.5, 2**31, 2**70, -(2**63) - 1, True, None, [[1]], {"zz": 1}]


@defect
def bad_variable_value(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    names = case.document.variables_of(case.chosen())
    if not names:
        return False
    variable = case.document.variables[draw(st.sampled_from(names))]
    variable.sent, variable.value = True, draw(st.sampled_from(WRONG_VALUES))
    return True


@defect
def missing_variable_value(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    names = case.document.variables_of(case.chosen())
    if not names:
        return False
    variable = case.document.variables[draw(st.sampled_from(names))]
    if not variable.type.endswith("!"):
        variable.type += "!"
    variable.default, variable.sent = None, False
    return True


@defect
def duplicate_operation_name(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    operations = case.document.operations
    original = operations[0]
    twin = copy.deepcopy(original)
    original.name = twin.name = original.name or "Twin"
    operations.append(twin)
    case.operation_name = original.name
    return True


@defect
def anonymous_among_named(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    operations = case.document.operations
    if operations[0].name is None:
        operations[0].name = "Named"
    operations.append(Operation("query", None, [Field("__typename")]))
    return True


@defect
def unknown_operation_name(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    case.operation_name = draw(st.sampled_from(["Nope", "op0", ""]))
    return True


@defect
def no_operation_name_for_many(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    if len(case.document.operations) < 2:
        return False
    case.operation_name = None
    return True


@defect
def fragment_cycle(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    site = _pick_site(draw, builder)
    fragments = case.document.fragments
    if draw(st.booleans()):
        fragments.append(Fragment("Loop", site.parent, [Field("__typename"), Spread("Loop")]))
    else:
        fragments.append(Fragment("Ping", site.parent, [Spread("Pong")]))
        fragments.append(Fragment("Pong", site.parent, [Field("__typename"), Spread("Ping")]))
    site.selections.append(Spread("Loop" if fragments[-1].name == "Loop" else "Ping"))
    return True


@defect
def unused_fragment(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    case.document.fragments.append(Fragment("Idle", "Query", [Field("__typename")]))
    return True


@defect
def unknown_fragment(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    _pick_site(draw, builder).selections.append(Spread("Missing"))
    return True


@defect
def duplicate_fragment_name(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    if not case.document.fragments:
        return False
    case.document.fragments.append(copy.deepcopy(case.document.fragments[0]))
    return True


@defect
def leaf_with_selection(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    sites = _field_sites(builder)
    if not sites:
        return False
    _, field = draw(st.sampled_from(sites))
    field.selections = None if field.selections is not None else [Field("__typename")]
    return True


@defect
def bad_directive(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    site = _pick_site(draw, builder)
    directive = draw(
        st.sampled_from(
            [
                ["@nope"],
                ["@skip"],
                ["@skip(if: true)", "@skip(if: false)"],
                ["@include(if: 1)"],
                ["@deprecated"],
                ["@skip(if: true, unless: false)"],
                ["@oneOf"],
            ]
        )
    )
    site.selections.append(Field("__typename", "d", directives=directive))
    return True


@defect
def directive_in_wrong_place(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    case.chosen().directives.append("@skip(if: true)")
    return True


@defect
def subscription_without_type(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    case.document.operations.append(Operation("subscription", "Sub", [Field("__typename")]))
    case.operation_name = draw(st.sampled_from(["Sub", case.chosen().name]))
    if case.chosen().name is None:
        case.chosen().name = "Main"
        case.operation_name = "Main"
    return True


@defect
def type_definition_in_document(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    case.document.extra_definitions.append(
        draw(st.sampled_from(["type Extra { a: Int }", "scalar Extra", "schema { query: Query }"]))
    )
    return True


@defect
def syntax_error(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    text = print_document(case.document)
    cut = draw(st.integers(0, len(text)))
    damage = draw(
        st.sampled_from(
            ["", "{", "}", "(", ":", "$", "...", '"', '"""', "@", "!", "\\u", "0x1", "é"]
        )
    )
    case.source = text[:cut] + damage + text[cut + (0 if draw(st.booleans()) else 1) :]
    return True


@defect
def bad_string_escape(draw: Draw, case: Case, builder: DocumentBuilder) -> bool:
    escape = draw(
        st.sampled_from(["\\ud800", "\\udc00", "\\ud800\\u0041", "\\x41", "\\u12", "\\u{110000}"])
    )
    site = _pick_site(draw, builder)
    site.selections.append(Field("__typename", "s", directives=[f'@tag(name: "{escape}")']))
    return True


@st.composite
def defective_cases(draw: Draw) -> Case:
    case, builder = draw_valid_case(draw)
    order = draw(st.permutations(sorted(DEFECTS)))
    for name in order:
        if DEFECTS[name](draw, case, builder):
            case.defect = name
            return case
    raise AssertionError("no defect applies")  # unknown_field always does
