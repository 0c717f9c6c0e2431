//! Errors: the spec-shaped error the executor collects, and the exceptions the module raises.

use apollo_compiler::diagnostic::ToCliReport;
use apollo_compiler::parser::SourceSpan;
use apollo_compiler::validation::DiagnosticList;
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

create_exception!(
    grommet,
    SchemaError,
    PyValueError,
    "The SDL of a schema is invalid."
);

/// One segment of a response path.
#[derive(Debug)]
pub enum PathSeg {
    Key(Py<PyString>),
    Index(usize),
}

impl PathSeg {
    pub fn clone_ref(&self, py: Python<'_>) -> Self {
        match self {
            PathSeg::Key(k) => PathSeg::Key(k.clone_ref(py)),
            PathSeg::Index(i) => PathSeg::Index(*i),
        }
    }

    pub fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(match self {
            PathSeg::Key(k) => k.bind(py).clone().into_any(),
            PathSeg::Index(i) => i.into_pyobject(py)?.into_any(),
        })
    }
}

/// A GraphQL error as the executor collects it; turned into Python objects once, at the end.
#[derive(Debug)]
pub struct GqlError {
    pub message: String,
    pub locations: Vec<(usize, usize)>,
    pub path: Option<Vec<PathSeg>>,
    pub extensions: Option<Py<PyAny>>,
}

impl GqlError {
    pub fn new(message: impl Into<String>) -> Self {
        GqlError {
            message: message.into(),
            locations: Vec::new(),
            path: None,
            extensions: None,
        }
    }

    pub fn at(mut self, location: Option<(usize, usize)>) -> Self {
        self.locations.extend(location);
        self
    }

    /// Builds the user-facing error through the Python `error_factory`.
    pub fn to_py<'py>(
        &self,
        py: Python<'py>,
        factory: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let locations = if self.locations.is_empty() {
            py.None().into_bound(py)
        } else {
            PyList::new(py, self.locations.iter().map(|(l, c)| (*l, *c)))?.into_any()
        };
        let path = match &self.path {
            None => py.None().into_bound(py),
            Some(segs) => {
                let items = segs
                    .iter()
                    .map(|s| s.to_py(py))
                    .collect::<PyResult<Vec<_>>>()?;
                PyList::new(py, items)?.into_any()
            }
        };
        let extensions = match &self.extensions {
            Some(e) => e.bind(py).clone(),
            None => py.None().into_bound(py),
        };
        factory.call1((self.message.as_str(), locations, path, extensions))
    }
}

/// 1-based line and column (in characters, as the spec counts them) of a byte offset.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let (line, column, _) = advance(source, 0, (1, 1, false), offset);
    (line, column)
}

/// Line and column (counted in characters, a CRLF as one line break) at `offset`, scanning
/// from `start` whose (line, column, follows a CR) is `at`.
fn advance(
    source: &str,
    start: usize,
    at: (usize, usize, bool),
    offset: usize,
) -> (usize, usize, bool) {
    let (mut line, mut column, mut prev_cr) = at;
    let end = offset.min(source.len()).max(start);
    for ch in source[start..end].chars() {
        match ch {
            '\n' if prev_cr => {}
            '\n' | '\r' => {
                line += 1;
                column = 1;
            }
            _ => column += 1,
        }
        prev_cr = ch == '\r';
    }
    (line, column, prev_cr)
}

/// Locations in one text: its `LineIndex` (held in `lines`) is built at the first lookup, so
/// a text with no error costs nothing and one with thousands costs linear time.
#[derive(Clone, Copy)]
pub struct Locator<'a> {
    pub source: &'a str,
    pub lines: &'a std::sync::OnceLock<LineIndex>,
}

impl Locator<'_> {
    /// Line and column of a byte offset.
    pub fn location(&self, offset: usize) -> (usize, usize) {
        self.lines
            .get_or_init(|| LineIndex::new(self.source))
            .line_column(self.source, offset)
    }

    /// The location of a node, when it has one.
    pub fn span(&self, span: Option<SourceSpan>) -> Option<(usize, usize)> {
        span.map(|s| self.location(s.offset()))
    }
}

/// Line/column lookups in one document in bounded time: the scan starts from the nearest of
/// checkpoints taken every `STEP` bytes, so a document with thousands of errors (each located)
/// costs linear time, not quadratic.
pub struct LineIndex {
    checkpoints: Vec<(usize, (usize, usize, bool))>,
}

impl LineIndex {
    const STEP: usize = 256;

    pub fn new(source: &str) -> Self {
        let mut checkpoints = vec![(0, (1, 1, false))];
        let mut at = (1, 1, false);
        let mut from = 0;
        let mut next = Self::STEP;
        while next < source.len() {
            while !source.is_char_boundary(next) {
                next += 1;
            }
            at = advance(source, from, at, next);
            checkpoints.push((next, at));
            from = next;
            next += Self::STEP;
        }
        LineIndex { checkpoints }
    }

    pub fn line_column(&self, source: &str, offset: usize) -> (usize, usize) {
        let i = self.checkpoints.partition_point(|(o, _)| *o <= offset);
        let (start, at) = self.checkpoints[i.saturating_sub(1)];
        let (line, column, _) = advance(source, start, at, offset);
        (line, column)
    }
}

/// (path, line, column, message) for every diagnostic, in order.
pub fn diagnostics(list: &DiagnosticList) -> Vec<(String, usize, usize, String)> {
    list.iter()
        .map(|d| {
            let span = d.error.location();
            let file = span.and_then(|s| d.sources.get(&s.file_id()));
            let path = file
                .map(|f| f.path().display().to_string())
                .unwrap_or_default();
            let (line, column) = match (span, file) {
                (Some(s), Some(f)) => line_column(f.source_text(), s.offset()),
                _ => (0, 0),
            };
            (path, line, column, d.error.to_string())
        })
        .collect()
}

/// `SchemaError` whose text is one `path:line:col: message` line per diagnostic.
pub fn schema_error(py: Python<'_>, list: &DiagnosticList) -> PyErr {
    let diags = diagnostics(list);
    let text = diags
        .iter()
        .map(|(p, l, c, m)| format!("{p}:{l}:{c}: {m}"))
        .collect::<Vec<_>>()
        .join("\n");
    let err = SchemaError::new_err(text);
    let items: Vec<Bound<'_, PyTuple>> = diags
        .iter()
        .filter_map(|(p, l, c, m)| {
            PyTuple::new(
                py,
                [
                    p.into_pyobject(py).ok()?.into_any(),
                    l.into_pyobject(py).ok()?.into_any(),
                    c.into_pyobject(py).ok()?.into_any(),
                    m.into_pyobject(py).ok()?.into_any(),
                ],
            )
            .ok()
        })
        .collect();
    if let Ok(list) = PyList::new(py, items) {
        let _ = err.value(py).setattr("diagnostics", list);
    }
    err
}
