//! Small helpers for talking to CPython cheaply.

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyString, PyType};

/// True when `obj` implements `__await__` (a coroutine, a Future, any awaitable).
/// Reads the type slot directly: no attribute lookup, no allocation.
#[inline]
pub fn is_awaitable(obj: &Bound<'_, PyAny>) -> bool {
    // SAFETY: `obj` is a live object; its type object and `tp_as_async` table outlive this call.
    unsafe {
        let tp = ffi::Py_TYPE(obj.as_ptr());
        let am = (*tp).tp_as_async;
        !am.is_null() && (*am).am_await.is_some()
    }
}

static COROUTINE_TYPE: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The exact type of native coroutines, which support `PyIter_Send` without `__await__`.
pub fn coroutine_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    COROUTINE_TYPE.import(py, "types", "CoroutineType")
}

static MAPPING_ABC: PyOnceLock<Py<PyType>> = PyOnceLock::new();

pub fn is_mapping(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    let abc = MAPPING_ABC.import(obj.py(), "collections.abc", "Mapping")?;
    obj.is_instance(abc)
}

/// graphql-js style rendering of a value inside an error message.
pub fn inspect(obj: &Bound<'_, PyAny>) -> String {
    if let Ok(s) = obj.cast::<PyString>() {
        let text = s.to_string_lossy();
        return serde_json::to_string(text.as_ref()).unwrap_or_else(|_| format!("{text:?}"));
    }
    if obj.is_none() {
        return "null".to_owned();
    }
    if let Ok(b) = obj.cast::<pyo3::types::PyBool>() {
        return if b.is_true() { "true" } else { "false" }.to_owned();
    }
    obj.repr()
        .map(|r| r.to_string_lossy().into_owned())
        .unwrap_or_else(|_| "<unrepresentable>".to_owned())
}
