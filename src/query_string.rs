//! An HTTP query string as `grommet.asgi.Request.query_params` reads it:
//! `dict(urllib.parse.parse_qsl(raw.decode("latin-1"), keep_blank_values=True))`, exactly
//! (Python 3.11's rules), without a Python call per field.
//!
//! - fields are separated by `&` only; empty fields are skipped; a field without `=` has the
//!   empty value; the name ends at the first `=`;
//! - `+` is a space; a part without `%` is its bytes as Latin-1 characters; otherwise each run
//!   of ASCII bytes is percent-decoded (`%` and two hex digits of either case; anything else
//!   stays as it is) and read as UTF-8 with U+FFFD for each maximal invalid subsequence (the
//!   standard library's `errors="replace"`), and each run of other bytes stays Latin-1;
//! - a repeated name keeps its first place and its last value.

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

/// `dict(parse_qsl(raw.decode("latin-1"), keep_blank_values=True))`.
#[pyfunction]
pub fn parse_query_string<'py>(
    py: Python<'py>,
    raw: &Bound<'py, PyBytes>,
) -> PyResult<Bound<'py, PyDict>> {
    let params = PyDict::new(py);
    let mut text = String::new();
    for field in raw.as_bytes().split(|&b| b == b'&') {
        if field.is_empty() {
            continue;
        }
        let (name, value) = match field.iter().position(|&b| b == b'=') {
            Some(at) => (&field[..at], &field[at + 1..]),
            None => (field, &b""[..]),
        };
        unquote(name, &mut text);
        let name = PyString::new(py, &text);
        unquote(value, &mut text);
        params.set_item(name, PyString::new(py, &text))?;
    }
    Ok(params)
}

/// `unquote(part.replace("+", " "))` of a Latin-1 part, into `out` (cleared first).
fn unquote(part: &[u8], out: &mut String) {
    out.clear();
    if !part.contains(&b'%') {
        out.extend(part.iter().map(|&b| plus_as_space(b) as char));
        return;
    }
    let mut rest = part;
    let mut decoded = Vec::new();
    while !rest.is_empty() {
        let ascii = rest[0].is_ascii();
        let run = rest
            .iter()
            .position(|b| b.is_ascii() != ascii)
            .unwrap_or(rest.len());
        let (chunk, after) = rest.split_at(run);
        if ascii {
            decoded.clear();
            percent_decode(chunk, &mut decoded);
            out.push_str(&String::from_utf8_lossy(&decoded));
        } else {
            out.extend(chunk.iter().map(|&b| b as char));
        }
        rest = after;
    }
}

fn plus_as_space(b: u8) -> u8 {
    if b == b'+' {
        b' '
    } else {
        b
    }
}

/// `unquote_to_bytes` of an ASCII run (after `+` became a space).
fn percent_decode(run: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < run.len() {
        let b = plus_as_space(run[i]);
        if b == b'%' {
            if let (Some(high), Some(low)) = (
                run.get(i + 1).and_then(|&h| hex(h)),
                run.get(i + 2).and_then(|&l| hex(l)),
            ) {
                out.push(high << 4 | low);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}
