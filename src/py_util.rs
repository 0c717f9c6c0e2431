//! Small helpers for talking to CPython cheaply.

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyTuple, PyType};

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

/// The exception `throw(typ, val)` raises, as generators take it: `val` when given, else
/// `typ` itself when it is an instance, else `typ()`.
pub fn thrown<'py>(
    typ: Bound<'py, PyAny>,
    val: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    match val {
        Some(v) if !v.is_none() => Ok(v),
        _ if typ.is_instance_of::<pyo3::exceptions::PyBaseException>() => Ok(typ),
        _ => typ.call0(),
    }
}

/// Whether `dict[key]` is exactly the string `expected`.
pub fn str_item_is(
    dict: &Bound<'_, PyDict>,
    key: &Bound<'_, PyString>,
    expected: &str,
) -> PyResult<bool> {
    Ok(match dict.get_item(key)? {
        Some(value) => value
            .cast_exact::<PyString>()
            .is_ok_and(|v| v.to_str().is_ok_and(|v| v == expected)),
        None => false,
    })
}

/// True for an exception instance (a flag test on its type).
#[inline]
pub fn is_exception(obj: &Bound<'_, PyAny>) -> bool {
    // SAFETY: `obj` is a live object.
    unsafe { ffi::PyExceptionInstance_Check(obj.as_ptr()) != 0 }
}

/// True when `obj` implements `__aiter__` (an async generator, any async iterable).
pub fn is_async_iterable(obj: &Bound<'_, PyAny>) -> bool {
    // SAFETY: as in `is_awaitable`.
    unsafe {
        let tp = ffi::Py_TYPE(obj.as_ptr());
        let am = (*tp).tp_as_async;
        !am.is_null() && (*am).am_aiter.is_some()
    }
}

static COLLECT_ASYNC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Drains an async iterable into a list. With `stop`, it stops at the first item that makes
/// a list of non-null items null (None or an exception instance) and closes the iterable, as
/// nothing it would yield afterwards can appear in the response.
const COLLECT_ASYNC_SOURCE: &std::ffi::CStr = c"
async def collect(items, stop):
    out = []
    iterator = items.__aiter__()
    while True:
        try:
            item = await iterator.__anext__()
        except StopAsyncIteration:
            return out
        out.append(item)
        if stop and (item is None or isinstance(item, Exception)):
            aclose = getattr(iterator, 'aclose', None)
            if aclose is not None:
                await aclose()
            return out
";

/// A coroutine that drains the async iterable `obj` into a list (see `COLLECT_ASYNC_SOURCE`).
pub fn collect_async<'py>(obj: &Bound<'py, PyAny>, stop: bool) -> PyResult<Bound<'py, PyAny>> {
    let py = obj.py();
    let collect = COLLECT_ASYNC.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        let module = pyo3::types::PyModule::from_code(
            py,
            COLLECT_ASYNC_SOURCE,
            c"grommet/_collect_async.py",
            c"grommet._collect_async",
        )?;
        Ok(module.getattr("collect")?.unbind())
    })?;
    collect.bind(py).call1((obj, stop))
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
    if nests_deeper_than(obj, INSPECT_NESTING) {
        return "<a value too large or too deeply nested to show>".to_owned();
    }
    obj.repr()
        .map(|r| r.to_string_lossy().into_owned())
        .unwrap_or_else(|_| "<unrepresentable>".to_owned())
}

/// `repr` recurses on the C stack: values nested deeper than this (or over 100,000 items) are
/// not shown in messages.
const INSPECT_NESTING: usize = 32;

/// Whether dicts, lists and tuples nest more than `limit` levels in `obj` (iterative; a cycle
/// counts as infinitely deep).
fn nests_deeper_than(obj: &Bound<'_, PyAny>, limit: usize) -> bool {
    let mut stack = vec![(obj.clone(), 0usize)];
    let mut seen = 0usize;
    while let Some((v, depth)) = stack.pop() {
        let children: Vec<Bound<'_, PyAny>> = if let Ok(d) = v.cast::<PyDict>() {
            d.values().iter().collect()
        } else if let Ok(l) = v.cast::<PyList>() {
            l.iter().collect()
        } else if let Ok(t) = v.cast::<PyTuple>() {
            t.iter().collect()
        } else {
            continue;
        };
        if depth >= limit {
            return true;
        }
        seen += children.len();
        if seen > 100_000 {
            return true;
        }
        stack.extend(children.into_iter().map(|c| (c, depth + 1)));
    }
    false
}

static GC_PAUSES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static GC_WAS_ENABLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Pauses CPython's cyclic GC while a synchronous pass builds the response: every dict and
/// list we allocate counts toward a collection, and each collection walks all of the user's
/// live objects, none of which the pass can make cyclic garbage. Nested pauses (other
/// threads) share one pause; the last to finish restores the previous state.
pub struct GcPause(());

impl GcPause {
    pub fn new(_py: Python<'_>) -> Self {
        use std::sync::atomic::Ordering;
        if GC_PAUSES.fetch_add(1, Ordering::AcqRel) == 0 {
            // SAFETY: called while attached to the interpreter (`_py`).
            let was = unsafe { ffi::PyGC_Disable() };
            GC_WAS_ENABLED.store(was == 1, Ordering::Release);
        }
        GcPause(())
    }
}

impl Drop for GcPause {
    fn drop(&mut self) {
        use std::sync::atomic::Ordering;
        if GC_PAUSES.fetch_sub(1, Ordering::AcqRel) == 1 && GC_WAS_ENABLED.load(Ordering::Acquire) {
            // SAFETY: a pause only exists while its owner is attached (it never crosses a detach).
            unsafe { ffi::PyGC_Enable() };
        }
    }
}

/// Stops the cyclic GC from tracking a container the engine built for the response.
/// A response is a tree of dicts and lists (dicts stay untracked while they hold only
/// untracked values; a list is tracked from birth), so it can never be part of a cycle, and
/// collections no longer walk every dict and list of a large response.
#[inline]
pub fn untrack(obj: &Bound<'_, PyAny>) {
    // SAFETY: `obj` is a live GC-capable object (a list we created); untracking an object
    // the collector does not track is a no-op.
    unsafe { ffi::PyObject_GC_UnTrack(obj.as_ptr().cast()) }
}
