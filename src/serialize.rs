//! Result coercion of leaf values (spec CompleteValue for scalars and enums).
//! Values already in their output form are returned as the same object: no conversion.
//! The lenient conversions (numeric strings, numbers as booleans, objects with `__str__`)
//! are graphql-core's, so resolvers written for it keep working; each is tried only after
//! the exact-type check of the common case has failed.

use apollo_compiler::schema::ExtendedType;
use apollo_compiler::Name;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};

use crate::plan::{OutputKind, SchemaPlan};
use crate::py_util::inspect;
use crate::representation::CannotRepresent;

/// Why a leaf value could not be serialized.
pub enum LeafError {
    /// The value is not representable: a field error with this message.
    Message(String),
    /// User code (a custom scalar's `serialize`, a `__str__`, ...) raised.
    Raised(PyErr),
}

type Leaf<'py> = Result<Bound<'py, PyAny>, LeafError>;

fn cannot<T>(why: CannotRepresent<'_>, v: &Bound<'_, PyAny>) -> Result<T, LeafError> {
    Err(LeafError::Message(why.message(v)))
}

fn raised(e: PyErr) -> LeafError {
    LeafError::Raised(e)
}

pub fn serialize_leaf<'py>(
    plan: &SchemaPlan,
    kind: OutputKind,
    type_name: &Name,
    v: &Bound<'py, PyAny>,
) -> Leaf<'py> {
    match kind {
        OutputKind::String => serialize_string(v),
        OutputKind::Int => serialize_int(v),
        OutputKind::Float => serialize_float(v),
        OutputKind::Boolean => serialize_boolean(v),
        OutputKind::Id => serialize_id(v),
        _ => match plan.schema.types.get(type_name) {
            Some(ExtendedType::Enum(def)) => serialize_enum(plan, def, type_name, v),
            _ => serialize_custom(plan, type_name, v),
        },
    }
}

fn serialize_string<'py>(v: &Bound<'py, PyAny>) -> Leaf<'py> {
    let py = v.py();
    if v.cast::<PyString>().is_ok() {
        return Ok(v.clone());
    }
    if let Ok(b) = v.cast::<PyBool>() {
        return Ok(PyString::new(py, if b.is_true() { "true" } else { "false" }).into_any());
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        if !f.value().is_finite() {
            return cannot(CannotRepresent::String, v);
        }
        return v.str().map(|s| s.into_any()).map_err(raised);
    }
    if v.cast::<PyInt>().is_ok() {
        return v.str().map(|s| s.into_any()).map_err(raised);
    }
    if let Some(name) = enum_member_name(v) {
        return Ok(name);
    }
    if is_builtin(v) {
        return cannot(CannotRepresent::String, v);
    }
    v.str().map(|s| s.into_any()).map_err(raised)
}

const INT_RANGE: std::ops::RangeInclusive<i64> = (i32::MIN as i64)..=(i32::MAX as i64);

fn int_out_of_range(v: &Bound<'_, PyAny>) -> LeafError {
    LeafError::Message(CannotRepresent::IntOutOfRange.message(v))
}

fn not_an_int(v: &Bound<'_, PyAny>) -> LeafError {
    LeafError::Message(CannotRepresent::IntNonInteger.message(v))
}

/// An exact Python int checked against the 32-bit range, as a new `int` object.
fn int_in_range<'py>(
    py: Python<'py>,
    n: &Bound<'py, PyAny>,
    shown: &Bound<'py, PyAny>,
) -> Leaf<'py> {
    match n.extract::<i64>() {
        Ok(x) if INT_RANGE.contains(&x) => Ok(int_obj(py, x)),
        _ => Err(int_out_of_range(shown)),
    }
}

