//! CoerceInputValue for variable values: raw (JSON-like) Python data → the Python values
//! resolvers receive.
//! <https://spec.graphql.org/October2021/#sec-Input-Values>

use apollo_compiler::ast::Type;
use apollo_compiler::schema::ExtendedType;
use apollo_compiler::Name;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyList, PyString, PyTuple};

use super::{
    build_input, default_or_missing, enum_to_py, int_value, is_int, one_of_message, parse_scalar,
    set_input_field, CoerceError, Coerced, NotInteger,
};
use crate::plan::SchemaPlan;
use crate::py_util::inspect;
use crate::representation::CannotRepresent;

/// Coerces a raw variable value (JSON-like Python data) to `ty`; lists and input objects may
/// nest `depth` more levels.
pub fn coerce_input<'py>(
    plan: &SchemaPlan,
    ty: &Type,
    v: &Bound<'py, PyAny>,
    depth: usize,
) -> Coerced<'py> {
    let py = v.py();
    if v.is_none() {
        return if ty.is_non_null() {
            Err(CoerceError::new(format!(
                "Expected non-nullable type \"{ty}\" not to be null."
            )))
        } else {
            Ok(py.None().into_bound(py))
        };
    }
    match ty {
        Type::List(_) | Type::NonNullList(_) if depth == 0 => Err(CoerceError::too_deep()),
        Type::List(item) | Type::NonNullList(item) => {
            if v.cast::<PyList>().is_ok() || v.cast::<PyTuple>().is_ok() {
                let mut out = Vec::new();
                for (i, x) in v
                    .try_iter()
                    .map_err(|e| CoerceError::new(e.to_string()))?
                    .enumerate()
                {
                    let x = x.map_err(|e| CoerceError::new(e.to_string()))?;
                    out.push(
                        coerce_input(plan, item, &x, depth - 1)
                            .map_err(|e| e.within(i.to_string()))?,
                    );
                }
                Ok(PyList::new(py, out)
                    .map_err(|e| CoerceError::new(e.to_string()))?
                    .into_any())
            } else {
                let one = coerce_input(plan, item, v, depth - 1)?;
                Ok(PyList::new(py, [one])
                    .map_err(|e| CoerceError::new(e.to_string()))?
                    .into_any())
            }
        }
        Type::Named(name) | Type::NonNullNamed(name) => coerce_named_input(plan, name, v, depth),
    }
}

pub(super) fn coerce_named_input<'py>(
    plan: &SchemaPlan,
    name: &Name,
    v: &Bound<'py, PyAny>,
    depth: usize,
) -> Coerced<'py> {
    let py = v.py();
    let cannot = |why: CannotRepresent<'_>| Err(CoerceError::new(why.message(v)));
    match name.as_str() {
        "Int" => match int_value(v) {
            Ok(Some(n)) if i32::try_from(n).is_ok() => Ok(if is_int(v) {
                v.clone()
            } else {
                n.into_pyobject(py)
                    .map_err(|e| CoerceError::new(e.to_string()))?
                    .into_any()
            }),
            Ok(_) => cannot(CannotRepresent::IntOutOfRange),
            Err(NotInteger) => cannot(CannotRepresent::IntNonInteger),
        },
        "Float" => {
            if let Ok(f) = v.cast::<PyFloat>() {
                if f.value().is_finite() {
                    Ok(v.clone())
                } else {
                    // NaN and the infinities have no GraphQL representation.
                    cannot(CannotRepresent::FloatNonNumeric)
                }
            } else if is_int(v) {
                // Refused when it does not fit a float or would lose precision (above 2^53).
                crate::serialize::float_from_int(v, v)
                    .map(|f| f.into_any())
                    .map_err(CoerceError::new)
            } else {
                cannot(CannotRepresent::FloatNonNumeric)
            }
        }
        "String" => {
            if v.cast::<PyString>().is_ok() {
                Ok(v.clone())
            } else {
                cannot(CannotRepresent::StringNonString)
            }
        }
        "Boolean" => {
            if v.cast::<PyBool>().is_ok() {
                Ok(v.clone())
            } else {
                cannot(CannotRepresent::BooleanNonBoolean)
            }
        }
        "ID" => {
            if v.cast::<PyString>().is_ok() {
                Ok(v.clone())
            } else if is_int(v) {
                Ok(v.str()
                    .map_err(|e| CoerceError::new(e.to_string()))?
                    .into_any())
            } else {
                cannot(CannotRepresent::Id)
            }
        }
        _ => match plan.schema.types.get(name) {
            Some(ExtendedType::Enum(def)) => {
                let Ok(s) = v.cast::<PyString>() else {
                    return cannot(CannotRepresent::EnumNonString(name));
                };
                let s = s.to_string_lossy();
                match def.values.get_key_value(s.as_ref()) {
                    Some((value, _)) => Ok(enum_to_py(plan, name, value, py)),
                    None => Err(CoerceError::new(format!(
                        "Value {} does not exist in \"{name}\" enum.",
                        inspect(v)
                    ))),
                }
            }
            Some(ExtendedType::Scalar(_)) => parse_scalar(plan, name, v.clone()),
            Some(ExtendedType::InputObject(_)) if depth == 0 => Err(CoerceError::too_deep()),
            Some(ExtendedType::InputObject(def)) => {
                let Ok(map) = v.cast::<PyDict>() else {
                    return Err(CoerceError::new(format!(
                        "Expected type \"{name}\" to be an object."
                    )));
                };
                for key in map.keys() {
                    let k = key.to_string();
                    if !def.fields.contains_key(k.as_str()) {
                        return Err(CoerceError::new(format!(
                            "Field \"{k}\" is not defined by type \"{name}\"."
                        )));
                    }
                }
                if def.directives.get("oneOf").is_some() {
                    let non_null = map.values().iter().filter(|v| !v.is_none()).count();
                    if map.len() != 1 || non_null != 1 {
                        return Err(CoerceError::new(one_of_message(name)));
                    }
                }
                let kwargs = PyDict::new(py);
                for (fname, fdef) in &def.fields {
                    let present = map
                        .get_item(fname.as_str())
                        .map_err(|e| CoerceError::new(e.to_string()))?;
                    let value = match present {
                        Some(x) => Some(
                            coerce_input(plan, &fdef.ty, &x, depth - 1)
                                .map_err(|e| e.within(fname.as_str()))?,
                        ),
                        None => default_or_missing(plan, name, fdef, py)?,
                    };
                    if let Some(value) = value {
                        set_input_field(plan, name, fname, &kwargs, value)?;
                    }
                }
                build_input(plan, name, kwargs)
            }
            _ => cannot(CannotRepresent::Type(name.as_str())),
        },
    }
}
