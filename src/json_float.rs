//! `float.__repr__` for the JSON encoder (`json.rs`): the digits json.dumps writes for a float.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::fmt::Write as _;

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
