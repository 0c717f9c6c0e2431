//! Validation of input literals that apollo-compiler 1.x leaves to execution, so that such a
//! document is rejected before any resolver runs (a mutation's first field included), as
//! graphql-core rejects it: UniqueInputFieldNames, the `@oneOf` rules of ValuesOfCorrectType
//! and of variable usage, AllVariableUsagesAreAllowed for a variable inside a list or object
//! literal, and custom scalar literals their `parse` refuses.

use std::collections::HashSet;

use apollo_compiler::ast::{Type, Value, VariableDefinition};
use apollo_compiler::executable::{ExecutableDocument, Selection, SelectionSet};
use apollo_compiler::schema::{ExtendedType, Schema};
use apollo_compiler::{Name, Node};
use pyo3::prelude::*;

use crate::coerce::literal_to_py;
use crate::document::PreparedDocument;
use crate::errors::{GqlError, Locator};
use crate::plan::SchemaPlan;
use crate::py_util::inspect;

type Problems = Vec<(String, Vec<(usize, usize)>)>;

/// Calls `visit(type, value, variables)` for every argument value of every operation
/// (fields and directives, through fragments); `variables` are the operation's definitions.
fn each_argument(
    schema: &Schema,
    doc: &ExecutableDocument,
    mut visit: impl FnMut(&Name, &Type, &Node<Value>, &[Node<VariableDefinition>]),
) {
    for op in doc.operations.iter() {
        let mut seen = HashSet::new();
        walk(
            schema,
            doc,
            &op.selection_set,
            &op.variables,
            &mut seen,
            &mut visit,
        );
        for d in op.directives.iter() {
            directive_args(schema, d, &op.variables, &mut visit);
        }
    }
}

fn walk(
    schema: &Schema,
    doc: &ExecutableDocument,
    set: &SelectionSet,
    vars: &[Node<VariableDefinition>],
    seen: &mut HashSet<Name>,
    visit: &mut impl FnMut(&Name, &Type, &Node<Value>, &[Node<VariableDefinition>]),
) {
    for selection in &set.selections {
        match selection {
            Selection::Field(f) => {
                for arg in &f.arguments {
                    if let Some(def) = f.definition.argument_by_name(&arg.name) {
                        visit(&arg.name, &def.ty, &arg.value, vars);
                    }
                }
                for d in f.directives.iter() {
                    directive_args(schema, d, vars, visit);
                }
                walk(schema, doc, &f.selection_set, vars, seen, visit);
            }
            Selection::InlineFragment(inline) => {
                for d in inline.directives.iter() {
                    directive_args(schema, d, vars, visit);
                }
                walk(schema, doc, &inline.selection_set, vars, seen, visit);
            }
            Selection::FragmentSpread(spread) => {
                for d in spread.directives.iter() {
                    directive_args(schema, d, vars, visit);
                }
                if seen.insert(spread.fragment_name.clone()) {
                    if let Some(fragment) = doc.fragments.get(&spread.fragment_name) {
                        walk(schema, doc, &fragment.selection_set, vars, seen, visit);
                    }
                }
            }
        }
    }
}

fn directive_args(
    schema: &Schema,
    directive: &Node<apollo_compiler::ast::Directive>,
    vars: &[Node<VariableDefinition>],
    visit: &mut impl FnMut(&Name, &Type, &Node<Value>, &[Node<VariableDefinition>]),
) {
    let Some(def) = schema.directive_definitions.get(&directive.name) else {
        return;
    };
    for arg in &directive.arguments {
        if let Some(arg_def) = def.argument_by_name(&arg.name) {
            visit(&arg.name, &arg_def.ty, &arg.value, vars);
        }
    }
}

/// The rules that need no Python: duplicate input fields and `@oneOf` literals.
pub fn check(schema: &Schema, doc: &ExecutableDocument, text: &str) -> Problems {
    let lines = std::sync::OnceLock::new();
    let source = &Locator {
        source: text,
        lines: &lines,
    };
    let mut problems = Problems::new();
    each_argument(schema, doc, |arg, ty, value, vars| {
        unique_fields(value, source, &mut problems);
        let mut at = Position {
            arg,
            path: Vec::new(),
        };
        check_value(schema, ty, value, vars, source, &mut at, &mut problems);
    });
    dedup(problems)
}

