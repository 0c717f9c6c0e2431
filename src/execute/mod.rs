//! grommet's executor, cut along the spec's execution algorithm (§6):
//! `collect` is CollectFields; `selection_set` ExecuteSelectionSet / ExecuteField; `resolve`
//! the resolver call (ResolveFieldValue); `complete` CompleteValue; `abstract_type`
//! ResolveAbstractType / DoesFragmentTypeApply; `field_error` field errors, null propagation
//! and masking; `subscribe` subscriptions; `engine` the state of one execution; `scheduler`
//! runs the resolvers that suspended; `driver` is the awaitable `Execution`; `read` reads
//! values off parents (`slot_attr` a slotted class's directly); `path` response paths.

pub mod abstract_type;
pub mod batch;
pub mod collect;
pub mod complete;
pub mod direct;
pub mod dispatch;
pub mod driver;
pub mod engine;
pub mod field_error;
pub mod path;
pub mod read;
pub mod resolve;
pub mod scheduler;
pub mod selection_set;
pub mod slot_attr;
pub mod subscribe;

use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::errors::GqlError;

/// Settings of a schema that every execution reads.
pub struct ExecOptions {
    pub error_class: Py<PyAny>,
    pub result_factory: Py<PyAny>,
    pub error_factory: Py<PyAny>,
    pub request_error_factory: Option<Py<PyAny>>,
    /// `Some(message)` when errors that are not `error_class` must be masked.
    pub masked_message: Option<String>,
    pub introspection: bool,
    /// How deeply lists and input objects may nest in a variable's value.
    pub max_input_depth: usize,
}

impl ExecOptions {
    /// The response of a request refused before execution; an exception coercion met that
    /// must end the request (KeyboardInterrupt, ...) is raised instead.
    pub fn refuse(&self, py: Python<'_>, errors: Vec<GqlError>) -> PyResult<Py<PyAny>> {
        if let Some(fatal) = crate::coerce::take_fatal() {
            return Err(fatal);
        }
        self.request_errors(py, errors)
    }

    /// The response of a request that fails before execution: errors and no `data`.
    pub fn request_errors(&self, py: Python<'_>, errors: Vec<GqlError>) -> PyResult<Py<PyAny>> {
        let factory = self.error_factory.bind(py);
        let list = PyList::new(
            py,
            errors
                .iter()
                .map(|e| e.to_py(py, factory, None))
                .collect::<PyResult<Vec<_>>>()?,
        )?;
        match &self.request_error_factory {
            Some(f) => Ok(f.bind(py).call1((list,))?.unbind()),
            None => Ok(self
                .result_factory
                .bind(py)
                .call1((py.None(), list, py.None()))?
                .unbind()),
        }
    }
}
