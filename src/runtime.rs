//! The asyncio ⇄ tokio bridge (pyo3-async-runtimes): Rust-only work too long to run on the
//! event loop's thread goes to tokio's blocking pool and comes back as an asyncio future.

use std::sync::Arc;

use apollo_compiler::validation::Valid;
use apollo_compiler::Schema;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use crate::document::{validate, DocumentCache};

/// Uncached documents at least this long are validated off the event loop's thread.
pub const OFFLOAD_THRESHOLD: usize = 64 * 1024;

/// An asyncio future (of the running loop) that completes once `source` is validated and cached.
/// Fails with `RuntimeError` when no event loop runs in this thread.
pub fn validate_off_loop<'py>(
    py: Python<'py>,
    schema: Arc<Valid<Schema>>,
    cache: Arc<DocumentCache>,
    source: String,
) -> PyResult<Bound<'py, PyAny>> {
    pyo3_async_runtimes::tokio::future_into_py(py, async move {
        tokio::task::spawn_blocking(move || {
            let prepared = validate(&schema, &cache.limits, &source);
            cache.put(&source, prepared);
        })
        .await
        .map_err(|e| PyRuntimeError::new_err(format!("document validation failed: {e}")))
    })
}