fn serialize_int<'py>(v: &Bound<'py, PyAny>) -> Leaf<'py> {
    let py = v.py();
    if let Ok(b) = v.cast::<PyBool>() {
        return Ok(int_obj(py, i64::from(b.is_true())));
    }
    if v.cast::<PyInt>().is_ok() {
        return match v.extract::<i64>() {
            Ok(n) if INT_RANGE.contains(&n) => Ok(v.clone()),
            _ => Err(int_out_of_range(v)),
        };
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        let x = f.value();
        if !x.is_finite() || x.fract() != 0.0 {
            return Err(not_an_int(v));
        }
        if x < f64::from(i32::MIN) || x > f64::from(i32::MAX) {
            return Err(int_out_of_range(v));
        }
        return Ok(int_obj(py, x as i64));
    }
    if let Ok(s) = v.cast::<PyString>() {
        if s.to_string_lossy().is_empty() {
            return Err(not_an_int(v));
        }
        let Ok(n) = py.get_type::<PyInt>().call1((v,)) else {
            return Err(not_an_int(v));
        };
        return int_in_range(py, &n, v);
    }
    if is_numeric_object(v) {
        let Ok(n) = py.get_type::<PyInt>().call1((v,)) else {
            return Err(not_an_int(v));
        };
        if !n.eq(v).unwrap_or(false) {
            return Err(not_an_int(v));
        }
        return int_in_range(py, &n, v);
    }
    if is_integer_object(v) {
        let Ok(n) = index(v) else {
            return Err(not_an_int(v));
        };
        return int_in_range(py, &n, v);
    }
    Err(not_an_int(v))
}

fn not_a_float(v: &Bound<'_, PyAny>) -> LeafError {
    LeafError::Message(CannotRepresent::FloatNonNumeric.message(v))
}

/// A Python int as a float, refused when it does not fit or would lose precision.
pub fn float_from_int<'py>(
    v: &Bound<'py, PyAny>,
    shown: &Bound<'py, PyAny>,
) -> Result<Bound<'py, PyFloat>, String> {
    let py = v.py();
    let Ok(x) = v.extract::<f64>() else {
        return Err(CannotRepresent::FloatTooLarge.message(shown));
    };
    // Exact below 2^53; above it compare the float back to the int.
    if x.abs() >= 9_007_199_254_740_992.0 {
        let back = py.get_type::<PyInt>().call1((x,)).ok();
        if !back.map(|b| b.eq(v).unwrap_or(false)).unwrap_or(false) {
            return Err(CannotRepresent::FloatLosesPrecision.message(shown));
        }
    }
    Ok(PyFloat::new(py, x))
}

fn serialize_float<'py>(v: &Bound<'py, PyAny>) -> Leaf<'py> {
    let py = v.py();
    if let Ok(f) = v.cast::<PyFloat>() {
        return if f.value().is_finite() {
            Ok(v.clone())
        } else {
            Err(not_a_float(v))
        };
    }
    if let Ok(b) = v.cast::<PyBool>() {
        return Ok(int_obj(py, i64::from(b.is_true())));
    }
    if v.cast::<PyInt>().is_ok() {
        return float_from_int(v, v)
            .map(|f| f.into_any())
            .map_err(LeafError::Message);
    }
    if let Ok(s) = v.cast::<PyString>() {
        if s.to_string_lossy().is_empty() {
            return Err(not_a_float(v));
        }
        return match py.get_type::<PyFloat>().call1((v,)) {
            Ok(f) if finite(&f) => Ok(f),
            _ => Err(not_a_float(v)),
        };
    }
    if is_numeric_object(v) {
        return match py.get_type::<PyFloat>().call1((v,)) {
            Ok(f) if finite(&f) => Ok(f),
            _ => Err(not_a_float(v)),
        };
    }
    if is_integer_object(v) {
        let Ok(n) = index(v) else {
            return Err(not_a_float(v));
        };
        return float_from_int(&n, v)
            .map(|f| f.into_any())
            .map_err(LeafError::Message);
    }
    Err(not_a_float(v))
}

fn serialize_boolean<'py>(v: &Bound<'py, PyAny>) -> Leaf<'py> {
    let py = v.py();
    if v.cast::<PyBool>().is_ok() {
        return Ok(v.clone());
    }
    let not_bool = || LeafError::Message(CannotRepresent::BooleanNonBoolean.message(v));
    let truth = |x: f64| PyBool::new(py, x != 0.0).to_owned().into_any();
    if let Ok(f) = v.cast::<PyFloat>() {
        let x = f.value();
        return if x.is_finite() {
            Ok(truth(x))
        } else {
            Err(not_bool())
        };
    }
    if v.cast::<PyInt>().is_ok() {
        let nonzero = v.is_truthy().map_err(raised)?;
        return Ok(PyBool::new(py, nonzero).to_owned().into_any());
    }
    if is_numeric_object(v) {
        // Read through `__float__` at once (PyFloat_AsDouble), not `float(v)` cast back.
        if let Ok(x) = v.extract::<f64>() {
            if x.is_finite() {
                return Ok(truth(x));
            }
        }
    }
    Err(not_bool())
}

