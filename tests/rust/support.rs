use std::ffi::CString;
use std::sync::Once;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use ::_core::_core;

static INIT: Once = Once::new();

/// Starts the embedded interpreter once, with `_core` importable.
pub fn init() {
    INIT.call_once(|| {
        pyo3::append_to_inittab!(_core);
        Python::initialize();
    });
}

/// Runs Python `code` (defining helpers) and returns its globals.
pub fn run<'py>(py: Python<'py>, code: &str) -> Bound<'py, PyDict> {
    let globals = PyDict::new(py);
    let code = CString::new(code).expect("no NUL in test code");
    if let Err(e) = py.run(&code, Some(&globals), None) {
        e.print(py);
        panic!("python test code failed");
    }
    globals
}

/// Prelude: a schema factory whose results are plain dicts, for exact comparisons.
pub const PRELUDE: &str = r#"
import asyncio, json
import _core

class GQLError(Exception):
    def __init__(self, message, extensions=None):
        super().__init__(message)
        self.message = message
        self.extensions = extensions

def result(data, errors, extensions):
    out = {"data": data}
    if errors:
        out["errors"] = errors
    return out

def error(message, locations, path, extensions, *unexpected):  # (original_error, operation_name)
    e = {"message": message}
    if locations:
        e["locations"] = [{"line": l, "column": c} for l, c in locations]
    if path is not None:
        e["path"] = path
    if extensions:
        e["extensions"] = extensions
    return e

def request_error(errors):
    return {"errors": errors}

def make(sdl, types=None, **options):
    bundle = {"sdl": sdl, "types": types or {}}
    return _core.CoreSchema(bundle, error_class=GQLError, result_factory=result,
                            error_factory=error, request_error_factory=request_error, **options)

def run_sync(schema, query, variables=None):
    ex = schema.execute(query, variables)
    assert ex.done, "expected a synchronous completion"
    return ex.result()

def run_async(schema, query, variables=None):
    async def go():
        return await schema.execute(query, variables)
    return asyncio.run(go())
"#;
