//! grommet's engine: builds a schema bundle once, then executes GraphQL over Python objects.

pub mod bundle;
pub mod coerce;
pub mod document;
pub mod errors;
pub mod execute;
pub mod guard;
pub mod http_post;
pub mod info;
pub mod input_rules;
pub mod introspection;
pub mod json;
pub mod json_decode;
pub mod json_float;
pub mod limits;
pub mod nesting;
pub mod one_of_introspection;
pub mod plan;
pub mod py_text;
pub mod py_util;
pub mod query_string;
pub mod representation;
pub mod request;
pub mod runtime;
pub mod schema;
pub mod sdl;
pub mod sdl_fast;
pub mod sdl_fast_strings;
pub mod sdl_parallel;
pub mod selected;
pub mod serialize;

use pyo3::prelude::*;

/// The engine's own allocations go through mimalloc (Python objects stay with Python's
/// allocator): parsing a schema or a document makes many small, short-lived nodes.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_arena_eager_commit` in the mimalloc v2 that `libmimalloc-sys` 0.1 builds
/// (`mi_option_t` in its `mimalloc.h`; the crate exports no constant for it).
const MI_OPTION_ARENA_EAGER_COMMIT: std::os::raw::c_int = 4;

extern "C" {
    fn mi_option_set(option: std::os::raw::c_int, value: std::os::raw::c_long);
}

/// Run when the extension is loaded, before the engine's first allocation reserves an arena.
/// An eagerly committed arena is advised for transparent huge pages, and every touched 2 MiB
/// page then counts in full towards the process's RSS (+6 MB on W1's peak, benchmarks/).
/// Committed on demand instead, an arena is never advised. Not `MIMALLOC_ALLOW_THP=0`: its
/// start-up path would turn THP off for the whole Python process.
extern "C" fn configure_mimalloc() {
    // SAFETY: sets an integer option, which mimalloc reads when it reserves an arena.
    unsafe { mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0) };
}

#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static CONFIGURE_MIMALLOC: extern "C" fn() = configure_mimalloc;

/// The extension module `grommet._core`.
#[pymodule]
pub fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<schema::CoreSchema>()?;
    m.add_class::<execute::driver::Execution>()?;
    m.add_class::<execute::subscribe::EventRunner>()?;
    m.add_class::<execute::scheduler::WakeCallback>()?;
    m.add_class::<info::Info>()?;
    m.add_class::<http_post::HttpPost>()?;
    m.add_class::<http_post::Serving>()?;
    m.add("SchemaError", m.py().get_type::<errors::SchemaError>())?;
    m.add_function(wrap_pyfunction!(sdl::parse_schema, m)?)?;
    m.add_function(wrap_pyfunction!(json::encode_json, m)?)?;
    m.add_function(wrap_pyfunction!(json_decode::decode_json_fast, m)?)?;
    m.add_function(wrap_pyfunction!(query_string::parse_query_string, m)?)?;
    m.add_function(wrap_pyfunction!(
        execute::dispatch::dispatch_in_execution,
        m
    )?)?;
    m.add_function(wrap_pyfunction!(schema::_panic_inside_guard, m)?)?;
    Ok(())
}