fn serialize_id<'py>(v: &Bound<'py, PyAny>) -> Leaf<'py> {
    let py = v.py();
    if v.cast::<PyString>().is_ok() {
        return Ok(v.clone());
    }
    let not_id = || LeafError::Message(CannotRepresent::Id.message(v));
    if v.cast::<PyBool>().is_err() {
        if v.cast::<PyInt>().is_ok() {
            let n = py.get_type::<PyInt>().call1((v,)).map_err(raised)?;
            return n.str().map(|s| s.into_any()).map_err(raised);
        }
        if let Ok(f) = v.cast::<PyFloat>() {
            let x = f.value();
            if !x.is_finite() || x.fract() != 0.0 {
                return Err(not_id());
            }
            let n = py.get_type::<PyInt>().call1((x,)).map_err(raised)?;
            return n.str().map(|s| s.into_any()).map_err(raised);
        }
    }
    if is_builtin(v) {
        return Err(not_id());
    }
    v.str().map(|s| s.into_any()).map_err(raised)
}

fn serialize_enum<'py>(
    plan: &SchemaPlan,
    def: &apollo_compiler::schema::EnumType,
    type_name: &Name,
    v: &Bound<'py, PyAny>,
) -> Leaf<'py> {
    let py = v.py();
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
        None => cannot(CannotRepresent::Enum(type_name), v),
    }
}

fn serialize_custom<'py>(plan: &SchemaPlan, type_name: &Name, v: &Bound<'py, PyAny>) -> Leaf<'py> {
    let Some(f) = plan
        .scalars
        .get(type_name)
        .and_then(|s| s.serialize.as_ref())
    else {
        return Ok(v.clone());
    };
    let out = f.bind(v.py()).call1((v,)).map_err(raised)?;
    if out.is_none() {
        // As graphql-core: a serializer answering None is a broken serializer, not a null.
        return Err(LeafError::Message(format!(
            "Expected `{type_name}.coerce_output_value({})` to return non-nullable value, returned: None",
            inspect(v)
        )));
    }
    Ok(out)
}

fn int_obj(py: Python<'_>, x: i64) -> Bound<'_, PyAny> {
    match x.into_pyobject(py) {
        Ok(o) => o.into_any(),
        Err(never) => match never {},
    }
}

fn finite(f: &Bound<'_, PyAny>) -> bool {
    f.cast::<PyFloat>()
        .map(|f| f.value().is_finite())
        .unwrap_or(false)
}

fn index<'py>(v: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    v.py()
        .import(intern!(v.py(), "operator"))?
        .call_method1(intern!(v.py(), "index"), (v,))
}

/// The value's type is defined in `builtins` (list, dict, None, ...), so `str()` of it is no
/// representation of a scalar.
fn is_builtin(v: &Bound<'_, PyAny>) -> bool {
    let py = v.py();
    v.get_type()
        .getattr(intern!(py, "__module__"))
        .and_then(|m| m.extract::<String>())
        .map(|m| m == "builtins")
        .unwrap_or(true)
}

/// A number of a non-builtin type (Decimal, Fraction, NumPy scalars): convertible by `float()`.
fn is_numeric_object(v: &Bound<'_, PyAny>) -> bool {
    !is_builtin(v)
        && v.get_type()
            .hasattr(intern!(v.py(), "__float__"))
            .unwrap_or(false)
}

/// An integer of a non-builtin type: it declares lossless conversion through `__index__`.
fn is_integer_object(v: &Bound<'_, PyAny>) -> bool {
    !is_builtin(v)
        && v.get_type()
            .hasattr(intern!(v.py(), "__index__"))
            .unwrap_or(false)
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
