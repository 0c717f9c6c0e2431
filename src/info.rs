//! `grommet.Info`: what a resolver may ask about the field it resolves.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::document::PreparedDocument;
use crate::errors::PathSeg;
use crate::execute::collect::{Collected, CollectedField};
use crate::http_post::LazyContext;
use crate::plan::{FieldBinding, SchemaPlan};
use crate::selected::selected_fields;

/// Per-execution values every `Info` of that execution shares.
pub struct ExecShared {
    pub context: Py<PyAny>,
    pub root: Py<PyAny>,
    pub variables: Py<PyDict>,
    pub operation_name: Option<String>,
    /// `"query"`, `"mutation"` or `"subscription"`.
    pub operation_type: &'static str,
    /// What `Info.selected_fields` reads, only when asked.
    /// Set by the engine: the request builds `ExecShared` before the plan is at hand as an `Arc`.
    pub plan: std::sync::OnceLock<Arc<SchemaPlan>>,
    pub doc: Arc<PreparedDocument>,
}

/// Information about the field being resolved, passed to resolvers that ask for it.
#[pyclass(frozen, module = "grommet", name = "Info", skip_from_py_object)]
pub struct Info {
    pub path: Vec<PathSeg>,
    pub shared: Arc<ExecShared>,
    /// The collected field being resolved (`fields[index]`): its binding names the field, its
    /// parent type and definition, its selections answer `selected_fields`. One reference
    /// count for all of them.
    pub fields: Arc<Collected>,
    pub index: usize,
}

impl Info {
    fn field(&self) -> &CollectedField {
        &self.fields[self.index]
    }

    fn binding(&self) -> &FieldBinding {
        &self.field().binding
    }
}

#[pymethods]
impl Info {
    /// The GraphQL name of the field.
    #[getter]
    fn field_name(&self, py: Python<'_>) -> Py<PyString> {
        self.binding().field_name.clone_ref(py)
    }

    /// The GraphQL name of the object type that owns the field.
    #[getter]
    fn parent_type(&self, py: Python<'_>) -> Py<PyString> {
        self.binding().parent_type.clone_ref(py)
    }

    /// The response path to this field: keys and list indices.
    #[getter]
    fn path<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(
            py,
            self.path
                .iter()
                .map(|s| s.to_py(py))
                .collect::<PyResult<Vec<_>>>()?,
        )
    }

    /// The `context` passed to `execute` (a fast POST's request object is made on first use).
    #[getter]
    fn context<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let context = self.shared.context.bind(py);
        match context.cast_exact::<LazyContext>() {
            Ok(lazy) => lazy.get().get(py),
            Err(_) => Ok(context.clone()),
        }
    }

    /// The `root` value passed to `execute`.
    #[getter]
    fn root(&self, py: Python<'_>) -> Py<PyAny> {
        self.shared.root.clone_ref(py)
    }

    /// The coerced variables of the operation.
    #[getter]
    fn variables(&self, py: Python<'_>) -> Py<PyDict> {
        self.shared.variables.clone_ref(py)
    }

    /// The name of the operation being executed, if it has one.
    #[getter]
    fn operation_name(&self) -> Option<String> {
        self.shared.operation_name.clone()
    }

    /// The type of the operation: `"query"`, `"mutation"` or `"subscription"`.
    #[getter]
    fn operation_type(&self) -> &'static str {
        self.shared.operation_type
    }

    /// The field's type as SDL text, e.g. `"[User!]!"`.
    #[getter]
    fn return_type(&self) -> String {
        self.binding().definition.ty.to_string()
    }

    /// The field's sub-selection (fragments and `@skip`/`@include` applied, arguments
    /// coerced) as a list of `grommet.SelectedField`.
    #[getter]
    fn selected_fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        selected_fields(py, &self.shared, self.field())
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Info(field_name={:?}, parent_type={:?})",
            self.binding().field_name.bind(py).to_string_lossy(),
            self.binding().parent_type.bind(py).to_string_lossy()
        )
    }
}
