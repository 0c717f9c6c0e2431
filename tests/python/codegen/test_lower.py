"""The IR builder on hand-written parser output: the decisions, without rendering."""

from __future__ import annotations

from typing import Any

import pytest

from grommet_codegen.config import ScalarMapping
from grommet_codegen.errors import CodegenError
from grommet_codegen.ir import PyDefault, PyRef, TypeRef
from grommet_codegen.lower import Options, build_ir
from grommet_codegen.names import snake_case


def field(name: str, type: str, *args: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "type": type,
        "args": list(args),
        "description": None,
        "deprecation": None,
    }


def arg(name: str, type: str, default: str | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "type": type,
        "default": default,
        "description": None,
        "deprecation": None,
    }


def value(name: str) -> dict[str, Any]:
    return {"name": name, "description": None, "deprecation": None}


def definition(kind: str, name: str, **rest: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "kind": kind,
        "name": name,
        "description": None,
        "interfaces": [],
        "members": [],
        "fields": [],
        "input_fields": [],
        "values": [],
        "one_of": False,
        "specified_by": None,
    }
    return base | rest


def parsed(*types: dict[str, Any], **roots: str) -> dict[str, Any]:
    return {
        "query": "Query",
        "mutation": None,
        "subscription": None,
        "sdl": "",
        **roots,
        "types": list(types),
    }


QUERY = definition("OBJECT", "Query", fields=[field("node", "Node")])
NODE = definition("INTERFACE", "Node", fields=[field("id", "ID!"), field("label", "String")])
NAMED = definition(
    "INTERFACE", "Named", interfaces=["Node"], fields=[field("id", "ID!"), field("label", "String")]
)
ITEM = definition(
    "OBJECT",
    "Item",
    interfaces=["Node", "Named"],
    fields=[
        field("id", "ID!"),
        field("label", "String"),
        field("tags", "[String!]", arg("first", "Int", "2")),
    ],
)


@pytest.mark.parametrize(
    ("name", "snake"),
    [
        ("firstName", "first_name"),
        ("userID", "user_id"),
        ("HTMLPage", "html_page"),
        ("already_snake", "already_snake"),
        ("from", "from_"),
        ("field2Name", "field2_name"),
        ("artworkIDs", "artwork_ids"),
        ("URLs", "urls"),
        ("iOSApp", "ios_app"),
        ("publicURL", "public_url"),
        ("IDsForUsers", "ids_for_users"),
        ("l", "l_"),
    ],
)
def test_snake_case(name: str, snake: str) -> None:
    assert snake_case(name) == snake


def test_arguments_never_shadow_the_method_parameters() -> None:
    args = [arg(n, "Int") for n in ("self", "parent", "info", "id")]
    query = definition("OBJECT", "Query", fields=[field("f", "Int", *args)])
    ir = build_ir(parsed(query), Options("pkg"))
    assert [a.py_name for a in ir.protocols[0].methods[0].args] == [
        "self_",
        "parent_",
        "info_",
        "id",
    ]


def test_interfaces_come_first_and_bases_are_the_most_specific() -> None:
    ir = build_ir(parsed(QUERY, ITEM, NAMED, NODE), Options("pkg"))
    assert [c.py_name for c in ir.classes] == ["Node", "Named", "Item"]
    assert {c.py_name: c.bases for c in ir.classes}["Item"] == ("Named",)


def test_a_field_an_implementor_resolves_is_not_an_interface_data_field() -> None:
    options = Options("pkg", resolver_fields=("Item.label",))
    ir = build_ir(parsed(QUERY, ITEM, NAMED, NODE), options)
    fields = {c.py_name: [f.py_name for f in c.fields] for c in ir.classes}
    assert fields == {"Node": ["id"], "Named": ["id"], "Item": ["id"]}
    (protocol,) = [p for p in ir.protocols if p.gql_name == "Item"]
    assert [m.py_name for m in protocol.methods] == ["label", "tags"]
    assert protocol.parent == TypeRef(nullable=False, name="Item")


def test_root_fields_are_resolvers_and_root_parents_are_plain_objects() -> None:
    ir = build_ir(parsed(QUERY, NODE), Options("pkg"))
    (protocol,) = ir.protocols
    assert (protocol.name, protocol.keyword, protocol.parent) == ("QueryResolvers", "query", None)
    assert "Query" not in [c.py_name for c in ir.classes]  # no field returns it


