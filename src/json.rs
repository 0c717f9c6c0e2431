//! Compact JSON encoding of a response, byte-identical to
//! `json.dumps(v, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()`.
//!
//! The standard library's C encoder is the reference: the same type tests in the same order
//! (`None`, booleans, `str`, `int`, `float`, `list`/`tuple`, `dict`), `int.__repr__` and
//! `float.__repr__` for numbers, the same escapes, and the same exception classes for what
//! it refuses, so a caller's existing error handling keeps working:
//! - a value of another type, or a key that is not `str`/`int`/`float`/`bool`/`None`: `TypeError`;
//! - NaN or an infinity: `ValueError`;
//! - a string holding a lone surrogate: `UnicodeEncodeError` (json.dumps accepts it, the
//!   `.encode()` after it fails), a `ValueError` subclass;
//! - nesting deeper than [`MAX_DEPTH`] (a cycle, or hostile user data in `extensions`):
//!   `ValueError`, where json.dumps says "Circular reference detected" or runs out of recursion.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

pub use crate::json_float::write_float;

use crate::execute::direct::RawJson;

/// Deepest nesting encoded: a GraphQL response is bounded by its query's depth (at most 100),
/// so only user data (extensions, custom scalars) or a cycle comes near it. Each level costs a
/// few hundred bytes of native stack, far below any thread's stack.
pub const MAX_DEPTH: usize = 1000;

/// `json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()`.
#[pyfunction]
pub fn encode_json<'py>(
    py: Python<'py>,
    value: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyBytes>> {
    let mut out = Vec::with_capacity(1024);
    write_value(&mut out, value, 0)?;
    Ok(PyBytes::new(py, &out))
}

pub fn write_value(out: &mut Vec<u8>, v: &Bound<'_, PyAny>, depth: usize) -> PyResult<()> {
    // The exact built-in types (all an engine result holds) by one pointer comparison each;
    // subclasses and everything else take the general path below.
    let ptr = v.as_ptr();
    // SAFETY: `v` is a live object; reading its type pointer and the singletons is always valid.
    let tp = unsafe { ffi::Py_TYPE(ptr) };
    unsafe {
        if tp == std::ptr::addr_of_mut!(ffi::PyUnicode_Type) {
            return write_str(out, v.cast_unchecked::<PyString>());
        }
        if tp == std::ptr::addr_of_mut!(ffi::PyDict_Type) {
            return write_exact_dict(out, v.cast_unchecked::<PyDict>(), depth, None);
        }
        if tp == std::ptr::addr_of_mut!(ffi::PyList_Type) {
            return write_list(out, v.cast_unchecked::<PyList>(), depth);
        }
        if tp == std::ptr::addr_of_mut!(ffi::PyLong_Type) {
            return write_int(out, v.cast_unchecked::<PyInt>());
        }
        if ptr == ffi::Py_None() {
            out.extend_from_slice(b"null");
            return Ok(());
        }
        if ptr == ffi::Py_True() {
            out.extend_from_slice(b"true");
            return Ok(());
        }
        if ptr == ffi::Py_False() {
            out.extend_from_slice(b"false");
            return Ok(());
        }
        if tp == std::ptr::addr_of_mut!(ffi::PyFloat_Type) {
            return write_float(out, ffi::PyFloat_AS_DOUBLE(ptr));
        }
    }
    write_other(out, v, depth)
}

fn write_list(out: &mut Vec<u8>, list: &Bound<'_, PyList>, depth: usize) -> PyResult<()> {
    let depth = deeper(depth)?;
    out.push(b'[');
    // The objects of a list are mostly of one type, with the same keys: each key is escaped
    // once per list.
    let mut keys = KeyCache::default();
    // Indexed, not iterated: a list an `extensions` value holds may change size mid-walk
    // (a subclass's `items()` may run code), so the length is read again at every step.
    let mut i = 0;
    while i < list.len() {
        if i > 0 {
            out.push(b',');
        }
        let item = list.get_item(i)?;
        if item.is_exact_instance_of::<PyDict>() {
            // SAFETY: the type is exactly dict.
            let dict = unsafe { item.cast_unchecked::<PyDict>() };
            write_exact_dict(out, dict, depth, Some(&mut keys))?;
        } else {
            write_value(out, &item, depth)?;
        }
        i += 1;
    }
    out.push(b']');
    Ok(())
}

