//! No Rust panic crosses into Python. A panic is a bug in the engine; PyO3 would raise it as
//! `PanicException`, a `BaseException` that servers' `except Exception` does not catch. Every
//! entry point runs its body under `catch`, and a panic becomes a request error response
//! ("Internal server error"), with the panic's text logged on the `grommet` logger.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::prelude::*;

use crate::errors::GqlError;
use crate::execute::ExecOptions;

pub const INTERNAL_ERROR: &str = "Internal server error";

/// Runs `f`; a panic inside it is logged and given to `recover` instead of unwinding further.
pub fn catch<T>(
    py: Python<'_>,
    f: impl FnOnce() -> PyResult<T>,
    recover: impl FnOnce() -> PyResult<T>,
) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => {
            let text = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(no message)".to_owned());
            log_panic(py, &text);
            recover()
        }
    }
}

/// The response of a request the engine failed on.
pub fn internal_error(py: Python<'_>, options: &ExecOptions) -> PyResult<Py<PyAny>> {
    options.request_errors(py, vec![GqlError::new(INTERNAL_ERROR)])
}

pub fn log_panic(py: Python<'_>, text: &str) {
    let logged = py
        .import("logging")
        .and_then(|logging| logging.call_method1("getLogger", ("grommet",)))
        .and_then(|logger| {
            logger.call_method1(
                "error",
                (
                    "grommet's engine panicked (a bug: please report it): %s",
                    text,
                ),
            )
        });
    if logged.is_err() {
        eprintln!("grommet's engine panicked (a bug: please report it): {text}");
    }
}
