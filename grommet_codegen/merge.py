"""Merging a freshly rendered scaffold into the user's resolvers file with libcst.

The user owns the file; codegen owns only method signatures. New fields become new methods,
changed signatures are replaced, everything else (bodies, comments, formatting, helper
methods and classes) is kept byte for byte. Methods of fields no longer in the schema are
marked with a comment, never deleted.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence

import libcst as cst

from .errors import codegen_error
from .merged import REMOVED_FIELD, REMOVED_TYPE

_MARKERS = frozenset({REMOVED_FIELD, REMOVED_TYPE})


def merge_scaffold(existing: str, fresh: str, path: str) -> str:
    """``existing`` with the methods, signatures and imports of ``fresh`` merged in."""
    user = _parse_user_file(existing, path)
    scaffold = cst.parse_module(fresh)
    wanted = {c.name.value: c for c in scaffold.body if isinstance(c, cst.ClassDef)}
    protocol_bases = {_base_code(c) for c in wanted.values()}
    # Signatures compared from `ast` (fast); libcst only rewrites the ones that differ.
    user_signatures, fresh_signatures = signatures(existing), signatures(fresh)

    body: list[cst.BaseStatement] = []
    for statement in user.body:
        if isinstance(statement, cst.ClassDef) and statement.name.value in wanted:
            name = statement.name.value
            same = {
                method
                for (owner, method), dump in user_signatures.items()
                if owner == name and fresh_signatures.get((owner, method)) == dump
            }
            statement = _merge_class(statement, wanted.pop(name), same)
        elif isinstance(statement, cst.ClassDef) and _is_scaffold_class(statement, protocol_bases):
            statement = _mark(statement, REMOVED_TYPE)
        body.append(statement)
    for new_class in wanted.values():
        body.append(
            new_class.with_changes(
                leading_lines=[cst.EmptyLine(indent=False), cst.EmptyLine(indent=False)]
            )
        )
    body = _with_imports(body, _imports(scaffold.body))
    return user.with_changes(body=body).code


def _parse_user_file(text: str, path: str) -> cst.Module:
    where, reason = "", ""
    try:
        ast.parse(text, filename=path)
        return cst.parse_module(text)
    except SyntaxError as error:
        where, reason = f"{error.lineno}:{error.offset}", error.msg
    except cst.ParserSyntaxError as error:
        where, reason = f"{error.raw_line}:{error.raw_column + 1}", error.message
    raise codegen_error(f"{path}:{where}: cannot merge, the file does not parse: {reason}")


def _merge_class(
    user_class: cst.ClassDef, fresh_class: cst.ClassDef, same: set[str]
) -> cst.ClassDef:
    """``same``: the methods whose first definition already has the fresh signature."""
    fresh = {m.name.value: m for m in _methods(fresh_class)}
    block = _indented(user_class.body)
    statements: list[cst.BaseStatement] = []
    for statement in block.body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value in fresh:
            name = statement.name.value
            fresh_method = fresh.pop(name)
            if name not in same:
                statement = _update_signature(statement, fresh_method)
            statement = _unmark(statement)
        elif isinstance(statement, cst.FunctionDef) and _is_resolver_method(statement):
            statement = _mark(statement, REMOVED_FIELD)
        statements.append(statement)
    if _only_placeholder(statements) and fresh:
        statements = []
    for method in fresh.values():
        lines = [cst.EmptyLine(indent=False)] if statements else []
        statements.append(method.with_changes(leading_lines=lines))
    return user_class.with_changes(body=block.with_changes(body=statements))


def _update_signature(user: cst.FunctionDef, fresh: cst.FunctionDef) -> cst.FunctionDef:
    """Replace the parameters and return annotation when they differ beyond formatting."""
    if _signature_dump(user) == _signature_dump(fresh):
        return user
    return user.with_changes(
        params=fresh.params,
        returns=fresh.returns,
        whitespace_before_params=fresh.whitespace_before_params,
    )


def signatures(text: str) -> dict[tuple[str, str], str]:
    """(class, method) → parameters and return annotation, for each top-level class's first
    definition of each method (the first class of a name: the one the merge updates)."""
    found: dict[tuple[str, str], str] = {}
    classes: set[str] = set()
    for statement in ast.parse(text).body:
        if not isinstance(statement, ast.ClassDef) or statement.name in classes:
            continue
        classes.add(statement.name)
        for method in statement.body:
            if isinstance(method, ast.FunctionDef | ast.AsyncFunctionDef):
                key = (statement.name, method.name)
                returns = method.returns or ast.Constant(None)
                found.setdefault(key, ast.dump(method.args) + ast.dump(returns))
    return found


def _signature_dump(function: cst.FunctionDef) -> str:
    stub = function.with_changes(
        body=cst.SimpleStatementSuite(body=[cst.Expr(cst.Ellipsis())]),
        decorators=[],
        leading_lines=[],
        asynchronous=None,
    )
    parsed = ast.parse(cst.Module(body=[]).code_for_node(stub)).body[0]
    assert isinstance(parsed, ast.FunctionDef)
    return ast.dump(parsed.args) + ast.dump(parsed.returns or ast.Constant(None))


def _is_resolver_method(function: cst.FunctionDef) -> bool:
    """A method shaped like a resolver: ``(self, parent, info, ...)`` or, for a batch resolver,
    ``(self, parents, info, ...)``; other methods are helpers."""
    names = [p.name.value for p in function.params.params[:3]]
    return names[1:] in (["parent", "info"], ["parents", "info"])


def _is_scaffold_class(user_class: cst.ClassDef, protocol_bases: set[str]) -> bool:
    """A class the scaffold made: its base is a generated ``<package>.<Type>Resolvers``."""
    prefixes = {base.rpartition(".")[0] for base in protocol_bases}
    code = _base_code(user_class)
    return code.endswith("Resolvers") and code.rpartition(".")[0] in prefixes


def _base_code(class_def: cst.ClassDef) -> str:
    if len(class_def.bases) != 1:
        return ""
    return cst.Module(body=[]).code_for_node(class_def.bases[0].value)


def _mark(node: cst.FunctionDef | cst.ClassDef, marker: str) -> cst.FunctionDef | cst.ClassDef:
    if any(
        line.comment is not None and line.comment.value == marker for line in node.leading_lines
    ):
        return node
    line = cst.EmptyLine(indent=True, comment=cst.Comment(marker))
    return node.with_changes(leading_lines=[*node.leading_lines, line])


def _unmark(node: cst.FunctionDef) -> cst.FunctionDef:
    lines = [
        line
        for line in node.leading_lines
        if line.comment is None or line.comment.value not in _MARKERS
    ]
    return node if len(lines) == len(node.leading_lines) else node.with_changes(leading_lines=lines)


def _methods(class_def: cst.ClassDef) -> list[cst.FunctionDef]:
    return [s for s in _indented(class_def.body).body if isinstance(s, cst.FunctionDef)]


def _indented(body: cst.BaseSuite) -> cst.IndentedBlock:
    """The class body as a block (``class X(P): pass`` on one line becomes a block)."""
    if isinstance(body, cst.IndentedBlock):
        return body
    assert isinstance(body, cst.SimpleStatementSuite)
    return cst.IndentedBlock(body=[cst.SimpleStatementLine(body=body.body)])


def _only_placeholder(statements: Sequence[cst.BaseStatement]) -> bool:
    """A body that is only ``pass`` or ``...``: it gives way to the first real method."""
    if len(statements) != 1 or not isinstance(statements[0], cst.SimpleStatementLine):
        return False
    line = statements[0]
    if line.leading_lines or len(line.body) != 1:
        return False
    small = line.body[0]
    return isinstance(small, cst.Pass) or (
        isinstance(small, cst.Expr) and isinstance(small.value, cst.Ellipsis)
    )


def _imports(body: Sequence[cst.BaseStatement]) -> list[cst.SimpleStatementLine]:
    return [s for s in body if isinstance(s, cst.SimpleStatementLine) and _is_import(s)]


def _is_import(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, cst.Import | cst.ImportFrom) for small in statement.body
    )


def _with_imports(
    body: list[cst.BaseStatement], wanted: list[cst.SimpleStatementLine]
) -> list[cst.BaseStatement]:
    """``body`` plus the ``wanted`` imports it lacks, placed after its last top-level import."""
    have = {_import_key(s) for s in body if _is_import(s)}
    missing = [s.with_changes(leading_lines=[]) for s in wanted if _import_key(s) not in have]
    if not missing:
        return body
    last = max((i for i, s in enumerate(body) if _is_import(s)), default=-1)
    if last < 0 and body and _is_docstring(body[0]):
        last = 0
    return [*body[: last + 1], *missing, *body[last + 1 :]]


def _import_key(statement: cst.BaseStatement) -> str:
    return ast.dump(ast.parse(cst.Module(body=[]).code_for_node(statement)))


def _is_docstring(statement: cst.BaseStatement) -> bool:
    return (
        isinstance(statement, cst.SimpleStatementLine)
        and len(statement.body) == 1
        and isinstance(statement.body[0], cst.Expr)
        and isinstance(statement.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )
