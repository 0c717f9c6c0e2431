//! String values for `sdl_fast`: escapes of quoted strings and the dedent of block strings,
//! with the results apollo-parser gives (spec `StringValue` and `BlockStringValue()`; a block
//! string's only escape is `\"""`). Whatever apollo-parser's lexer rejects is declined (`None`).

use std::borrow::Cow;

/// The value of a quoted string whose content starts at `start`, and the offset past its
/// closing quote; `None` at a line terminator, the end of the text or a bad escape.
pub fn string_value(text: &str, start: usize) -> Option<(Cow<'_, str>, usize)> {
    let b = text.as_bytes();
    let mut out = String::new();
    let mut from = start;
    let mut i = start;
    loop {
        match *b.get(i)? {
            b'"' if from == start => return Some((Cow::Borrowed(&text[start..i]), i + 1)),
            b'"' => {
                out.push_str(&text[from..i]);
                return Some((Cow::Owned(out), i + 1));
            }
            b'\n' | b'\r' => return None,
            b'\\' => {
                out.push_str(&text[from..i]);
                let c = match *b.get(i + 1)? {
                    b'u' => {
                        let (c, end) = unicode_escape(b, i + 2)?;
                        out.push(c);
                        i = end;
                        from = i;
                        continue;
                    }
                    other => crate::json_decode::short_escape(other)?,
                };
                out.push(c);
                i += 2;
                from = i;
            }
            _ => i += 1,
        }
    }
}

/// The character of a `\u` escape whose digits start at `i` (`XXXX`, a surrogate pair
/// `\uD83D\uDE00`, or `{X…}` of at most six digits), and the offset past it.
fn unicode_escape(b: &[u8], i: usize) -> Option<(char, usize)> {
    if b.get(i) == Some(&b'{') {
        let digits = b.get(i + 1..)?;
        let len = digits.iter().take_while(|d| d.is_ascii_hexdigit()).count();
        if len == 0 || len > 6 || digits.get(len) != Some(&b'}') {
            return None;
        }
        let c = char::from_u32(hex(&digits[..len])?)?;
        return Some((c, i + 1 + len + 1));
    }
    let value = hex(b.get(i..i + 4)?)?;
    match value {
        0xD800..=0xDBFF => {
            if b.get(i + 4..i + 6) != Some(b"\\u") {
                return None;
            }
            let trail = hex(b.get(i + 6..i + 10)?)?;
            if !(0xDC00..=0xDFFF).contains(&trail) {
                return None;
            }
            let c = char::from_u32(0x10000 + ((value - 0xD800) << 10) + (trail - 0xDC00))?;
            Some((c, i + 10))
        }
        _ => Some((char::from_u32(value)?, i + 4)),
    }
}

/// Hexadecimal digits (all of them must be) as a number.
fn hex(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |acc, &d| {
        let v = (d as char).to_digit(16)?;
        Some(acc * 16 + v)
    })
}

fn is_blank(line: &str) -> bool {
    line.bytes().all(|c| c == b' ' || c == b'\t')
}

fn indent(line: &str) -> usize {
    line.bytes()
        .take_while(|&c| c == b' ' || c == b'\t')
        .count()
}

/// The offset of the first line terminator in `text`.
fn line_end(text: &str) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', text.as_bytes())
}

/// Lines split at `\r\n`, `\n` or `\r` (an empty text is one empty line).
fn lines(raw: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(raw);
    std::iter::from_fn(move || {
        let text = rest?;
        match line_end(text) {
            None => {
                rest = None;
                Some(text)
            }
            Some(at) => {
                let skip = if text.as_bytes()[at..].starts_with(b"\r\n") {
                    2
                } else {
                    1
                };
                rest = Some(&text[at + skip..]);
                Some(&text[..at])
            }
        }
    })
}

/// `BlockStringValue(raw)`: the common indent of the lines after the first removed, blank
/// lines at the start and end dropped, lines joined with `\n`, and `\"""` made `"""` (which
/// only a `raw` with a `backslash` can hold).
pub fn block_string_value(raw: &str, backslash: bool) -> Cow<'_, str> {
    if line_end(raw).is_none() {
        // One line: kept whole unless blank (a first line is never dedented).
        return if is_blank(raw) {
            Cow::Borrowed("")
        } else if backslash && has_escaped_quotes(raw) {
            Cow::Owned(raw.replace(ESCAPED_QUOTES, "\"\"\""))
        } else {
            Cow::Borrowed(raw)
        };
    }
    let common = lines(raw)
        .skip(1)
        .filter(|l| !is_blank(l))
        .map(indent)
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(raw.len());
    // Length of `out` up to the end of its last non-blank line.
    let mut kept = 0;
    let mut first = true;
    for (n, line) in lines(raw).enumerate() {
        let line = if n == 0 {
            line
        } else {
            &line[common.min(line.len())..]
        };
        if first && is_blank(line) {
            continue;
        }
        if !first {
            out.push('\n');
        }
        first = false;
        if backslash && has_escaped_quotes(line) {
            out.push_str(&line.replace(ESCAPED_QUOTES, "\"\"\""));
        } else {
            out.push_str(line);
        }
        if !is_blank(line) {
            kept = out.len();
        }
    }
    out.truncate(kept);
    Cow::Owned(out)
}

const ESCAPED_QUOTES: &str = "\\\"\"\"";

fn has_escaped_quotes(text: &str) -> bool {
    text.contains(ESCAPED_QUOTES)
}
