//! Result coercion of leaf values (spec CompleteValue for scalars and enums).
//! Values already in their output form are returned as the same object: no conversion.

use apollo_compiler::schema::ExtendedType;
use apollo_compiler::Name;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};

use crate::bundle::{OutputKind, SchemaPlan};
use crate::coerce::{int_value, NotInteger};
use crate::py_util::inspect;

pub fn serialize_leaf<'py>(
    plan: &SchemaPlan,
    kind: OutputKind,
    type_name: &Name,
    v: &Bound<'py, PyAny>,
) -> Result<Bound<'py, PyAny>, String> {
    let py = v.py();
    match kind {
        OutputKind::String => {
            if v.cast::<PyString>().is_ok() {
                Ok(v.clone())
            } else if let Ok(b) = v.cast::<PyBool>() {
                Ok(PyString::new(py, if b.is_true() { "true" } else { "false" }).into_any())
            } else if v.cast::<PyInt>().is_ok() || v.cast::<PyFloat>().is_ok() {
                v.str().map(|s| s.into_any()).map_err(|e| e.to_string())
            } else if let Some(name) = enum_member_name(v) {
                Ok(name)
            } else {
                Err(format!("String cannot represent value: {}", inspect(v)))
            }
        }
        OutputKind::Int => {
            if v.cast::<PyInt>().is_ok() && v.cast::<PyBool>().is_err() {
                match v.extract::<i64>() {
                    Ok(n) if i32::try_from(n).is_ok() => Ok(v.clone()),
                    _ => Err(format!(
                        "Int cannot represent non 32-bit signed integer value: {}",
                        inspect(v)
                    )),
                }
            } else if let Ok(b) = v.cast::<PyBool>() {
                Ok(i32::from(b.is_true())
                    .into_pyobject(py)
                    .map_err(|e| e.to_string())?
                    .into_any())
            } else {
                match int_value(v) {
                    Ok(Some(n)) if i32::try_from(n).is_ok() => {
                        Ok(n.into_pyobject(py).map_err(|e| e.to_string())?.into_any())
                    }
                    Ok(_) => Err(format!(
                        "Int cannot represent non 32-bit signed integer value: {}",
                        inspect(v)
                    )),
                    Err(NotInteger) => Err(format!(
                        "Int cannot represent non-integer value: {}",
                        inspect(v)
                    )),
                }
            }
        }
        OutputKind::Float => {
            if v.cast::<PyFloat>().is_ok() {
                let x = v.cast::<PyFloat>().map(|f| f.value()).unwrap_or(f64::NAN);
                if x.is_finite() {
                    Ok(v.clone())
                } else {
                    Err(format!(
                        "Float cannot represent non numeric value: {}",
                        inspect(v)
                    ))
                }
            } else if v.cast::<PyInt>().is_ok() {
                let x: f64 = v.extract().map_err(|e: PyErr| e.to_string())?;
                Ok(PyFloat::new(py, x).into_any())
            } else {
                Err(format!(
                    "Float cannot represent non numeric value: {}",
                    inspect(v)
                ))
            }
        }
        OutputKind::Boolean => {
            if v.cast::<PyBool>().is_ok() {
                Ok(v.clone())
            } else {
                Err(format!(
                    "Boolean cannot represent a non boolean value: {}",
                    inspect(v)
                ))
            }
        }
        OutputKind::Id => {
            if v.cast::<PyString>().is_ok() {
                Ok(v.clone())
            } else if v.cast::<PyInt>().is_ok() && v.cast::<PyBool>().is_err() {
                v.str().map(|s| s.into_any()).map_err(|e| e.to_string())
            } else {
                Err(format!("ID cannot represent value: {}", inspect(v)))
            }
        }
        _ => match plan.schema.types.get(type_name) {
            Some(ExtendedType::Enum(def)) => {
                let e = plan.enums.get(type_name);
                if let Some(e) = e {
                    if let Ok(Some(name)) = e.from_py.bind(py).get_item(v) {
                        return Ok(name);
                    }
                }
                let name = match v.cast::<PyString>() {
                    Ok(s) => Some(s.to_string_lossy().into_owned()),
                    Err(_) => enum_member_name(v).map(|n| n.to_string()),
                };
                match name.as_deref().and_then(|n| def.values.get_key_value(n)) {
                    Some((value, _)) => Ok(match e.and_then(|e| e.names.get(value)) {
                        Some(n) => n.bind(py).clone().into_any(),
                        None => PyString::new(py, value.as_str()).into_any(),
                    }),
                    None => Err(format!(
                        "Enum \"{type_name}\" cannot represent value: {}",
                        inspect(v)
                    )),
                }
            }
            _ => match plan
                .scalars
                .get(type_name)
                .and_then(|s| s.serialize.as_ref())
            {
                Some(f) => f.bind(py).call1((v,)).map_err(|e| e.value(py).to_string()),
                None => Ok(v.clone()),
            },
        },
    }
}

/// `member.name` of an `enum.Enum` member (any object whose type defines `_member_map_`).
fn enum_member_name<'py>(v: &Bound<'py, PyAny>) -> Option<Bound<'py, PyAny>> {
    let py = v.py();
    if v.get_type()
        .hasattr(intern!(py, "_member_map_"))
        .unwrap_or(false)
    {
        v.getattr(intern!(py, "name")).ok()
    } else {
        None
    }
}
