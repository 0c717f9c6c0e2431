"""Whether the user's resolvers file already holds all a merge would bring: the fast path.

The same decisions as `merge.merge_scaffold`, read from ``ast`` (which parses a large file in
milliseconds where libcst takes seconds): every scaffold class and method is there with the
same signature and no removal marker, every resolver method the scaffold lacks is marked,
and every import is present. Then the merge would return the file unchanged, so it is
skipped; any doubt answers False and the real merge runs.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

REMOVED_FIELD = "# grommet-codegen: field removed from schema"
REMOVED_TYPE = "# grommet-codegen: type has no resolver fields in the schema any more"
_Function = ast.FunctionDef | ast.AsyncFunctionDef


def is_merged(existing: str, fresh: str) -> bool:
    try:
        user = ast.parse(existing)
        scaffold = ast.parse(fresh)
    except (SyntaxError, ValueError):
        return False
    lines = existing.splitlines()
    fresh_lines = fresh.splitlines()
    wanted = {c.name: c for c in scaffold.body if isinstance(c, ast.ClassDef)}
    prefixes = {_base(c).rpartition(".")[0] for c in wanted.values()}
    for statement in user.body:
        if not isinstance(statement, ast.ClassDef):
            continue
        fresh_class = wanted.pop(statement.name, None)
        if fresh_class is not None:
            if not _class_is_merged(statement, fresh_class, lines, fresh_lines):
                return False
        elif _is_scaffold_class(statement, prefixes) and not _marked(
            statement, lines, (REMOVED_TYPE,)
        ):
            return False
    if wanted:
        return False
    have = {ast.dump(s) for s in user.body if isinstance(s, ast.Import | ast.ImportFrom)}
    return all(
        ast.dump(s) in have for s in scaffold.body if isinstance(s, ast.Import | ast.ImportFrom)
    )


def _class_is_merged(
    user: ast.ClassDef, fresh: ast.ClassDef, lines: Sequence[str], fresh_lines: Sequence[str]
) -> bool:
    pending = {m.name: m for m in fresh.body if isinstance(m, _Function)}
    for method in user.body:
        if not isinstance(method, _Function):
            continue
        fresh_method = pending.pop(method.name, None)
        if fresh_method is not None:
            if not _same_signature(method, lines, fresh_method, fresh_lines):
                return False
            if _marked(method, lines, (REMOVED_FIELD, REMOVED_TYPE)):
                return False
        elif _is_resolver(method) and not _marked(method, lines, (REMOVED_FIELD,)):
            return False
    return not pending


def _same_signature(
    user: _Function, lines: Sequence[str], fresh: _Function, fresh_lines: Sequence[str]
) -> bool:
    """Equal parameters and return annotation; the same text is enough, else the trees decide."""
    text = _signature_text(user, lines)
    if text is not None and text == _signature_text(fresh, fresh_lines):
        return True
    return _signature(user) == _signature(fresh)


def _signature_text(function: _Function, lines: Sequence[str]) -> str | None:
    """The ``def`` lines up to the body, whitespace runs collapsed (None: body on that line)."""
    body = function.body[0].lineno
    if body <= function.lineno:
        return None
    return " ".join(" ".join(lines[function.lineno - 1 : body - 1]).split())


def _signature(function: _Function) -> str:
    return ast.dump(function.args) + ast.dump(function.returns or ast.Constant(None))


def _is_resolver(function: _Function) -> bool:
    return [a.arg for a in function.args.args[1:3]] == ["parent", "info"]


def _base(class_def: ast.ClassDef) -> str:
    return ast.unparse(class_def.bases[0]) if len(class_def.bases) == 1 else ""


def _is_scaffold_class(class_def: ast.ClassDef, prefixes: set[str]) -> bool:
    code = _base(class_def)
    return code.endswith("Resolvers") and code.rpartition(".")[0] in prefixes


def _marked(node: ast.stmt, lines: Sequence[str], markers: tuple[str, ...]) -> bool:
    """Whether a comment line among those right above ``node`` (and its decorators) is a marker."""
    decorators = getattr(node, "decorator_list", [])
    index = min([node.lineno, *(d.lineno for d in decorators)]) - 2
    while index >= 0:
        text = lines[index].strip()
        if text in markers:
            return True
        if text and not text.startswith("#"):
            return False
        index -= 1
    return False