/// How many keys a list's [`KeyCache`] remembers.
const CACHED_KEYS: usize = 16;

/// The written form (`"name":`) of the exact-str keys met in the objects of one list, by
/// identity: the engine's objects share their key strings. Each key is held, so no other
/// string can take its address while the cache lives.
#[derive(Default)]
struct KeyCache<'py> {
    keys: Vec<(Bound<'py, PyAny>, std::ops::Range<usize>)>,
    written: Vec<u8>,
}

impl<'py> KeyCache<'py> {
    fn find(&self, key: *mut ffi::PyObject) -> Option<&[u8]> {
        self.keys
            .iter()
            .find(|(k, _)| k.as_ptr() == key)
            .map(|(_, at)| &self.written[at.clone()])
    }
}

fn write_exact_dict<'py>(
    out: &mut Vec<u8>,
    dict: &Bound<'py, PyDict>,
    depth: usize,
    mut keys: Option<&mut KeyCache<'py>>,
) -> PyResult<()> {
    let depth = deeper(depth)?;
    let py = dict.py();
    out.push(b'{');
    let mut position: ffi::Py_ssize_t = 0;
    let mut key: *mut ffi::PyObject = std::ptr::null_mut();
    let mut item: *mut ffi::PyObject = std::ptr::null_mut();
    let mut first = true;
    // PyDict_Next with borrowed pointers (no iterator object, no reference counting per key);
    // the key is written before any code could run, the item is held while it is walked (a
    // dict subclass inside it may run `items()`, which may change this dict).
    // SAFETY: `dict` is a live exact dict; PyDict_Next bounds `position` itself.
    while unsafe { ffi::PyDict_Next(dict.as_ptr(), &mut position, &mut key, &mut item) } != 0 {
        if !first {
            out.push(b',');
        }
        first = false;
        // SAFETY: PyDict_Next gave live borrowed references; `item` is owned from here on.
        let item = unsafe { Bound::from_borrowed_ptr(py, item) };
        match keys.as_deref_mut() {
            Some(cache) => {
                if let Some(written) = cache.find(key) {
                    out.extend_from_slice(written);
                } else {
                    let start = out.len();
                    // SAFETY: a live borrowed reference from PyDict_Next.
                    let key = unsafe { Bound::from_borrowed_ptr(py, key) };
                    write_key(out, &key)?;
                    out.push(b':');
                    if cache.keys.len() < CACHED_KEYS && key.is_exact_instance_of::<PyString>() {
                        let from = cache.written.len();
                        cache.written.extend_from_slice(&out[start..]);
                        cache.keys.push((key, from..cache.written.len()));
                    }
                }
            }
            None => {
                // SAFETY: a live borrowed reference from PyDict_Next.
                let key = unsafe { Borrowed::from_ptr(py, key) };
                write_key(out, &key)?;
                out.push(b':');
            }
        }
        write_value(out, &item, depth)?;
    }
    out.push(b'}');
    Ok(())
}

/// Subclasses of the JSON types and everything else, in json.dumps' order of type tests.
#[inline(never)]
fn write_other(out: &mut Vec<u8>, v: &Bound<'_, PyAny>, depth: usize) -> PyResult<()> {
    if let Ok(raw) = v.cast_exact::<RawJson>() {
        out.extend_from_slice(&raw.get().text);
    } else if v.is_none() {
        out.extend_from_slice(b"null");
    } else if let Ok(s) = v.cast::<PyString>() {
        write_str(out, s)?;
    } else if let Ok(b) = v.cast::<PyBool>() {
        out.extend_from_slice(if b.is_true() { b"true" } else { b"false" });
    } else if let Ok(n) = v.cast::<PyInt>() {
        write_int(out, n)?;
    } else if let Ok(f) = v.cast::<PyFloat>() {
        write_float(out, f.value())?;
    } else if let Ok(list) = v.cast::<PyList>() {
        write_list(out, list, depth)?;
    } else if let Ok(tuple) = v.cast::<PyTuple>() {
        let depth = deeper(depth)?;
        out.push(b'[');
        for (i, item) in tuple.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_value(out, &item, depth)?;
        }
        out.push(b']');
    } else if let Ok(dict) = v.cast::<PyDict>() {
        if dict.is_exact_instance_of::<PyDict>() {
            return write_exact_dict(out, dict, depth, None);
        }
        let depth = deeper(depth)?;
        out.push(b'{');
        // A subclass in the order of its `items()`, as json.dumps reads it (an
        // OrderedDict after `move_to_end` differs from its storage order).
        let items = dict.as_mapping().items()?;
        for (i, pair) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let (key, item): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair.extract()?;
            write_key(out, &key)?;
            out.push(b':');
            write_value(out, &item, depth)?;
        }
        out.push(b'}');
    } else {
        return Err(PyTypeError::new_err(format!(
            "Object of type {} is not JSON serializable",
            type_name(v)
        )));
    }
    Ok(())
}