def test_python_defaults() -> None:
    enum = definition(
        "ENUM", "Color", values=[{"name": "RED", "description": None, "deprecation": None}]
    )
    root = definition(
        "OBJECT",
        "Query",
        fields=[
            field(
                "f",
                "Int",
                arg("a", "Int", "3"),
                arg("b", "Float", "1"),
                arg("c", "String", '"q\\"x"'),
                arg("d", "Color", "RED"),
                arg("e", "[Int]", "[1]"),
                arg("g", "Boolean"),
                arg("h", "Boolean!"),
                arg("i", "ID", "7"),
                arg("j", "String", "null"),
            )
        ],
    )
    (method,) = build_ir(parsed(root, enum), Options("pkg")).protocols[0].methods
    assert [a.default for a in method.args] == [
        PyDefault("literal", 3),
        PyDefault("literal", 1.0),
        PyDefault("literal", 'q"x'),
        PyDefault("enum", enum="Color", member="RED"),
        None,
        PyDefault("unset"),
        None,
        PyDefault("literal", "7"),
        PyDefault("literal", None),
    ]


def test_docs_carry_descriptions_deprecations_and_one_of() -> None:
    one_of = definition(
        "INPUT_OBJECT",
        "Pick",
        one_of=True,
        description="Choose.",
        input_fields=[arg("a", "Int"), arg("b", "Int")],
    )
    root = definition(
        "OBJECT",
        "Query",
        fields=[
            field("old", "Int") | {"deprecation": "No longer supported", "description": "Old."}
        ],
    )
    ir = build_ir(parsed(root, one_of), Options("pkg"))
    assert ir.classes[0].doc == ("Choose.", "", "Exactly one field must be set (@oneOf).")
    assert ir.protocols[0].methods[0].doc == ("Old.", "", "Deprecated: No longer supported")


def test_scalars_take_their_mapping_from_the_config() -> None:
    scalar = definition("SCALAR", "Day")
    mapping = ScalarMapping(
        PyRef("datetime", "date"), None, PyRef("datetime", "date.fromisoformat")
    )
    ir = build_ir(parsed(QUERY, NODE, scalar), Options("pkg", scalars={"Day": mapping}))
    (day,) = ir.scalars
    assert (day.type, day.serialize, day.parse) == (mapping.type, None, mapping.parse)


@pytest.mark.parametrize(
    ("types", "options", "message"),
    [
        ((QUERY, NODE), Options("pkg", resolver_fields=("Nope.x",)), "no object or interface"),
        ((QUERY, NODE), Options("pkg", resolver_fields=("Node.x",)), "Node has no such field"),
        (
            (QUERY, definition("OBJECT", "T", fields=[field("aB", "Int"), field("a_b", "Int")])),
            Options("pkg"),
            "field T.a_b and T.aB both become the Python name 'a_b'",
        ),
        ((QUERY,), Options("pkg", python_names={"Query.nope": "x"}), "no such type, field"),
        ((QUERY,), Options("pkg", python_names={"Query": "class"}), "not a usable identifier"),
    ],
)
def test_config_and_names_that_cannot_work_are_errors(
    types: tuple[dict[str, Any], ...], options: Options, message: str
) -> None:
    with pytest.raises(CodegenError, match=message):
        build_ir(parsed(*types), options)


def test_names_the_generated_code_uses_are_escaped_not_refused() -> None:
    types = (
        definition("OBJECT", "Query", fields=[field("types", "Int", arg("first", "Int"))]),
        definition("OBJECT", "QueryResolvers", fields=[field("str", "String")]),
        definition("ENUM", "typing", values=[value("mro"), value("_ignore_"), value("None")]),
        definition("OBJECT", "Options", fields=[field("x", "Int", arg("a", "Int"))]),
    )
    ir = build_ir(parsed(*types), Options("pkg"))
    assert [p.name for p in ir.protocols] == ["QueryResolvers_", "OptionsResolvers"]
    assert [p.keyword for p in ir.protocols] == ["query", "options_"]
    assert ir.protocols[0].methods[0].py_name == "types_"
    assert [f.py_name for f in ir.classes[0].fields] == ["str_"]
    assert [(e.py_name, [m.py_name for m in e.members]) for e in ir.enums] == [
        ("typing_", ["mro_", "_ignore__", "None_"])
    ]


def test_keywords_never_shadow_the_bundle_constructors_build_schema_calls() -> None:
    types = (
        definition("OBJECT", "Query", fields=[field("a", "Int", arg("first", "Int"))]),
        *(
            definition("OBJECT", name, fields=[field("x", "Int", arg("a", "Int"))])
            for name in ("AttrField", "CallField", "TypeBinding")
        ),
    )
    ir = build_ir(parsed(*types), Options("pkg"))
    assert [p.keyword for p in ir.protocols] == [
        "query",
        "attr_field_",
        "call_field_",
        "type_binding_",
    ]


def test_python_names_rename_what_would_collide() -> None:
    t = definition("OBJECT", "T", fields=[field("aB", "Int"), field("a_b", "Int")])
    ir = build_ir(parsed(QUERY, NODE, t), Options("pkg", python_names={"T.aB": "a_b_upper"}))
    assert [f.py_name for f in ir.classes[-1].fields] == ["a_b_upper", "a_b"]
