//! Parsing + validation of operations, and the per-schema LRU of validated documents.

use std::collections::HashSet;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, OnceLock};

use apollo_compiler::executable::ExecutableDocument;
use apollo_compiler::parser::Parser;
use apollo_compiler::parser::SourceSpan;
use apollo_compiler::validation::Valid;
use apollo_compiler::Schema;
use lru::LruCache;
use pyo3::prelude::*;

use apollo_compiler::diagnostic::ToCliReport;
use apollo_compiler::validation::DiagnosticList;

use crate::errors::{line_column, GqlError, LineIndex, Locator};
use crate::limits::{check_document, Limits};

/// A validated document, shared by every execution of the same query text.
pub struct PreparedDocument {
    pub doc: Valid<ExecutableDocument>,
    /// For error locations, built at the first error.
    lines: OnceLock<LineIndex>,
    /// Errors of custom scalar literals their `parse` refuses: found once, on first execution
    /// (it calls Python, which validation off the event loop cannot).
    pub scalar_literals: OnceLock<Vec<LiteralError>>,
}

/// A refused custom scalar literal: message, locations, extensions.
pub type LiteralError = (String, Vec<(usize, usize)>, Option<Py<PyAny>>);

impl PreparedDocument {
    pub fn new(doc: Valid<ExecutableDocument>) -> Self {
        PreparedDocument {
            doc,
            lines: OnceLock::new(),
            scalar_literals: OnceLock::new(),
        }
    }

    /// Locations in the query text (its line index built at the first error).
    pub fn locator(&self) -> Locator<'_> {
        Locator {
            source: self.source(),
            lines: &self.lines,
        }
    }

    /// Line and column of a byte offset in the query text.
    pub fn location(&self, offset: usize) -> (usize, usize) {
        self.locator().location(offset)
    }

    pub fn span_location(&self, span: Option<SourceSpan>) -> Option<(usize, usize)> {
        self.locator().span(span)
    }

    /// The query text, for computing error locations.
    pub fn source(&self) -> &str {
        self.doc
            .sources
            .values()
            .next()
            .map(|f| f.source_text())
            .unwrap_or("")
    }
}

pub type Prepared = Result<Arc<PreparedDocument>, Arc<Vec<(String, Vec<(usize, usize)>)>>>;

/// Lexing stops past this many tokens: hostile documents cost bounded work.
pub const TOKEN_LIMIT: usize = 500_000;

/// How deep selection sets, values and list types may nest in a document. The parser, the
/// validator and the executor all recurse along this nesting; at this bound they stay within a
/// 256 KiB thread stack. A deeper document is a syntax error.
pub const NESTING_LIMIT: usize = 100;

/// At most this many errors of a document are reported (graphql-core's limit).
pub const MAX_ERRORS: usize = 100;

/// Documents at least this long are parsed and validated with the thread detached.
pub const DETACH_THRESHOLD: usize = 4 * 1024;

/// The validated documents of one schema, and the limits its documents must keep.
pub struct DocumentCache {
    inner: Option<Mutex<LruCache<Box<str>, Prepared>>>,
    pub limits: Limits,
}

impl DocumentCache {
    pub fn new(capacity: usize, limits: Limits) -> Self {
        DocumentCache {
            inner: NonZeroUsize::new(capacity).map(|c| Mutex::new(LruCache::new(c))),
            limits,
        }
    }

    pub fn get(&self, source: &str) -> Option<Prepared> {
        let mut cache = self
            .inner
            .as_ref()?
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        cache.get(source).cloned()
    }

    pub fn put(&self, source: &str, prepared: Prepared) {
        if let Some(inner) = &self.inner {
            inner
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .put(source.into(), prepared);
        }
    }
}

