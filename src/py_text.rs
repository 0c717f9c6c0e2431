//! A Python `str` as UTF-8 without CPython's encoder: a schema's SDL (a megabyte, with a few
//! non-ASCII characters, so stored two or four bytes per character) is copied once per build,
//! and `PyUnicode_AsUTF8AndSize` encodes it character by character and then keeps a second
//! copy inside the `str`.

use pyo3::prelude::*;
use pyo3::types::{PyString, PyStringData};

/// The text of `value` (a `str`), as `String::extract` gives it, with its errors (a `str`
/// holding a lone surrogate, which UTF-8 cannot encode, goes the usual way and fails there).
pub fn utf8(value: &Bound<'_, PyAny>) -> PyResult<String> {
    // PyO3 reads the `str`'s kind from a C bitfield, laid out as on x86-64 (where PyO3 tests
    // it) on little-endian targets only; elsewhere the text goes through CPython's encoder.
    if cfg!(target_endian = "big") {
        return value.extract();
    }
    let text = value.cast::<PyString>()?;
    // SAFETY: the buffer belongs to an immutable `str` that `text` keeps alive while it is read.
    let data = unsafe { text.data() };
    let out = match data {
        Ok(PyStringData::Ucs1(chars)) => from_code_points(chars),
        Ok(PyStringData::Ucs2(chars)) => from_code_points(chars),
        Ok(PyStringData::Ucs4(chars)) => from_code_points(chars),
        Err(_) => None,
    };
    match out {
        Some(s) => Ok(s),
        None => value.extract(),
    }
}

/// UTF-8 of code points, or `None` at one that is not a Unicode scalar value (a surrogate).
/// Runs of ASCII are copied a run at a time.
fn from_code_points<T: Copy + Into<u32>>(chars: &[T]) -> Option<String> {
    let mut out: Vec<u8> = Vec::with_capacity(chars.len());
    let mut rest = chars;
    while !rest.is_empty() {
        let ascii = rest
            .iter()
            .position(|&c| c.into() >= 0x80)
            .unwrap_or(rest.len());
        out.extend(rest[..ascii].iter().map(|&c| c.into() as u8));
        rest = &rest[ascii..];
        if let Some((&c, tail)) = rest.split_first() {
            let c = char::from_u32(c.into())?;
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            rest = tail;
        }
    }
    // Whole characters were written, each as UTF-8.
    String::from_utf8(out).ok()
}
