//! Lists of flat objects written straight to JSON, for `HttpPost` (the one-call JSON POST
//! path) only: the response of such an execution is encoded by `json.rs` and seen by nothing
//! else, so a completed list may be held as its JSON text ([`RawJson`]) instead of a Python
//! list of dicts, which saves building, walking and freeing a dict per item.
//!
//! A list qualifies when its items are objects of one object type whose selected fields are
//! all data fields (`Resolver::Attr`) or `__typename` of built-in scalar types, and every
//! value is read without running user code (a remembered `__slots__` slot, or an exact dict's
//! key) and is already in its output form (an exact `str`, an `int` in Int's range, a finite
//! `float`, a `bool`, or null where the type allows it). Anything else (an awaitable, an
//! exception, a value to convert or refuse, a property, a first read of a class) abandons the
//! attempt before anything is reported: nothing it read ran code, so the usual completion then
//! reads and completes the list as it always does, errors included.

use std::cell::{Cell, RefCell};

use apollo_compiler::ast::Type;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyInt, PyString};

use super::collect::{Collected, CollectedField};
use super::engine::Pass;
use super::slot_attr::read_slot_now;
use crate::errors::GqlError;
use crate::json::{write_float, write_i64, write_str, write_text};
use crate::plan::{OutputKind, Resolver};

thread_local! {
    /// Set while `HttpPost` starts an execution: its engine may write lists directly.
    static REQUESTED: Cell<bool> = const { Cell::new(false) };
    /// The errors of a request refused before execution, kept for `HttpPost` to write.
    static REFUSED: RefCell<Option<Vec<GqlError>>> = const { RefCell::new(None) };
}

/// Runs `start` (which starts one execution) with direct writing allowed; with the errors of
/// the request when it was refused before execution (the execution's result is then `None`:
/// the caller writes the response from them).
pub fn with_direct<R>(start: impl FnOnce() -> R) -> (R, Option<Vec<GqlError>>) {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            REQUESTED.set(false);
            REFUSED.with(|r| r.borrow_mut().take());
        }
    }
    REQUESTED.set(true);
    let _reset = Reset;
    let started = start();
    (started, REFUSED.with(|r| r.borrow_mut().take()))
}

/// Keeps the errors of a refused request for the `HttpPost` that started it, or gives them
/// back (any other caller, or an execution a resolver started) to become a Python result.
pub fn refuse_directly(errors: Vec<GqlError>) -> Option<Vec<GqlError>> {
    if !requested() {
        return Some(errors);
    }
    REFUSED.with(|r| *r.borrow_mut() = Some(errors));
    None
}

/// Whether the execution being started may write lists directly. Taken by the first engine
/// built: an execution a resolver starts inside it (`schema.execute_sync` in a resolver)
/// hands its `data` to Python, so it must not hold `RawJson`.
pub(super) fn requested() -> bool {
    REQUESTED.replace(false)
}

/// A completed value held as its JSON text; `json.rs` copies it into the response.
#[pyclass(frozen, module = "grommet._core")]
pub struct RawJson {
    pub text: Vec<u8>,
}

impl<'py> Pass<'_, 'py> {
    /// The list's JSON text, when it qualifies (see the module's comment).
    #[inline(never)]
    pub(super) fn direct_list(
        &mut self,
        py: Python<'py>,
        item_ty: &Type,
        items: &[Bound<'py, PyAny>],
        cf: &CollectedField,
    ) -> Option<Bound<'py, PyAny>> {
        let (Type::Named(name) | Type::NonNullNamed(name)) = item_ty else {
            return None;
        };
        if cf.binding.output != OutputKind::Object || items.is_empty() {
            return None;
        }
        let sub = self.collector.sub_fields(py, cf, name, false, &self.vars);
        if sub.is_empty() || !sub.iter().all(flat_field) {
            return None;
        }
        // Each field's `"key":`, written once for the list.
        let mut keys = Vec::new();
        let mut key_ends = Vec::with_capacity(sub.len());
        for cf in sub.iter() {
            write_str(&mut keys, cf.response_key.bind(py)).ok()?;
            keys.push(b':');
            key_ends.push(keys.len());
        }
        let keys = Keys {
            text: &keys,
            ends: &key_ends,
        };
        let nullable = !item_ty.is_non_null();
        let mut out = Vec::with_capacity(items.len() * 64);
        out.push(b'[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            if item.is_none() {
                if !nullable {
                    return None;
                }
                out.extend_from_slice(b"null");
                continue;
            }
            write_object(&mut out, item, &sub, &keys, name.as_str())?;
        }
        out.push(b']');
        Bound::new(py, RawJson { text: out })
            .ok()
            .map(Bound::into_any)
    }
}

