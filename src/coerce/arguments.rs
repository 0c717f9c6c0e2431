//! CoerceArgumentValues (spec §6.4.1) for a resolver call.
//! <https://spec.graphql.org/October2021/#sec-Coercing-Field-Arguments>

use apollo_compiler::ast::Value;
use apollo_compiler::executable::Field;
use apollo_compiler::schema::FieldDefinition;
use apollo_compiler::{Name, Node};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::literal::coerce_literal;
use super::CoerceError;
use crate::plan::{Resolver, SchemaPlan};

/// Spec CoerceArgumentValues for a resolver call: the keyword arguments, or `None` when empty.
pub fn coerce_arguments<'py>(
    plan: &SchemaPlan,
    def: &FieldDefinition,
    field: &Field,
    resolver: &Resolver,
    vars: &Bound<'py, PyDict>,
) -> Result<Option<Bound<'py, PyDict>>, ArgError> {
    let Resolver::Call { args, .. } = resolver else {
        return Ok(None);
    };
    if args.is_empty() {
        return Ok(None);
    }
    let py = vars.py();
    let kwargs = PyDict::new(py);
    for (arg_def, (name, py_name)) in def.arguments.iter().zip(args.iter()) {
        debug_assert_eq!(&arg_def.name, name);
        let given = field
            .arguments
            .iter()
            .find(|a| a.name == *name)
            .map(|a| &a.value);
        let coerced = match given {
            Some(v) => coerce_literal(plan, &arg_def.ty, v, Some(vars), py).map_err(|e| {
                let at = locate(v, &e.path).location();
                let message = match v.as_ref() {
                    // Only a null variable fails as a whole variable (its type was validated).
                    Value::Variable(var) if e.path.is_empty() => format!(
                        "Argument \"{name}\" has invalid value: Expected variable \"${var}\" provided to non-null type \"{}\" not to be None.",
                        arg_def.ty
                    ),
                    _ => arg_error(name, e),
                };
                (message, at)
            })?,
            None => None,
        };
        let coerced = match coerced {
            Some(c) => Some(c),
            None => match &arg_def.default_value {
                Some(d) => coerce_literal(plan, &arg_def.ty, d, None, py)
                    .map_err(|e| (arg_error(name, e), None))?,
                None if arg_def.ty.is_non_null() => {
                    return Err((
                        format!(
                            "Argument \"{name}\" of required type \"{}\" was not provided.",
                            arg_def.ty
                        ),
                        None,
                    ));
                }
                None => None,
            },
        };
        if let Some(c) = coerced {
            kwargs
                .set_item(py_name.bind(py), c)
                .map_err(|e| (e.to_string(), None))?;
        }
    }
    Ok(Some(kwargs))
}

/// Why an argument could not be coerced, and where in the document (the offending value).
pub type ArgError = (String, Option<apollo_compiler::parser::SourceSpan>);

/// The value at `path` (list indices and input field names) inside a literal, or the deepest
/// one the path reaches.
fn locate<'v>(value: &'v Node<Value>, path: &[String]) -> &'v Node<Value> {
    let Some((first, rest)) = path.split_first() else {
        return value;
    };
    let inner = match value.as_ref() {
        Value::List(items) => first.parse::<usize>().ok().and_then(|i| items.get(i)),
        Value::Object(fields) => fields
            .iter()
            .find(|(n, _)| n.as_str() == first)
            .map(|(_, v)| v),
        _ => None,
    };
    match inner {
        Some(v) => locate(v, rest),
        None => value,
    }
}

fn arg_error(name: &Name, e: CoerceError) -> String {
    if e.path.is_empty() {
        format!("Argument \"{name}\" has invalid value: {}", e.message)
    } else {
        format!(
            "Argument \"{name}\" has invalid value at \"{}\": {}",
            e.path.join("."),
            e.message
        )
    }
}
