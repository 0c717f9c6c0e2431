//! grommet's engine: builds a schema bundle once, then executes GraphQL over Python objects.

pub mod bundle;
pub mod coerce;
pub mod document;
pub mod errors;
pub mod execute;
pub mod guard;
pub mod info;
pub mod input_rules;
pub mod introspection;
pub mod json;
pub mod limits;
pub mod nesting;
pub mod one_of_introspection;
pub mod py_util;
pub mod runtime;
pub mod schema;
pub mod sdl;
pub mod selected;
pub mod serialize;

use pyo3::prelude::*;

/// The extension module `grommet._core`.
#[pymodule]
pub fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<schema::CoreSchema>()?;
    m.add_class::<execute::driver::Execution>()?;
    m.add_class::<execute::driver::EventRunner>()?;
    m.add_class::<execute::driver::WakeCallback>()?;
    m.add_class::<info::Info>()?;
    m.add("SchemaError", m.py().get_type::<errors::SchemaError>())?;
    m.add_function(wrap_pyfunction!(sdl::parse_schema, m)?)?;
    m.add_function(wrap_pyfunction!(json::encode_json, m)?)?;
    m.add_function(wrap_pyfunction!(
        execute::dispatch::dispatch_in_execution,
        m
    )?)?;
    m.add_function(wrap_pyfunction!(schema::_panic_inside_guard, m)?)?;
    Ok(())
}
