"""Valid documents and variables for the fuzzer's schema, drawn by hypothesis.

Validity is by construction: every field that takes arguments (or whose name means different
types on different types) gets a document-unique alias, so fields always merge; fragment ``i``
spreads only fragments ``< i``, so there are no cycles; every variable has one type and each
operation declares exactly the variables it reaches. The test checks graphql-core agrees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import graphql
from hypothesis import strategies as st

from .fuzz_ast import (
    Document,
    Field,
    Fragment,
    InlineFragment,
    Operation,
    Selection,
    Spread,
    Variable,
    print_document,
)
from .fuzz_schema import build_graphql_core
from .fuzz_values import Draw, input_json, scalar_literal, string_literal

# Deliberate differences from graphql-core: fields the generator never selects, each with its
# reason (SECURITY.md lists them). The meta-types themselves (`__Type`, `__Field`, …) differ in
# descriptions and argument types between graphql-core 3.3 (newer spec drafts) and
# apollo-compiler 1.32, so `__type(name:)` asks only for the schema's own types.
_DRAFT = "a newer spec draft than apollo-compiler 1.32's introspection schema implements"
ALLOWED_DIFFERENCES = {
    "__Type.isOneOf": f"graphql-core 3.3 has it from {_DRAFT}",
    "__Directive.isDeprecated": f"graphql-core 3.3 has it from {_DRAFT}",
    "__Directive.deprecationReason": f"graphql-core 3.3 has it from {_DRAFT}",
    "__Schema.types": (
        "the spec leaves the order of `types` open: grommet lists the introspection and "
        "built-in types first, graphql-core in the order the SDL reaches them"
    ),
    "__Schema.directives": (
        "the order of `directives` is open (graphql-core lists the schema's own first) and "
        "graphql-core 3.3 gives it an `includeDeprecated` argument from a newer draft"
    ),
}

MAX_DEPTH = 4
SELECTION_BUDGET = 40
SEPARATORS = (" ", "\n", ", ", " ,\n\t", " # a comment\n")


class SchemaModel:
    """What the generator needs to know about the schema, computed once."""

    def __init__(self) -> None:
        self.schema = build_graphql_core()
        named = self.schema.type_map
        # Introspection types included: fragments on `__Type` are as legal as any.
        self.composites = sorted(
            name for name, type_ in named.items() if graphql.is_composite_type(type_)
        )
        self.type_names = [*sorted(n for n in named if not n.startswith("__")), "Nope"]
        self.possible: dict[str, frozenset[str]] = {}
        for name in self.composites:
            type_ = named[name]
            if isinstance(type_, graphql.GraphQLObjectType):
                self.possible[name] = frozenset([name])
            else:
                assert isinstance(type_, graphql.GraphQLInterfaceType | graphql.GraphQLUnionType)
                self.possible[name] = frozenset(
                    t.name for t in self.schema.get_possible_types(type_)
                )
        types_by_field: dict[str, set[str]] = {}
        for name in self.composites:
            for field_name, field in self.fields(name).items():
                types_by_field.setdefault(field_name, set()).add(str(field.type))
        # A field name with one type everywhere can go unaliased: same-key fields then merge.
        self.uniform = {name for name, types in types_by_field.items() if len(types) == 1}

    def composite(self, name: str) -> graphql.GraphQLCompositeType:
        type_ = self.schema.type_map[name]
        assert graphql.is_composite_type(type_)
        return type_

    def fields(self, name: str) -> dict[str, graphql.GraphQLField]:
        type_ = self.schema.type_map[name]
        if isinstance(type_, graphql.GraphQLObjectType | graphql.GraphQLInterfaceType):
            return {
                field_name: field
                for field_name, field in type_.fields.items()
                if f"{name}.{field_name}" not in ALLOWED_DIFFERENCES
            }
        return {}

    def overlapping(self, name: str) -> list[str]:
        mine = self.possible[name]
        return [other for other in self.composites if self.possible[other] & mine]

    def disjoint(self, name: str) -> list[str]:
        mine = self.possible[name]
        return [other for other in self.composites if not self.possible[other] & mine]


MODEL = SchemaModel()


@dataclass
class Site:
    """A selection set of the document and the type it selects on (defects edit these)."""

    owner: str
    parent: str
    selections: list[Selection]


class DocumentBuilder:
    def __init__(self, draw: Draw) -> None:
        self.draw = draw
        self.counter = 0
        self.budget = SELECTION_BUDGET
        self.document = Document([], [], {}, separator=draw(st.sampled_from(SEPARATORS)))
        self.uses: set[str] = set()
        self.owner = ""
        self.spreadable: list[Fragment] = []
        self.sites: list[Site] = []

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    # -- values -----------------------------------------------------------------------------

    def literal(self, type_: graphql.GraphQLInputType, depth: int = 0, const: bool = False) -> str:
        draw = self.draw
        if not const and draw(st.integers(0, 4)) == 0:
            return "$" + self.variable_for(type_)
        if isinstance(type_, graphql.GraphQLNonNull):
            return self.literal_of(type_.of_type, depth, const)
        if draw(st.integers(0, 7)) == 0:
            return "null"
        return self.literal_of(type_, depth, const)

    def literal_of(self, type_: graphql.GraphQLInputType, depth: int, const: bool) -> str:
        draw = self.draw
        if isinstance(type_, graphql.GraphQLList):
            item = type_.of_type
            inner = item.of_type if isinstance(item, graphql.GraphQLNonNull) else item
            # One item stands for a list of it; not a variable or a list (validation would
            # read their positions as the list's item type).
            if not isinstance(inner, graphql.GraphQLList) and draw(st.integers(0, 3)) == 0:
                return self.literal_of(inner, depth, const=True)
            count = draw(st.integers(0, 3))
            return (
                "["
                + ", ".join(self.literal(type_.of_type, depth, const) for _ in range(count))
                + "]"
            )
        if isinstance(type_, graphql.GraphQLEnumType):
            return str(draw(st.sampled_from(sorted(type_.values))))
        if isinstance(type_, graphql.GraphQLScalarType):
            return scalar_literal(draw, type_)
        assert isinstance(type_, graphql.GraphQLInputObjectType)
        fields = type_.fields
        if type_.is_one_of:
            chosen = draw(st.sampled_from(sorted(fields)))
            value = self.literal(graphql.GraphQLNonNull(fields[chosen].type), depth + 1, const)
            return "{" + f"{chosen}: {value}" + "}"
        parts = []
        for name in draw(st.permutations(sorted(fields))):
            field = fields[name]
            if graphql.is_required_input_field(field) or (depth < 3 and draw(st.booleans())):
                parts.append(f"{name}: {self.literal(field.type, depth + 1, const)}")
        return "{" + ", ".join(parts) + "}"

    def variable_for(self, location: graphql.GraphQLInputType) -> str:
        draw = self.draw
        wanted = {str(location)}
        if not isinstance(location, graphql.GraphQLNonNull):
            wanted.add(f"{location}!")
        reusable = sorted(v.name for v in self.document.variables.values() if v.type in wanted)
        if reusable and draw(st.booleans()):
            name = draw(st.sampled_from(reusable))
        else:
            name = self.fresh("v")
            type_ = location
            if not isinstance(location, graphql.GraphQLNonNull) and draw(st.integers(0, 3)) == 0:
                type_ = graphql.GraphQLNonNull(location)
            variable = Variable(name, str(type_))
            nullable = not isinstance(type_, graphql.GraphQLNonNull)
            if nullable and draw(st.integers(0, 3)) == 0:
                variable.default = self.literal(type_, const=True)
            choice = draw(st.integers(0, 5))
            if choice == 0 and (nullable or variable.default is not None):
                variable.sent = False  # omitted: null or the default applies
            elif choice == 1 and nullable:
                variable.sent, variable.value = True, None
            else:
                variable.sent, variable.value = True, input_json(draw, type_)
            self.document.variables[name] = variable
        self.uses.add(name)
        return str(name)

    def directives(self) -> list[str]:
        draw = self.draw
        out = []
        for _ in range(draw(st.integers(0, 2)) if draw(st.integers(0, 2)) == 0 else 0):
            kind = draw(st.sampled_from(["skip", "include", "tag"]))
            if kind == "tag":
                out.append(f"@tag(name: {string_literal(draw)})")
            elif f"@{kind}(" not in " ".join(out):
                boolean = self.literal(graphql.GraphQLNonNull(graphql.GraphQLBoolean))
                out.append(f"@{kind}(if: {boolean})")
        return out

    # -- selections -------------------------------------------------------------------------

    def selections(self, parent: str, depth: int) -> list[Selection]:
        draw = self.draw
        fields = MODEL.fields(parent)
        leaves = sorted(
            n for n, f in fields.items() if graphql.is_leaf_type(graphql.get_named_type(f.type))
        )
        deep = depth >= MAX_DEPTH or self.budget <= 0
        count = 1 if deep else draw(st.integers(1, 4))
        out: list[Selection] = []
        for _ in range(count):
            self.budget -= 1
            kinds = ["typename"]
            if fields:
                kinds += ["field"] * 4
            if not deep:
                kinds += ["inline", "spread"]
                if parent == "Query":
                    kinds.append("introspection")
            kind = draw(st.sampled_from(kinds))
            if kind == "introspection":
                out.append(self.introspection(depth))
            elif kind == "field":
                names = leaves if deep else sorted(fields)
                out.append(self.field(parent, draw(st.sampled_from(names)), depth))
            elif kind == "inline":
                condition = draw(st.sampled_from([None, *MODEL.overlapping(parent)]))
                inner = self.selections(parent if condition is None else condition, depth + 1)
                out.append(InlineFragment(condition, inner, self.directives()))
            elif kind == "spread" and (fragments := self.spreadable_on(parent)):
                out.append(Spread(draw(st.sampled_from(fragments)), self.directives()))
            else:
                alias = self.fresh("t") if draw(st.integers(0, 3)) == 0 else None
                out.append(Field("__typename", alias, directives=self.directives()))
        self.sites.append(Site(self.owner, parent, out))
        return out

    def introspection(self, depth: int) -> Field:
        draw = self.draw
        alias = self.fresh("i")
        if draw(st.booleans()):
            return Field("__schema", alias, selections=self.selections("__Schema", depth + 1))
        name = draw(st.sampled_from(MODEL.type_names))
        argument = [("name", string_literal(draw, name))]
        return Field("__type", alias, argument, selections=self.selections("__Type", depth + 1))

    def spreadable_on(self, parent: str) -> list[str]:
        overlapping = set(MODEL.overlapping(parent))
        return [f.name for f in self.spreadable if f.type_condition in overlapping]

    def field(self, parent: str, name: str, depth: int) -> Field:
        draw = self.draw
        definition = MODEL.fields(parent)[name]
        arguments = []
        for arg_name in draw(st.permutations(sorted(definition.args))):
            arg = definition.args[arg_name]
            if graphql.is_required_argument(arg) or draw(st.integers(0, 2)) == 0:
                arguments.append((arg_name, self.literal(arg.type)))
        needs_alias = bool(definition.args) or name not in MODEL.uniform
        alias = self.fresh("a") if needs_alias or draw(st.integers(0, 4)) == 0 else None
        named = graphql.get_named_type(definition.type)
        selections = None
        if graphql.is_composite_type(named):
            selections = self.selections(named.name, depth + 1)
        return Field(name, alias, arguments, self.directives(), selections)

    # -- definitions ------------------------------------------------------------------------

    def build(self) -> Document:
        draw = self.draw
        for _ in range(draw(st.integers(0, 3))):
            name = self.fresh("F")
            condition = draw(st.sampled_from(MODEL.composites))
            self.uses, self.owner = set(), name
            selections = self.selections(condition, 1)
            fragment = Fragment(name, condition, selections, self.uses)
            self.document.fragments.append(fragment)
            self.spreadable.append(fragment)
        count = draw(st.integers(1, 3))
        for index in range(count):
            kind = draw(st.sampled_from(["query", "query", "query", "mutation"]))
            root = "Query" if kind == "query" else "Mutation"
            named = count > 1 or draw(st.booleans())
            self.uses, self.owner = set(), f"op{index}"
            selections = self.selections(root, 0)
            directives = (
                [f"@tag(name: {string_literal(draw)})"] if draw(st.integers(0, 5)) == 0 else []
            )
            op_name = f"Op{index}" if named else None
            self.document.operations.append(
                Operation(kind, op_name, selections, directives, self.uses)
            )
        self.document.drop_unused_fragments()
        kept = {f.name for f in self.document.fragments} | {f"op{i}" for i in range(count)}
        self.sites = [site for site in self.sites if site.owner in kept]
        return self.document


@dataclass
class Case:
    """One fuzz example: a document, the variables sent and the operation to run."""

    document: Document
    operation_name: str | None
    extra_variables: dict[str, Any]
    defect: str | None = None
    source: str | None = None  # set when a defect edits the text itself

    def text(self) -> str:
        return print_document(self.document) if self.source is None else self.source

    def chosen(self) -> Operation:
        operations = self.document.operations
        if self.operation_name is None:
            return operations[0]
        return next(op for op in operations if op.name == self.operation_name)

    def variables(self) -> dict[str, Any]:
        values = dict(self.extra_variables)
        try:
            chosen = self.chosen()
        except StopIteration:
            return values
        for name in self.document.variables_of(chosen):
            variable = self.document.variables.get(name)
            if variable is not None and variable.sent:
                values[name] = variable.value
        return values


def draw_valid_case(draw: Draw) -> tuple[Case, DocumentBuilder]:
    builder = DocumentBuilder(draw)
    document = builder.build()
    operations = document.operations
    chosen = draw(st.sampled_from(operations))
    operation_name = chosen.name if len(operations) > 1 or draw(st.booleans()) else None
    # Variables nobody declared are ignored by both engines.
    extra = {"unused": 1} if draw(st.integers(0, 9)) == 0 else {}
    return Case(document, operation_name, extra), builder


@st.composite
def valid_cases(draw: Draw) -> Case:
    return draw_valid_case(draw)[0]