/// UniqueInputFieldNames, in every object literal whatever its type (custom scalars too).
fn unique_fields(value: &Node<Value>, source: &Locator<'_>, out: &mut Problems) {
    match value.as_ref() {
        Value::List(items) => items.iter().for_each(|x| unique_fields(x, source, out)),
        Value::Object(fields) => {
            for (i, (fname, fvalue)) in fields.iter().enumerate() {
                if let Some((first, _)) = fields[..i].iter().find(|(n, _)| n == fname) {
                    out.push((
                        format!("There can be only one input field named \"{fname}\"."),
                        [source.span(first.location()), source.span(fname.location())]
                            .into_iter()
                            .flatten()
                            .collect(),
                    ));
                }
                unique_fields(fvalue, source, out);
            }
        }
        _ => {}
    }
}

fn dedup(problems: Problems) -> Problems {
    let mut seen = HashSet::new();
    problems
        .into_iter()
        .filter(|p| seen.insert(p.clone()))
        .collect()
}

/// Where a value stands inside the argument being checked (for messages).
struct Position<'a> {
    arg: &'a Name,
    path: Vec<String>,
}

impl Position<'_> {
    /// The message execution gave these values before they were validated (kept, as tests
    /// and clients match it): `Argument "a" has invalid value[ at "x.y"]: ...`.
    fn argument_error(&self, message: &str) -> String {
        if self.path.is_empty() {
            format!("Argument \"{}\" has invalid value: {message}", self.arg)
        } else {
            format!(
                "Argument \"{}\" has invalid value at \"{}\": {message}",
                self.arg,
                self.path.join(".")
            )
        }
    }
}

fn check_value(
    schema: &Schema,
    ty: &Type,
    value: &Node<Value>,
    vars: &[Node<VariableDefinition>],
    source: &Locator<'_>,
    pos: &mut Position<'_>,
    out: &mut Problems,
) {
    let at = |v: &Node<Value>| source.span(v.location());
    match (ty, value.as_ref()) {
        (Type::List(item) | Type::NonNullList(item), Value::List(items)) => {
            for (i, x) in items.iter().enumerate() {
                nested_variable(item, false, x, vars, source, out);
                pos.path.push(i.to_string());
                check_value(schema, item, x, vars, source, pos, out);
                pos.path.pop();
            }
        }
        (Type::List(item) | Type::NonNullList(item), _) => {
            check_value(schema, item, value, vars, source, pos, out);
        }
        (Type::Named(name) | Type::NonNullNamed(name), Value::Object(fields)) => {
            let Some(ExtendedType::InputObject(def)) = schema.types.get(name) else {
                return;
            };
            for (fname, fvalue) in fields {
                if let Some(fdef) = def.fields.get(fname) {
                    let has_default = fdef.default_value.is_some();
                    nested_variable(&fdef.ty, has_default, fvalue, vars, source, out);
                    pos.path.push(fname.to_string());
                    check_value(schema, &fdef.ty, fvalue, vars, source, pos, out);
                    pos.path.pop();
                }
            }
            if def.directives.get("oneOf").is_none() {
                return;
            }
            if fields.len() != 1 || fields[0].1.is_null() {
                out.push((
                    pos.argument_error(&format!(
                        "OneOf Input Object \"{name}\" must specify exactly one key, and its value must not be null."
                    )),
                    at(value).into_iter().collect(),
                ));
            } else if let Value::Variable(var) = fields[0].1.as_ref() {
                if let Some(vdef) = vars.iter().find(|d| d.name == *var) {
                    if !vdef.ty.is_non_null() {
                        out.push((
                            format!(
                                "Variable \"${var}\" is of type \"{}\" but must be non-nullable to be used for OneOf Input Object \"{name}\".",
                                vdef.ty
                            ),
                            [source.span(vdef.location()), at(&fields[0].1)]
                                .into_iter()
                                .flatten()
                                .collect(),
                        ));
                    }
                }
            }
        }
        _ => {}
    }
}

/// [All Variable Usages Are Allowed](https://spec.graphql.org/September2025/#sec-All-Variable-Usages-Are-Allowed)
/// for `value` when it is a variable standing as a list item or an input object field, whose
/// expected type is `location` (apollo-compiler 1.x checks only a variable that is a whole
/// argument's value). `location_default`: the input field has a default value.
fn nested_variable(
    location: &Type,
    location_default: bool,
    value: &Node<Value>,
    vars: &[Node<VariableDefinition>],
    source: &Locator<'_>,
    out: &mut Problems,
) {
    let Value::Variable(name) = value.as_ref() else {
        return;
    };
    // An undefined variable is NoUndefinedVariables' error, reported by apollo-compiler.
    let Some(definition) = vars.iter().find(|d| d.name == *name) else {
        return;
    };
    let declared = &*definition.ty;
    let allowed = if location.is_non_null() && !declared.is_non_null() {
        let non_null_default = definition
            .default_value
            .as_ref()
            .is_some_and(|v| !v.is_null());
        (non_null_default || location_default)
            && declared.is_assignable_to(&location.clone().nullable())
    } else {
        declared.is_assignable_to(location)
    };
    if !allowed {
        out.push((
            format!(
                "Variable \"${name}\" of type \"{declared}\" used in position expecting type \"{location}\"."
            ),
            [source.span(definition.location()), source.span(value.location())]
                .into_iter()
                .flatten()
                .collect(),
        ));
    }
}