/// Parse + validate with no Python involved (safe to run detached or on another thread).
pub fn validate(schema: &Valid<Schema>, limits: &Limits, source: &str) -> Prepared {
    // A document that does not parse is reported by its syntax errors alone (spec §6.1: no
    // validation of a document that failed to parse).
    let ast = Parser::new()
        .token_limit(TOKEN_LIMIT)
        .recursion_limit(NESTING_LIMIT)
        .parse_ast(source, "query.graphql")
        .map_err(|e| Arc::new(request_errors(&e.errors, source)))?;
    if crate::nesting::too_deep(&ast) {
        return Err(Arc::new(vec![(
            crate::nesting::TOO_DEEP.to_owned(),
            Vec::new(),
        )]));
    }
    if limits.any() {
        if let Some((message, offset)) = check_document(&ast, limits) {
            let locations = offset.map(|o| vec![line_column(source, o)]);
            return Err(Arc::new(vec![(message, locations.unwrap_or_default())]));
        }
    }
    match ast.to_executable_validate(schema) {
        Ok(doc) => {
            let problems = crate::input_rules::check(schema, &doc, source);
            if !problems.is_empty() {
                return Err(Arc::new(problems));
            }
            Ok(Arc::new(PreparedDocument::new(doc)))
        }
        Err(with_errors) => Err(Arc::new(request_errors(&with_errors.errors, source))),
    }
}

/// apollo-compiler drops an invalid selection while building the document and then reports
/// what the gap implies as well ("must have a subselection set" for a field whose only
/// selections were unknown, "cannot find fragment" for a fragment with an unknown type
/// condition). Each document problem is reported once, as the reference implementation does.
fn request_errors(list: &DiagnosticList, source: &str) -> Vec<(String, Vec<(usize, usize)>)> {
    let mut out = Vec::new();
    let lines = LineIndex::new(source);
    let all: Vec<(String, Option<(usize, usize)>)> = list
        .iter()
        .map(|d| {
            let span = d.error.location().map(|s| (s.offset(), s.end_offset()));
            (d.error.to_string(), span)
        })
        .collect();
    // Fragments whose type condition is unknown: their "cannot find fragment" is derived.
    let bad_condition: HashSet<&str> = all
        .iter()
        .filter(|(m, _)| m.starts_with("type condition `"))
        .filter_map(|(m, _)| m.split("of fragment `").nth(1)?.split('`').next())
        .collect();
    for (message, span) in &all {
        let derived = match span {
            Some((start, end))
                if message == "interface, union and object types must have a subselection set" =>
            {
                let text = source.get(*start..*end).unwrap_or("");
                let after_args = text.rfind(')').map_or(text, |i| &text[i..]);
                after_args.contains('{')
            }
            _ => message
                .strip_prefix("cannot find fragment `")
                .and_then(|r| r.split('`').next())
                .is_some_and(|name| bad_condition.contains(name)),
        };
        if derived {
            continue;
        }
        if out.len() == MAX_ERRORS {
            // As graphql-core: a hostile document's thousands of errors are not all sent.
            out.push((
                "Too many validation errors, error limit reached. Validation aborted.".to_owned(),
                Vec::new(),
            ));
            break;
        }
        // graphql-core's wording: apollo-parser's names its own counter.
        let message = if message == "parser recursion limit reached" {
            "Document is nested too deeply. Parsing aborted."
        } else {
            message
        };
        let locations = span
            .map(|(start, _)| vec![lines.line_column(source, start)])
            .unwrap_or_default();
        out.push((message.to_owned(), locations));
    }
    out
}

/// Cached preparation; long documents are validated with the Python thread detached.
pub fn prepare(
    py: Python<'_>,
    schema: &Valid<Schema>,
    cache: &DocumentCache,
    source: &str,
) -> Prepared {
    if let Some(hit) = cache.get(source) {
        return hit;
    }
    let prepared = if source.len() >= DETACH_THRESHOLD {
        py.detach(|| validate(schema, &cache.limits, source))
    } else {
        validate(schema, &cache.limits, source)
    };
    cache.put(source, prepared.clone());
    prepared
}

pub fn validation_errors(errors: &[(String, Vec<(usize, usize)>)]) -> Vec<GqlError> {
    errors
        .iter()
        .map(|(m, locs)| GqlError {
            message: m.clone(),
            locations: locs.clone(),
            path: None,
            extensions: None,
        })
        .collect()
}
