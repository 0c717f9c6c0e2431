//! `CoreSchema`: a built schema bundle plus its document cache; the entry point for execution.

use std::borrow::Cow;
use std::sync::Arc;

use pyo3::exceptions::PyBaseException;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

use crate::coerce::INPUT_NESTING_LIMIT;
use crate::document::{prepare, DocumentCache};
use crate::errors::{line_column, GqlError};
use crate::execute::direct;
use crate::execute::driver::Execution;
use crate::execute::engine::{Engine, RootMode};
use crate::execute::subscribe::{create_source_event_stream, stream_error};
use crate::execute::ExecOptions;
use crate::guard;
use crate::limits::Limits;
use crate::plan::SchemaPlan;
use crate::request::{Admission, Request};
use crate::runtime::{validate_off_loop, OFFLOAD_THRESHOLD};

/// A schema built from a bundle, ready to execute operations.
#[pyclass(frozen, module = "grommet._core")]
pub struct CoreSchema {
    plan: Arc<SchemaPlan>,
    options: Arc<ExecOptions>,
    cache: Arc<DocumentCache>,
}

impl CoreSchema {
    fn admission(&self) -> Admission<'_> {
        Admission {
            plan: &self.plan,
            options: &self.options,
            cache: &self.cache,
        }
    }

    /// Runs a query or mutation now: its synchronous part, then an awaitable for the rest.
    fn execute_now(&self, py: Python<'_>, request: Request<'_>) -> PyResult<Execution> {
        match self.admission().begin(py, request, false) {
            Ok(begun) => {
                let serial = begun.op.is_mutation();
                let mode = RootMode::Fields { serial };
                let engine = Engine::new(py, self.plan.clone(), self.options.clone(), begun, mode);
                Execution::start(py, engine)
            }
            Err(errors) => {
                if let Some(fatal) = crate::coerce::take_fatal() {
                    return Err(fatal);
                }
                match direct::refuse_directly(errors) {
                    Some(errors) => self.refusal(py, errors),
                    // `HttpPost` writes the errors itself.
                    None => Ok(Execution::done(self.options.clone(), py.None())),
                }
            }
        }
    }

    /// The response of a request refused before execution, as a Python result.
    pub(crate) fn refusal(&self, py: Python<'_>, errors: Vec<GqlError>) -> PyResult<Execution> {
        let result = self.options.request_errors(py, errors)?;
        Ok(Execution::done(self.options.clone(), result))
    }
}

#[pymethods]
impl CoreSchema {
    #[new]
    #[pyo3(signature = (bundle, *, error_class, result_factory, error_factory, request_error_factory=None,
                        mask_errors=false, masked_message="Internal server error".to_owned(), introspection=true,
                        max_depth=None, max_complexity=None, max_aliases=None, max_directives=None,
                        max_input_depth=None, document_cache_size=512))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        bundle: &Bound<'_, PyDict>,
        error_class: Py<PyAny>,
        result_factory: Py<PyAny>,
        error_factory: Py<PyAny>,
        request_error_factory: Option<Py<PyAny>>,
        mask_errors: bool,
        masked_message: String,
        introspection: bool,
        max_depth: Option<usize>,
        max_complexity: Option<usize>,
        max_aliases: Option<usize>,
        max_directives: Option<usize>,
        max_input_depth: Option<usize>,
        document_cache_size: usize,
    ) -> PyResult<Self> {
        let plan = SchemaPlan::build(py, bundle)?;
        let limits = Limits {
            max_depth,
            max_complexity,
            max_aliases,
            max_directives,
        };
        let options = ExecOptions {
            error_class,
            result_factory,
            error_factory,
            request_error_factory,
            masked_message: mask_errors.then_some(masked_message),
            introspection,
            max_input_depth: max_input_depth
                .unwrap_or(INPUT_NESTING_LIMIT)
                .min(INPUT_NESTING_LIMIT),
        };
        Ok(CoreSchema {
            plan: Arc::new(plan),
            options: Arc::new(options),
            cache: Arc::new(DocumentCache::new(document_cache_size, limits)),
        })
    }

    /// The schema printed as SDL.
    #[getter]
    fn sdl(&self) -> &str {
        self.plan.sdl()
    }

    /// Executes a query or mutation; returns an awaitable `Execution` whose synchronous part
    /// has already run. With `offload`, a long uncached document is validated on tokio's
    /// blocking pool while the event loop running in this thread keeps serving.
    #[pyo3(signature = (source, variables=None, context=None, root=None, operation_name=None, *, offload=true))]
    pub(crate) fn execute(
        slf: &Bound<'_, Self>,
        source: &Bound<'_, PyString>,
        variables: Option<Bound<'_, PyAny>>,
        context: Option<Bound<'_, PyAny>>,
        root: Option<Bound<'_, PyAny>>,
        operation_name: Option<&Bound<'_, PyString>>,
        offload: bool,
    ) -> PyResult<Execution> {
        let py = slf.py();
        let this = slf.get();
        let options = &this.options;
        guard::catch(
            py,
            || {
                let request = match request(source, variables, context, root, operation_name) {
                    Ok(r) => r,
                    Err(error) => {
                        return Ok(Execution::done(
                            options.clone(),
                            options.refuse(py, vec![error])?,
                        ));
                    }
                };
                let source = &request.source;
                if offload && source.len() >= OFFLOAD_THRESHOLD && this.cache.get(source).is_none()
                {
                    if let Ok(fut) = validate_off_loop(
                        py,
                        this.plan.schema.clone(),
                        this.cache.clone(),
                        source.to_string(),
                    ) {
                        let schema = slf.clone().unbind();
                        let request = request.into_owned();
                        let then =
                            Box::new(move |py: Python<'_>| schema.get().execute_now(py, request));
                        return Ok(Execution::after(fut, options.clone(), then));
                    }
                }
                this.execute_now(py, request)
            },
            || {
                Ok(Execution::done(
                    options.clone(),
                    guard::internal_error(py, options)?,
                ))
            },
        )
    }

    /// Starts a subscription: a request-error result, or `(source_stream, run_event)` where
    /// `run_event(event)` executes the selection for one event and returns an `Execution`.
    #[pyo3(signature = (source, variables=None, context=None, root=None, operation_name=None))]
    fn subscribe(
        &self,
        py: Python<'_>,
        source: &Bound<'_, PyString>,
        variables: Option<Bound<'_, PyAny>>,
        context: Option<Bound<'_, PyAny>>,
        root: Option<Bound<'_, PyAny>>,
        operation_name: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Py<PyAny>> {
        let options = &self.options;
        guard::catch(
            py,
            || {
                let request = match request(source, variables, context, root, operation_name) {
                    Ok(r) => r,
                    Err(error) => return options.refuse(py, vec![error]),
                };
                match self.admission().begin(py, request, true) {
                    Ok(begun) => create_source_event_stream(py, &self.plan, options, begun),
                    Err(errors) => options.refuse(py, errors),
                }
            },
            || guard::internal_error(py, options),
        )
    }

    /// The error the last result of a subscription carries when its source stream raised
    /// `exc`, masked as resolver errors are.
    fn stream_error<'py>(
        &self,
        py: Python<'py>,
        exc: &Bound<'py, PyBaseException>,
    ) -> PyResult<Bound<'py, PyAny>> {
        stream_error(py, &self.options, exc)
    }

    /// `"query"`, `"mutation"` or `"subscription"`: the type of the operation `source` would
    /// run, or `None` when the document is invalid or names no such operation. Validation is
    /// cached, so executing the same source afterwards costs no second parse.
    #[pyo3(signature = (source, operation_name=None))]
    pub(crate) fn operation_type(
        &self,
        py: Python<'_>,
        source: &Bound<'_, PyString>,
        operation_name: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Option<&'static str>> {
        let find = || {
            let source = text(source).ok()?;
            let doc = prepare(py, &self.plan.schema, &self.cache, source).ok()?;
            let name = operation_name.map(name_text);
            let op = doc.doc.operations.get(name.as_deref()).ok()?;
            Some(crate::request::operation_kind(op))
        };
        guard::catch(py, || Ok(find()), || Ok(None))
    }

    fn __repr__(&self) -> String {
        format!("<CoreSchema with {} types>", self.plan.schema.types.len())
    }
}

