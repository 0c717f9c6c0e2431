//! Parsing + validation of operations, and the per-schema LRU of validated documents.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, OnceLock};

use apollo_compiler::executable::ExecutableDocument;
use apollo_compiler::parser::Parser;
use apollo_compiler::validation::Valid;
use apollo_compiler::Schema;
use lru::LruCache;
use pyo3::prelude::*;

use apollo_compiler::diagnostic::ToCliReport;
use apollo_compiler::validation::DiagnosticList;

use crate::errors::{line_column, GqlError};

/// A validated document, shared by every execution of the same query text.
pub struct PreparedDocument {
    pub doc: Valid<ExecutableDocument>,
    /// Errors of custom scalar literals their `parse` refuses: found once, on first execution
    /// (it calls Python, which validation off the event loop cannot).
    pub scalar_literals: OnceLock<Vec<LiteralError>>,
}

/// A refused custom scalar literal: message, locations, extensions.
pub type LiteralError = (String, Vec<(usize, usize)>, Option<Py<PyAny>>);

impl PreparedDocument {
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

/// Documents at least this long are parsed and validated with the thread detached.
pub const DETACH_THRESHOLD: usize = 4 * 1024;

pub struct DocumentCache {
    inner: Option<Mutex<LruCache<Box<str>, Prepared>>>,
}

impl DocumentCache {
    pub fn new(capacity: usize) -> Self {
        DocumentCache {
            inner: NonZeroUsize::new(capacity).map(|c| Mutex::new(LruCache::new(c))),
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
pub fn validate(schema: &Valid<Schema>, source: &str) -> Prepared {
    // A document that does not parse is reported by its syntax errors alone (spec §6.1: no
    // validation of a document that failed to parse).
    let ast = Parser::new()
        .token_limit(TOKEN_LIMIT)
        .parse_ast(source, "query.graphql")
        .map_err(|e| Arc::new(request_errors(&e.errors, source)))?;
    match ast.to_executable_validate(schema) {
        Ok(doc) => {
            let problems = crate::input_rules::check(schema, &doc, source);
            if !problems.is_empty() {
                return Err(Arc::new(problems));
            }
            Ok(Arc::new(PreparedDocument {
                doc,
                scalar_literals: OnceLock::new(),
            }))
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
    let all: Vec<(String, Option<(usize, usize)>)> = list
        .iter()
        .map(|d| {
            let span = d.error.location().map(|s| (s.offset(), s.end_offset()));
            (d.error.to_string(), span)
        })
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
                .is_some_and(|name| {
                    all.iter().any(|(m, _)| {
                        m.starts_with("type condition `")
                            && m.contains(&format!("of fragment `{name}`"))
                    })
                }),
        };
        if !derived {
            let locations = span
                .map(|(start, _)| vec![line_column(source, start)])
                .unwrap_or_default();
            out.push((message.clone(), locations));
        }
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
        py.detach(|| validate(schema, source))
    } else {
        validate(schema, source)
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
