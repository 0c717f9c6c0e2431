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
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use std::fmt::Write as _;

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
    let mut out = Vec::with_capacity(256);
    write_value(&mut out, value, 0)?;
    Ok(PyBytes::new(py, &out))
}

fn write_value(out: &mut Vec<u8>, v: &Bound<'_, PyAny>, depth: usize) -> PyResult<()> {
    if v.is_none() {
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
        let depth = deeper(depth)?;
        out.push(b'[');
        // Indexed, not iterated: a list an `extensions` value holds may change size mid-walk
        // (it cannot here, the GIL is held, but indexing stays correct either way).
        let mut i = 0;
        while i < list.len() {
            if i > 0 {
                out.push(b',');
            }
            write_value(out, &list.get_item(i)?, depth)?;
            i += 1;
        }
        out.push(b']');
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
        let depth = deeper(depth)?;
        out.push(b'{');
        if dict.is_exact_instance_of::<PyDict>() {
            for (i, (key, item)) in dict.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_key(out, &key)?;
                out.push(b':');
                write_value(out, &item, depth)?;
            }
        } else {
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
    if let Ok(small) = n.extract::<i64>() {
        let mut text = String::with_capacity(20);
        let _ = write!(text, "{small}");
        out.extend_from_slice(text.as_bytes());
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

/// `float.__repr__`: the shortest digits that round-trip, in fixed notation for decimal
/// exponents -4..16 (always with a fractional part) and in Python's exponent notation
/// (`1e+16`, `1.5e-05`) outside it.
pub fn write_float(out: &mut Vec<u8>, x: f64) -> PyResult<()> {
    if !x.is_finite() {
        return Err(PyValueError::new_err(format!(
            "Out of range float values are not JSON compliant: {}",
            if x.is_nan() {
                "nan"
            } else if x > 0.0 {
                "inf"
            } else {
                "-inf"
            }
        )));
    }
    if x == 0.0 {
        out.extend_from_slice(if x.is_sign_negative() {
            b"-0.0"
        } else {
            b"0.0"
        });
        return Ok(());
    }
    // Rust's `{:e}` prints the shortest round-tripping digits as `d.ddde<exp>`.
    let mut sci = String::with_capacity(32);
    let _ = write!(sci, "{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mantissa.bytes().filter(|b| *b != b'.').collect();
    round_half_even(&mut digits, exp, x.abs());
    if x.is_sign_negative() {
        out.push(b'-');
    }
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.extend_from_slice(b"0.");
            out.extend(std::iter::repeat_n(b'0', (-exp - 1) as usize));
            out.extend_from_slice(&digits);
        } else {
            let point = exp as usize + 1;
            if digits.len() <= point {
                out.extend_from_slice(&digits);
                out.extend(std::iter::repeat_n(b'0', point - digits.len()));
                out.extend_from_slice(b".0");
            } else {
                out.extend_from_slice(&digits[..point]);
                out.push(b'.');
                out.extend_from_slice(&digits[point..]);
            }
        }
    } else {
        out.push(digits[0]);
        if digits.len() > 1 {
            out.push(b'.');
            out.extend_from_slice(&digits[1..]);
        }
        let mut tail = String::with_capacity(6);
        let _ = write!(tail, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
        out.extend_from_slice(tail.as_bytes());
    }
    Ok(())
}

/// Rust's shortest digits break an exact tie between two shortest candidates upwards;
/// Python's (David Gay's) pick the even one. A tie needs the lower candidate to round-trip
/// too (rare), so only then is the exact decimal expansion of `x` consulted.
fn round_half_even(digits: &mut [u8], exp: i32, x: f64) {
    let n = digits.len();
    let last = digits[n - 1];
    if (last - b'0') % 2 == 0 {
        return;
    }
    let mut lower = String::with_capacity(n + 8);
    if n == 1 {
        lower.push((last - 1) as char);
    } else {
        lower.push(digits[0] as char);
        lower.push('.');
        lower.extend(digits[1..n - 1].iter().map(|d| *d as char));
        lower.push((last - 1) as char);
    }
    let _ = write!(lower, "e{exp}");
    if lower.parse::<f64>() != Ok(x) {
        return;
    }
    // The exact value of a double has at most 767 significant digits.
    let exact = format!("{x:.800e}");
    let exact_digits: Vec<u8> = exact
        .split('e')
        .next()
        .unwrap_or("")
        .bytes()
        .filter(|b| *b != b'.')
        .collect();
    let tie = exact_digits.len() > n
        && exact_digits[..n - 1] == digits[..n - 1]
        && exact_digits[n - 1] == last - 1
        && exact_digits[n] == b'5'
        && exact_digits[n + 1..].iter().all(|d| *d == b'0');
    if tie {
        digits[n - 1] = last - 1;
    }
}

/// A string with json.dumps' escapes for `ensure_ascii=False`: `"` and `\`, the short forms
/// `\b \f \n \r \t`, and `\u00XX` (lower-case hex) for the other control characters;
/// everything else as UTF-8. A lone surrogate fails here with `UnicodeEncodeError`.
fn write_str(out: &mut Vec<u8>, s: &Bound<'_, PyString>) -> PyResult<()> {
    let text = s.to_str()?;
    out.reserve(text.len() + 2);
    out.push(b'"');
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let short: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0x00..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(b >> 4) as usize]);
            out.push(HEX[(b & 0xf) as usize]);
        } else {
            out.extend_from_slice(short);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
    Ok(())
}
