"""Run from a generated project in a subprocess: import it, build its schema, compare.

``python check_generated.py PACKAGE RESOLVERS SDL`` imports the generated package and the
untouched scaffold, calls ``build_schema`` with one scaffold object per keyword, runs the
standard introspection query and compares the result with graphql-core's ``build_schema``
of the same SDL. Prints ``same`` or the first difference; exits 1 on a difference.
"""

from __future__ import annotations

import importlib
import inspect
import json
import sys
from pathlib import Path
from typing import Any

import graphql


def build(package: str, resolvers_module: str) -> Any:
    generated = importlib.import_module(package)
    resolvers = importlib.import_module(resolvers_module)
    by_protocol = {
        base.__name__: cls
        for cls in vars(resolvers).values()
        if isinstance(cls, type) and cls.__module__ == resolvers.__name__
        for base in cls.__bases__
    }
    keywords = {
        name: by_protocol[str(p.annotation).rpartition(".")[2]]()
        for name, p in inspect.signature(generated.build_schema).parameters.items()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    }
    return generated.build_schema(**keywords)


# Built-in directives and the introspection types (`__Type`, ...) are the engine's own
# definitions (apollo-compiler's), not the schema's; graphql-core 3.3 follows the draft spec
# there (`@deprecated(reason: String!)`, `__Directive.isRepeatable` first).
BUILT_IN_DIRECTIVES = frozenset({"skip", "include", "deprecated", "specifiedBy", "oneOf"})


def normalized(result: dict[str, Any]) -> dict[str, Any]:
    """Order-insensitive where the spec leaves order open: the type and directive lists."""
    schema = result["__schema"]
    schema["types"] = sorted(
        (t for t in schema["types"] if not t["name"].startswith("__")), key=lambda t: t["name"]
    )
    schema["directives"] = sorted(
        (d for d in schema["directives"] if d["name"] not in BUILT_IN_DIRECTIVES),
        key=lambda d: d["name"],
    )
    for t in schema["types"]:
        for f in [*(t["fields"] or []), *(t["inputFields"] or [])]:
            for value in [f, *f.get("args", [])]:
                if "defaultValue" in value:
                    value["defaultValue"] = _printed(value["defaultValue"])
    return result


def _printed(literal: str | None) -> str | None:
    """A default value as graphql-core prints it: the engine spaces object literals its way."""
    return None if literal is None else graphql.print_ast(graphql.parse_value(literal))


def first_difference(ours: Any, theirs: Any, path: str = "") -> str | None:
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in sorted(set(ours) | set(theirs)):
            if key not in ours or key not in theirs:
                return f"{path}.{key}: only in {'theirs' if key not in ours else 'ours'}"
            found = first_difference(ours[key], theirs[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(ours, list) and isinstance(theirs, list):
        for index, (a, b) in enumerate(zip(ours, theirs, strict=False)):
            label = a.get("name", index) if isinstance(a, dict) else index
            found = first_difference(a, b, f"{path}[{label}]")
            if found:
                return found
        if len(ours) != len(theirs):
            return f"{path}: {len(ours)} items, graphql-core has {len(theirs)}"
        return None
    if ours != theirs:
        return f"{path}: {json.dumps(ours)[:300]} != {json.dumps(theirs)[:300]}"
    return None


def main(argv: list[str]) -> int:
    package, resolvers_module, sdl_path = argv
    sys.path.insert(0, str(Path.cwd()))  # the project, not this script's directory
    query = graphql.get_introspection_query(descriptions=True)
    result = build(package, resolvers_module).execute_sync(query).to_dict()
    assert "errors" not in result, result["errors"]
    # assume_valid: graphql-core 3.3 enforces a draft-spec rule (a deprecated implementation
    # of a non-deprecated interface field) that GitHub's schema breaks.
    sdl = Path(sdl_path).read_text(encoding="utf-8")
    reference = graphql.graphql_sync(graphql.build_schema(sdl, assume_valid=True), query)
    assert reference.errors is None, reference.errors
    difference = first_difference(
        normalized(result["data"]), normalized(dict(reference.data or {}))
    )
    print(difference or "same")
    return 1 if difference else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