/// Custom scalar literals (with no variable inside) that the scalar's `parse` refuses.
pub fn check_scalar_literals(
    py: Python<'_>,
    plan: &SchemaPlan,
    doc: &PreparedDocument,
) -> Vec<GqlError> {
    let source = &doc.locator();
    let mut errors = Vec::new();
    each_argument(&plan.schema, &doc.doc, |_, ty, value, _| {
        scalar_literal(py, plan, ty, value, source, &mut errors);
    });
    errors
}

fn scalar_literal(
    py: Python<'_>,
    plan: &SchemaPlan,
    ty: &Type,
    value: &Node<Value>,
    source: &Locator<'_>,
    out: &mut Vec<GqlError>,
) {
    match (ty, value.as_ref()) {
        (_, Value::Null | Value::Variable(_)) => {}
        (Type::List(item) | Type::NonNullList(item), Value::List(items)) => {
            for x in items {
                scalar_literal(py, plan, item, x, source, out);
            }
        }
        (Type::List(item) | Type::NonNullList(item), _) => {
            scalar_literal(py, plan, item, value, source, out);
        }
        (Type::Named(name) | Type::NonNullNamed(name), v) => match plan.schema.types.get(name) {
            Some(ExtendedType::InputObject(def)) => {
                if let Value::Object(fields) = v {
                    for (fname, fvalue) in fields {
                        if let Some(fdef) = def.fields.get(fname) {
                            scalar_literal(py, plan, &fdef.ty, fvalue, source, out);
                        }
                    }
                }
            }
            Some(ExtendedType::Scalar(_)) => {
                let Some(parse) = plan.scalars.get(name).and_then(|s| s.parse.as_ref()) else {
                    return;
                };
                if has_variable(v) {
                    return;
                }
                let Ok(raw) = literal_to_py(v, None, py) else {
                    return;
                };
                if let Err(e) = parse.bind(py).call1((&raw,)) {
                    crate::coerce::keep_if_fatal(py, &e);
                    let location = source.span(value.location());
                    out.push(scalar_error(py, name, &raw, e).at(location));
                }
            }
            _ => {}
        },
    }
}

fn has_variable(v: &Value) -> bool {
    match v {
        Value::Variable(_) => true,
        Value::List(items) => items.iter().any(|x| has_variable(x)),
        Value::Object(fields) => fields.iter().any(|(_, x)| has_variable(x)),
        _ => false,
    }
}

/// The error of a scalar `parse` that raised: a GraphQL error (anything with `extensions`)
/// keeps its message and extensions, any other exception is described with the value.
pub fn scalar_error(py: Python<'_>, name: &Name, raw: &Bound<'_, PyAny>, e: PyErr) -> GqlError {
    let value = e.value(py);
    match graphql_error_parts(value) {
        Some((message, extensions)) => {
            let mut error = GqlError::new(message);
            error.extensions = extensions;
            error
        }
        None => GqlError::new(format!(
            "Expected value of type \"{name}\", but encountered error \"{value}\"; found: {}.",
            inspect(raw)
        )),
    }
}

/// `(message, extensions)` of an exception shaped like a GraphQL error (it has `extensions`);
/// extensions that are not a non-empty mapping are left out.
pub fn graphql_error_parts(
    value: &Bound<'_, pyo3::exceptions::PyBaseException>,
) -> Option<(String, Option<Py<PyAny>>)> {
    let py = value.py();
    let extensions = value.getattr(pyo3::intern!(py, "extensions")).ok()?;
    let message = value
        .getattr(pyo3::intern!(py, "message"))
        .ok()
        .and_then(|m| m.extract::<String>().ok())
        .unwrap_or_else(|| value.to_string());
    let extensions = crate::py_util::is_mapping(&extensions)
        .unwrap_or(false)
        .then(|| {
            extensions
                .is_truthy()
                .unwrap_or(false)
                .then_some(extensions.unbind())
        })
        .flatten();
    Some((message, extensions))
}
