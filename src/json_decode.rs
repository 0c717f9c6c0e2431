//! A fast path for the strict JSON decoder of `grommet.asgi.wire.decode_json`.
//!
//! It parses the common case (a request body of objects, arrays, strings, small ints and
//! finite floats) straight into Python objects, and declines everything else: any syntax
//! error, `NaN`/`Infinity`, an int past 64 bits, a float that overflows, a duplicate key, a
//! lone surrogate escape, a control character in a string, invalid UTF-8, or nesting past
//! [`MAX_DEPTH`]. Declining returns the caller's `fallback` object, and the Python decoder
//! then gives today's value or today's error message, so every answer stays the same.
//! Whitespace is JSON's four characters, as the standard library's decoder reads it.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString};

/// Deeper documents go to the Python decoder (it bounds them by the recursion limit).
const MAX_DEPTH: usize = 200;

/// The value of the JSON text `data` (bytes, UTF-8, or str), or `fallback` when this parser
/// declines it.
#[pyfunction]
pub fn decode_json_fast<'py>(
    data: &Bound<'py, PyAny>,
    fallback: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let text: &[u8] = if let Ok(bytes) = data.cast::<PyBytes>() {
        bytes.as_bytes()
    } else if let Ok(text) = data.cast::<PyString>() {
        match text.to_str() {
            Ok(text) => text.as_bytes(),
            Err(_) => return Ok(fallback.clone()), // a lone surrogate
        }
    } else {
        return Ok(fallback.clone());
    };
    Ok(decode_bytes(data.py(), text).unwrap_or_else(|| fallback.clone()))
}

/// The value of the UTF-8 JSON text `text`, or `None` when this parser declines it.
pub fn decode_bytes<'py>(py: Python<'py>, text: &[u8]) -> Option<Bound<'py, PyAny>> {
    if std::str::from_utf8(text).is_err() {
        return None;
    }
    let mut parser = Parser { py, text, at: 0 };
    parser.value(0).and_then(|value| {
        parser.skip_whitespace();
        (parser.at == text.len()).then_some(value)
    })
}

struct Parser<'a, 'py> {
    py: Python<'py>,
    text: &'a [u8],
    at: usize,
}

impl<'py> Parser<'_, 'py> {
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.text.get(self.at) {
            self.at += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        if self.text.get(self.at..self.at + word.len()) == Some(word) {
            self.at += word.len();
            Some(())
        } else {
            None
        }
    }

    fn value(&mut self, depth: usize) -> Option<Bound<'py, PyAny>> {
        self.skip_whitespace();
        let py = self.py;
        match self.peek()? {
            b'{' => self.object(depth + 1),
            b'[' => self.array(depth + 1),
            b'"' => Some(PyString::new(py, &self.string()?).into_any()),
            b't' => self
                .literal(b"true")
                .map(|()| PyBool::new(py, true).to_owned().into_any()),
            b'f' => self
                .literal(b"false")
                .map(|()| PyBool::new(py, false).to_owned().into_any()),
            b'n' => self.literal(b"null").map(|()| py.None().into_bound(py)),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }

    fn object(&mut self, depth: usize) -> Option<Bound<'py, PyAny>> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.at += 1; // {
        let dict = PyDict::new(self.py);
        self.skip_whitespace();
        if self.peek()? == b'}' {
            self.at += 1;
            return Some(dict.into_any());
        }
        loop {
            self.skip_whitespace();
            if self.peek()? != b'"' {
                return None;
            }
            let key = PyString::new(self.py, &self.string()?);
            self.skip_whitespace();
            if self.peek()? != b':' {
                return None;
            }
            self.at += 1;
            let value = self.value(depth)?;
            // A repeated key is an error with its own message: the Python decoder says it.
            if dict.contains(&key).ok()? {
                return None;
            }
            dict.set_item(key, value).ok()?;
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    return Some(dict.into_any());
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self, depth: usize) -> Option<Bound<'py, PyAny>> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.at += 1; // [
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek()? == b']' {
            self.at += 1;
            return PyList::new(self.py, items).ok().map(Bound::into_any);
        }
        loop {
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return PyList::new(self.py, items).ok().map(Bound::into_any);
                }
                _ => return None,
            }
        }
    }

    /// The string starting at the opening quote; `None` for a control character, a bad
    /// escape or a lone surrogate.
    fn string(&mut self) -> Option<String> {
        self.at += 1; // "
        let start = self.at;
        // The common case: no escape, one copy of the run.
        loop {
            match self.peek()? {
                b'"' => {
                    let run = std::str::from_utf8(&self.text[start..self.at]).ok()?;
                    self.at += 1;
                    return Some(run.to_owned());
                }
                b'\\' => break,
                0x00..=0x1f => return None,
                _ => self.at += 1,
            }
        }
        let mut out = String::from(std::str::from_utf8(&self.text[start..self.at]).ok()?);
        let mut run = self.at;
        loop {
            match self.peek()? {
                b'"' => {
                    out.push_str(std::str::from_utf8(&self.text[run..self.at]).ok()?);
                    self.at += 1;
                    return Some(out);
                }
                b'\\' => {
                    out.push_str(std::str::from_utf8(&self.text[run..self.at]).ok()?);
                    self.at += 1;
                    let escaped = match self.peek()? {
                        b'u' => {
                            self.at += 1;
                            let unit = self.hex4()?;
                            let code = match unit {
                                0xD800..=0xDBFF => {
                                    // Only a high surrogate followed by a low one is a character.
                                    self.literal(b"\\u")?;
                                    let low = self.hex4()?;
                                    if !(0xDC00..=0xDFFF).contains(&low) {
                                        return None;
                                    }
                                    0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                                }
                                0xDC00..=0xDFFF => return None,
                                _ => unit,
                            };
                            out.push(char::from_u32(code)?);
                            run = self.at;
                            continue;
                        }
                        other => short_escape(other)?,
                    };
                    out.push(escaped);
                    self.at += 1;
                    run = self.at;
                }
                0x00..=0x1f => return None,
                _ => self.at += 1,
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        let mut unit = 0;
        for &digit in digits {
            unit = unit * 16 + (digit as char).to_digit(16)?;
        }
        self.at += 4;
        Some(unit)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`, as the standard library matches it:
    /// an int without a fraction or exponent, else a float.
    fn number(&mut self) -> Option<Bound<'py, PyAny>> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        let mut is_float = false;
        if self.peek() == Some(b'.') && matches!(self.text.get(self.at + 1), Some(b'0'..=b'9')) {
            self.at += 1;
            self.digits();
            is_float = true;
        }
        if let Some(b'e' | b'E') = self.peek() {
            let mark = self.at;
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if matches!(self.peek(), Some(b'0'..=b'9')) {
                self.digits();
                is_float = true;
            } else {
                self.at = mark; // not an exponent: the standard library stops before it
            }
        }
        let text = std::str::from_utf8(&self.text[start..self.at]).ok()?;
        if is_float {
            let value: f64 = text.parse().ok()?;
            return value
                .is_finite()
                .then(|| PyFloat::new(self.py, value).into_any());
        }
        // Past 18 digits an int may not fit; the Python decoder makes big ints.
        if text.len() > 18 {
            return None;
        }
        let value: i64 = text.parse().ok()?;
        Some(PyInt::new(self.py, value).into_any())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
    }
}

/// The character of a one-character escape (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`,
/// `\t`): the same eight in JSON and GraphQL strings.
#[inline]
pub(crate) fn short_escape(letter: u8) -> Option<char> {
    Some(match letter {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        _ => return None,
    })
}
