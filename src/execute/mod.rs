//! grommet's executor, named after the spec's execution algorithm (§6): `collect` is
//! CollectFields, `engine` is ExecuteSelectionSet / ExecuteField / CompleteValue with null
//! propagation, `driver` runs the resolvers that suspended, `read` reads values off parents.

pub mod collect;
pub mod driver;
pub mod engine;
pub mod path;
pub mod read;

use pyo3::prelude::*;

/// Settings of a schema that every execution reads.
pub struct ExecOptions {
    pub error_class: Py<PyAny>,
    pub result_factory: Py<PyAny>,
    pub error_factory: Py<PyAny>,
    pub request_error_factory: Option<Py<PyAny>>,
    /// `Some(message)` when errors that are not `error_class` must be masked.
    pub masked_message: Option<String>,
    pub introspection: bool,
    pub max_depth: Option<usize>,
    pub max_complexity: Option<usize>,
}
