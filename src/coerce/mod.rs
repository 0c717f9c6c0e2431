//! Input coercion straight into the Python values resolvers receive: input objects built by
//! their factory, enums mapped, custom scalars parsed. apollo-compiler validated the document
//! already; this checks what only runtime values can break. `variables` is
//! CoerceVariableValues, `arguments` CoerceArgumentValues; both coerce through `values` (raw
//! Python data) and `literal` (document literals); what those share is here.

mod arguments;
mod literal;
mod values;
mod variables;

pub use arguments::{coerce_arguments, ArgError};
pub use literal::coerce_literal;
pub use literal::literal_to_py;
pub use variables::coerce_variables;

use apollo_compiler::schema::InputValueDefinition;
use apollo_compiler::{Name, Node};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyString};

use crate::plan::SchemaPlan;
use crate::representation::CannotRepresent;

/// How deeply lists and input objects may nest in a variable's value (graphql-core's bound):
/// coercion recurses along that nesting and stays within a 256 KiB thread stack at this depth.
/// A schema's `max_input_depth` may only lower it.
pub const INPUT_NESTING_LIMIT: usize = 200;

pub(super) const TOO_DEEP: &str = "Variable values are nested too deeply.";

/// Why a value could not be coerced; `path` locates it inside a list or input object.
pub struct CoerceError {
    pub message: String,
    pub path: Vec<String>,
    /// The `extensions` of a GraphQL error a custom scalar's `parse` raised.
    pub extensions: Option<Py<PyAny>>,
}

impl CoerceError {
    pub(super) fn new(message: impl Into<String>) -> Self {
        CoerceError {
            message: message.into(),
            path: Vec::new(),
            extensions: None,
        }
    }
    pub(super) fn too_deep() -> Self {
        CoerceError::new(TOO_DEEP)
    }
    pub(super) fn is_too_deep(&self) -> bool {
        self.message == TOO_DEEP
    }
    pub(super) fn within(mut self, seg: impl Into<String>) -> Self {
        self.path.insert(0, seg.into());
        self
    }
}

pub(super) type Coerced<'py> = Result<Bound<'py, PyAny>, CoerceError>;

pub(super) fn is_int(v: &Bound<'_, PyAny>) -> bool {
    v.cast::<PyInt>().is_ok() && v.cast::<PyBool>().is_err()
}

/// Marks a value that is not an integer at all (as opposed to one out of range).
pub struct NotInteger;

/// A Python int (or integral float) as i64; `Ok(None)` when it does not fit.
pub fn int_value(v: &Bound<'_, PyAny>) -> Result<Option<i64>, NotInteger> {
    if is_int(v) {
        return v.extract::<i64>().map(Some).or(Ok(None));
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        let x = f.value();
        if x.fract() == 0.0 && x.is_finite() && x.abs() < 9.0e15 {
            return Ok(Some(x as i64));
        }
    }
    Err(NotInteger)
}

pub(super) fn one_of_message(name: &Name) -> String {
    format!("OneOf Input Object \"{name}\" must specify exactly one key, and its value must not be null.")
}

pub(super) fn default_or_missing<'py>(
    plan: &SchemaPlan,
    type_name: &Name,
    fdef: &Node<InputValueDefinition>,
    py: Python<'py>,
) -> Result<Option<Bound<'py, PyAny>>, CoerceError> {
    if let Some(default) = &fdef.default_value {
        return coerce_literal(plan, &fdef.ty, default, None, py)
            .map_err(|e| e.within(fdef.name.as_str()));
    }
    if fdef.ty.is_non_null() {
        return Err(CoerceError::new(format!(
            "Field \"{type_name}.{}\" of required type \"{}\" was not provided.",
            fdef.name, fdef.ty
        )));
    }
    Ok(None)
}

pub(super) fn set_input_field(
    plan: &SchemaPlan,
    type_name: &Name,
    field: &Name,
    kwargs: &Bound<'_, PyDict>,
    value: Bound<'_, PyAny>,
) -> Result<(), CoerceError> {
    let res = match plan.inputs.get(type_name).and_then(|p| p.fields.get(field)) {
        Some(py_name) => kwargs.set_item(py_name.bind(kwargs.py()), value),
        None => kwargs.set_item(field.as_str(), value),
    };
    res.map_err(|e| CoerceError::new(e.to_string()))
}

pub(super) fn build_input<'py>(
    plan: &SchemaPlan,
    type_name: &Name,
    kwargs: Bound<'py, PyDict>,
) -> Coerced<'py> {
    match plan.inputs.get(type_name) {
        Some(input) => input
            .factory
            .bind(kwargs.py())
            .call((), Some(&kwargs))
            .map_err(|e| CoerceError::new(e.value(kwargs.py()).to_string())),
        None => Ok(kwargs.into_any()),
    }
}

pub(super) fn enum_to_py<'py>(
    plan: &SchemaPlan,
    enum_name: &Name,
    value: &Name,
    py: Python<'py>,
) -> Bound<'py, PyAny> {
    plan.enums
        .get(enum_name)
        .and_then(|e| e.to_py.get(value))
        .map(|v| v.bind(py).clone())
        .unwrap_or_else(|| PyString::new(py, value.as_str()).into_any())
}

thread_local! {
    /// A `BaseException` that is not an `Exception` (KeyboardInterrupt, SystemExit) raised by
    /// a scalar's `parse`: it must end the request, so the coercion that met it stops and the
    /// caller raises it (`take_fatal`) instead of reporting an error.
    static FATAL: std::cell::RefCell<Option<PyErr>> = const { std::cell::RefCell::new(None) };
}

/// Records `e` when it must end the request; true when it did.
pub fn keep_if_fatal(py: Python<'_>, e: &PyErr) -> bool {
    if e.is_instance_of::<pyo3::exceptions::PyException>(py) {
        return false;
    }
    FATAL.with(|f| {
        let mut f = f.borrow_mut();
        if f.is_none() {
            *f = Some(e.clone_ref(py));
        }
    });
    true
}

/// The request-ending exception a coercion met, if any (taken: reported once).
pub fn take_fatal() -> Option<PyErr> {
    FATAL.with(|f| f.borrow_mut().take())
}

pub(super) fn parse_scalar<'py>(
    plan: &SchemaPlan,
    name: &Name,
    raw: Bound<'py, PyAny>,
) -> Coerced<'py> {
    match plan.scalars.get(name).and_then(|s| s.parse.as_ref()) {
        Some(parse) => parse.bind(raw.py()).call1((&raw,)).map_err(|e| {
            keep_if_fatal(raw.py(), &e);
            match crate::input_rules::graphql_error_parts(e.value(raw.py())) {
                // A GraphQL error is the scalar's own answer: its message and extensions.
                Some((message, extensions)) => CoerceError {
                    extensions,
                    ..CoerceError::new(message)
                },
                None => CoerceError::new(
                    CannotRepresent::Parse(name, e.value(raw.py()).to_string()).message(&raw),
                ),
            }
        }),
        None => Ok(raw),
    }
}