fn deeper(depth: usize) -> PyResult<usize> {
    if depth >= MAX_DEPTH {
        return Err(PyValueError::new_err(format!(
            "the value is nested deeper than {MAX_DEPTH} levels (or refers to itself)"
        )));
    }
    Ok(depth + 1)
}

/// An object key as json.dumps converts it: strings as they are, numbers by their repr,
/// `True`/`False`/`None` as JSON literals (floats are tested before booleans, as there).
fn write_key(out: &mut Vec<u8>, key: &Bound<'_, PyAny>) -> PyResult<()> {
    // SAFETY: reading the type pointer of a live object.
    if unsafe { ffi::Py_TYPE(key.as_ptr()) } == std::ptr::addr_of_mut!(ffi::PyUnicode_Type) {
        // SAFETY: the type is exactly str.
        return write_str(out, unsafe { key.cast_unchecked::<PyString>() });
    }
    if let Ok(s) = key.cast::<PyString>() {
        return write_str(out, s);
    }
    out.push(b'"');
    if let Ok(f) = key.cast::<PyFloat>() {
        write_float(out, f.value())?;
    } else if let Ok(b) = key.cast::<PyBool>() {
        out.extend_from_slice(if b.is_true() { b"true" } else { b"false" });
    } else if key.is_none() {
        out.extend_from_slice(b"null");
    } else if let Ok(n) = key.cast::<PyInt>() {
        write_int(out, n)?;
    } else {
        return Err(PyTypeError::new_err(format!(
            "keys must be str, int, float, bool or None, not {}",
            type_name(key)
        )));
    }
    out.push(b'"');
    Ok(())
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

/// `int.__repr__` (not the subclass's: an `IntEnum` member is its number).
fn write_int(out: &mut Vec<u8>, n: &Bound<'_, PyInt>) -> PyResult<()> {
    let mut overflow = 0;
    // SAFETY: `n` is an int; the call only reads it (and sets `overflow` past 64 bits).
    let small = unsafe { ffi::PyLong_AsLongLongAndOverflow(n.as_ptr(), &mut overflow) };
    if small == -1 && overflow == 0 {
        if let Some(error) = PyErr::take(n.py()) {
            return Err(error);
        }
    }
    if overflow == 0 {
        write_i64(out, small);
        return Ok(());
    }
    // Arbitrary precision: Python's own digits (and its limit on their number, a ValueError).
    let py = n.py();
    let text = py
        .get_type::<PyInt>()
        .getattr(intern!(py, "__repr__"))?
        .call1((n,))?;
    out.extend_from_slice(text.cast::<PyString>()?.to_str()?.as_bytes());
    Ok(())
}

/// Decimal digits of a 64-bit int, without the formatting machinery.
pub(crate) fn write_i64(out: &mut Vec<u8>, n: i64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[at..]);
}

