"""W6's schema: 40 object types of 8 fields each (some with arguments) plus ``Query``.

One description drives every library: :func:`render_sdl` writes the SDL (committed as
``benchmarks/wide_schema.graphql`` and fed to grommet-codegen, graphql-core and Ariadne), and
:func:`python_type` turns a field's SDL type into the annotation the class-based libraries
(grommet's builder, Strawberry) declare. Everything is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

TYPE_COUNT = 40
QUERY_FIELDS = 8
SDL_PATH = Path(__file__).resolve().parent.parent / "wide_schema.graphql"


@dataclass(frozen=True)
class WideArg:
    name: str
    sdl_type: str
    default: object
    default_sdl: str


@dataclass(frozen=True)
class WideField:
    name: str
    sdl_type: str
    args: tuple[WideArg, ...] = ()


@dataclass(frozen=True)
class WideType:
    name: str
    fields: tuple[WideField, ...]


def type_name(index: int) -> str:
    return f"T{index % TYPE_COUNT}"


def object_types() -> list[WideType]:
    """T0..T39; each links to the next two, so every type is reachable from ``Query``."""
    types = []
    for i in range(TYPE_COUNT):
        labels_args = (WideArg("upper", "Boolean!", False, "false"),) if i % 4 == 0 else ()
        types.append(
            WideType(
                type_name(i),
                (
                    WideField("id", "ID!"),
                    WideField("name", "String!"),
                    WideField("count", "Int!"),
                    WideField("score", "Float"),
                    WideField("active", "Boolean!"),
                    WideField("labels", "[String!]!", labels_args),
                    WideField("next", type_name(i + 1)),
                    WideField(
                        "children",
                        f"[{type_name(i + 2)}!]!",
                        (
                            WideArg("first", "Int!", 10, "10"),
                            WideArg("offset", "Int!", 0, "0"),
                        ),
                    ),
                ),
            )
        )
    return types


def query_type() -> WideType:
    step = TYPE_COUNT // QUERY_FIELDS
    return WideType(
        "Query",
        tuple(
            WideField(f"node{k}", type_name(k * step), (WideArg("id", "ID!", None, ""),))
            for k in range(QUERY_FIELDS)
        ),
    )


def all_types() -> list[WideType]:
    return [query_type(), *object_types()]


def render_sdl() -> str:
    blocks = []
    for wide_type in all_types():
        lines = [f"type {wide_type.name} {{"]
        for field in wide_type.fields:
            lines.append(f"  {field.name}{_render_args(field.args)}: {field.sdl_type}")
        lines.append("}")
        blocks.append("\n".join(lines))
    header = "# W6's schema, written by `python benchmarks/run.py --write-wide-schema`.\n\n"
    return header + "\n\n".join(blocks) + "\n"


def _render_args(args: tuple[WideArg, ...]) -> str:
    if not args:
        return ""
    rendered = []
    for arg in args:
        default = f" = {arg.default_sdl}" if arg.default_sdl else ""
        rendered.append(f"{arg.name}: {arg.sdl_type}{default}")
    return "(" + ", ".join(rendered) + ")"


def python_type(sdl_type: str, names: dict[str, Any]) -> Any:
    """The annotation for an SDL type: ``[T3!]!`` → ``list[T3]``, ``Float`` → ``float | None``.

    ``names`` maps GraphQL names (scalars and object types) to the Python types to use.
    """
    if sdl_type.endswith("!"):
        return _python_type_non_null(sdl_type[:-1], names)
    return _python_type_non_null(sdl_type, names) | None


def _python_type_non_null(sdl_type: str, names: dict[str, Any]) -> Any:
    if sdl_type.startswith("["):
        return list[python_type(sdl_type[1:-1], names)]  # type: ignore[misc]
    return names[sdl_type]


INTROSPECTION_QUERY = """
{
  __schema {
    queryType { name }
    types {
      name
      kind
      fields {
        name
        type { ...Ref }
        args { name defaultValue type { ...Ref } }
      }
    }
  }
}
fragment Ref on __Type {
  kind name ofType { kind name ofType { kind name ofType { kind name } } }
}
"""


def normalize_introspection(data: Any) -> Any:
    """The type system an introspection result describes, in a stable order.

    Built-in (``__``) types and scalars are left out: libraries differ in which standard
    scalars they list when the schema does not use them.
    """
    schema = data["__schema"]
    types = []
    for entry in schema["types"]:
        if entry["name"].startswith("__") or entry["kind"] == "SCALAR":
            continue
        fields = sorted(
            (
                {
                    "name": field["name"],
                    "type": field["type"],
                    "args": sorted(field["args"], key=lambda arg: arg["name"]),
                }
                for field in entry["fields"] or ()
            ),
            key=lambda field: field["name"],
        )
        types.append({"name": entry["name"], "kind": entry["kind"], "fields": fields})
    types.sort(key=lambda entry: entry["name"])
    return {"queryType": schema["queryType"], "types": types}
