//! Parsing + validation of operations, and the per-schema LRU of validated documents.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use apollo_compiler::executable::ExecutableDocument;
use apollo_compiler::validation::Valid;
use apollo_compiler::Schema;
use lru::LruCache;
use pyo3::prelude::*;

use crate::errors::{diagnostics, GqlError};

/// A validated document, shared by every execution of the same query text.
pub struct PreparedDocument {
    pub doc: Valid<ExecutableDocument>,
}

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
    match ExecutableDocument::parse_and_validate(schema, source, "query.graphql") {
        Ok(doc) => Ok(Arc::new(PreparedDocument { doc })),
        Err(with_errors) => Err(Arc::new(
            diagnostics(&with_errors.errors)
                .into_iter()
                .map(|(_, line, col, msg)| (msg, if line > 0 { vec![(line, col)] } else { vec![] }))
                .collect(),
        )),
    }
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