/// A string with json.dumps' escapes for `ensure_ascii=False`: `"` and `\`, the short forms
/// `\b \f \n \r \t`, and `\u00XX` (lower-case hex) for the other control characters;
/// everything else as UTF-8. A lone surrogate fails here with `UnicodeEncodeError`.
pub(crate) fn write_str(out: &mut Vec<u8>, s: &Bound<'_, PyString>) -> PyResult<()> {
    let ptr = s.as_ptr();
    // SAFETY: `s` is a live str; a compact ASCII string's characters follow its header, one
    // byte each (already UTF-8), `PyUnicode_GET_LENGTH` of them. Compact strings are ready.
    unsafe {
        if ffi::PyUnicode_IS_COMPACT_ASCII(ptr) != 0 {
            let len = ffi::PyUnicode_GET_LENGTH(ptr) as usize;
            let data = (ptr as *const ffi::PyASCIIObject).add(1) as *const u8;
            write_text(out, std::slice::from_raw_parts(data, len));
            return Ok(());
        }
    }
    write_text(out, s.to_str()?.as_bytes());
    Ok(())
}

/// What follows a backslash for each byte that needs an escape (`u`: `\u00XX`), 0 for a byte
/// copied as it is.
const ESCAPES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table[b'\n' as usize] = b'n';
    table[b'\r' as usize] = b'r';
    table[b'\t' as usize] = b't';
    table[0x08] = b'b';
    table[0x0c] = b'f';
    table
};

/// [`write_str`] of UTF-8 text: runs of bytes that need no escape are copied whole, found
/// eight at a time (a byte at a time in the last few).
pub fn write_text(out: &mut Vec<u8>, bytes: &[u8]) {
    // Most strings of a response are short names and values with nothing to escape: copied
    // in one go, without a call to memcpy.
    if bytes.len() <= 16 && bytes.iter().all(|&b| ESCAPES[b as usize] == 0) {
        write_short_quoted(out, bytes);
        return;
    }
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    loop {
        while let Some(word) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(word.try_into().unwrap_or([0; 8]));
            if needs_escape(word) {
                break;
            }
            i += 8;
        }
        while let Some(&b) = bytes.get(i) {
            if ESCAPES[b as usize] != 0 {
                break;
            }
            i += 1;
        }
        let Some(&b) = bytes.get(i) else { break };
        out.extend_from_slice(&bytes[start..i]);
        let escape = ESCAPES[b as usize];
        if escape == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(b >> 4) as usize],
                HEX[(b & 0xf) as usize],
            ]);
        } else {
            out.extend_from_slice(&[b'\\', escape]);
        }
        i += 1;
        start = i;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// `"bytes"` for at most 16 bytes: two overlapping unaligned copies of 8 (or 4) bytes
/// instead of a call to memcpy.
#[inline]
fn write_short_quoted(out: &mut Vec<u8>, bytes: &[u8]) {
    let n = bytes.len();
    debug_assert!(n <= 16);
    out.reserve(n + 2);
    // SAFETY: `n + 2` bytes are reserved past the length; every read stays inside `bytes`
    // (the overlapping halves start at 0 and end at `n`), every write inside the reserve.
    unsafe {
        let len = out.len();
        let dst = out.as_mut_ptr().add(len);
        *dst = b'"';
        let body = dst.add(1);
        let src = bytes.as_ptr();
        if n >= 8 {
            let head = std::ptr::read_unaligned(src as *const u64);
            let tail = std::ptr::read_unaligned(src.add(n - 8) as *const u64);
            std::ptr::write_unaligned(body as *mut u64, head);
            std::ptr::write_unaligned(body.add(n - 8) as *mut u64, tail);
        } else if n >= 4 {
            let head = std::ptr::read_unaligned(src as *const u32);
            let tail = std::ptr::read_unaligned(src.add(n - 4) as *const u32);
            std::ptr::write_unaligned(body as *mut u32, head);
            std::ptr::write_unaligned(body.add(n - 4) as *mut u32, tail);
        } else {
            for i in 0..n {
                *body.add(i) = *src.add(i);
            }
        }
        *body.add(n) = b'"';
        out.set_len(len + n + 2);
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Whether any of the 8 bytes of `word` is `"`, a backslash or a control character (< 0x20): the
/// bit tricks for "has a zero byte" and "has a byte less than n" (exact for n <= 128).
#[inline]
fn needs_escape(word: u64) -> bool {
    let has_zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGH != 0;
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGH != 0;
    control || has_zero(word ^ (ONES * b'"' as u64)) || has_zero(word ^ (ONES * b'\\' as u64))
}