/// The request the Python arguments of `execute` / `subscribe` make; `Err` when the document
/// is not Unicode text.
fn request<'a>(
    source: &'a Bound<'_, PyString>,
    variables: Option<Bound<'_, PyAny>>,
    context: Option<Bound<'_, PyAny>>,
    root: Option<Bound<'_, PyAny>>,
    operation_name: Option<&'a Bound<'_, PyString>>,
) -> Result<Request<'a>, GqlError> {
    Ok(Request {
        source: Cow::Borrowed(text(source)?),
        variables: variables.map(Bound::unbind),
        context: context.map(Bound::unbind),
        root: root.map(Bound::unbind),
        operation_name: operation_name.map(name_text),
    })
}

/// The document text; a string that is not valid Unicode (a lone surrogate, which Python
/// strings may hold) is a syntax error located at the offending character.
fn text<'a>(source: &'a Bound<'_, PyString>) -> Result<&'a str, GqlError> {
    source.to_str().map_err(|_| {
        let lossy = source.to_string_lossy();
        // `to_string_lossy` encodes a lone surrogate as three replacement characters.
        let at = lossy.find('\u{FFFD}').unwrap_or(0);
        let code = source
            .call_method1("encode", ("utf-16-le", "surrogatepass"))
            .ok()
            .and_then(|b| b.extract::<Vec<u8>>().ok())
            .and_then(|units| {
                units
                    .chunks_exact(2)
                    .map(|u| u16::from_le_bytes([u[0], u[1]]))
                    .find(|u| (0xD800..0xE000).contains(u))
            })
            .unwrap_or(0xD800);
        GqlError::new(format!(
            "syntax error: invalid character U+{code:04X} (a lone surrogate is not Unicode text)"
        ))
        .at(Some(line_column(&lossy, at)))
    })
}

/// Panics inside the guard every entry point uses and returns what the guard made of it: the
/// response a request gets when the engine hits a bug. For tests of that guard only.
#[pyfunction]
pub fn _panic_inside_guard(py: Python<'_>, schema: &Bound<'_, CoreSchema>) -> PyResult<Py<PyAny>> {
    let options = &schema.get().options;
    guard::catch(
        py,
        || -> PyResult<Py<PyAny>> { panic!("a deliberate panic, for the guard's test") },
        || guard::internal_error(py, options),
    )
}

/// An operation name as text; lone surrogates (never part of a GraphQL name) are written as
/// `\uXXXX` so the "no such operation" error shows what was asked for.
fn name_text<'a>(name: &'a Bound<'_, PyString>) -> std::borrow::Cow<'a, str> {
    match name.to_str() {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => std::borrow::Cow::Owned(
            name.call_method1("encode", ("utf-8", "backslashreplace"))
                .and_then(|b| b.extract::<Vec<u8>>())
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_else(|_| name.to_string_lossy().into_owned()),
        ),
    }
}