/// A field whose value can be written as it is read.
fn flat_field(cf: &CollectedField) -> bool {
    let named = matches!(
        cf.binding.definition.ty,
        Type::Named(_) | Type::NonNullNamed(_)
    );
    let leaf = matches!(
        cf.binding.output,
        OutputKind::String
            | OutputKind::Id
            | OutputKind::Int
            | OutputKind::Float
            | OutputKind::Boolean
    );
    named && leaf && matches!(cf.binding.resolver, Resolver::Attr(_) | Resolver::Typename)
}

/// The written keys of a list's objects: field `i`'s is `text[ends[i - 1]..ends[i]]`.
struct Keys<'a> {
    text: &'a [u8],
    ends: &'a [usize],
}

/// One object's fields, or `None` when a value is not read and written as it is.
fn write_object(
    out: &mut Vec<u8>,
    item: &Bound<'_, PyAny>,
    fields: &Collected,
    keys: &Keys<'_>,
    type_name: &str,
) -> Option<()> {
    let py = item.py();
    let dict = item.cast_exact::<PyDict>().ok();
    out.push(b'{');
    for (i, cf) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let start = if i == 0 { 0 } else { *keys.ends.get(i - 1)? };
        out.extend_from_slice(keys.text.get(start..*keys.ends.get(i)?)?);
        let name = match &cf.binding.resolver {
            Resolver::Attr(name) => name,
            _ => {
                write_text(out, type_name.as_bytes());
                continue;
            }
        };
        let value = match dict {
            Some(d) => d
                .get_item(name.bind(py))
                .ok()?
                .unwrap_or_else(|| py.None().into_bound(py)),
            None => read_slot_now(item, name.bind(py), &cf.slot)?,
        };
        write_leaf(out, cf, &value)?;
    }
    out.push(b'}');
    Some(())
}

/// A leaf already in its output form, as `serialize.rs` would leave it and `json.rs` write it.
fn write_leaf(out: &mut Vec<u8>, cf: &CollectedField, value: &Bound<'_, PyAny>) -> Option<()> {
    if value.is_none() {
        if cf.binding.definition.ty.is_non_null() {
            return None;
        }
        out.extend_from_slice(b"null");
        return Some(());
    }
    match cf.binding.output {
        OutputKind::String | OutputKind::Id => {
            write_str(out, value.cast_exact::<PyString>().ok()?).ok()
        }
        OutputKind::Int => {
            let n = value.cast_exact::<PyInt>().ok()?;
            let mut overflow = 0;
            // SAFETY: `n` is an exact int; the call only reads it.
            let small = unsafe { ffi::PyLong_AsLongLongAndOverflow(n.as_ptr(), &mut overflow) };
            if overflow != 0 || !(i64::from(i32::MIN)..=i64::from(i32::MAX)).contains(&small) {
                return None;
            }
            write_i64(out, small);
            Some(())
        }
        OutputKind::Float => {
            let x = value.cast_exact::<PyFloat>().ok()?.value();
            if !x.is_finite() {
                return None;
            }
            write_float(out, x).ok()
        }
        OutputKind::Boolean => {
            let ptr = value.as_ptr();
            // SAFETY: comparing with the two bool singletons.
            let text: &[u8] = unsafe {
                if ptr == ffi::Py_True() {
                    b"true"
                } else if ptr == ffi::Py_False() {
                    b"false"
                } else {
                    return None;
                }
            };
            out.extend_from_slice(text);
            Some(())
        }
        _ => None,
    }
}
