//! CoerceInputValue for literals in the document (arguments, defaults), variables inside
//! them included, and literals as plain Python data for custom scalars.

use apollo_compiler::ast::{Type, Value};
use apollo_compiler::schema::ExtendedType;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString};

use super::values::coerce_named_input;
use super::{
    build_input, default_or_missing, enum_to_py, one_of_message, parse_scalar, set_input_field,
    CoerceError, INPUT_NESTING_LIMIT,
};
use crate::plan::SchemaPlan;

/// A literal (possibly holding variables) coerced to `ty`; `Ok(None)` means "no value" (an
/// absent variable), which callers treat as not provided.
pub fn coerce_literal<'py>(
    plan: &SchemaPlan,
    ty: &Type,
    value: &Value,
    vars: Option<&Bound<'py, PyDict>>,
    py: Python<'py>,
) -> Result<Option<Bound<'py, PyAny>>, CoerceError> {
    if let Value::Variable(var) = value {
        let found = match vars {
            Some(v) => v
                .get_item(var.as_str())
                .map_err(|e| CoerceError::new(e.to_string()))?,
            None => None,
        };
        return match found {
            Some(x) if x.is_none() && ty.is_non_null() => Err(CoerceError::new(format!(
                "Expected non-nullable type \"{ty}\" not to be null."
            ))),
            other => Ok(other),
        };
    }
    if value.is_null() {
        return if ty.is_non_null() {
            Err(CoerceError::new(format!(
                "Expected non-nullable type \"{ty}\" not to be null."
            )))
        } else {
            Ok(Some(py.None().into_bound(py)))
        };
    }
    let conv = |e: PyErr| CoerceError::new(e.to_string());
    let out = match ty {
        Type::List(item) | Type::NonNullList(item) => match value {
            Value::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, x) in items.iter().enumerate() {
                    let c = coerce_literal(plan, item, x, vars, py)
                        .map_err(|e| e.within(i.to_string()))?;
                    out.push(c.unwrap_or_else(|| py.None().into_bound(py)));
                }
                PyList::new(py, out).map_err(conv)?.into_any()
            }
            single => match coerce_literal(plan, item, single, vars, py)? {
                Some(x) => PyList::new(py, [x]).map_err(conv)?.into_any(),
                None => return Ok(None),
            },
        },
        Type::Named(name) | Type::NonNullNamed(name) => {
            match (plan.schema.types.get(name), value) {
                (Some(ExtendedType::InputObject(def)), Value::Object(fields)) => {
                    if def.directives.get("oneOf").is_some()
                        && (fields.len() != 1 || fields[0].1.is_null())
                    {
                        return Err(CoerceError::new(one_of_message(name)));
                    }
                    let kwargs = PyDict::new(py);
                    for (fname, fdef) in &def.fields {
                        let given = fields.iter().find(|(n, _)| n == fname).map(|(_, v)| v);
                        let coerced = match given {
                            Some(v) => coerce_literal(plan, &fdef.ty, v, vars, py)
                                .map_err(|e| e.within(fname.as_str()))?,
                            None => None,
                        };
                        let coerced = match coerced {
                            Some(c) => Some(c),
                            None => default_or_missing(plan, name, fdef, py)?,
                        };
                        if let Some(c) = coerced {
                            set_input_field(plan, name, fname, &kwargs, c)?;
                        }
                    }
                    build_input(plan, name, kwargs)?
                }
                (Some(ExtendedType::Enum(def)), Value::Enum(v)) => {
                    match def.values.get_key_value(v.as_str()) {
                        Some((value, _)) => enum_to_py(plan, name, value, py),
                        None => {
                            return Err(CoerceError::new(format!(
                                "Value \"{v}\" does not exist in \"{name}\" enum."
                            )))
                        }
                    }
                }
                (Some(ExtendedType::Scalar(s)), _) if !s.is_built_in() => {
                    let raw = literal_to_py(value, vars, py).map_err(conv)?;
                    parse_scalar(plan, name, raw)?
                }
                (_, _) => {
                    let raw = literal_to_py(value, vars, py).map_err(conv)?;
                    coerce_named_input(plan, name, &raw, INPUT_NESTING_LIMIT)?
                }
            }
        }
    };
    Ok(Some(out))
}

/// A literal as plain Python data (for custom scalars and built-in scalar checks).
pub fn literal_to_py<'py>(
    value: &Value,
    vars: Option<&Bound<'py, PyDict>>,
    py: Python<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Boolean(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Int(i) => match i.try_to_i32() {
            Ok(n) => n.into_pyobject(py)?.into_any(),
            Err(_) => py
                .import("builtins")?
                .getattr("int")?
                .call1((i.as_str(),))?,
        },
        Value::Float(f) => PyFloat::new(py, f.try_to_f64().unwrap_or(f64::NAN)).into_any(),
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Enum(e) => PyString::new(py, e).into_any(),
        Value::Variable(v) => match vars.map(|d| d.get_item(v.as_str())).transpose()?.flatten() {
            Some(x) => x,
            None => py.None().into_bound(py),
        },
        Value::List(items) => {
            let out = items
                .iter()
                .map(|x| literal_to_py(x, vars, py))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, out)?.into_any()
        }
        Value::Object(fields) => {
            let d = PyDict::new(py);
            for (k, v) in fields {
                d.set_item(k.as_str(), literal_to_py(v, vars, py)?)?;
            }
            d.into_any()
        }
    })
}
