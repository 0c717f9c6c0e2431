//! CoerceVariableValues (spec §6.1.2).
//! <https://spec.graphql.org/October2021/#sec-Coercing-Variable-Values>

use apollo_compiler::executable::Operation;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use super::literal::coerce_literal;
use super::values::coerce_input;
use super::TOO_DEEP;
use crate::document::PreparedDocument;
use crate::errors::GqlError;
use crate::plan::SchemaPlan;
use crate::py_util::inspect;

/// Spec CoerceVariableValues over the raw `variables` dict.
pub fn coerce_variables<'py>(
    plan: &SchemaPlan,
    op: &Operation,
    raw: Option<&Bound<'py, PyDict>>,
    max_depth: usize,
    doc: &PreparedDocument,
    py: Python<'py>,
) -> Result<Bound<'py, PyDict>, Vec<GqlError>> {
    let out = PyDict::new(py);
    let mut errors = Vec::new();
    for def in &op.variables {
        let loc = || doc.span_location(def.location());
        let given = raw.and_then(|r| r.get_item(def.name.as_str()).ok().flatten());
        let result = match given {
            None => match &def.default_value {
                Some(default) => {
                    coerce_literal(plan, &def.ty, default, None, py).map_err(|e| (None, e))
                }
                None if def.ty.is_non_null() => {
                    errors.push(
                        GqlError::new(format!(
                            "Variable \"${}\" of required type \"{}\" was not provided.",
                            def.name, def.ty
                        ))
                        .at(loc()),
                    );
                    continue;
                }
                None => continue,
            },
            Some(v) if v.is_none() && def.ty.is_non_null() => {
                errors.push(
                    GqlError::new(format!(
                        "Variable \"${}\" of non-null type \"{}\" must not be null.",
                        def.name, def.ty
                    ))
                    .at(loc()),
                );
                continue;
            }
            Some(v) => coerce_input(plan, &def.ty, &v, max_depth)
                .map(Some)
                .map_err(|e| (Some(v), e)),
        };
        match result {
            Ok(Some(v)) => {
                if let Err(e) = out.set_item(def.name.as_str(), v) {
                    errors.push(GqlError::new(e.to_string()).at(loc()));
                }
            }
            Ok(None) => {}
            // As graphql-core: one error for the request, with nothing echoed back.
            Err((_, e)) if e.is_too_deep() => return Err(vec![GqlError::new(TOO_DEEP)]),
            Err((given, e)) => {
                let shown = given
                    .map(|g| inspect(&g))
                    .unwrap_or_else(|| "(default)".to_owned());
                let at = if e.path.is_empty() {
                    String::new()
                } else {
                    format!(" at \"{}.{}\"", def.name, e.path.join("."))
                };
                let mut error = GqlError::new(format!(
                    "Variable \"${}\" got invalid value {shown}{at}; {}",
                    def.name, e.message
                ))
                .at(loc());
                error.extensions = e.extensions;
                errors.push(error);
            }
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}
