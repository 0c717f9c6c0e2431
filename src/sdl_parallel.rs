//! Parsing a large SDL source on two threads: its text is cut where a top-level definition
//! starts and the two halves are parsed at once (apollo-parser's syntax tree is most of the
//! time a large schema takes to build; GitHub's 1.2 MB schema spends ~40 ms there). Used when
//! `sdl_fast` declines a source or the schema has an error (`sdl::build`); `sdl_fast` itself
//! parses on one thread, as finding the cut costs about what parsing half the text does.
//!
//! A GraphQL document is a sequence of definitions, so parsing `a + b` cut between two
//! definitions gives the definitions of `a` then those of `b`. The cut is only made at a line
//! that starts, outside any string, comment or bracket, with a definition keyword or a
//! description; a definition cut anywhere else leaves a half that does not parse. Any error at
//! all (syntax, build or validation) makes the caller parse the source whole again, so
//! diagnostics point at the lines of the file as written.

use apollo_compiler::ast::Document;

/// Sources smaller than this are parsed on the calling thread alone: starting a thread and
/// scanning for the cut would cost more than the second half's parse saves.
pub const PARALLEL_BYTES: usize = 128 * 1024;

/// Stack of the helper thread: apollo-parser recurses at most 500 levels, as on the caller.
const STACK_BYTES: usize = 8 * 1024 * 1024;

/// The definitions of `(path, text)`, parsed as two halves on two threads, or `None` when the
/// text has no cut near its middle, a half has a syntax error or no thread could be started.
pub fn parse_halves(path: &str, text: &str) -> Option<(Document, Document)> {
    parse_halves_with(text, |half| Document::parse(half, path).ok())
}

/// `parse_halves` with any parser of a definition sequence (`sdl_fast::parse`, which
/// declines with `None`).
pub fn parse_halves_with(
    text: &str,
    parse: impl Fn(&str) -> Option<Document> + Sync,
) -> Option<(Document, Document)> {
    let cut = definition_start(text, text.len() / 2)?;
    let (head, tail) = text.split_at(cut);
    let parse = &parse;
    std::thread::scope(|scope| {
        let helper = std::thread::Builder::new()
            .name("grommet-sdl-parse".to_owned())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, move || parse(tail))
            .ok()?;
        let first = parse(head);
        let second = helper.join().ok()??;
        Some((first?, second))
    })
}

/// The offset of the first line at or after `from` where a top-level definition starts (not
/// the line after a description: that definition starts with its description).
fn definition_start(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    // Whether the last token was a string at the top level (a description).
    let mut described = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => i = skip_past(text, i, "\n")?,
            b'"' => {
                i = if bytes[i..].starts_with(b"\"\"\"") {
                    block_string_end(text, i + 3)?
                } else {
                    string_end(bytes, i + 1)?
                };
                described = depth == 0;
            }
            b'{' | b'(' | b'[' => {
                depth += 1;
                described = false;
                i += 1;
            }
            b'}' | b')' | b']' => {
                depth = depth.checked_sub(1)?;
                i += 1;
            }
            b'\n' => {
                i += 1;
                if depth == 0 && i >= from && !described && starts_definition(&bytes[i..]) {
                    return Some(i);
                }
            }
            b' ' | b'\t' | b'\r' | b',' => i += 1,
            _ => {
                described = false;
                i += 1;
            }
        }
    }
    None
}

/// Whether a line starts a definition: with its description or its keyword.
fn starts_definition(line: &[u8]) -> bool {
    const KEYWORDS: [&[u8]; 9] = [
        b"type",
        b"interface",
        b"input",
        b"enum",
        b"union",
        b"scalar",
        b"directive",
        b"schema",
        b"extend",
    ];
    if line.first() == Some(&b'"') {
        return true;
    }
    KEYWORDS.iter().any(|k| {
        line.starts_with(k)
            && matches!(
                line.get(k.len()),
                Some(b' ' | b'\t' | b'{' | b'@' | b'\n' | b'\r')
            )
    })
}

/// The offset just past `needle` searched from `i` (an ASCII byte's offset, so a character
/// boundary); `None` at the end of the text. `str::find` skips ahead with memchr.
fn skip_past(text: &str, i: usize, needle: &str) -> Option<usize> {
    text[i..].find(needle).map(|at| i + at + needle.len())
}

/// The offset past the `"""` closing a block string whose content starts at `i` (`\"""` is
/// an escaped quote run, not the end).
fn block_string_end(text: &str, mut i: usize) -> Option<usize> {
    loop {
        let end = skip_past(text, i, "\"\"\"")?;
        // `end - 4` is at or after the opening quotes' last byte, never before the text.
        if text.as_bytes()[end - 4] != b'\\' {
            return Some(end);
        }
        i = end;
    }
}

/// The offset past the quote closing a string whose content starts at `i`; `None` when the
/// line ends first (a syntax error the whole parse will report).
fn string_end(text: &[u8], mut i: usize) -> Option<usize> {
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            b'\n' | b'\r' => return None,
            _ => i += 1,
        }
    }
    None
}
